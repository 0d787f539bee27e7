//! Provider verification end to end: a small axum provider on 127.0.0.1:0, pact files
//! written by each test, and the report the verifier gives back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use pact_runtime::matching::MismatchKind;
use pact_runtime::model::ProviderState;
use pact_runtime::provider::{Outcome, PactSource, VerificationReport, Verifier};
use serde_json::{Value, json};

/// What the provider and the state handlers did, in order.
type Log = Arc<Mutex<Vec<String>>>;

#[derive(Clone, Default)]
struct Provider {
    log: Log,
    users: Arc<Mutex<HashMap<u64, String>>>,
}

impl Provider {
    fn record(&self, entry: String) {
        self.log.lock().expect("log lock").push(entry);
    }

    fn entries(&self) -> Vec<String> {
        self.log.lock().expect("log lock").clone()
    }

    fn seed(&self, id: u64, name: &str) {
        self.users
            .lock()
            .expect("users lock")
            .insert(id, name.to_owned());
    }
}

async fn user(State(provider): State<Provider>, UrlPath(id): UrlPath<u64>) -> impl IntoResponse {
    provider.record(format!("GET /users/{id}"));
    let name = provider.users.lock().expect("users lock").get(&id).cloned();
    match name {
        Some(name) => (StatusCode::OK, Json(json!({"id": id, "name": name}))),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": format!("no user {id}")})),
        ),
    }
}

async fn search(
    State(provider): State<Provider>,
    Query(params): Query<HashMap<String, String>>,
) -> Json<Value> {
    provider.record("GET /search".to_owned());
    Json(json!({"q": params.get("q")}))
}

/// Starts the provider on a free port; it runs as a task on the test's runtime.
async fn start_provider() -> (Provider, String) {
    let provider = Provider::default();
    let app = axum::Router::new()
        .route("/users/{id}", get(user))
        .route("/search", get(search))
        .with_state(provider.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (provider, url)
}

fn interaction(description: &str, states: Value, path: &str, status: u16, body: Value) -> Value {
    json!({
        "description": description,
        "providerStates": states,
        "request": {"method": "GET", "path": path, "headers": {"Accept": "application/json"}},
        "response": {
            "status": status,
            "headers": {"Content-Type": "application/json"},
            "body": body
        }
    })
}

fn pact_json(provider: &str, interactions: Vec<Value>) -> Value {
    json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": provider},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

/// The two interactions most tests verify: one needing a state with parameters, one not.
fn user_pact() -> Value {
    pact_json(
        "user-service",
        vec![
            interaction(
                "a request for user 42",
                json!([{"name": "user 42 exists", "params": {"id": 42, "name": "Alice"}}]),
                "/users/42",
                200,
                json!({"id": 42, "name": "Alice"}),
            ),
            interaction(
                "a request for a missing user",
                json!([]),
                "/users/99",
                404,
                json!({"error": "no user 99"}),
            ),
        ],
    )
}

fn write_pact(dir: &Path, file: &str, pact: &Value) -> PathBuf {
    let path = dir.join(file);
    let text = serde_json::to_string_pretty(pact).expect("pact serialises");
    std::fs::write(&path, text).expect("write the pact file");
    path
}

/// A state handler that logs the state with its parameters, then seeds the user.
fn seeding_handler(
    provider: &Provider,
) -> impl Fn(ProviderState) -> std::future::Ready<Result<(), String>> + Clone + Send + Sync + 'static
{
    let provider = provider.clone();
    move |state: ProviderState| {
        let params = Value::Object(state.params.clone());
        provider.record(format!("state {}: {params}", state.name));
        let id = params["id"].as_u64();
        let name = params["name"].as_str();
        std::future::ready(match (id, name) {
            (Some(id), Some(name)) => {
                provider.seed(id, name);
                Ok(())
            }
            _ => Err(format!("missing id or name in {params}")),
        })
    }
}

fn outcome_of<'r>(report: &'r VerificationReport, description: &str) -> &'r Outcome {
    &report
        .interactions()
        .find(|result| result.description == description)
        .unwrap_or_else(|| panic!("no result for {description:?} in:\n{report}"))
        .outcome
}

fn failure_message(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { .. } => outcome.error_message().unwrap_or_default(),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[tokio::test]
async fn interactions_the_provider_honours_pass_and_states_are_set_up_before_their_request() {
    let (provider, url) = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "web-app-user-service.json", &user_pact());

    let report = Verifier::new("user-service", url)
        .state("user 42 exists", seeding_handler(&provider))
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    assert_eq!(report.interactions().count(), 2, "{report}");
    assert!(
        report
            .interactions()
            .all(|result| result.outcome == Outcome::Passed),
        "{report}"
    );
    assert_eq!(
        provider.entries(),
        [
            r#"state user 42 exists: {"id":42,"name":"Alice"}"#,
            "GET /users/42",
            "GET /users/99",
        ]
    );
    let text = report.to_string();
    assert!(
        text.contains("  ✔ a request for user 42 (given user 42 exists)"),
        "{text}"
    );
    assert!(
        text.contains("verification: 2 interactions, 2 passed, 0 failed, 0 skipped"),
        "{text}"
    );
}

#[tokio::test]
async fn a_state_without_a_handler_is_a_warning_not_a_failure() {
    let (provider, url) = start_provider().await;
    provider.seed(42, "Alice");
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "web-app-user-service.json", &user_pact());

    let report = Verifier::new("user-service", url)
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    let first = report.interactions().next().expect("one result");
    let warnings: Vec<String> = first.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "provider state \"user 42 exists\": no handler, so the interaction ran without setting it up"
        ]
    );
    assert!(
        report
            .to_string()
            .contains("warning: provider state \"user 42 exists\": no handler"),
        "{report}"
    );
}

#[tokio::test]
async fn a_response_rule_that_reaches_nothing_is_a_warning_in_the_report_not_a_failure() {
    let (_provider, url) = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut missing = interaction(
        "a request for a missing user",
        json!([]),
        "/users/99",
        404,
        json!({"error": "no user 99"}),
    );
    missing["response"]["matchingRules"] = json!({"body": {
        "$.error": {"matchers": [{"match": "type"}]},
        "$.errors[*].code": {"matchers": [{"match": "integer"}]}
    }});
    let pact = write_pact(
        dir.path(),
        "web-app-user-service.json",
        &pact_json("user-service", vec![missing]),
    );

    let report = Verifier::new("user-service", url)
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    let result = report.interactions().next().expect("one result");
    let warnings: Vec<String> = result.warnings.iter().map(ToString::to_string).collect();
    let expected = "response body $.errors[*].code: the matching rule selects nothing in the \
                    expected response body, so it never applies to it";
    assert_eq!(warnings, [expected]);
    assert!(
        report.to_string().contains(&format!(
            "  ✔ a request for a missing user ({} ms)\n      warning: {expected}\n",
            result.duration.as_millis()
        )),
        "{report}"
    );
}

#[tokio::test]
async fn a_failing_state_handler_fails_its_interaction_without_sending_the_request() {
    let (provider, url) = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "web-app-user-service.json", &user_pact());

    let report = Verifier::new("user-service", url)
        .state("user 42 exists", |_state: ProviderState| async {
            Err::<(), _>("the database is down")
        })
        .verify(&[PactSource::file(pact)])
        .await;

    assert!(!report.is_ok(), "{report}");
    let message = failure_message(outcome_of(&report, "a request for user 42"));
    assert!(message.contains("state change failed"), "{message}");
    assert!(message.contains("the database is down"), "{message}");
    assert_eq!(
        *outcome_of(&report, "a request for a missing user"),
        Outcome::Passed
    );
    assert_eq!(provider.entries(), ["GET /users/99"]);
}

#[tokio::test]
async fn an_unreachable_provider_fails_each_interaction_naming_the_url() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        listener.local_addr().expect("local address").port()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "web-app-user-service.json", &user_pact());

    let report = Verifier::new("user-service", format!("http://127.0.0.1:{port}"))
        .timeout(Duration::from_secs(5))
        .verify(&[PactSource::file(pact)])
        .await;

    assert!(!report.is_ok(), "{report}");
    let message = failure_message(outcome_of(&report, "a request for user 42"));
    assert!(
        message.contains(&format!("http://127.0.0.1:{port}/users/42")),
        "{message}"
    );
    assert!(report.to_string().contains("2 failed"), "{report}");
}

#[tokio::test]
async fn a_malformed_pact_in_a_directory_is_reported_by_file_name_and_other_providers_are_skipped()
{
    let (provider, url) = start_provider().await;
    provider.seed(42, "Alice");
    let dir = tempfile::tempdir().expect("tempdir");
    write_pact(dir.path(), "web-app-user-service.json", &user_pact());
    std::fs::write(dir.path().join("broken.json"), "{ this is not json").expect("write");
    let other = pact_json("billing-service", vec![]);
    write_pact(dir.path(), "web-app-billing-service.json", &other);

    let report = Verifier::new("user-service", url)
        .verify(&[PactSource::dir(dir.path())])
        .await;

    assert!(!report.is_ok(), "{report}");
    let sources: Vec<&str> = report.pacts.iter().map(|p| p.source.as_str()).collect();
    assert_eq!(sources, ["broken.json", "web-app-user-service.json"]);
    assert!(report.pacts[0].load_error.is_some());
    assert!(report.to_string().contains("✘ broken.json\n"), "{report}");
    assert_eq!(report.interactions().count(), 2, "{report}");
}

#[tokio::test]
async fn a_wrong_response_body_fails_naming_the_field() {
    let (provider, url) = start_provider().await;
    provider.seed(42, "Bob");
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "web-app-user-service.json", &user_pact());

    let report = Verifier::new("user-service", url)
        .verify(&[PactSource::file(pact)])
        .await;

    assert!(!report.is_ok(), "{report}");
    let Outcome::Failed { mismatches, .. } = outcome_of(&report, "a request for user 42") else {
        panic!("expected a failure in:\n{report}");
    };
    assert!(
        mismatches
            .iter()
            .any(|m| m.kind == MismatchKind::Body && m.path == "$.name"),
        "{mismatches:?}"
    );
    assert!(report.to_string().contains("$.name"), "{report}");
}

#[tokio::test]
async fn query_values_reach_the_provider_exactly_as_the_pact_has_them() {
    let (_provider, url) = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = pact_json(
        "user-service",
        vec![json!({
            "description": "a search with reserved characters",
            "request": {"method": "GET", "path": "/search", "query": {"q": ["a b+c&d=é"]}},
            "response": {"status": 200, "body": {"q": "a b+c&d=é"}}
        })],
    );
    let pact = write_pact(dir.path(), "web-app-user-service.json", &pact);

    let report = Verifier::new("user-service", url)
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
}

#[tokio::test]
async fn messages_without_a_producer_are_asked_of_the_base_url_or_skipped_without_one() {
    let (provider, url) = start_provider().await;
    provider.seed(42, "Alice");
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": "user-service"},
        "interactions": [{
            "type": "Asynchronous/Messages",
            "description": "a user created event",
            "contents": {"content": {"id": 42}, "contentType": "application/json", "encoded": false},
            "metadata": {}
        }],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    });
    let pact = write_pact(dir.path(), "web-app-user-service.json", &pact);

    // The official verifier's convention: the message is POSTed to the base URL, which
    // this provider does not answer, so the interaction fails rather than being skipped.
    let asked = Verifier::new("user-service", url)
        .verify(&[PactSource::file(pact.clone())])
        .await;
    let skipped = Verifier::for_messages("user-service")
        .verify(&[PactSource::file(pact)])
        .await;

    match outcome_of(&asked, "a user created event").error_message() {
        Some(error) => assert!(
            error.contains("the message endpoint http://")
                && error.contains("`--message-endpoint`"),
            "{error}"
        ),
        other => panic!("{other:?}\n{asked}"),
    }
    assert!(asked.to_string().contains("0 passed, 1 failed"), "{asked}");
    assert!(
        matches!(
            outcome_of(&skipped, "a user created event"),
            Outcome::Skipped { reason } if reason.contains("no message producer")
        ),
        "{skipped}"
    );
    assert!(!skipped.is_ok(), "{skipped}");
    assert!(
        skipped
            .to_string()
            .starts_with("error: nothing was verified (1 interaction skipped)"),
        "{skipped}"
    );
}

#[tokio::test]
async fn a_provider_that_never_answers_times_out_naming_the_url() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    // Accepts connections and holds them open without ever answering.
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "web-app-user-service.json", &user_pact());

    let report = Verifier::new("user-service", &url)
        .timeout(Duration::from_millis(200))
        .verify(&[PactSource::file(pact)])
        .await;

    silent.abort();
    let message = failure_message(outcome_of(&report, "a request for a missing user"));
    assert_eq!(
        message,
        format!("no response from the provider at {url}/users/99 within 200ms")
    );
}
