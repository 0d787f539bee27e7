//! The harness macros end to end: `#[pact_consumer]` tests that pass write their pact,
//! tests that fail (panic, return an error, miss an interaction) write nothing and fail
//! with the reason (`#[pact_provider]` is tested in `harness_provider.rs`).
//!
//! Most macro-generated tests here are `#[ignore]`d and called from an ordinary test,
//! which then checks what they did (the pact file, the panic message): the generated
//! function is an ordinary `fn()` as well as a test.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use pact_runtime::prelude::*;
use serde_json::{Value, json};

/// A directory of its own for each test under cargo's scratch space, emptied first.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("harness")
        .join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("empty the output directory");
    }
    dir
}

/// The pacts written to `dir`, as JSON.
fn pacts_in(dir: &Path) -> Vec<Value> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|entry| {
            let path = entry.expect("directory entry").path();
            let text = std::fs::read_to_string(&path).expect("read the pact");
            serde_json::from_str(&text).expect("the pact is JSON")
        })
        .collect()
}

fn panic_message(payload: Box<dyn Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

/// Runs a generated test and returns its panic message.
fn expect_panic(test: fn()) -> String {
    match catch_unwind(test) {
        Ok(()) => panic!("the generated test passed but should have failed"),
        Err(payload) => panic_message(payload),
    }
}

/// The path `#[pact_consumer(output_dir = …)]` points the tests below at.
macro_rules! out {
    ($name:literal) => {
        concat!(env!("CARGO_TARGET_TMPDIR"), "/harness/", $name)
    };
}

fn health_check(server: &MockServer) {
    Interaction::new("a health check")
        .request(Request::get("/health"))
        .response(Response::ok())
        .mount(server);
}

mod generated {
    use super::*;

    /// A re-export, as a crate wrapping pact_runtime would have; `crate = "…"` points at it.
    pub mod reexport {
        pub use pact_runtime::*;
    }

    #[ignore = "run by a_passing_sync_consumer_test_writes_its_pact"]
    #[pact_consumer(consumer = "sync-app", provider = "harness-provider", output_dir = out!("sync"))]
    pub fn sync_consumer(server: &MockServer) {
        health_check(server);

        let response = reqwest::blocking::get(server.url_for("/health")).expect("GET /health");

        assert_eq!(response.status(), 200);
    }

    #[ignore = "run by a_passing_async_consumer_test_writes_its_pact_in_the_chosen_spec_version"]
    #[pact_consumer(
        consumer = "async-app",
        provider = "harness-provider",
        spec = "V3",
        output_dir = out!("async"),
        crate = "crate::generated::reexport"
    )]
    pub async fn async_consumer(server: &MockServer) -> Result<(), reqwest::Error> {
        Interaction::new("a request for user 42")
            .given("user 42 exists")
            .request(Request::get("/users/42"))
            .response(Response::ok().json(json!({"id": 42, "name": "Alice"})))
            .mount(server);

        let user: Value = reqwest::get(server.url_for("/users/42"))
            .await?
            .json()
            .await?;

        assert_eq!(user["name"], "Alice");
        Ok(())
    }

    #[ignore = "run by a_panicking_consumer_test_writes_nothing_and_panics_once"]
    #[pact_consumer(consumer = "panicking-app", provider = "harness-provider", output_dir = out!("panics"))]
    pub fn panicking_consumer(server: &MockServer) {
        health_check(server);
        let _ = reqwest::blocking::get(server.url_for("/not-mounted"));
        panic!("the client misbehaved");
    }

    #[ignore = "run by a_consumer_test_returning_an_error_writes_nothing"]
    #[pact_consumer(consumer = "erring-app", provider = "harness-provider", output_dir = out!("errs"))]
    pub async fn erring_consumer(server: &MockServer) -> Result<(), String> {
        health_check(server);
        reqwest::get(server.url_for("/health"))
            .await
            .map_err(|e| e.to_string())?;
        Err("the user list was empty".to_owned())
    }

    #[ignore = "run by a_missed_interaction_fails_the_test_with_the_report"]
    #[pact_consumer(consumer = "forgetful-app", provider = "harness-provider", output_dir = out!("missed"))]
    pub fn forgetful_consumer(server: &MockServer) {
        health_check(server);
    }
}

#[test]
fn a_passing_sync_consumer_test_writes_its_pact() {
    let dir = fresh_dir("sync");

    generated::sync_consumer();

    let pacts = pacts_in(&dir);
    assert_eq!(pacts.len(), 1, "{pacts:?}");
    assert_eq!(pacts[0]["consumer"]["name"], "sync-app");
    assert_eq!(pacts[0]["provider"]["name"], "harness-provider");
    assert_eq!(pacts[0]["interactions"][0]["description"], "a health check");
    assert_eq!(pacts[0]["metadata"]["pactSpecification"]["version"], "4.0");
}

#[test]
fn a_passing_async_consumer_test_writes_its_pact_in_the_chosen_spec_version() {
    let dir = fresh_dir("async");

    generated::async_consumer();

    let pacts = pacts_in(&dir);
    assert_eq!(pacts.len(), 1, "{pacts:?}");
    assert_eq!(pacts[0]["consumer"]["name"], "async-app");
    assert_eq!(
        pacts[0]["metadata"]["pactSpecification"]["version"],
        "3.0.0"
    );
    let interaction = &pacts[0]["interactions"][0];
    assert_eq!(interaction["providerStates"][0]["name"], "user 42 exists");
    assert_eq!(interaction["response"]["body"]["name"], "Alice");
}

#[test]
fn a_panicking_consumer_test_writes_nothing_and_panics_once() {
    let dir = fresh_dir("panics");

    let message = expect_panic(generated::panicking_consumer);

    // The test's own panic comes through unchanged: the server added none of its own.
    assert_eq!(message, "the client misbehaved");
    assert!(pacts_in(&dir).is_empty());
}

#[test]
fn a_consumer_test_returning_an_error_writes_nothing() {
    let dir = fresh_dir("errs");

    let message = expect_panic(generated::erring_consumer);

    assert_eq!(
        message,
        "the test returned an error, so no pact was written: \"the user list was empty\""
    );
    assert!(pacts_in(&dir).is_empty());
}

#[test]
fn a_missed_interaction_fails_the_test_with_the_report() {
    let dir = fresh_dir("missed");

    let message = expect_panic(generated::forgetful_consumer);

    assert!(message.contains("a health check"), "{message}");
    assert!(pacts_in(&dir).is_empty());
}

#[test]
fn the_consumer_shim_writes_nothing_when_its_body_panics() {
    let dir = fresh_dir("shim");
    let server = MockServer::builder(Pact::new("shim-app", "harness-provider")).output_dir(&dir);

    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pact_runtime::__private::run_consumer(server, |server| {
            health_check(server);
            panic!("inside the body")
        });
    }));

    assert_eq!(
        outcome.err().map(panic_message).as_deref(),
        Some("inside the body")
    );
    assert!(pacts_in(&dir).is_empty());
}

/// An HTTPS request with `method` and `headers` to the TLS mock server, trusting only its
/// authority: the status.
async fn https_status(
    server: &MockServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> u16 {
    use http_body_util::Empty;
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;

    let config = server.tls_client_config().expect("a TLS server");
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_only()
        .enable_http1()
        .build();
    let client: Client<_, Empty<bytes::Bytes>> =
        Client::builder(TokioExecutor::new()).build(connector);
    let mut request = http::Request::builder()
        .method(method)
        .uri(server.url_for(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Empty::new()).expect("a request");
    client
        .request(request)
        .await
        .expect("the TLS mock server answers")
        .status()
        .as_u16()
}

#[pact_consumer(
    consumer = "tls-app",
    provider = "harness-provider",
    tls = true,
    cors = true,
    output_dir = out!("tls")
)]
async fn the_tls_and_cors_keys_give_the_test_an_https_server_answering_preflights(
    server: &MockServer,
) {
    health_check(server);

    let preflight = https_status(
        server,
        "OPTIONS",
        "/health",
        &[
            ("Origin", "https://app.example"),
            ("Access-Control-Request-Method", "GET"),
        ],
    )
    .await;
    let status = https_status(server, "GET", "/health", &[]).await;

    assert!(
        server.url().starts_with("https://127.0.0.1:"),
        "{}",
        server.url()
    );
    assert_eq!(preflight, 204, "a CORS pre-flight is answered");
    assert_eq!(status, 200);
}
