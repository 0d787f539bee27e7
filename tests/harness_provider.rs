//! `#[pact_provider]` end to end: each generated function is run the way
//! `pact_runtime::provider_main!` runs it (one trial per interaction, on a multi-thread
//! runtime that outlives the function), here through the harness's `run_with` so an
//! ordinary test can look at which trials passed and failed and why.

use axum::Json;
use axum::routing::get;
use pact_runtime::__private::{HarnessOutcome, ProviderHarness};
use pact_runtime::libtest_mimic::Arguments;
use pact_runtime::prelude::*;
use pact_runtime::provider::Status;
use serde_json::json;

/// The generated function's trials, run one at a time, quietly.
fn run(harness: ProviderHarness) -> HarnessOutcome {
    let args = Arguments {
        test_threads: Some(1),
        quiet: true,
        logfile: Some(pact_tests::inner_trials_log()),
        ..Arguments::default()
    };
    harness.run_with(&args)
}

/// The failed trials' names, without the function's prefix.
fn failed(outcome: &HarnessOutcome) -> Vec<String> {
    outcome
        .failures
        .iter()
        .map(|(name, _)| {
            name.split_once("::")
                .map_or(name.clone(), |(_, rest)| rest.to_owned())
        })
        .collect()
}

/// The provider of the fixture pact, on a free port as a task of the harness's runtime.
async fn start_provider(name: &'static str) -> String {
    let app = axum::Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/users/42",
            get(move || async move { Json(json!({"id": 42, "name": name})) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// No `provider` key: the returned Verifier names the provider.
#[pact_provider(pact = "fixtures/harness-consumer-harness-provider.json")]
async fn returns_its_verifier() -> Verifier {
    let url = start_provider("Bob").await;
    Verifier::new("harness-provider", url).state("user 42 exists", |_state: ProviderState| async {
        Ok::<(), std::convert::Infallible>(())
    })
}

#[test]
fn a_provider_returning_its_verifier_passes_one_trial_per_interaction() {
    let outcome = run(returns_its_verifier());

    assert!(!outcome.has_failed(), "{:?}", outcome.failures);
    assert_eq!(outcome.conclusion.num_passed, 2);
    assert_eq!(outcome.reports.len(), 1);
    assert_eq!(outcome.reports[0].verified(), 2);
}

/// The attribute and the Verifier both name the provider, and agree.
#[pact_provider(
    provider = "harness-provider",
    pact = "fixtures/harness-consumer-harness-provider.json"
)]
async fn names_the_provider_twice() -> Result<Verifier, String> {
    Ok(Verifier::new(
        "harness-provider",
        start_provider("Carol").await,
    ))
}

#[test]
fn a_provider_named_by_the_attribute_and_the_verifier_alike_is_verified() {
    let outcome = run(names_the_provider_twice());

    assert!(!outcome.has_failed(), "{:?}", outcome.failures);
    assert_eq!(outcome.conclusion.num_passed, 2);
}

/// No pact in `fixtures` names this provider: verifying nothing is what the test expects,
/// and the key says so.
#[pact_provider(pacts = "fixtures", allow_no_interactions = true)]
fn without_pacts_allowed() -> Verifier {
    Verifier::new("provider-without-pacts", "http://127.0.0.1:9")
}

/// Every interaction of the fixture pact filtered out: nothing is sent (port 9 would fail
/// each request), and the opt-in lets the run pass.
#[pact_provider(
    pact = "fixtures/harness-consumer-harness-provider.json",
    allow_no_interactions = true
)]
fn everything_filtered_out_allowed() -> Verifier {
    Verifier::new("harness-provider", "http://127.0.0.1:9")
        .filter_description("^no such interaction$")
}

#[test]
fn a_run_verifying_nothing_passes_when_it_allows_no_interactions() {
    for harness in [without_pacts_allowed(), everything_filtered_out_allowed()] {
        let outcome = run(harness);

        assert!(!outcome.has_failed(), "{:?}", outcome.failures);
        assert_eq!(outcome.conclusion.num_failed, 0);
    }
}

mod failing {
    use super::*;

    #[pact_provider(pacts = "fixtures")]
    pub fn without_pacts() -> Verifier {
        Verifier::new("provider-without-pacts", "http://127.0.0.1:9")
    }

    #[pact_provider(pacts = "fixtures", allow_no_interactions = false)]
    pub fn without_pacts_explicitly_not_allowed() -> Verifier {
        Verifier::new("provider-without-pacts", "http://127.0.0.1:9")
    }

    #[pact_provider(pact = "fixtures/harness-consumer-harness-provider.json")]
    pub fn everything_filtered_out() -> Verifier {
        Verifier::new("harness-provider", "http://127.0.0.1:9")
            .filter_description("^no such interaction$")
    }

    #[pact_provider(pacts = ["fixtures"])]
    pub async fn breaks_the_pact() -> Result<Verifier, String> {
        let app = axum::Router::new().route("/health", get(|| async { "ok" }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let url = format!(
            "http://{}",
            listener.local_addr().map_err(|e| e.to_string())?
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Verifier::new("harness-provider", url))
    }

    #[pact_provider(
        provider = "harness-provider",
        pact = "fixtures/harness-consumer-harness-provider.json",
        // Port 9 (discard) on loopback: nothing listens there.
        base_url = "http://127.0.0.1:9"
    )]
    pub fn unreachable() {}

    #[pact_provider(provider = "harness-provider", pacts = "fixtures")]
    pub fn names_another_provider() -> Verifier {
        // fixtures/ also holds a pact for order-service, which this verifier selects.
        Verifier::new("order-service", "http://127.0.0.1:9")
    }

    #[pact_provider(pacts = "fixtures")]
    pub async fn returns_an_error() -> Result<Verifier, String> {
        Err("the database did not start".to_owned())
    }

    #[pact_provider(pacts = "fixtures")]
    pub fn panics() -> Verifier {
        panic!("the provider could not bind its port")
    }

    #[pact_provider(pacts = ["fixtures", "fixtures/no-such-dir"], pact = "fixtures/missing.json")]
    pub async fn with_missing_pacts() -> Verifier {
        Verifier::new("harness-provider", start_provider("Dave").await)
            .state("user 42 exists", |_state: ProviderState| async {
                Ok::<(), String>(())
            })
    }
}

#[test]
fn a_provider_without_pacts_fails_one_trial_naming_the_directory_unless_allowed() {
    for harness in [
        failing::without_pacts(),
        failing::without_pacts_explicitly_not_allowed(),
    ] {
        let outcome = run(harness);

        assert!(outcome.has_failed());
        assert_eq!(outcome.conclusion.num_failed, 1);
        let (name, message) = &outcome.failures[0];
        assert!(name.ends_with("::load fixtures"), "{name}");
        assert!(
            message.contains("no pact for provider \"provider-without-pacts\" in "),
            "{message}"
        );
    }
}

#[test]
fn a_run_filtering_out_every_interaction_fails_a_nothing_verified_trial() {
    let outcome = run(failing::everything_filtered_out());

    assert_eq!(failed(&outcome), ["nothing verified"]);
    let message = &outcome.failures[0].1;
    assert!(
        message.starts_with("nothing was verified (2 interactions left out by the filters)"),
        "{message}"
    );
}

#[test]
fn a_broken_interaction_fails_only_its_own_trial() {
    let outcome = run(failing::breaks_the_pact());

    assert_eq!(outcome.conclusion.num_passed, 1);
    assert_eq!(outcome.conclusion.num_failed, 1);
    assert_eq!(
        failed(&outcome),
        ["harness-consumer → harness-provider: a request for user 42"]
    );
    let message = &outcome.failures[0].1;
    assert!(
        message.starts_with("  ✘ a request for user 42 (given user 42 exists)"),
        "{message}"
    );
    assert!(message.contains("status"), "{message}");
    let statuses: Vec<Status> = outcome.reports[0]
        .interactions()
        .map(|result| result.status())
        .collect();
    assert_eq!(statuses, [Status::Passed, Status::Failed]);
}

#[test]
fn an_unreachable_base_url_fails_each_interactions_trial_with_the_reason() {
    let outcome = run(failing::unreachable());

    assert_eq!(outcome.conclusion.num_failed, 2);
    for (name, message) in &outcome.failures {
        assert!(
            name.starts_with("unreachable::harness-consumer → "),
            "{name}"
        );
        assert!(
            message.contains("cannot reach the provider at http://127.0.0.1:9"),
            "{message}"
        );
    }
}

#[test]
fn a_setup_that_cannot_give_the_verifier_is_a_failed_setup_trial_with_the_reason() {
    let cases = [
        (
            failing::names_another_provider(),
            "#[pact_provider(provider = \"harness-provider\")] but the returned Verifier \
             verifies \"order-service\": remove `provider` from the attribute",
        ),
        (
            failing::returns_an_error(),
            "#[pact_provider] returns_an_error: the function returned an error: \"the \
             database did not start\"",
        ),
        (
            failing::panics(),
            "#[pact_provider] panics: the function panicked: the provider could not bind \
             its port",
        ),
    ];
    for (harness, expected) in cases {
        let outcome = run(harness);

        assert_eq!(outcome.conclusion.num_failed, 1, "{expected}");
        assert_eq!(outcome.conclusion.num_passed, 0, "{expected}");
        let (name, message) = &outcome.failures[0];
        assert!(name.ends_with("::setup"), "{name}");
        assert!(message.starts_with(expected), "{message}");
    }
}

#[test]
fn missing_pact_files_fail_their_own_trials_and_the_others_still_run() {
    let outcome = run(failing::with_missing_pacts());

    // The directory's pact passes both interactions; the missing directory and file fail.
    assert_eq!(outcome.conclusion.num_passed, 2, "{:?}", outcome.failures);
    let mut failed = failed(&outcome);
    failed.sort();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed[0].starts_with("load "), "{failed:?}");
    assert!(
        failed.iter().any(|name| name.contains("missing.json")),
        "{failed:?}"
    );
    assert!(
        failed.iter().any(|name| name.contains("no-such-dir")),
        "{failed:?}"
    );
}
