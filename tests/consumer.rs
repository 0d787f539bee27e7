//! Consumer side end to end: builders → mock server → a real HTTP client → finish → pact.

use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::json_pattern;
use pact_runtime::matchers::{each_like, integer, like, term};
use pact_runtime::mock_server::MockServerError;
use pact_runtime::mock_server::PactFile;
use serde_json::{Value, json};

use pact_tests::server_in;

fn user_42() -> Interaction {
    Interaction::new("a request for user 42")
        .given("user 42 exists")
        .request(
            Request::get("/users/42")
                .query("fields", "name")
                .header("Accept", "application/json"),
        )
        .response(Response::ok().json(json_pattern!({
            "id": integer(42),
            "name": like("Alice"),
            "roles": each_like("admin", 1),
        })))
}

fn create_alice() -> Interaction {
    Interaction::new("a request to create Alice")
        .given("no users")
        .request(Request::post("/users").json(json!({"name": "Alice"})))
        .response(Response::created().json(json_pattern!({"id": integer(7)})))
}

fn verification_report(result: Result<PactFile, MockServerError>) -> String {
    match result {
        Err(MockServerError::Verification(report)) => report.to_string(),
        other => panic!("expected a verification failure, got {other:?}"),
    }
}

fn read_json(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).expect("the pact file exists");
    serde_json::from_str(&text).expect("the pact file is JSON")
}

#[test]
fn a_blocking_client_in_a_plain_test_gets_the_mounted_response() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    user_42().mount(&server);

    // Act
    let response = reqwest::blocking::Client::new()
        .get(server.url_for("/users/42?fields=name"))
        .header("Accept", "application/json")
        .send()
        .expect("the mock server answers");
    let status = response.status().as_u16();
    let content_type = response.headers()["content-type"].clone();
    let body: Value = response.json().expect("a JSON body");

    // Assert
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/json");
    assert_eq!(body, json!({"id": 42, "name": "Alice", "roles": ["admin"]}));
    server.finish().expect("the interaction was received");
}

#[tokio::test]
async fn an_async_client_on_a_current_thread_runtime_gets_the_mounted_response() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    create_alice().mount(&server);

    // Act
    let response = reqwest::Client::new()
        .post(server.url_for("/users"))
        .json(&json!({"name": "Alice"}))
        .send()
        .await
        .expect("the mock server answers");

    // Assert
    assert_eq!(response.status().as_u16(), 201);
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body, json!({"id": 7}));
    server.finish().expect("the interaction was received");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_async_client_on_a_multi_thread_runtime_gets_the_mounted_response() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    user_42().mount(&server);

    // Act
    let response = reqwest::Client::new()
        .get(server.url_for("/users/42"))
        .query(&[("fields", "name")])
        .header("Accept", "application/json")
        .send()
        .await
        .expect("the mock server answers");

    // Assert
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("a JSON body");
    assert_eq!(body["id"], 42);
    server.finish().expect("the interaction was received");
}

#[tokio::test]
async fn an_unmatched_request_gets_a_500_explaining_the_closest_interaction() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    create_alice().mount(&server);

    // Act
    let response = reqwest::Client::new()
        .post(server.url_for("/users"))
        .json(&json!({"name": "Bob"}))
        .send()
        .await
        .expect("the mock server answers");

    // Assert
    assert_eq!(response.status().as_u16(), 500);
    let body: Value = response.json().await.expect("a JSON explanation");
    assert_eq!(body["error"], "unexpected request");
    assert_eq!(body["request"]["method"], "POST");
    assert_eq!(body["request"]["path"], "/users");
    assert_eq!(body["request"]["body"], json!({"name": "Bob"}));
    assert_eq!(body["closest"]["description"], "a request to create Alice");
    let mismatches = body["closest"]["mismatches"]
        .as_array()
        .expect("a list of mismatches");
    assert!(
        mismatches.iter().any(|m| m["path"] == "$.name"),
        "{mismatches:?}"
    );
    let report = verification_report(server.finish());
    assert!(
        report.contains("unexpected request: POST /users"),
        "{report}"
    );
}

#[test]
fn a_request_never_received_makes_finish_fail_with_a_report_naming_the_interaction() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    user_42().mount(&server);

    // Act
    let report = verification_report(server.finish());

    // Assert
    assert!(
        report.contains(
            "expected request was not received: \"a request for user 42\" (given \"user 42 exists\")"
        ),
        "{report}"
    );
    assert!(
        std::fs::read_dir(dir.path())
            .expect("readable dir")
            .next()
            .is_none(),
        "no pact is written for a failed test"
    );
}

#[test]
fn a_mismatching_body_makes_finish_fail_naming_the_path_expected_and_found() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    create_alice().mount(&server);
    let client = reqwest::blocking::Client::new();

    // Act
    let status = client
        .post(server.url_for("/users"))
        .json(&json!({"name": "Bob"}))
        .send()
        .expect("the mock server answers")
        .status();
    let report = verification_report(server.finish());

    // Assert
    assert_eq!(status.as_u16(), 500);
    assert!(
        report.contains("unexpected request: POST /users"),
        "{report}"
    );
    assert!(
        report.contains("closest: interaction \"a request to create Alice\""),
        "{report}"
    );
    let line = report
        .lines()
        .find(|line| line.trim_start().starts_with("$.name"))
        .unwrap_or_else(|| panic!("no line for $.name in:\n{report}"));
    assert!(line.contains("Alice") && line.contains("Bob"), "{report}");
}

#[test]
fn finish_writes_a_pact_with_the_interactions_provider_states_and_matching_rules() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    user_42().mount(&server);
    Interaction::new("a request for an order")
        .given_with_params("an order exists", json!({"id": 3}))
        .request(
            Request::get(term("/orders/3", r"^/orders/\d+$"))
                .header("X-Trace", term("abc-1", r"^[a-z]+-\d+$")),
        )
        .response(Response::ok().json(json_pattern!({"id": integer(3)})))
        .mount(&server);
    let client = reqwest::blocking::Client::new();
    client
        .get(server.url_for("/users/42?fields=name"))
        .header("Accept", "application/json")
        .send()
        .expect("the mock server answers");
    client
        .get(server.url_for("/orders/3"))
        .header("X-Trace", "abc-1")
        .send()
        .expect("the mock server answers");

    // Act
    let pact_file = server.finish().expect("verification passes");

    // Assert
    assert_eq!(pact_file.path, dir.path().join("web-app-user-service.json"));
    let pact = read_json(&pact_file.path);
    assert_eq!(pact["consumer"]["name"], "web-app");
    assert_eq!(pact["provider"]["name"], "user-service");
    let interactions = pact["interactions"].as_array().expect("interactions");
    assert_eq!(interactions.len(), 2);
    let by_description = |description: &str| -> &Value {
        interactions
            .iter()
            .find(|i| i["description"] == description)
            .unwrap_or_else(|| panic!("no interaction {description:?} in {pact:#}"))
    };
    let user = by_description("a request for user 42");
    assert_eq!(user["providerStates"][0]["name"], "user 42 exists");
    assert_eq!(user["request"]["path"], "/users/42");
    let rules = &user["response"]["matchingRules"]["body"];
    assert_eq!(rules["$.id"]["matchers"][0]["match"], "integer", "{pact:#}");
    assert_eq!(rules["$.name"]["matchers"][0]["match"], "type");
    assert_eq!(rules["$.roles"]["matchers"][0]["min"], 1);
    let order = by_description("a request for an order");
    assert_eq!(order["providerStates"][0]["params"], json!({"id": 3}));
    assert_eq!(
        order["request"]["matchingRules"]["path"]["matchers"][0]["regex"], r"^/orders/\d+$",
        "{pact:#}"
    );
    assert_eq!(
        order["request"]["matchingRules"]["header"]["X-Trace"]["matchers"][0]["regex"],
        r"^[a-z]+-\d+$",
        "{pact:#}"
    );
    let model = pact_runtime::model::file::load(&pact_file.path).expect("the pact loads back");
    assert_eq!(model.interactions.len(), 2);
}

#[test]
fn the_same_request_under_two_provider_states_hits_each_interaction_once() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    for state in ["user 42 exists", "user 42 is an admin"] {
        Interaction::new("a request for user 42")
            .given(state)
            .request(Request::get("/users/42"))
            .response(Response::ok())
            .mount(&server);
    }
    let client = reqwest::blocking::Client::new();

    // Act
    for _ in 0..2 {
        client
            .get(server.url_for("/users/42"))
            .send()
            .expect("the mock server answers");
    }

    // Assert
    server.finish().expect("both interactions were received");
}

#[test]
fn two_servers_run_in_parallel_on_their_own_ports() {
    // Arrange
    let dir_a = tempfile::tempdir().expect("tempdir");
    let dir_b = tempfile::tempdir().expect("tempdir");
    let first = server_in(&dir_a);
    let second = server_in(&dir_b);
    user_42().mount(&first);
    create_alice().mount(&second);

    // Act
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| {
            reqwest::blocking::Client::new()
                .get(first.url_for("/users/42?fields=name"))
                .header("Accept", "application/json")
                .send()
                .expect("the first server answers")
                .status()
        });
        let b = scope.spawn(|| {
            reqwest::blocking::Client::new()
                .post(second.url_for("/users"))
                .json(&json!({"name": "Alice"}))
                .send()
                .expect("the second server answers")
                .status()
        });
        (a.join().expect("thread a"), b.join().expect("thread b"))
    });

    // Assert
    assert_ne!(first.url(), second.url());
    assert_eq!((a.as_u16(), b.as_u16()), (200, 201));
    first
        .finish()
        .expect("the first server saw its interaction");
    second
        .finish()
        .expect("the second server saw its interaction");
}

#[test]
#[should_panic(expected = "dropped without finish(), so it was checked on drop: ")]
fn dropping_a_server_without_finish_panics_with_the_report() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    user_42().mount(&server);

    // Act
    drop(server);
}

#[test]
fn an_oversized_request_body_gets_a_413_and_fails_finish() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    let body = vec![b'x'; 17 * 1024 * 1024];

    // Act
    let status = reqwest::blocking::Client::new()
        .post(server.url_for("/upload"))
        .header("Content-Type", "application/octet-stream")
        .body(body)
        .send()
        .expect("the mock server answers")
        .status();
    let report = verification_report(server.finish());

    // Assert
    assert_eq!(status.as_u16(), 413);
    assert!(
        report.contains("unexpected request: POST /upload"),
        "{report}"
    );
}

/// Set for the child run of the test below.
const CHILD_PANICS: &str = "PACT_TESTS_CHILD_PANICS";

#[test]
fn a_test_that_panics_shows_what_its_unfinished_server_saw_and_writes_nothing() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child =
        std::process::Command::new(std::env::current_exe().expect("the path of this test binary"));
    child
        .args([
            "--ignored",
            "--exact",
            "child_panics_after_an_unexpected_request",
            "--nocapture",
        ])
        .env(CHILD_PANICS, dir.path());

    // Act
    let output = child.output().expect("the child test runs");

    // Assert
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("test result: ok. 1 passed"),
        "the child test did not run as expected:\n{stdout}\n{stderr}"
    );
    assert!(
        stderr.contains("unexpected request: GET /users/7")
            && stderr.contains("expected request was not received: \"a request for user 42\""),
        "the report is on standard error beside the panic:\n{stderr}"
    );
    assert!(
        std::fs::read_dir(dir.path())
            .expect("the pact dir")
            .next()
            .is_none(),
        "no pact is written for a failed test"
    );
}

#[test]
#[ignore = "the child process of a_test_that_panics_shows_what_its_unfinished_server_saw_and_writes_nothing"]
#[should_panic(expected = "the client's own assertion failed")]
fn child_panics_after_an_unexpected_request() {
    let dir = std::path::PathBuf::from(std::env::var_os(CHILD_PANICS).expect("run by the parent"));
    let server = pact_runtime::mock_server::MockServer::builder(pact_runtime::model::Pact::new(
        "web-app",
        "user-service",
    ))
    .output_dir(&dir)
    .start()
    .expect("the mock server starts");
    user_42().mount(&server);
    let status = reqwest::blocking::get(server.url_for("/users/7"))
        .expect("the mock server answers")
        .status();
    assert_eq!(status, 200, "the client's own assertion failed");
}
