//! Specification conformance: one trial per test case of the Pact specification
//! (`$PACT_SHARED_DIR/pact-specification/<version>/testcases/**/*.json`), named like
//! `v3/request/body/missing key`.
//!
//! Each case holds an expected and an actual request, response or message, and whether
//! they `match`. The case is read with the model's spec adapters for its version and run
//! through the matching engine; the engine agrees when its mismatch list is empty exactly
//! when the case says they match.
//!
//! Cases the engine is known not to handle yet are listed in `spec-expected-failures.txt`
//! beside this file (one path relative to the specification directory per line, without
//! `testcases/`; `#` starts a comment). A listed case that fails passes as an expected
//! failure (its trial is marked `[xfail]`); a listed case that passes fails, so the list
//! only ever shrinks. After the run, one summary line per version gives the raw counts,
//! before the list is applied.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use libtest_mimic::{Arguments, Failed, Trial};
use pact_runtime::matching::{Mismatch, match_message, match_request, match_response};
use pact_runtime::model::json::{request_from_json, response_from_json};
use pact_runtime::model::{MessageContents, SpecVersion};
use serde_json::{Map, Value};

/// Version directories and the specification version their cases are written in.
const VERSIONS: &[(&str, SpecVersion)] = &[
    ("v1", SpecVersion::V1),
    ("v1.1", SpecVersion::V1_1),
    ("v2", SpecVersion::V2),
    ("v3", SpecVersion::V3),
    ("v4", SpecVersion::V4),
];

const EXPECTED_FAILURES: &str = "spec-expected-failures.txt";

/// Raw outcomes per version directory: (passed, failed).
type Tally = Arc<Mutex<BTreeMap<&'static str, (usize, usize)>>>;

fn main() {
    let args = Arguments::from_args();
    let spec_dir = specification_dir();
    let expected_failures = read_expected_failures();
    let tally: Tally = Arc::default();

    let mut trials = Vec::new();
    let mut known_cases = BTreeSet::new();
    for &(dir, version) in VERSIONS {
        let cases_dir = spec_dir.join(dir).join("testcases");
        assert!(
            cases_dir.is_dir(),
            "the specification cases for {dir} are missing: {} is not a directory",
            cases_dir.display()
        );
        for file in pact_tests::json_files(&cases_dir) {
            let relative = file
                .strip_prefix(&cases_dir)
                .expect("a case file lies under its directory")
                .to_string_lossy()
                .replace('\\', "/");
            let listed_name = format!("{dir}/{relative}");
            let listed = expected_failures.contains(&listed_name);
            known_cases.insert(listed_name.clone());
            let name = format!("{dir}/{}", relative.trim_end_matches(".json"));
            let tally = Arc::clone(&tally);
            let trial = Trial::test(name, move || {
                let outcome = run_case(&file, &relative, version);
                let mut counts = tally.lock().expect("the tally is never poisoned");
                let entry = counts.entry(dir).or_default();
                match outcome {
                    Ok(()) => entry.0 += 1,
                    Err(_) => entry.1 += 1,
                }
                drop(counts);
                judge(outcome, listed, &listed_name)
            });
            trials.push(if listed {
                trial.with_kind("xfail")
            } else {
                trial
            });
        }
    }
    let stale: Vec<String> = expected_failures
        .difference(&known_cases)
        .cloned()
        .collect();
    trials.push(Trial::test(
        "expected failures list names existing cases",
        move || {
            if stale.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "{EXPECTED_FAILURES} lists cases that do not exist: {}",
                    stale.join(", ")
                )
                .into())
            }
        },
    ));

    let conclusion = libtest_mimic::run(&args, trials);
    let counts = tally.lock().expect("the tally is never poisoned");
    for &(dir, version) in VERSIONS {
        let (passed, failed) = counts.get(dir).copied().unwrap_or_default();
        println!("spec {version}: {passed} passed, {failed} failed");
    }
    drop(counts);
    conclusion.exit();
}

/// Applies the expected-failures list to a raw outcome.
fn judge(outcome: Result<(), String>, listed: bool, listed_name: &str) -> Result<(), Failed> {
    match (outcome, listed) {
        (Ok(()), false) | (Err(_), true) => Ok(()),
        (Ok(()), true) => {
            Err(format!("{listed_name} now passes: remove it from {EXPECTED_FAILURES}").into())
        }
        (Err(report), false) => Err(report.into()),
    }
}

/// `$PACT_SHARED_DIR/pact-specification`; the variable defaults to `../shared`, and a
/// relative value is taken from the workspace root.
fn specification_dir() -> PathBuf {
    pact_tests::shared_dir().join("pact-specification")
}

fn read_expected_failures() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED_FAILURES);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    text.lines()
        .map(|line| {
            line.split_once('#')
                .map_or(line, |(before, _)| before)
                .trim()
        })
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Runs one case; `Err` is the report shown when it disagrees with the specification.
fn run_case(file: &Path, relative: &str, version: SpecVersion) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|error| format!("cannot read: {error}"))?;
    // Some V1 cases were saved by an editor that starts the file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let case: Value = serde_json::from_str(text).map_err(|error| format!("not JSON: {error}"))?;
    let should_match = case["match"]
        .as_bool()
        .ok_or("the case has no boolean `match`")?;
    let comment = case["comment"].as_str().unwrap_or_default();
    let source = file.display().to_string();
    let mismatches = if relative.starts_with("request/") {
        let expected = request_from_json(&case["expected"], version, &source, "expected")
            .map_err(|error| format!("cannot read the expected request: {error}"))?;
        let actual = request_from_json(&case["actual"], version, &source, "actual")
            .map_err(|error| format!("cannot read the actual request: {error}"))?;
        match_request(&expected, &actual)
    } else if relative.starts_with("response/") {
        let expected = response_from_json(&case["expected"], version, &source, "expected")
            .map_err(|error| format!("cannot read the expected response: {error}"))?;
        let actual = response_from_json(&case["actual"], version, &source, "actual")
            .map_err(|error| format!("cannot read the actual response: {error}"))?;
        match_response(&expected, &actual)
    } else if relative.starts_with("message/") {
        let expected = message_from_case(&case["expected"], version, &source, "expected")?;
        let actual = message_from_case(&case["actual"], version, &source, "actual")?;
        match_message(&expected, &actual)
    } else {
        return Err(format!(
            "{relative}: not a request, response or message case"
        ));
    };
    if mismatches.is_empty() == should_match {
        return Ok(());
    }
    Err(report(&source, comment, should_match, &mismatches))
}

/// Reads a message case. The model's adapters read whole message pacts, not a lone
/// message, so the contents are read as the body of a response in the same version's
/// format (V3 `contents` is the raw document, V4 `contents` is a V4 body) with the
/// message rules (`content`, or V3's `body`) as body rules; metadata is taken as is.
fn message_from_case(
    value: &Value,
    version: SpecVersion,
    source: &str,
    at: &str,
) -> Result<MessageContents, String> {
    let mut as_response = Map::new();
    if let Some(contents) = value.get("contents") {
        as_response.insert("body".to_owned(), contents.clone());
    }
    if let Some(rules) = value.get("matchingRules") {
        let body_rules = rules.get("content").or_else(|| rules.get("body"));
        if let Some(body_rules) = body_rules {
            let rules = Value::Object(Map::from_iter([("body".to_owned(), body_rules.clone())]));
            as_response.insert("matchingRules".to_owned(), rules);
        }
    }
    let response = response_from_json(&Value::Object(as_response), version, source, at)
        .map_err(|error| format!("cannot read the {at} message: {error}"))?;
    let metadata = value
        .get("metaData")
        .or_else(|| value.get("metadata"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    Ok(MessageContents {
        contents: response.body,
        metadata,
        matching_rules: response.matching_rules,
        ..MessageContents::default()
    })
}

fn report(source: &str, comment: &str, should_match: bool, mismatches: &[Mismatch]) -> String {
    let mut text = format!("{source}\n  comment: {comment}\n");
    if should_match {
        text.push_str("  the case should match, but the engine found:\n");
        for mismatch in mismatches {
            let _ = writeln!(text, "    - {}", mismatch.message());
        }
    } else {
        text.push_str("  the case should not match, but the engine found no mismatch\n");
    }
    text
}
