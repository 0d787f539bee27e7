//! What people read when a contract is broken, as committed snapshots: the mock server's
//! report of a client that sends a wrong body, header and query, and the verifier's report
//! of a provider whose body, header and status differ from the pact and whose state handler
//! fails. Both are laid out by the one renderer (`matching::render`, `matching::diff`);
//! `pact verify`'s output is snapshotted beside the built binary, in
//! `pact-cli/tests/report_snapshots.rs`.
//!
//! Ports and durations are normalised (`127.0.0.1:PORT`, `(N ms)`); every other change to
//! the text fails the test. Review a deliberate change with `cargo insta review` (or
//! `INSTA_UPDATE=always`), and commit the snapshot in `tests/snapshots/`.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::mock_server::MockServerError;
use pact_runtime::model::ProviderState;
use pact_runtime::provider::{Outcome, PactSource, VerificationReport, Verifier};
use regex::Regex;
use serde_json::{Value, json};

/// `text` with what changes from run to run replaced: ports and durations.
fn normalised(text: &str) -> String {
    let port = Regex::new(r"127\.0\.0\.1:\d+").expect("a valid regex");
    let duration = Regex::new(r"\(\d+ ms\)").expect("a valid regex");
    let text = port.replace_all(text, "127.0.0.1:PORT");
    duration.replace_all(&text, "(N ms)").into_owned()
}

#[test]
fn the_mock_servers_report_of_a_client_sending_a_wrong_body_header_and_query() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = pact_tests::server_in(&dir);
    Interaction::new("a request to create Alice")
        .given("no users")
        .request(
            Request::post("/users")
                .query("notify", "true")
                .header("X-Trace", "abc")
                .json(json!({"name": "Alice", "email": "alice@example.com"})),
        )
        .response(Response::created())
        .mount(&server);
    // Never received; further from the request sent than the interaction above (the mock
    // server names the interaction with the fewest mismatches as the closest).
    Interaction::new("a request for user 42")
        .request(
            Request::get("/users/42")
                .query("fields", "name")
                .header("Accept", "application/json"),
        )
        .response(Response::ok().json(json!({"id": 42})))
        .mount(&server);

    // Act
    reqwest::blocking::Client::new()
        .post(format!("{}?notify=false", server.url_for("/users")))
        .header("X-Trace", "xyz")
        .json(&json!({"name": "Alice", "mail": "alice@example.com"}))
        .send()
        .expect("the mock server answers");
    let report = match server.finish() {
        Err(MockServerError::Verification(report)) => report.to_string(),
        other => panic!("expected a verification failure, got {other:?}"),
    };

    // Assert
    insta::assert_snapshot!("mock_server_report", normalised(&report));
}

/// A user-service that broke its contract: it renamed `email` to `mail`, lost user 43,
/// and sends the wrong version header.
async fn start_broken_provider() -> String {
    let app = axum::Router::new()
        .route(
            "/users/42",
            get(|| async {
                axum::Json(json!({"id": 7, "name": "Alice", "mail": "alice@example.com"}))
            }),
        )
        .route("/users/43", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/health",
            get(|| async { ([("X-Version", "1")], "ok").into_response() }),
        )
        .route("/admins", get(|| async { axum::Json(json!([])) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn request(path: &str) -> Value {
    json!({"method": "GET", "path": path})
}

/// The web-app's pact with the user-service, one interaction for each way to break it.
fn broken_contract_pact(dir: &std::path::Path) -> std::path::PathBuf {
    let pact = json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": "user-service"},
        "interactions": [
            {
                "description": "a request for user 42",
                "providerStates": [{"name": "user 42 exists"}],
                "request": request("/users/42"),
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {"id": 42, "name": "Alice", "email": "alice@example.com"},
                    "matchingRules": {
                        "body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}
                    }
                }
            },
            {
                "description": "a request for user 43",
                "request": request("/users/43"),
                "response": {"status": 200}
            },
            {
                "description": "a health check",
                "request": request("/health"),
                "response": {"status": 200, "headers": {"X-Version": "2"}}
            },
            {
                "description": "a request for the admins",
                "providerStates": [{"name": "the database is seeded"}],
                "request": request("/admins"),
                "response": {"status": 200, "body": []}
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let path = dir.join("web-app-user-service.json");
    std::fs::write(&path, pact.to_string()).expect("write the pact");
    path
}

async fn verify_broken_provider() -> VerificationReport {
    let url = start_broken_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = broken_contract_pact(dir.path());
    Verifier::new("user-service", url)
        .state("user 42 exists", |_: ProviderState| async {})
        .state("the database is seeded", |_: ProviderState| async {
            Err::<(), _>("the database is down")
        })
        .verify(&[PactSource::file(pact)])
        .await
}

#[tokio::test]
async fn the_verifiers_report_of_a_provider_with_body_header_status_and_state_failures() {
    // Arrange, Act
    let report = verify_broken_provider().await;

    // Assert
    assert!(!report.is_ok());
    insta::assert_snapshot!("verifier_report", normalised(&report.to_string()));
}

#[tokio::test]
async fn the_verifiers_body_diff_shows_a_key_the_provider_renamed() {
    // Arrange, Act
    let report = verify_broken_provider().await;

    // Assert
    let user_42 = report
        .interactions()
        .find(|result| result.description == "a request for user 42")
        .expect("the interaction was verified");
    let Outcome::Failed {
        body_diff: Some(diff),
        ..
    } = &user_42.outcome
    else {
        panic!("expected a failure with a body diff: {report}");
    };
    assert!(
        diff.contains("-  \"email\": \"alice@example.com\",\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+  \"mail\": \"alice@example.com\",\n"),
        "{diff}"
    );
    // The id matched its rule: the diff does not show it as a difference.
    assert!(!diff.contains("\"id\": 7"), "{diff}");
}

#[tokio::test]
async fn a_provider_that_is_not_running_is_named_once_for_all_interactions() {
    // Arrange: a port nothing listens on (the probe's listener is closed at once).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|probe| probe.local_addr())
        .expect("a free port")
        .port();
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = broken_contract_pact(dir.path());

    // Act
    let report = Verifier::new("user-service", format!("http://127.0.0.1:{port}"))
        .state("user 42 exists", |_: ProviderState| async {})
        .state("the database is seeded", |_: ProviderState| async {})
        .verify(&[PactSource::file(pact)])
        .await;

    // Assert
    let text = report.to_string();
    let headline = text.lines().next().unwrap_or_default();
    assert!(
        headline.starts_with(&format!(
            "all 4 interactions failed: cannot reach the provider at http://127.0.0.1:{port}: "
        )) && headline.ends_with("; is the provider running?"),
        "{text}"
    );
    assert_eq!(
        text.matches("cannot reach the provider (see the cause above)")
            .count(),
        4,
        "{text}"
    );
    assert_eq!(text.matches("onnection refused").count(), 1, "{text}");
}
