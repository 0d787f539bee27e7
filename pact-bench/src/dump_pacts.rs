//! `dump_pacts DIR`: writes the pact file of every implemented workload, one directory per
//! workload and variant (they share consumer and provider names, so one directory would
//! hold a single merged file), for comparison with other implementations' files.

use std::path::Path;
use std::time::Instant;

use pact_runtime::model::{Interaction, SpecVersion, WriteMode, file, spec};

use crate::error::BenchError;
use crate::items;
use crate::stats::{Line, millis, round};

const NAME: &str = "dump_pacts";

/// Writes the pacts under `dir` and prints one line per file.
pub(crate) fn run(dir: &Path) -> Result<(), BenchError> {
    for (workload, variant, min) in [
        ("large_body_match", "min-10000", 10_000),
        ("large_body_match", "min-1", 1),
    ] {
        let target = dir.join(format!("{workload}-{variant}"));
        std::fs::create_dir_all(&target).map_err(|source| BenchError::Dir {
            path: target.clone(),
            source,
        })?;
        let mut pact = items::pact();
        pact.interactions
            .push(Interaction::Http(items::interaction(min)));
        // Overwrite: a second dump must not merge into the first.
        let started = Instant::now();
        let json = spec::pact_to_json(&pact, SpecVersion::V3)?;
        let to_json = started.elapsed();
        let started = Instant::now();
        let text = serde_json::to_vec_pretty(&json).unwrap_or_default();
        let pretty = started.elapsed();
        drop(text);
        let started = Instant::now();
        let path = file::write(&pact, &target, SpecVersion::V3, WriteMode::Overwrite)?;
        let write = started.elapsed();
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let mut line = Line::new(NAME);
        line.field("workload", workload)
            .field("variant", variant)
            .field("path", path.display().to_string())
            .field("pact_bytes", bytes)
            .field("write_ms", round(millis(write)))
            .field("to_json_ms", round(millis(to_json)))
            .field("pretty_ms", round(millis(pretty)));
        line.emit();
    }
    Ok(())
}
