//! `dump_pacts DIR`: writes the pact file of every workload, one directory per
//! workload and variant (they share consumer and provider names, so one directory would
//! hold a single merged file), for comparison with other implementations' files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use pact_runtime::model::{Interaction, Pact, SpecVersion, WriteMode, file, json};

use crate::error::BenchError;
use crate::stats::{Line, millis, round};
use crate::{consumer_cycle, items, mock_throughput, verify_provider};

const NAME: &str = "dump_pacts";

/// Writes the pacts under `dir` and prints one line per file.
pub(crate) fn run(dir: &Path) -> Result<(), BenchError> {
    let mut consumer_cycle = consumer_cycle::pact();
    consumer_cycle.interactions.push(Interaction::Http(
        consumer_cycle::interaction().into_model(),
    ));
    dump(dir, "consumer_cycle", None, &consumer_cycle)?;
    dump(dir, "mock_throughput", None, &mock_throughput::pact())?;
    for (variant, min) in [("min-10000", 10_000), ("min-1", 1)] {
        let mut pact = items::pact();
        pact.interactions
            .push(Interaction::Http(items::interaction(min)));
        dump(dir, "large_body_match", Some(variant), &pact)?;
    }
    // Workload 4's file is the one `gen_pact` writes, byte for byte.
    let target = workload_dir(dir, "verify_provider", None)?;
    let path = target.join(format!("{}-{}.json", items::CONSUMER, items::PROVIDER));
    let started = Instant::now();
    let bytes = verify_provider::write_pact(&path, verify_provider::DEFAULT_INTERACTIONS)?;
    let mut line = Line::new(NAME);
    line.field("workload", "verify_provider")
        .field("path", path.display().to_string())
        .field("pact_bytes", bytes)
        .field("write_ms", round(millis(started.elapsed())));
    line.emit();
    Ok(())
}

fn workload_dir(dir: &Path, workload: &str, variant: Option<&str>) -> Result<PathBuf, BenchError> {
    let name = match variant {
        Some(variant) => format!("{workload}-{variant}"),
        None => workload.to_owned(),
    };
    let target = dir.join(name);
    std::fs::create_dir_all(&target).map_err(|source| BenchError::Dir {
        path: target.clone(),
        source,
    })?;
    Ok(target)
}

/// Writes `pact` as V3 the way a finished mock server does, and prints its line.
fn dump(dir: &Path, workload: &str, variant: Option<&str>, pact: &Pact) -> Result<(), BenchError> {
    let target = workload_dir(dir, workload, variant)?;
    // Overwrite: a second dump must not merge into the first.
    let started = Instant::now();
    let json = json::pact_to_json(pact, SpecVersion::V3)?;
    let to_json = started.elapsed();
    let started = Instant::now();
    let text = serde_json::to_vec_pretty(&json).unwrap_or_default();
    let pretty = started.elapsed();
    drop(text);
    let started = Instant::now();
    let path = file::write(pact, &target, SpecVersion::V3, WriteMode::Overwrite)?;
    let write = started.elapsed();
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut line = Line::new(NAME);
    line.field("workload", workload);
    if let Some(variant) = variant {
        line.field("variant", variant);
    }
    line.field("path", path.display().to_string())
        .field("pact_bytes", bytes)
        .field("write_ms", round(millis(write)))
        .field("to_json_ms", round(millis(to_json)))
        .field("pretty_ms", round(millis(pretty)));
    line.emit();
    Ok(())
}
