//! Where pacts come from (files, directories, URLs with credentials, custom sources, several
//! at once) and the failure modes that must each name the URL: pact URLs answering 404 or
//! not JSON, a provider that is down or does not speak HTTP.

mod provider_support;

use pact_runtime::model::Pact;
use pact_runtime::provider::{
    FetchContext, FetchPacts, FetchedPact, Outcome, PactSource, Status, Verifier,
};
use provider_support::{
    failure_of, interaction, pact_json, start, start_garbage_server, write_pact,
};
use serde_json::{Value, json};

fn user_pact(provider: &str, description: &str) -> Value {
    pact_json(
        provider,
        vec![interaction(
            description,
            json!([]),
            "/users/1",
            json!({"id": "1"}),
        )],
    )
}

fn load_error(report: &pact_runtime::provider::VerificationReport) -> String {
    report
        .pacts
        .iter()
        .find_map(|pact| pact.load_error.as_ref())
        .unwrap_or_else(|| panic!("no load error in:\n{report}"))
        .to_string()
}

#[tokio::test]
async fn a_pact_url_with_a_bearer_token_is_fetched_and_verified() {
    let provider = start().await;
    provider.require_pact_auth("Bearer s3cret");
    provider.serve_pact(
        "a.json",
        200,
        user_pact("user-service", "from a URL").to_string(),
    );
    let url = format!("{}/pacts/a.json", provider.url);

    let report = Verifier::new("user-service", &provider.url)
        .verify(&[PactSource::url_bearer_auth(&url, "s3cret")])
        .await;

    report.assert_ok();
    assert_eq!(report.pacts[0].source, url);
    assert_eq!(
        report.interactions().next().map(|i| i.status()),
        Some(Status::Passed)
    );
}

#[tokio::test]
async fn a_pact_url_with_basic_auth_is_fetched_and_wrong_credentials_are_named_unauthorised() {
    let provider = start().await;
    // "user:pass" in base64.
    provider.require_pact_auth("Basic dXNlcjpwYXNz");
    provider.serve_pact(
        "a.json",
        200,
        user_pact("user-service", "from a URL").to_string(),
    );
    let url = format!("{}/pacts/a.json", provider.url);

    let good = Verifier::new("user-service", &provider.url)
        .verify(&[PactSource::url_basic_auth(&url, "user", "pass")])
        .await;
    let bad = Verifier::new("user-service", &provider.url)
        .verify(&[PactSource::url_basic_auth(&url, "user", "wrong")])
        .await;

    good.assert_ok();
    assert!(!bad.is_ok());
    assert_eq!(
        load_error(&bad),
        format!(
            "cannot fetch the pact at {url}: HTTP 401 Unauthorized (unauthorised: check the credentials)"
        )
    );
    assert!(!format!("{:?}", PactSource::url_basic_auth(&url, "user", "pass")).contains("pass\""));
}

#[tokio::test]
async fn a_pact_url_answering_404_fails_naming_the_url() {
    let provider = start().await;
    let url = format!("{}/pacts/missing.json", provider.url);

    let report = Verifier::new("user-service", &provider.url)
        .verify(&[PactSource::url(&url)])
        .await;

    assert!(!report.is_ok());
    assert_eq!(
        load_error(&report),
        format!("cannot fetch the pact at {url}: HTTP 404 Not Found")
    );
    assert!(
        report.to_string().contains(&format!("✘ {url}\n")),
        "{report}"
    );
}

#[tokio::test]
async fn a_pact_url_answering_invalid_json_fails_naming_the_url() {
    let provider = start().await;
    provider.serve_pact("broken.json", 200, "{ not json");
    let url = format!("{}/pacts/broken.json", provider.url);

    let report = Verifier::new("user-service", &provider.url)
        .verify(&[PactSource::url(&url)])
        .await;

    let message = load_error(&report);
    assert!(
        message.starts_with(&format!("{url}: not valid JSON: ")),
        "{message}"
    );
}

#[tokio::test]
async fn a_pact_url_for_another_provider_is_refused_naming_both() {
    let provider = start().await;
    provider.serve_pact("billing.json", 200, user_pact("billing", "x").to_string());
    let url = format!("{}/pacts/billing.json", provider.url);

    let report = Verifier::new("user-service", &provider.url)
        .verify(&[PactSource::url(&url)])
        .await;

    assert_eq!(
        load_error(&report),
        format!("{url} is a pact for provider \"billing\", not \"user-service\"")
    );
}

#[tokio::test]
async fn an_unreachable_pact_url_fails_naming_the_url_without_hanging() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let url = format!("http://127.0.0.1:{port}/pacts/a.json");

    let report = Verifier::new("user-service", "http://127.0.0.1:1")
        .verify(&[PactSource::url(&url)])
        .await;

    assert!(load_error(&report).starts_with(&format!("cannot fetch the pact at {url}: ")));
}

#[tokio::test]
async fn files_directories_and_urls_are_verified_together_in_source_order() {
    let provider = start().await;
    provider.serve_pact(
        "c.json",
        200,
        user_pact("user-service", "from a URL").to_string(),
    );
    let files = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write_pact(
        files.path(),
        "a.json",
        &user_pact("user-service", "from a file"),
    );
    write_pact(
        dir.path(),
        "b.json",
        &user_pact("user-service", "from a directory"),
    );
    write_pact(dir.path(), "other.json", &user_pact("billing", "not ours"));

    let report = Verifier::new("user-service", &provider.url)
        .verify(&[
            PactSource::file(file),
            PactSource::dir(dir.path()),
            PactSource::url(format!("{}/pacts/c.json", provider.url)),
        ])
        .await;

    report.assert_ok();
    let names: Vec<&str> = report
        .interactions()
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(names, ["from a file", "from a directory", "from a URL"]);
}

/// A stand-in for the broker: a source the verifier knows only through `FetchPacts`.
#[derive(Debug)]
struct InMemory(Pact);

impl FetchPacts for InMemory {
    fn fetch<'a>(&'a self, context: &'a FetchContext) -> pact_runtime::provider::FetchFuture<'a> {
        Box::pin(async move {
            assert_eq!(context.provider(), "user-service");
            vec![
                FetchedPact::new("in-memory", Ok(self.0.clone()))
                    .pending(true)
                    .notice("this pact is pending")
                    .property("publish", json!("https://broker.example/results")),
            ]
        })
    }
}

#[tokio::test]
async fn a_custom_source_plugs_in_with_pending_notices_and_properties() {
    let provider = start().await;
    let value = user_pact("user-service", "from memory");
    let pact = pact_runtime::model::json::pact_from_json(&value, "memory").expect("a pact");

    let report = Verifier::new("user-service", &provider.url)
        .verify(&[PactSource::fetcher(InMemory(pact))])
        .await;

    report.assert_ok();
    let result = &report.pacts[0];
    assert!(result.pending);
    assert_eq!(result.notices, ["this pact is pending"]);
    assert_eq!(
        result.properties["publish"],
        "https://broker.example/results"
    );
    assert!(
        report
            .to_string()
            .contains("  notice: this pact is pending\n"),
        "{report}"
    );
}

#[tokio::test]
async fn a_provider_that_answers_garbage_fails_each_interaction_naming_the_url() {
    let url = start_garbage_server();
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(
        dir.path(),
        "pact.json",
        &user_pact("user-service", "a request"),
    );

    let report = Verifier::new("user-service", &url)
        .verify(&[PactSource::file(pact)])
        .await;

    let message = failure_of(&report, "a request");
    assert!(
        message.starts_with(&format!("cannot reach the provider at {url}/users/1: ")),
        "{message}"
    );
    assert!(
        message.contains("not HTTP") || message.contains("invalid"),
        "{message}"
    );
}

#[tokio::test]
async fn a_provider_that_is_down_fails_with_the_url_and_the_connection_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(
        dir.path(),
        "pact.json",
        &user_pact("user-service", "a request"),
    );

    let report = Verifier::new("user-service", format!("http://127.0.0.1:{port}"))
        .verify(&[PactSource::file(pact)])
        .await;

    let message = failure_of(&report, "a request");
    assert!(
        message.starts_with(&format!(
            "cannot reach the provider at http://127.0.0.1:{port}/users/1: "
        )),
        "{message}"
    );
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert!(matches!(
        report.interactions().next().map(|i| &i.outcome),
        Some(Outcome::Failed { .. })
    ));
}
