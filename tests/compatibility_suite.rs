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
//! `compatibility suite: N passed, M failed (E expected), K skipped`.
//!
//! The ratchet: `compat-expected-failures.txt` (beside this file) lists the scenarios known
//! to fail, one `V3/x.feature: name  # reason` per line. They still count as failed in the
//! closing line and are printed with their reason and error after the trials; their own
//! trials are ignored (libtest counts them as ignored, never as passed), and one ratchet
//! trial runs them all. So the process exits non-zero only when an unlisted scenario
//! fails, a listed one passes ("remove it from the expected failures"), or the list names
//! a scenario the suite does not have. That keeps CI green while the suite is incomplete without letting
//! any regression, or any progress left unrecorded, through.

mod compat;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use libtest_mimic::{Arguments, Failed, Trial};

/// The expected-failures list, relative to this crate.
const EXPECTED_FAILURES: &str = "compat-expected-failures.txt";

/// Outcomes per feature file (relative path): (passed, failed, total).
type Tally = Arc<Mutex<BTreeMap<String, Counts>>>;

/// The listed scenarios that failed as expected: (name, reason, error).
type ExpectedLog = Arc<Mutex<Vec<(String, String, String)>>>;

/// A scenario on the expected-failures list, run by the ratchet trial.
struct Listed {
    name: String,
    reason: String,
    /// The feature file, relative to `features/`.
    relative: String,
    feature: Arc<gherkin::Feature>,
    /// The scenario's index in the feature.
    index: usize,
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    passed: usize,
    failed: usize,
    /// Of `failed`, the scenarios on the expected-failures list.
    expected: usize,
    total: usize,
}

fn main() {
    let args = Arguments::from_args();
    let suite = compat::suite_dir();
    let features_dir = suite.join("features");
    let steps = Arc::new(compat::all_steps());
    let tally: Tally = Arc::default();
    let expected_failures = read_expected_failures();
    let expected_log: ExpectedLog = Arc::default();
    let mut known = BTreeSet::new();
    let mut listed: Vec<Listed> = Vec::new();

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
            known.insert(name.clone());
            let feature = Arc::clone(&feature);
            if let Some(reason) = expected_failures.get(&name) {
                // Ignored, so libtest counts it as ignored, never as passed; the ratchet
                // trial below runs it. `--include-ignored` runs it alone, with its real
                // outcome.
                listed.push(Listed {
                    name: name.clone(),
                    reason: reason.clone(),
                    relative: relative.clone(),
                    feature: Arc::clone(&feature),
                    index,
                });
                let steps = Arc::clone(&steps);
                let suite = suite.clone();
                trials.push(
                    Trial::test(name, move || {
                        compat::run_scenario(&suite, &feature, index, &steps).map_err(Failed::from)
                    })
                    .with_ignored_flag(true)
                    .with_kind("xfail"),
                );
                continue;
            }
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

    // The ratchet: every listed scenario must still fail; one that passes must leave the
    // list, so progress is recorded and the list never hides a working scenario.
    {
        let steps = Arc::clone(&steps);
        let tally = Arc::clone(&tally);
        let expected_log = Arc::clone(&expected_log);
        let suite = suite.clone();
        trials.push(Trial::test(
            "expected failures (compat-expected-failures.txt) still fail",
            move || {
                let mut now_passing = Vec::new();
                for listed in listed {
                    let outcome =
                        compat::run_scenario(&suite, &listed.feature, listed.index, &steps);
                    let mut tally = tally.lock().expect("the tally is never poisoned");
                    let counts = tally.entry(listed.relative).or_default();
                    match outcome {
                        Ok(()) => {
                            counts.passed += 1;
                            now_passing.push(listed.name);
                        }
                        Err(error) => {
                            counts.failed += 1;
                            counts.expected += 1;
                            expected_log
                                .lock()
                                .expect("the log is never poisoned")
                                .push((listed.name, listed.reason, error));
                        }
                    }
                }
                if now_passing.is_empty() {
                    Ok(())
                } else {
                    Err(Failed::from(format!(
                        "these scenarios now pass: remove them from {EXPECTED_FAILURES}: \
                         {now_passing:?}"
                    )))
                }
            },
        ));
    }

    let stale: Vec<&String> = expected_failures
        .keys()
        .filter(|name| !known.contains(*name))
        .collect();
    let stale = if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{EXPECTED_FAILURES} lists scenarios the suite does not have: {stale:?}"
        ))
    };
    trials.push(Trial::test(
        "expected failures list names existing scenarios",
        move || stale.map_err(Failed::from),
    ));

    let conclusion = libtest_mimic::run(&args, trials);

    let mut expected_log = expected_log.lock().expect("the log is never poisoned");
    expected_log.sort();
    if !expected_log.is_empty() {
        println!("\nfailed as expected ({EXPECTED_FAILURES}):");
    }
    for (name, reason, error) in expected_log.iter() {
        println!("    FAILED {name}\n        expected: {reason}");
        for line in error.lines() {
            println!("        {line}");
        }
    }

    let tally = tally.lock().expect("the tally is never poisoned");
    let mut total = Counts::default();
    println!();
    for (feature, counts) in tally.iter() {
        let skipped = counts.total - counts.passed - counts.failed;
        println!(
            "{feature}: {} passed, {} failed ({} expected), {skipped} skipped",
            counts.passed, counts.failed, counts.expected
        );
        total.passed += counts.passed;
        total.failed += counts.failed;
        total.expected += counts.expected;
        total.total += counts.total;
    }
    println!(
        "compatibility suite: {} passed, {} failed ({} expected), {} skipped",
        total.passed,
        total.failed,
        total.expected,
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

/// The expected-failures list: scenario name → reason.
///
/// # Panics
/// When the file is missing or a line has no reason: the list is a record of why each
/// scenario fails, so an unexplained entry is refused loudly.
fn read_expected_failures() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED_FAILURES);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let mut listed = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = line
            .split_once('#')
            .map(|(name, reason)| (name.trim(), reason.trim()))
            .filter(|(_, reason)| !reason.is_empty())
            .unwrap_or_else(|| {
                panic!(
                    "{EXPECTED_FAILURES}:{}: `{line}` has no `# reason`",
                    number + 1
                )
            });
        listed.insert(name.to_owned(), reason.to_owned());
    }
    listed
}
