//! A small provider for the verifier suites: an axum app on 127.0.0.1:0 that records what
//! it is asked, serves pacts for URL sources, and answers state-change calls.

#![allow(dead_code)] // each suite uses its own part of the helpers

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

/// What happened, in order, across the provider and the test's handlers.
#[derive(Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn push(&self, entry: impl Into<String>) {
        self.0.lock().expect("log lock").push(entry.into());
    }

    pub fn entries(&self) -> Vec<String> {
        self.0.lock().expect("log lock").clone()
    }
}

/// The provider's shared state.
#[derive(Clone, Default)]
pub struct Provider {
    pub url: String,
    pub log: Log,
    /// Status the state-change endpoint answers with (200 unless set).
    state_status: Arc<AtomicU16>,
    /// Pacts served at `/pacts/{name}`: status and body.
    pacts: Arc<Mutex<HashMap<String, (u16, String)>>>,
    /// The `Authorization` value `/pacts/…` requires, if any.
    pact_auth: Arc<Mutex<Option<String>>>,
    in_flight: Arc<AtomicUsize>,
    /// The most requests seen at once on `/slow/…`.
    pub max_in_flight: Arc<AtomicUsize>,
}

impl Provider {
    /// A provider record for a server the test starts itself at `url`.
    pub fn at(url: String) -> Self {
        Provider {
            url,
            ..Provider::default()
        }
    }

    pub fn answer_state_changes_with(&self, status: u16) {
        self.state_status.store(status, Ordering::SeqCst);
    }

    pub fn serve_pact(&self, name: &str, status: u16, body: impl Into<String>) {
        self.pacts
            .lock()
            .expect("pacts lock")
            .insert(name.to_owned(), (status, body.into()));
    }

    pub fn require_pact_auth(&self, value: &str) {
        *self.pact_auth.lock().expect("auth lock") = Some(value.to_owned());
    }
}

fn header(headers: &HeaderMap, name: &str) -> String {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned()
}

async fn user(
    State(provider): State<Provider>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Json<Value> {
    provider.log.push(format!(
        "provider GET /users/{id} auth={}",
        header(&headers, "authorization")
    ));
    Json(json!({"id": id, "name": "Alice"}))
}

async fn api_user(State(provider): State<Provider>, UrlPath(id): UrlPath<String>) -> Json<Value> {
    provider.log.push(format!("provider GET /api/users/{id}"));
    Json(json!({"id": id}))
}

async fn slow(State(provider): State<Provider>, UrlPath(id): UrlPath<u32>) -> Json<Value> {
    let now = provider.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    provider.max_in_flight.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(50)).await;
    provider.in_flight.fetch_sub(1, Ordering::SeqCst);
    Json(json!({"id": id}))
}

async fn state_change(
    State(provider): State<Provider>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    provider.log.push(format!(
        "state-change query={} body={body}",
        query.unwrap_or_default()
    ));
    let status = match provider.state_status.load(Ordering::SeqCst) {
        0 => 200,
        status => status,
    };
    let status = StatusCode::from_u16(status).expect("a status code");
    if status.is_success() {
        (status, Json(json!({"id": "6000"}))).into_response()
    } else {
        (status, "the database is down").into_response()
    }
}

async fn pact(
    State(provider): State<Provider>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let required = provider.pact_auth.lock().expect("auth lock").clone();
    if let Some(required) = required
        && header(&headers, "authorization") != required
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let served = provider
        .pacts
        .lock()
        .expect("pacts lock")
        .get(&name)
        .cloned();
    match served {
        Some((status, body)) => (
            StatusCode::from_u16(status).expect("a status code"),
            [("content-type", "application/json")],
            body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The provider's routes, for a plain or a TLS listener.
pub fn router(provider: Provider) -> axum::Router {
    axum::Router::new()
        .route("/users/{id}", get(user))
        .route("/api/users/{id}", get(api_user))
        .route("/slow/{id}", get(slow))
        .route("/state", post(state_change))
        .route("/pacts/{name}", get(pact))
        .with_state(provider)
}

/// Starts the provider on a free port, as a task on the test's runtime.
pub async fn start() -> Provider {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let provider = Provider {
        url: format!("http://{}", listener.local_addr().expect("local address")),
        ..Provider::default()
    };
    let app = router(provider.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    provider
}

/// A server that answers every connection with bytes that are not HTTP. A plain thread:
/// the test runtime's tokio has no io-util, and this server needs nothing async.
pub fn start_garbage_server() -> String {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut buffer = [0u8; 1024];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(b"\x00\x01garbage, not HTTP\r\n\r\n");
        }
    });
    url
}

pub fn interaction(description: &str, states: Value, path: &str, body: Value) -> Value {
    json!({
        "description": description,
        "providerStates": states,
        "request": {"method": "GET", "path": path},
        "response": {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": body
        }
    })
}

pub fn pact_json(provider: &str, interactions: Vec<Value>) -> Value {
    json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": provider},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

pub fn write_pact(dir: &Path, file: &str, pact: &Value) -> PathBuf {
    let path = dir.join(file);
    let text = serde_json::to_string_pretty(pact).expect("pact serialises");
    std::fs::write(&path, text).expect("write the pact file");
    path
}

/// The failure message of the interaction `description`; panics with the report when it
/// did not fail with a message.
pub fn failure_of(
    report: &pact_runtime::provider::VerificationReport,
    description: &str,
) -> String {
    let result = report
        .interactions()
        .find(|result| result.description == description)
        .unwrap_or_else(|| panic!("no result for {description:?} in:\n{report}"));
    match result.outcome.error_message() {
        Some(error) => error,
        None => panic!(
            "expected a failure with a message, got {:?} in:\n{report}",
            result.outcome
        ),
    }
}
