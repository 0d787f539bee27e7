//! `engine_match` (our own, not in WORKLOADS.md): the matching engine alone on the
//! workload-3 request, with no HTTP and no JSON parsing in the timing, on the
//! 10,000-element body and on bodies ten and twenty times larger.
//!
//! The walk visits every actual node once, so its cost is linear in the body; but from
//! a few tens of thousands of elements the parsed tree no longer fits the CPU caches and
//! each node costs more (about 2.5x on the machine this was written on). So the
//! 100,000 / 10,000 ratio is printed but not judged, and linearity is asserted where both
//! sizes are past that step: 200,000 against 100,000 elements.

use std::time::Instant;

use pact_runtime::matching::match_request;
use pact_runtime::model::HttpRequest;

use crate::error::BenchError;
use crate::items;
use crate::stats::{Line, Summary, millis, round};

const NAME: &str = "engine_match";

/// The 200,000 / 100,000 time ratio above which the walk is not linear (2 is linear;
/// a walk quadratic in the elements would be near 4, noise on a busy machine stays below).
const MAX_DOUBLING_RATIO: f64 = 3.0;

/// How often to run the engine.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Args {
    /// Timed runs per body size.
    #[arg(long, default_value_t = 20)]
    pub(crate) iterations: usize,
    /// Untimed runs per body size.
    #[arg(long, default_value_t = 2)]
    pub(crate) warmup: usize,
    /// The `each_like` minimum of the expected body.
    #[arg(long, default_value_t = 10_000)]
    pub(crate) min: usize,
}

/// Runs the engine on the three sizes and prints one line per size.
pub(crate) fn run(args: &Args) -> Result<(), BenchError> {
    if args.iterations == 0 {
        return Err(BenchError::assertion(
            NAME,
            "--iterations must be at least 1",
        ));
    }
    let expected = items::interaction(args.min).request;
    let (small, small_line) = time(&expected, items::DEFAULT_ELEMENTS, args)?;
    small_line.emit();
    let (large, mut large_line) = time(&expected, items::DEFAULT_ELEMENTS * 10, args)?;
    let ratio = large.median / small.median;
    large_line.field("ratio_to_10000", round(ratio));
    large_line.emit();
    let (larger, mut larger_line) = time(&expected, items::DEFAULT_ELEMENTS * 20, args)?;
    let doubling = larger.median / large.median;
    larger_line.field("ratio_to_100000", round(doubling));
    larger_line.emit();
    eprintln!(
        "{NAME}: 10x the elements costs {ratio:.2}x the time; 2x beyond 100,000 costs {doubling:.2}x"
    );
    if !doubling.is_finite() || doubling > MAX_DOUBLING_RATIO {
        return Err(BenchError::assertion(
            NAME,
            format!(
                "200,000 elements cost {doubling:.2}x the time of 100,000 (limit {MAX_DOUBLING_RATIO})"
            ),
        ));
    }
    Ok(())
}

/// Times the engine on a body of `elements` objects; the line is printed by the caller.
fn time(
    expected: &HttpRequest,
    elements: usize,
    args: &Args,
) -> Result<(Summary, Line), BenchError> {
    let body = items::actual_body(elements);
    let actual = items::actual_request(&body);
    let mut samples = Vec::with_capacity(args.iterations);
    for round in 0..args.warmup + args.iterations {
        let started = Instant::now();
        let mismatches = match_request(expected, &actual);
        let elapsed = started.elapsed();
        if let Some(first) = mismatches.first() {
            return Err(BenchError::assertion(
                NAME,
                format!(
                    "{} mismatches on {elements} elements, first: {first}",
                    mismatches.len()
                ),
            ));
        }
        if round >= args.warmup {
            samples.push(millis(elapsed));
        }
    }
    let Some(summary) = Summary::of(&samples) else {
        return Err(BenchError::assertion(NAME, "no timed runs"));
    };
    let megabytes_per_second = body.len() as f64 / 1e6 / (summary.median / 1000.0);
    let variant = format!("{elements}-elements");
    let mut line = summary.line(NAME, Some(&variant), "ms");
    line.field("elements", elements)
        .field("each_like_min", args.min)
        .field("body_bytes", body.len())
        .field("mb_per_s", round(megabytes_per_second))
        .field(
            "ns_per_element",
            round(summary.median * 1e6 / elements as f64),
        );
    Ok((summary, line))
}
