//! The official Pact compatibility suite: one trial per scenario of the Gherkin features in
//! `$PACT_COMPATIBILITY_SUITE/features/V*/*.feature` (by default
//! `../shared/pact-compatibility-suite` beside the workspace), named
//! `V1/http_consumer.feature: When all requests are made to the mock server`.
//!
//! A scenario runs its feature's background steps, then its own, against a fresh
//! [`compat::World`], each step dispatched to the one step definition whose phrasing it
//! matches (the definitions live in `compat/`, one module per area). The first step that
//! fails ends the scenario. A step that no definition matches fails the scenario as
//! "undefined": the suite is a compatibility claim, so a phrasing we cannot run is a
//! failure, never a skip.
//!
//! After the trials, one line per feature file gives its scenarios passed, failed and
//! skipped (skipped: left out by a name filter on the command line), then one closing line
//! `compatibility suite: N passed, M failed, K skipped`. The process exits non-zero when any
//! scenario failed.

mod compat;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use libtest_mimic::{Arguments, Trial};

/// Outcomes per feature file (relative path): (passed, failed, total).
type Tally = Arc<Mutex<BTreeMap<String, Counts>>>;

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    passed: usize,
    failed: usize,
    total: usize,
}

fn main() {
    let args = Arguments::from_args();
    let suite = compat::suite_dir();
    let features_dir = suite.join("features");
    let steps = Arc::new(compat::all_steps());
    let tally: Tally = Arc::default();

    let mut trials = Vec::new();
    for path in feature_files(&features_dir) {
        let relative = path
            .strip_prefix(&features_dir)
            .expect("a feature file lies under the features directory")
            .to_string_lossy()
            .replace('\\', "/");
        let feature = gherkin::Feature::parse_path(&path, gherkin::GherkinEnv::default())
            .unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()));
        let feature = Arc::new(feature);
        let scenarios = feature
            .scenarios
            .iter()
            .chain(feature.rules.iter().flat_map(|rule| rule.scenarios.iter()));
        for (index, scenario) in scenarios.enumerate() {
            tally
                .lock()
                .expect("the tally is never poisoned")
                .entry(relative.clone())
                .or_default()
                .total += 1;
            let name = format!("{relative}: {}", scenario.name);
            let feature = Arc::clone(&feature);
            let steps = Arc::clone(&steps);
            let tally = Arc::clone(&tally);
            let relative = relative.clone();
            let suite = suite.clone();
            trials.push(Trial::test(name, move || {
                let outcome = compat::run_scenario(&suite, &feature, index, &steps);
                let mut tally = tally.lock().expect("the tally is never poisoned");
                let counts = tally.entry(relative).or_default();
                match outcome {
                    Ok(()) => {
                        counts.passed += 1;
                        Ok(())
                    }
                    Err(error) => {
                        counts.failed += 1;
                        Err(error.into())
                    }
                }
            }));
        }
    }

    let conclusion = libtest_mimic::run(&args, trials);

    let tally = tally.lock().expect("the tally is never poisoned");
    let mut total = Counts::default();
    println!();
    for (feature, counts) in tally.iter() {
        let skipped = counts.total - counts.passed - counts.failed;
        println!(
            "{feature}: {} passed, {} failed, {skipped} skipped",
            counts.passed, counts.failed
        );
        total.passed += counts.passed;
        total.failed += counts.failed;
        total.total += counts.total;
    }
    println!(
        "compatibility suite: {} passed, {} failed, {} skipped",
        total.passed,
        total.failed,
        total.total - total.passed - total.failed
    );
    conclusion.exit();
}

/// Every `*.feature` file below `dir`, sorted (so `V1/…` comes before `V2/…`).
///
/// # Panics
/// When there is none: a missing suite must fail loudly, not pass with nothing run.
fn feature_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let entries = std::fs::read_dir(&next)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", next.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "feature") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(
        !files.is_empty(),
        "the compatibility suite has no feature files under {}",
        dir.display()
    );
    files
}
