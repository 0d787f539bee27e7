//! `Verifier::trials`: a verification as one libtest-mimic trial per interaction, against a
//! provider with one broken endpoint, run the way a test binary runs them (outside any
//! async context, on the multi-thread runtime the trials were built on).

use std::path::{Path, PathBuf};

use axum::Json;
use axum::http::StatusCode;
use axum::routing::get;
use pact_runtime::libtest_mimic::Arguments;
use pact_runtime::provider::{PactSource, Status, TrialsOutcome, VerificationTrials, Verifier};
use serde_json::{Value, json};
use tokio::runtime::Runtime;

const BROKEN: &str = "web → api: a request for user 42 (given user 42 exists)";

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime")
}

fn interaction(description: &str, states: &[&str], path: &str) -> Value {
    let states: Vec<Value> = states.iter().map(|name| json!({"name": name})).collect();
    json!({
        "type": "Synchronous/HTTP",
        "description": description,
        "providerStates": states,
        "request": {"method": "GET", "path": path},
        "response": {"status": 200}
    })
}

/// Five interactions: two share a description, one is pending, one description reads
/// as another regex.
fn pact() -> Value {
    let mut pending = interaction("a request nobody serves yet", &[], "/missing");
    pending["pending"] = json!(true);
    json!({
        "consumer": {"name": "web"},
        "provider": {"name": "api"},
        "interactions": [
            interaction("a health check", &[], "/health"),
            interaction("a request for user 42", &["user 42 exists"], "/users/42"),
            interaction("a request for user 42", &["user (42) is archived"], "/archive/42"),
            interaction("a request for the orders (v2)", &[], "/orders"),
            pending,
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

fn write_pact(dir: &Path) -> PathBuf {
    let path = dir.join("web-api.json");
    std::fs::write(&path, pact().to_string()).expect("write the pact");
    path
}

/// The provider: every endpoint of the pact answers 200 except `/users/42`, which is
/// broken, and `/missing`, which does not exist yet.
async fn start_provider() -> String {
    let ok = || async { Json(json!({})) };
    let app = axum::Router::new()
        .route("/health", get(ok))
        .route("/archive/42", get(ok))
        .route("/orders", get(ok))
        .route(
            "/users/42",
            get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn args(filter: Option<&str>) -> Arguments {
    Arguments {
        test_threads: Some(1),
        quiet: true,
        logfile: Some(pact_tests::inner_trials_log()),
        filter: filter.map(str::to_owned),
        ..Arguments::default()
    }
}

/// The trials of `verifier` (given the provider's URL) over `sources`, built on `runtime`.
fn trials(
    runtime: &Runtime,
    verifier: impl FnOnce(String) -> Verifier,
    sources: &[PactSource],
) -> VerificationTrials {
    runtime.block_on(async {
        let url = start_provider().await;
        verifier(url).trials(sources).await
    })
}

fn failed_names(outcome: &TrialsOutcome) -> Vec<&str> {
    outcome
        .failures
        .iter()
        .map(|(name, _)| name.as_str())
        .collect()
}

#[test]
fn each_interaction_is_a_trial_named_after_its_pact_and_description() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = runtime();

    let trials = trials(
        &runtime,
        |url| Verifier::new("api", url),
        &[PactSource::file(write_pact(dir.path()))],
    );

    assert_eq!(
        trials.names().collect::<Vec<_>>(),
        [
            "web → api: a health check",
            BROKEN,
            "web → api: a request for user 42 (given user (42) is archived)",
            "web → api: a request for the orders (v2)",
            "web → api: a request nobody serves yet",
        ]
    );
    let kinds: Vec<String> = trials
        .into_trials()
        .iter()
        .map(|trial| trial.kind().to_owned())
        .collect();
    assert_eq!(kinds, ["", "", "", "", "pending"]);
}

#[test]
fn a_broken_endpoint_fails_only_its_own_trial_with_the_interactions_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = runtime();
    let trials = trials(
        &runtime,
        |url| Verifier::new("api", url),
        &[PactSource::file(write_pact(dir.path()))],
    );

    let outcome = trials.run(&args(None));

    assert_eq!(outcome.conclusion.num_failed, 1);
    assert_eq!(outcome.conclusion.num_passed, 4);
    assert_eq!(failed_names(&outcome), [BROKEN]);
    let message = &outcome.failures[0].1;
    assert!(
        message.starts_with("  ✘ a request for user 42 (given user 42 exists) ("),
        "{message}"
    );
    assert!(message.contains("500"), "{message}");
    // The pending interaction failed, and its trial passed.
    let statuses: Vec<Status> = outcome
        .report
        .interactions()
        .map(|result| result.status())
        .collect();
    assert_eq!(
        statuses,
        [
            Status::Passed,
            Status::Failed,
            Status::Passed,
            Status::Passed,
            Status::Pending
        ]
    );
    assert!(outcome.complete);
    assert!(!outcome.report.is_ok());
}

#[test]
fn a_test_name_filter_runs_one_interaction_and_the_results_are_incomplete() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = runtime();
    let trials = trials(
        &runtime,
        |url| Verifier::new("api", url),
        &[PactSource::file(write_pact(dir.path()))],
    );

    let outcome = trials.run(&args(Some("orders (v2)")));

    assert_eq!(outcome.conclusion.num_passed, 1);
    assert_eq!(outcome.conclusion.num_filtered_out, 4);
    let verified: Vec<&str> = outcome
        .report
        .interactions()
        .map(|result| result.description.as_str())
        .collect();
    assert_eq!(verified, ["a request for the orders (v2)"]);
    assert!(!outcome.complete);
}

#[test]
fn an_exact_description_or_state_name_selects_its_interaction_though_it_reads_as_a_regex() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_pact(dir.path());
    let runtime = runtime();

    let by_description = trials(
        &runtime,
        |url| Verifier::new("api", url).filter_description("a request for the orders (v2)"),
        &[PactSource::file(&path)],
    );
    let by_state = trials(
        &runtime,
        |url| Verifier::new("api", url).filter_provider_state("user (42) is archived"),
        &[PactSource::file(&path)],
    );

    assert_eq!(
        by_description.names().collect::<Vec<_>>(),
        ["web → api: a request for the orders (v2)"]
    );
    assert_eq!(
        by_state.names().collect::<Vec<_>>(),
        ["web → api: a request for user 42 (given user (42) is archived)"]
    );
    let outcome = by_state.run(&args(None));
    assert!(!outcome.conclusion.has_failed(), "{:?}", outcome.failures);
}

#[test]
fn a_filter_that_is_no_regex_and_no_description_is_an_invalid_filter_trial() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_pact(dir.path());
    let runtime = runtime();

    for (verifier, expected) in [
        (
            Verifier::new("api", "http://127.0.0.1:9").filter_description("orders (v2"),
            "error: invalid description filter /orders (v2/: ",
        ),
        (
            Verifier::new("api", "http://127.0.0.1:9").filter_provider_state("user [42"),
            "error: invalid provider state filter /user [42/: ",
        ),
    ] {
        let trials = runtime.block_on(verifier.trials(&[PactSource::file(&path)]));

        assert_eq!(trials.names().collect::<Vec<_>>(), ["invalid filter"]);
        let outcome = trials.run(&args(None));
        let message = &outcome.failures[0].1;
        assert!(message.starts_with(expected), "{message}");
        assert!(message.contains("regex parse error"), "{message}");
    }
    // `verify` says the same in its report, instead of "nothing selected".
    let report = runtime.block_on(
        Verifier::new("api", "http://127.0.0.1:9")
            .filter_description("orders (v2")
            .verify(&[PactSource::file(&path)]),
    );
    let text = report.to_string();
    assert!(!report.is_ok());
    assert!(
        text.starts_with("error: invalid description filter /orders (v2/: "),
        "{text}"
    );
    assert!(
        !text.contains("no interaction matches the filters"),
        "{text}"
    );
}

#[test]
fn a_missing_pact_file_is_one_failed_trial_and_the_other_pacts_are_still_verified() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_pact(dir.path());
    let runtime = runtime();
    let trials = trials(
        &runtime,
        |url| Verifier::new("api", url).filter_description("health|orders"),
        &[
            PactSource::file(dir.path().join("missing.json")),
            PactSource::file(&path),
        ],
    );

    let outcome = trials.run(&args(None));

    assert_eq!(outcome.conclusion.num_passed, 2);
    assert_eq!(failed_names(&outcome), ["load missing.json"]);
    assert!(
        outcome.failures[0].1.contains("cannot read pact file"),
        "{}",
        outcome.failures[0].1
    );
}

#[test]
fn a_verifier_that_can_verify_none_of_the_interactions_fails_a_nothing_verified_trial() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_pact(dir.path());
    let runtime = runtime();

    let skipped =
        runtime.block_on(Verifier::for_messages("api").trials(&[PactSource::file(&path)]));
    let allowed = runtime.block_on(
        Verifier::for_messages("api")
            .allow_no_interactions()
            .trials(&[PactSource::file(&path)]),
    );

    let outcome = skipped.run(&args(None));
    assert_eq!(outcome.conclusion.num_ignored, 5);
    assert_eq!(failed_names(&outcome), ["nothing verified"]);
    assert!(
        outcome.failures[0]
            .1
            .starts_with("nothing was verified (5 interactions skipped)"),
        "{}",
        outcome.failures[0].1
    );
    let outcome = allowed.run(&args(None));
    assert!(!outcome.conclusion.has_failed(), "{:?}", outcome.failures);
    assert_eq!(outcome.conclusion.num_ignored, 5);
}
