//! Workload 3, `large_body_match`: a half-megabyte JSON array posted to a mock server
//! whose interaction expects `each_like(element, min)`, timed per request from send to the
//! last response byte; then the cost of building and starting the server and of its
//! teardown (verify and write the 1.4 MB pact).

use std::time::{Duration, Instant};

use bytes::Bytes;
use pact_runtime::mock_server::MockServer;
use pact_runtime::model::SpecVersion;

use crate::error::BenchError;
use crate::items;
use crate::stats::{Summary, millis, round, vm_hwm_json};

const NAME: &str = "large_body_match";

/// The flags WORKLOADS.md fixes for this workload.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Args {
    /// Timed requests.
    #[arg(long, default_value_t = 20)]
    pub(crate) iterations: usize,
    /// Requests sent before timing starts.
    #[arg(long, default_value_t = 2)]
    pub(crate) warmup: usize,
    /// Objects in the actual body.
    #[arg(long, default_value_t = items::DEFAULT_ELEMENTS)]
    pub(crate) elements: usize,
    /// The `each_like` minimum (the expected example repeats the element this often).
    #[arg(long, default_value_t = 10_000)]
    pub(crate) min: usize,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            iterations: 20,
            warmup: 2,
            elements: items::DEFAULT_ELEMENTS,
            min: 10_000,
        }
    }
}

/// What the timed loop saw.
struct Requests {
    samples: Vec<f64>,
    non_200: usize,
}

/// Runs the workload and prints its line.
pub(crate) fn run(args: &Args) -> Result<(), BenchError> {
    if args.iterations == 0 {
        return Err(BenchError::assertion(
            NAME,
            "--iterations must be at least 1",
        ));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(BenchError::Runtime)?;
    let client = {
        let _context = runtime.enter();
        reqwest::Client::new()
    };
    let body = Bytes::from(items::actual_body(args.elements));
    if args.elements == items::DEFAULT_ELEMENTS && body.len() != items::TEN_THOUSAND_BYTES {
        return Err(BenchError::assertion(
            NAME,
            format!(
                "the actual body is {} bytes, expected {}",
                body.len(),
                items::TEN_THOUSAND_BYTES
            ),
        ));
    }
    let dir = tempfile::tempdir().map_err(|source| BenchError::Dir {
        path: std::env::temp_dir(),
        source,
    })?;

    let started = Instant::now();
    let server = MockServer::builder(items::pact())
        .output_dir(dir.path())
        .spec_version(SpecVersion::V3)
        .start()?;
    server.mount(items::interaction(args.min));
    let build_start = started.elapsed();
    eprintln!(
        "{NAME}: min {} elements {} body {} bytes, server at {}",
        args.min,
        args.elements,
        body.len(),
        server.url()
    );

    let url = server.url_for(items::PATH);
    let sent = runtime.block_on(send_all(&client, &url, &body, args));

    // The server is always finished, so a failed run is reported rather than panicking
    // in the server's Drop.
    let teardown_started = Instant::now();
    let finished = server.finish();
    let teardown = teardown_started.elapsed();
    let requests = sent?;
    let Some(summary) = Summary::of(&requests.samples) else {
        return Err(BenchError::assertion(NAME, "no timed requests"));
    };
    // The line is printed even when the run failed, so a failure still shows its figures.
    let pact_bytes = finished
        .as_ref()
        .ok()
        .and_then(|file| std::fs::metadata(&file.path).ok())
        .map(|metadata| metadata.len());
    let variant = format!("min-{}", args.min);
    let mut line = summary.line(NAME, Some(&variant), "ms");
    line.field("elements", args.elements)
        .field("body_bytes", body.len())
        .field("all_200", requests.non_200 == 0)
        .field("vm_hwm_kb", vm_hwm_json())
        .field("build_start_ms", round(millis(build_start)))
        .field("teardown_ms", round(millis(teardown)))
        .field("pact_bytes", pact_bytes);
    line.emit();
    if requests.non_200 > 0 {
        return Err(BenchError::assertion(
            NAME,
            format!("{} responses were not 200", requests.non_200),
        ));
    }
    let pact_file = finished?;
    if pact_bytes.is_none() {
        return Err(BenchError::assertion(
            NAME,
            format!("no pact file at {}", pact_file.path.display()),
        ));
    }
    Ok(())
}

/// Sends the warm-up requests, then the timed ones; a response's time runs from sending
/// the request to having read the whole response body.
async fn send_all(
    client: &reqwest::Client,
    url: &str,
    body: &Bytes,
    args: &Args,
) -> Result<Requests, BenchError> {
    let mut requests = Requests {
        samples: Vec::with_capacity(args.iterations),
        non_200: 0,
    };
    for round in 0..args.warmup + args.iterations {
        let (elapsed, ok) = post(client, url, body).await?;
        if !ok {
            requests.non_200 += 1;
        }
        if round >= args.warmup {
            requests.samples.push(millis(elapsed));
        }
    }
    Ok(requests)
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    body: &Bytes,
) -> Result<(Duration, bool), BenchError> {
    let started = Instant::now();
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.clone())
        .send()
        .await?;
    let status = response.status();
    let bytes = response.bytes().await?;
    let elapsed = started.elapsed();
    if status != reqwest::StatusCode::OK {
        eprintln!(
            "{NAME}: status {status}: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(2000)])
        );
    }
    Ok((elapsed, status == reqwest::StatusCode::OK))
}
