//! Workload 1, `consumer_cycle`: one whole consumer test per cycle (build the pact, start
//! the mock server, send the request once, verify, write the pact into a new directory),
//! timed as a whole.
//!
//! Variants: `sync` starts the server the way a plain `#[test]` does, outside any runtime
//! (the request still goes through the workload's runtime, which only the request needs);
//! `async` starts it from inside that runtime, as a `#[tokio::test]` does. The runtime is
//! current-thread (what `#[tokio::test]` uses) or a 2-worker multi-thread runtime.

use std::path::{Path, PathBuf};
use std::time::Instant;

use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::json_pattern;
use pact_runtime::matchers::{each_like, like, term};
use pact_runtime::mock_server::MockServer;
use pact_runtime::model::{Pact, SpecVersion};
use serde_json::Value;

use crate::error::BenchError;
use crate::items::{CONSUMER, PROVIDER};
use crate::stats::{Summary, millis, round};

const NAME: &str = "consumer_cycle";
/// The request path of `get user 1`.
const PATH: &str = "/users/1";

/// Where the mock server is started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Variant {
    /// Outside any runtime, as in a plain `#[test]`.
    Sync,
    /// Inside the workload's runtime, as in a `#[tokio::test]`.
    Async,
}

/// The runtime the request (and, for `async`, the server's start) runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Rt {
    /// A current-thread runtime, the flavor of `#[tokio::test]`.
    Current,
    /// A multi-thread runtime with 2 workers.
    Multi,
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Sync => "sync",
            Variant::Async => "async",
        }
    }
}

impl Rt {
    fn name(self) -> &'static str {
        match self {
            Rt::Current => "current",
            Rt::Multi => "multi",
        }
    }

    /// The runtime, with IO and time enabled as `#[tokio::test]` enables them.
    pub(crate) fn build(self) -> Result<tokio::runtime::Runtime, BenchError> {
        let mut builder = match self {
            Rt::Current => tokio::runtime::Builder::new_current_thread(),
            Rt::Multi => {
                let mut builder = tokio::runtime::Builder::new_multi_thread();
                builder.worker_threads(2);
                builder
            }
        };
        builder.enable_all().build().map_err(BenchError::Runtime)
    }
}

/// The flags WORKLOADS.md fixes for this workload.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Args {
    /// Timed cycles.
    #[arg(long, default_value_t = 200)]
    pub(crate) iterations: usize,
    /// Cycles run before timing starts.
    #[arg(long, default_value_t = 5)]
    pub(crate) warmup: usize,
    /// Where the mock server is started from.
    #[arg(long, value_enum, default_value_t = Variant::Sync)]
    pub(crate) variant: Variant,
    /// The runtime flavor.
    #[arg(long, value_enum, default_value_t = Rt::Current)]
    pub(crate) rt: Rt,
}

impl Args {
    /// The default flags with this variant and runtime.
    pub(crate) fn of(variant: Variant, rt: Rt) -> Args {
        Args {
            iterations: 200,
            warmup: 5,
            variant,
            rt,
        }
    }
}

/// The pact with no interactions, as the cycle starts its server with.
pub(crate) fn pact() -> Pact {
    Pact::new(CONSUMER, PROVIDER)
}

/// `get user 1`, with the matchers WORKLOADS.md lists.
pub(crate) fn interaction() -> Interaction {
    Interaction::new("get user 1")
        .request(Request::get(PATH).header("Accept", "application/json"))
        .response(
            Response::ok()
                .header("Content-Type", "application/json")
                .json(json_pattern!({
                    "id": like(1),
                    "name": like("Alice Example"),
                    "email": term("alice@example.com", "^[^@]+@[^@]+$"),
                    "roles": each_like("admin", 1),
                    "address": {
                        "city": like("Berlin"),
                        "zip": term("10115", "^[0-9]{5}$"),
                    },
                })),
        )
}

/// Where one cycle's time went, in ms: building the interaction, starting the server (and
/// mounting), the request, and finish (stop, verify, write).
#[derive(Debug, Default, Clone, Copy)]
struct Phases {
    build: f64,
    start: f64,
    request: f64,
    finish: f64,
}

/// A stopwatch that hands out the time since the previous lap.
struct Laps(Instant);

impl Laps {
    fn lap(&mut self) -> f64 {
        let now = Instant::now();
        let lap = millis(now - self.0);
        self.0 = now;
        lap
    }
}

/// Runs the workload and prints its line.
pub(crate) fn run(args: &Args) -> Result<(), BenchError> {
    if args.iterations == 0 {
        return Err(BenchError::assertion(
            NAME,
            "--iterations must be at least 1",
        ));
    }
    let runtime = args.rt.build()?;
    let client = {
        let _context = runtime.enter();
        reqwest::Client::new()
    };
    let root = tempfile::tempdir().map_err(|source| BenchError::Dir {
        path: std::env::temp_dir(),
        source,
    })?;
    let mut samples = Vec::with_capacity(args.iterations);
    let mut phases = Vec::with_capacity(args.iterations);
    for round in 0..args.warmup + args.iterations {
        // A directory new to this cycle, so the write never merges with an earlier file;
        // the server creates it.
        let dir = root.path().join(format!("cycle-{round}"));
        let started = Instant::now();
        let (path, phase) = match args.variant {
            Variant::Sync => sync_cycle(&runtime, &client, &dir)?,
            Variant::Async => runtime.block_on(async_cycle(&client, &dir))?,
        };
        let elapsed = started.elapsed();
        if !path.is_file() {
            return Err(BenchError::assertion(
                NAME,
                format!("no pact file at {}", path.display()),
            ));
        }
        if round >= args.warmup {
            samples.push(millis(elapsed));
            phases.push(phase);
        }
    }
    let Some(summary) = Summary::of(&samples) else {
        return Err(BenchError::assertion(NAME, "no timed cycles"));
    };
    let median_of = |phase: fn(&Phases) -> f64| {
        let values: Vec<f64> = phases.iter().map(phase).collect();
        Summary::of(&values).map_or(0.0, |s| round(s.median))
    };
    let mut line = summary.line(NAME, Some(args.variant.name()), "ms");
    line.field("runtime", args.rt.name())
        .field("build_median", median_of(|p| p.build))
        .field("start_median", median_of(|p| p.start))
        .field("request_median", median_of(|p| p.request))
        .field("finish_median", median_of(|p| p.finish));
    line.emit();
    Ok(())
}

/// A cycle as a plain `#[test]` runs it: the server starts outside any runtime.
fn sync_cycle(
    runtime: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    dir: &Path,
) -> Result<(PathBuf, Phases), BenchError> {
    let mut laps = Laps(Instant::now());
    let interaction = interaction();
    let build = laps.lap();
    let server = start(dir)?;
    interaction.mount(&server);
    let start = laps.lap();
    let sent = runtime.block_on(get_user(client, &server));
    let request = laps.lap();
    let path = finish(server, sent)?;
    let finish = laps.lap();
    Ok((
        path,
        Phases {
            build,
            start,
            request,
            finish,
        },
    ))
}

/// A cycle as a `#[tokio::test]` runs it: everything inside the runtime.
async fn async_cycle(
    client: &reqwest::Client,
    dir: &Path,
) -> Result<(PathBuf, Phases), BenchError> {
    let mut laps = Laps(Instant::now());
    let interaction = interaction();
    let build = laps.lap();
    let server = start(dir)?;
    interaction.mount(&server);
    let start = laps.lap();
    let sent = get_user(client, &server).await;
    let request = laps.lap();
    let path = finish(server, sent)?;
    let finish = laps.lap();
    Ok((
        path,
        Phases {
            build,
            start,
            request,
            finish,
        },
    ))
}

fn start(dir: &Path) -> Result<MockServer, BenchError> {
    Ok(MockServer::builder(pact())
        .output_dir(dir)
        .spec_version(SpecVersion::V3)
        .start()?)
}

/// Verifies and writes, or, when the request failed, ends the server without either (so
/// its `Drop` does not panic on top of the failure) and reports the request's error.
fn finish(server: MockServer, sent: Result<(), BenchError>) -> Result<PathBuf, BenchError> {
    if let Err(error) = sent {
        let report = server.abandon();
        if !report.is_empty() {
            eprintln!("{NAME}: {report}");
        }
        return Err(error);
    }
    Ok(server.finish()?.path)
}

/// Sends `GET /users/1` once; asserts 200 and a JSON body.
async fn get_user(client: &reqwest::Client, server: &MockServer) -> Result<(), BenchError> {
    let response = client
        .get(server.url_for(PATH))
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await?;
    let status = response.status();
    let bytes = response.bytes().await?;
    if status != reqwest::StatusCode::OK {
        return Err(BenchError::assertion(
            NAME,
            format!("status {status}: {}", String::from_utf8_lossy(&bytes)),
        ));
    }
    let body: Value = serde_json::from_slice(&bytes)
        .map_err(|error| BenchError::assertion(NAME, format!("the body is not JSON: {error}")))?;
    if body.get("id") != Some(&Value::from(1)) {
        return Err(BenchError::assertion(
            NAME,
            format!("unexpected body {body}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use pact_runtime::model::{Body, Category, DocPath, MatchingRule};
    use serde_json::json;

    use super::*;

    #[test]
    fn the_interaction_has_the_documented_body_and_rules() {
        let model = interaction().into_model();
        assert_eq!(model.request.headers["Accept"], ["application/json"]);
        assert_eq!(model.response.headers["Content-Type"], ["application/json"]);
        let Body::Json { value, .. } = &model.response.body else {
            panic!("a JSON body, found {:?}", model.response.body);
        };
        assert_eq!(
            value.to_string(),
            json!({"id":1,"name":"Alice Example","email":"alice@example.com","roles":["admin"],"address":{"city":"Berlin","zip":"10115"}}).to_string()
        );
        let rules = model
            .response
            .matching_rules
            .category(Category::Body)
            .expect("body rules");
        let rule = |path: &str| {
            let path: DocPath = path.parse().expect("a valid path");
            rules[&path].rules.clone()
        };
        assert_eq!(rule("$.id"), [MatchingRule::Type]);
        assert_eq!(rule("$.address.city"), [MatchingRule::Type]);
        assert_eq!(
            rule("$.address.zip"),
            [MatchingRule::Regex("^[0-9]{5}$".to_owned())]
        );
        assert_eq!(rule("$.roles"), [MatchingRule::MinType(1)]);
    }
}
