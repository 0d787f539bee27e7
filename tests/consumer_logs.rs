//! What the mock server logs through `tracing`: its start and each request at DEBUG, whole
//! exchanges (request and response, with bodies) at TRACE, every line inside a span naming
//! the server's URL; the credentials a client sends show as `***`.
//!
//! A binary of its own with a single test: the subscriber is process-wide, because the
//! server logs from the threads of its runtime, not from the test's.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::matchers::like;
use pact_runtime::{json_pattern, mock_server::MockServer, model::Pact};
use serde_json::json;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::MakeWriter;

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        let bytes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The captured lines that contain every one of `needles`.
fn lines_with<'a>(log: &'a str, needles: &[&str]) -> Vec<&'a str> {
    log.lines()
        .filter(|line| needles.iter().all(|needle| line.contains(needle)))
        .collect()
}

#[test]
fn the_mock_server_logs_each_exchange_in_full_at_trace_inside_a_span_naming_the_server() {
    // Arrange
    let captured = Captured::default();
    tracing_subscriber::fmt()
        .with_max_level(LevelFilter::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .init();
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::builder(Pact::new("web-app", "user-service"))
        .output_dir(dir.path())
        .start()
        .expect("the mock server starts");
    Interaction::new("a request to create Alice")
        .request(Request::post("/users").json(json!({"name": "Alice"})))
        .response(Response::created().json(json_pattern!({"id": like(7), "name": like("Alice")})))
        .mount(&server);
    let url = server.url();
    let client = reqwest::blocking::Client::new();

    // Act
    let created = client
        .post(server.url_for("/users"))
        .bearer_auth("tok-secret-1")
        .json(&json!({"name": "Alice"}))
        .send()
        .expect("the mock server answers");
    let unexpected = client
        .get(server.url_for("/nowhere"))
        .basic_auth("ci", Some("pw-secret-2"))
        .header("Proxy-Authorization", "Bearer proxy-secret-3")
        .send()
        .expect("the mock server answers");
    let report = server.abandon();

    // Assert
    assert_eq!(created.status(), 201);
    assert_eq!(unexpected.status(), 500);
    assert_eq!(report.unexpected.len(), 1);
    let log = captured.text();
    let span = format!("mock_server{{url={url}}}");
    let started = lines_with(&log, &["DEBUG", "mock server started", &url]);
    assert_eq!(started.len(), 1, "one start line naming the URL in:\n{log}");
    let requests = lines_with(
        &log,
        &[
            "TRACE",
            &span,
            "mock server: request",
            "POST",
            "/users",
            "Alice",
        ],
    );
    assert_eq!(
        requests.len(),
        1,
        "the whole request, body included, in:\n{log}"
    );
    let responses = lines_with(
        &log,
        &[
            "TRACE",
            &span,
            "mock server: response",
            "status=201",
            "\"id\":7",
        ],
    );
    assert_eq!(
        responses.len(),
        1,
        "the whole response, body included, in:\n{log}"
    );
    let unexpected = lines_with(&log, &["DEBUG", &span, "unexpected request", "/nowhere"]);
    assert_eq!(unexpected.len(), 1, "the unexpected request in:\n{log}");
    // Credentials are logged as `***`, in whatever form the client sent them.
    let encoded_basic = "Y2k6cHctc2VjcmV0LTI="; // base64("ci:pw-secret-2")
    for secret in [
        "tok-secret-1",
        "pw-secret-2",
        encoded_basic,
        "proxy-secret-3",
    ] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
    let redacted = lines_with(
        &log,
        &[
            "TRACE",
            "mock server: request",
            r#""authorization":["***"]"#,
        ],
    );
    assert_eq!(
        redacted.len(),
        2,
        "both requests, credentials as ***:\n{log}"
    );
    assert_eq!(
        lines_with(
            &log,
            &["mock server: request", r#""proxy-authorization":["***"]"#]
        )
        .len(),
        1,
        "{log}"
    );
}
