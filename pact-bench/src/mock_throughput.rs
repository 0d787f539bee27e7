//! Workload 2, `mock_throughput`: one mock server with 20 interactions, each answering
//! with a 1,024-byte JSON body, under 20,000 requests from 8 tasks sharing one client;
//! then the teardown (verify and write the pact).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::matchers::like;
use pact_runtime::mock_server::MockServer;
use pact_runtime::model::{Pact, SpecVersion};
use serde_json::{Value, json};

use crate::error::BenchError;
use crate::items::{CONSUMER, PROVIDER};
use crate::stats::{Summary, millis, round};

const NAME: &str = "mock_throughput";
/// How many interactions the server holds.
pub(crate) const RESOURCES: usize = 20;
/// The compact size of every response body, fixed by WORKLOADS.md.
pub(crate) const BODY_BYTES: usize = 1024;

/// The flags WORKLOADS.md fixes for this workload.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Args {
    /// Timed requests.
    #[arg(long, default_value_t = 20_000)]
    pub(crate) requests: usize,
    /// Tasks sending requests at once.
    #[arg(long, default_value_t = 8)]
    pub(crate) concurrency: usize,
    /// Requests sent before timing starts.
    #[arg(long, default_value_t = 200)]
    pub(crate) warmup: usize,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            requests: 20_000,
            concurrency: 8,
            warmup: 200,
        }
    }
}

/// The body of resource `k`: keys in the documented order, `description` padded with `x`
/// until the compact serialization is [`BODY_BYTES`] long.
pub(crate) fn body(k: usize) -> Value {
    let items: Vec<Value> = (0..10)
        .map(|j| json!({"sku": format!("SKU-{k:02}-{j:02}"), "qty": j + 1, "price": 12.5}))
        .collect();
    let mut value = json!({
        "id": k,
        "name": format!("resource-{k}"),
        "active": true,
        "tags": ["alpha", "beta", "gamma"],
        "items": items,
        "description": "",
    });
    // serde_json's map may order keys differently, but the size does not depend on order.
    let without = value.to_string().len();
    let pad = BODY_BYTES.saturating_sub(without);
    value["description"] = Value::String("x".repeat(pad));
    value
}

/// `get resource k`, its whole body under a `like` at `$`.
pub(crate) fn interaction(k: usize) -> Interaction {
    Interaction::new(format!("get resource {k}"))
        .request(Request::get(format!("/resources/{k}")).header("Accept", "application/json"))
        .response(
            Response::ok()
                .header("Content-Type", "application/json")
                .json(like(body(k))),
        )
}

/// The pact the server starts with: the 20 interactions.
pub(crate) fn pact() -> Pact {
    let mut pact = Pact::new(CONSUMER, PROVIDER);
    pact.interactions.extend(
        (0..RESOURCES).map(|k| pact_runtime::model::Interaction::Http(interaction(k).into_model())),
    );
    pact
}

/// What one task saw.
#[derive(Debug, Default)]
struct TaskResult {
    latencies: Vec<f64>,
    non_200: usize,
}

/// Runs the workload and prints its line.
pub(crate) fn run(args: &Args) -> Result<(), BenchError> {
    if args.requests == 0 || args.concurrency == 0 {
        return Err(BenchError::assertion(
            NAME,
            "--requests and --concurrency must be at least 1",
        ));
    }
    for k in 0..RESOURCES {
        let size = body(k).to_string().len();
        if size != BODY_BYTES {
            return Err(BenchError::assertion(
                NAME,
                format!("the body of resource {k} is {size} bytes, expected {BODY_BYTES}"),
            ));
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(BenchError::Runtime)?;
    let client = {
        let _context = runtime.enter();
        reqwest::Client::new()
    };
    let dir = tempfile::tempdir().map_err(|source| BenchError::Dir {
        path: std::env::temp_dir(),
        source,
    })?;
    // Started from inside the client's runtime, as a `#[tokio::test]` would.
    let server = runtime.block_on(async {
        MockServer::builder(pact())
            .output_dir(dir.path())
            .spec_version(SpecVersion::V3)
            .start()
    })?;
    let base = server.url();
    eprintln!("{NAME}: server at {base}");

    let outcome = runtime.block_on(async {
        let warm = load(&client, &base, args.warmup, args.concurrency).await?;
        let started = Instant::now();
        let timed = load(&client, &base, args.requests, args.concurrency).await?;
        Ok::<_, BenchError>((warm, timed, started.elapsed()))
    });

    let teardown_started = Instant::now();
    let finished = server.finish();
    let teardown = teardown_started.elapsed();
    let (warm, timed, elapsed) = outcome?;
    let Some(summary) = Summary::of(&timed.latencies) else {
        return Err(BenchError::assertion(NAME, "no timed requests"));
    };
    let non_200 = warm.non_200 + timed.non_200;
    let rps = args.requests as f64 / elapsed.as_secs_f64();
    let mut line = summary.line(NAME, None, "ms");
    line.field("concurrency", args.concurrency)
        .field("rps", round(rps))
        .field("elapsed_ms", round(millis(elapsed)))
        .field("all_200", non_200 == 0)
        .field("teardown_ms", round(millis(teardown)));
    line.emit();
    if non_200 > 0 {
        return Err(BenchError::assertion(
            NAME,
            format!("{non_200} responses were not 200"),
        ));
    }
    let file = finished?;
    if !file.path.is_file() {
        return Err(BenchError::assertion(
            NAME,
            format!("no pact file at {}", file.path.display()),
        ));
    }
    Ok(())
}

/// Sends `total` requests from `concurrency` tasks that share `client` and a counter;
/// request n goes to `/resources/{n mod 20}`.
async fn load(
    client: &reqwest::Client,
    base: &str,
    total: usize,
    concurrency: usize,
) -> Result<TaskResult, BenchError> {
    let counter = Arc::new(AtomicUsize::new(0));
    let urls: Arc<Vec<String>> = Arc::new(
        (0..RESOURCES)
            .map(|k| format!("{base}/resources/{k}"))
            .collect(),
    );
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let client = client.clone();
        let counter = Arc::clone(&counter);
        let urls = Arc::clone(&urls);
        tasks.spawn(async move {
            let mut result = TaskResult::default();
            loop {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                if n >= total {
                    return Ok::<_, BenchError>(result);
                }
                let started = Instant::now();
                let response = client
                    .get(&urls[n % RESOURCES])
                    .header(reqwest::header::ACCEPT, "application/json")
                    .send()
                    .await?;
                let status = response.status();
                let bytes = response.bytes().await?;
                result.latencies.push(millis(started.elapsed()));
                if status != reqwest::StatusCode::OK {
                    if result.non_200 == 0 {
                        eprintln!(
                            "{NAME}: status {status}, {} bytes: {}",
                            bytes.len(),
                            String::from_utf8_lossy(&bytes[..bytes.len().min(2000)])
                        );
                    }
                    result.non_200 += 1;
                }
            }
        });
    }
    let mut all = TaskResult {
        latencies: Vec::with_capacity(total),
        non_200: 0,
    };
    while let Some(joined) = tasks.join_next().await {
        let task = joined
            .map_err(|error| BenchError::assertion(NAME, format!("a task failed: {error}")))??;
        all.latencies.extend(task.latencies);
        all.non_200 += task.non_200;
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_body_is_exactly_1024_bytes_with_the_documented_items() {
        for k in 0..RESOURCES {
            let body = body(k);
            assert_eq!(body.to_string().len(), BODY_BYTES, "resource {k}");
            assert_eq!(body["items"][3]["sku"], format!("SKU-{k:02}-03"));
            assert_eq!(body["items"][3]["qty"], 4);
        }
        assert_eq!(body(7)["name"], "resource-7");
    }

    #[test]
    fn the_whole_body_carries_a_type_rule_at_the_root() {
        let model = interaction(3).into_model();
        let rules = model
            .response
            .matching_rules
            .category(pact_runtime::model::Category::Body)
            .expect("body rules");
        let paths: Vec<String> = rules.keys().map(ToString::to_string).collect();
        assert_eq!(paths, ["$"]);
        assert_eq!(model.request.path, "/resources/3");
    }
}
