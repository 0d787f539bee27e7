//! The mock server's options and edges, end to end (TLS is in `consumer_tls.rs`): CORS
//! pre-flights, a chosen port, generators in responses, the documented failure reports,
//! query encodings (FC-07), oversized and malformed requests, abandoning a server, and
//! where servers run (a chosen port freed at `finish`, a blocking client inside a
//! current-thread runtime, a fixed set of threads for many servers).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::mock_server::MockServerError;
use pact_runtime::mock_server::{MockServer, PactFile};
use pact_runtime::model::{Category, DocPath, Generator, Pact};
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
        .response(Response::ok().json(json!({"id": 42, "name": "Alice"})))
}

fn verification_report(result: Result<PactFile, MockServerError>) -> String {
    match result {
        Err(MockServerError::Verification(report)) => report.to_string(),
        other => panic!("expected a verification failure, got {other:?}"),
    }
}

/// A port that was free a moment ago (the probe's listener is closed at once).
fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    probe.local_addr().expect("an address").port()
}

/// A server on `port` writing into `dir`, with the health check mounted; `round` names
/// the attempt in a failure.
fn health_check_on(dir: &tempfile::TempDir, port: u16, round: usize) -> MockServer {
    let server = MockServer::builder(Pact::new("web-app", "user-service"))
        .output_dir(dir.path())
        .port(port)
        .start()
        .unwrap_or_else(|error| panic!("round {round}: {error}"));
    health_check().mount(&server);
    server
}

/// A raw HTTP/1.1 exchange: `request` as bytes on a fresh connection, the whole answer
/// back (the request should ask for `Connection: close`).
fn raw_exchange(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).expect("the mock server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    stream.write_all(request).expect("the request is sent");
    let mut answer = Vec::new();
    // A reset after the answer is fine: what was read is what matters.
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// `GET target` sent exactly as written (no client re-encoding): status and body.
fn raw_get(addr: SocketAddr, target: &str) -> (u16, String) {
    let answer = raw_exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn with_cors_a_preflight_is_answered_and_not_recorded_and_responses_allow_the_origin() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::builder(Pact::new("web-app", "user-service"))
        .output_dir(dir.path())
        .cors()
        .start()
        .expect("the mock server starts");
    Interaction::new("a request to update user 42")
        .request(Request::new("PUT", "/users/42").json(json!({"name": "Bob"})))
        .response(Response::no_content())
        .mount(&server);
    let client = reqwest::blocking::Client::new();

    // Act
    let preflight = client
        .request(reqwest::Method::OPTIONS, server.url_for("/users/42"))
        .header("Origin", "http://app.test")
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "content-type")
        .send()
        .expect("the pre-flight is answered");
    let actual = client
        .put(server.url_for("/users/42"))
        .header("Origin", "http://app.test")
        .json(&json!({"name": "Bob"}))
        .send()
        .expect("the request is answered");

    // Assert
    assert_eq!(preflight.status().as_u16(), 204);
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "http://app.test");
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .expect("text")
            .contains("PUT")
    );
    assert_eq!(headers["access-control-allow-headers"], "content-type");
    assert_eq!(actual.status().as_u16(), 204);
    assert_eq!(
        actual.headers()["access-control-allow-origin"],
        "http://app.test"
    );
    server
        .finish()
        .expect("the pre-flight is not an unexpected request");
}

#[test]
fn without_cors_a_preflight_is_an_unexpected_request() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);

    // Act
    let status = reqwest::blocking::Client::new()
        .request(reqwest::Method::OPTIONS, server.url_for("/users/42"))
        .header("Origin", "http://app.test")
        .header("Access-Control-Request-Method", "PUT")
        .send()
        .expect("the mock server answers")
        .status();

    // Assert
    assert_eq!(status.as_u16(), 500);
    let report = verification_report(server.finish());
    assert!(
        report.contains("unexpected request: OPTIONS /users/42"),
        "{report}"
    );
}

#[test]
fn a_server_listens_on_the_port_it_is_given() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();

    // Act
    let server = MockServer::builder(Pact::new("web-app", "user-service"))
        .output_dir(dir.path())
        .port(port)
        .start()
        .expect("the mock server starts on the chosen port");
    Interaction::new("a health check")
        .request(Request::get("/health"))
        .response(Response::ok())
        .mount(&server);
    let (status, _) = raw_get(server.address(), "/health");

    // Assert
    assert_eq!(server.address().port(), port);
    assert_eq!(server.url(), format!("http://127.0.0.1:{port}"));
    assert_eq!(status, 200);
    server.finish().expect("the interaction was received");
}

#[test]
fn a_port_already_taken_is_a_bind_error_naming_the_address() {
    // Arrange
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("an address").port();

    // Act
    let result = MockServer::builder(Pact::new("web-app", "user-service"))
        .port(port)
        .start();

    // Assert
    match result {
        Err(error @ MockServerError::Bind { address, .. }) => {
            assert_eq!(address.port(), port);
            assert!(
                error.to_string().starts_with(&format!(
                    "cannot start the mock server: cannot bind 127.0.0.1:{port}: "
                )),
                "{error}"
            );
        }
        other => panic!("expected a bind error, got {other:?}"),
    }
}

#[test]
fn mock_server_url_generators_in_responses_yield_this_servers_url() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    let mut interaction = Interaction::new("a request to create an order")
        .request(Request::post("/orders"))
        .response(
            Response::created()
                .header("Location", "http://localhost:8080/orders/1")
                .json(json!({"id": 1, "link": "http://localhost:8080/orders/1"})),
        )
        .into_model();
    let generator = Generator::MockServerUrl {
        example: "http://localhost:8080/orders/1".to_owned(),
        regex: r".*(/orders/\d+)$".to_owned(),
    };
    let generators = &mut interaction.response.generators;
    generators.add(
        Category::Body,
        "$.link".parse::<DocPath>().expect("a path"),
        generator.clone(),
    );
    generators.add(
        Category::Header,
        DocPath::root().join_field("Location"),
        generator,
    );
    server.mount(interaction);

    // Act
    let response = reqwest::blocking::Client::new()
        .post(server.url_for("/orders"))
        .send()
        .expect("the mock server answers");
    let location = response.headers()["location"].clone();
    let body: Value = response.json().expect("a JSON body");

    // Assert
    let expected = format!("{}/orders/1", server.url());
    assert_eq!(location, expected.as_str());
    assert_eq!(body, json!({"id": 1, "link": expected}));
    let pact = server.finish().expect("the interaction was received");
    let written = std::fs::read_to_string(pact.path).expect("the pact file");
    assert!(
        written.contains("http://localhost:8080/orders/1"),
        "the pact keeps the example, not the generated value:\n{written}"
    );
}

#[test]
fn an_unexpected_request_gives_the_documented_report() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    Interaction::new("a request to create Alice")
        .given("no users")
        .request(
            Request::post("/users")
                .header("X-Trace", "abc")
                .json(json!({"name": "Alice", "role": "admin"})),
        )
        .response(Response::created())
        .mount(&server);
    let client = reqwest::blocking::Client::new();
    for name in ["Bob", "Alice"] {
        client
            .post(server.url_for("/users"))
            .header("X-Trace", "abc")
            .json(&json!({"name": name, "role": "admin"}))
            .send()
            .expect("the mock server answers");
    }
    let url = server.url();

    // Act
    let report = verification_report(server.finish()).replace(&url, "http://127.0.0.1:PORT");

    // Assert
    assert_eq!(
        report,
        r#"mock server http://127.0.0.1:PORT failed verification (1 problem):
  unexpected request: POST /users
    closest: interaction "a request to create Alice" (given "no users"):
      $.name  expected "Alice", found "Bob"
      body diff of the mismatches (-expected, +actual):
        --- expected
        +++ actual
        @@ -1,4 +1,4 @@
         {
        -  "name": "Alice",
        +  "name": "Bob",
           "role": "admin"
         }"#
    );
}

#[test]
fn a_missing_interaction_gives_the_documented_report() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    user_42().mount(&server);
    Interaction::new("a health check")
        .request(Request::get("/health"))
        .response(Response::ok())
        .mount(&server);
    raw_get(server.address(), "/health");
    let url = server.url();

    // Act
    let report = verification_report(server.finish()).replace(&url, "http://127.0.0.1:PORT");

    // Assert
    assert_eq!(
        report,
        r#"mock server http://127.0.0.1:PORT failed verification (1 problem):
  expected request was not received: "a request for user 42" (given "user 42 exists")
    request: GET /users/42?fields=name"#
    );
    assert!(
        std::fs::read_dir(dir.path())
            .expect("a dir")
            .next()
            .is_none(),
        "no pact is written for a failed test"
    );
}

#[test]
fn fc07_plus_and_percent_twenty_both_match_a_space_and_percent_2b_is_a_literal_plus() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    Interaction::new("a sorted, filtered list")
        .request(
            Request::get("/items")
                .query("$orderby", "CreatedAt desc")
                .query("$filter", "(IsGroupHeader eq false)"),
        )
        .response(Response::ok())
        .mount(&server);
    let addr = server.address();

    // Act
    let (first, _) = raw_get(
        addr,
        "/items?%24orderby=CreatedAt+desc&%24filter=%28IsGroupHeader%20eq%20false%29",
    );
    let (second, _) = raw_get(
        addr,
        "/items?$orderby=CreatedAt%20desc&$filter=(IsGroupHeader+eq+false)",
    );
    let (third, explanation) = raw_get(
        addr,
        "/items?$orderby=CreatedAt%2Bdesc&$filter=(IsGroupHeader+eq+false)",
    );

    // Assert
    assert_eq!((first, second, third), (200, 200, 500));
    let explanation: Value = serde_json::from_str(&explanation).expect("a JSON explanation");
    let mismatches = explanation["closest"]["mismatches"]
        .as_array()
        .expect("mismatches");
    assert_eq!(mismatches.len(), 1, "{explanation:#}");
    assert_eq!(mismatches[0]["path"], "query $orderby");
    assert!(
        mismatches[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("CreatedAt desc") && m.contains("CreatedAt+desc")),
        "{explanation:#}"
    );
    let report = verification_report(server.finish());
    assert!(
        report.contains("unexpected request: GET /items?$filter=(IsGroupHeader eq false)&$orderby=CreatedAt+desc"),
        "{report}"
    );
}

#[test]
fn a_20_mb_body_gets_a_413_and_the_report_says_why() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    let body = vec![b'x'; 20 * 1024 * 1024];

    // Act
    let response = reqwest::blocking::Client::new()
        .post(server.url_for("/upload"))
        .header("Content-Type", "application/octet-stream")
        .body(body)
        .send()
        .expect("the mock server answers with a status, not a reset");
    let status = response.status().as_u16();
    let explanation: Value = response.json().expect("a JSON explanation");
    let report = verification_report(server.finish());

    // Assert
    assert_eq!(status, 413);
    assert_eq!(explanation["error"], "request body too large");
    assert!(
        report.contains(
            "unexpected request: POST /upload\n    refused: the body is larger than the limit of 16777216 bytes"
        ),
        "{report}"
    );
}

#[test]
fn a_malformed_request_does_not_bring_the_server_down() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    Interaction::new("a health check")
        .request(Request::get("/health"))
        .response(Response::ok())
        .mount(&server);
    let addr = server.address();

    // Act
    let garbage = raw_exchange(addr, b"\x00\x01 NOT HTTP AT ALL\r\n\r\n");
    let bad_header = raw_exchange(addr, b"GET /health HTTP/1.1\r\nHost\r\n\r\n");
    let (status, _) = raw_get(addr, "/health");

    // Assert
    assert!(
        garbage.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{garbage:?}"
    );
    assert!(
        bad_header.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{bad_header:?}"
    );
    assert_eq!(status, 200);
    server.finish().expect("the server kept working");
}

#[test]
fn abandoning_a_server_writes_nothing_does_not_panic_and_returns_the_report() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    user_42().mount(&server);
    raw_get(server.address(), "/nowhere");

    // Act
    let report = server.abandon();

    // Assert
    assert_eq!(report.missing.len(), 1);
    assert_eq!(report.unexpected.len(), 1);
    assert_eq!(report.unexpected[0].request.path, "/nowhere");
    assert!(
        std::fs::read_dir(dir.path())
            .expect("a dir")
            .next()
            .is_none(),
        "an abandoned server writes no pact"
    );
}

/// A health-check interaction answered with `200`.
fn health_check() -> Interaction {
    Interaction::new("a health check")
        .request(Request::get("/health"))
        .response(Response::ok())
}

/// Starts, uses and ends 40 servers one after another on one chosen port, with no pause
/// between them, alternately with the quickest end (no check, no file) and `finish`.
fn forty_servers_in_a_row_on_one_port() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();

    for round in 0..40 {
        // Act
        let server = health_check_on(&dir, port, round);
        let (status, _) = raw_get(server.address(), "/health");

        // Assert
        assert_eq!(status, 200, "round {round}");
        if round % 2 == 0 {
            assert!(server.abandon().is_empty(), "round {round}");
        } else {
            server
                .finish()
                .unwrap_or_else(|error| panic!("round {round}: {error}"));
        }
    }
}

#[test]
fn a_chosen_port_is_free_again_as_soon_as_the_server_ends() {
    forty_servers_in_a_row_on_one_port();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_port_is_free_again_as_soon_as_the_server_ends_inside_a_multi_thread_runtime() {
    forty_servers_in_a_row_on_one_port();
}

#[tokio::test]
async fn a_blocking_client_inside_a_current_thread_runtime_does_not_deadlock() {
    // Arrange: the runtime's only thread is this test's, and the client below blocks it.
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    health_check().mount(&server);

    // Act
    let (status, _) = raw_get(server.address(), "/health");

    // Assert
    assert_eq!(status, 200);
    server.finish().expect("the interaction was received");
}

/// The threads of this process, from `/proc/self/task`.
#[cfg(target_os = "linux")]
fn thread_count() -> usize {
    std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task lists the threads")
        .count()
}

#[cfg(target_os = "linux")]
#[test]
fn fifty_servers_at_once_outside_a_runtime_share_a_fixed_set_of_threads() {
    // Arrange: the shared runtime exists once a server has started.
    let dir = tempfile::tempdir().expect("tempdir");
    let first = server_in(&dir);
    let _ = first.abandon();
    let before = thread_count();

    // Act
    let servers: Vec<MockServer> = (0..50)
        .map(|_| {
            let server = server_in(&dir);
            health_check().mount(&server);
            server
        })
        .collect();
    let during = thread_count();
    for server in &servers {
        assert_eq!(raw_get(server.address(), "/health").0, 200);
    }

    // Assert: other tests of this binary run in parallel and have threads of their own, so
    // the bound leaves room for them; one thread per server would add 50.
    assert!(
        during < before + 20,
        "{before} threads before 50 servers started, {during} with them running"
    );
    for server in servers {
        server.finish().expect("the interaction was received");
    }
}

#[test]
fn a_response_whose_generator_fails_is_a_problem_of_the_report_not_just_a_500() {
    // Arrange: a generator the mock server cannot run, put straight into the model (the
    // builders refuse it at construction).
    let dir = tempfile::tempdir().expect("tempdir");
    let server = server_in(&dir);
    let mut interaction = Interaction::new("a token")
        .request(Request::get("/token"))
        .response(Response::ok().json(json!({"token": "ab"})))
        .into_model();
    interaction.response.generators.add(
        Category::Body,
        "$.token".parse::<DocPath>().expect("a path"),
        Generator::Regex {
            regex: r"^(a)\1$".to_owned(),
        },
    );
    server.mount(interaction);

    // Act
    let (status, body) = raw_get(server.address(), "/token");
    let result = server.finish();

    // Assert
    assert_eq!(status, 500, "{body}");
    let report = verification_report(result);
    assert!(
        report.contains("response could not be served: \"a token\"\n    request: GET /token\n    reason: cannot generate the response: "),
        "{report}"
    );
}

#[tokio::test]
async fn one_async_client_reused_across_servers_on_a_chosen_port_never_meets_a_stale_connection() {
    // Arrange: one pooling client for every round, as a test suite's shared client is; on
    // a current-thread runtime its pool is not polled between rounds.
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let client = reqwest::Client::new();

    for round in 0..5 {
        let server = health_check_on(&dir, port, round);

        // Act
        let response = client
            .get(server.url_for("/health"))
            .send()
            .await
            .unwrap_or_else(|error| panic!("round {round}: {error}"));

        // Assert
        assert_eq!(response.status(), 200, "round {round}");
        server
            .finish()
            .unwrap_or_else(|error| panic!("round {round}: {error}"));
    }
}

#[test]
fn a_server_whose_runtime_was_shut_down_says_so_in_the_report() {
    // Arrange: a server on a multi-thread runtime the test drops before finishing.
    let dir = tempfile::tempdir().expect("tempdir");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime");
    let server = runtime.block_on(async { server_in(&dir) });
    health_check().mount(&server);

    // Act
    drop(runtime);
    let result = server.finish();

    // Assert
    let report = verification_report(result);
    assert!(
        report.contains("expected request was not received: \"a health check\""),
        "{report}"
    );
    assert!(
        report.contains("note: the server stopped serving before finish: the Tokio runtime"),
        "{report}"
    );
}
