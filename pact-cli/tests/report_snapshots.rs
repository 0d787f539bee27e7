//! `pact verify`'s output as a committed snapshot: the built binary against a provider
//! whose body, header and status differ from the pact and whose state change fails, with
//! `--no-colour`. The CLI prints the library's report (the one renderer, snapshotted for
//! the mock server and the verifier in the workspace's `tests/report_snapshots.rs`): the
//! test also checks that its text is the library's `VerificationReport` for the same run,
//! plus the verdict line. Only here, beside the binary (`CARGO_BIN_EXE_pact`), is the
//! freshly built CLI at hand.
//!
//! Ports and durations are normalised (`127.0.0.1:PORT`, `(N ms)`); every other change
//! fails the test. Review a deliberate change with `cargo insta review` (or
//! `INSTA_UPDATE=always`), and commit the snapshot in `tests/snapshots/`.

use std::path::{Path, PathBuf};
use std::process::Output;

use axum::Json;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use pact_runtime::provider::{PactSource, StateChangeUrl, Verifier};
use regex::Regex;
use serde_json::{Value, json};

/// `text` with what changes from run to run replaced: ports and durations.
fn normalised(text: &str) -> String {
    let port = Regex::new(r"127\.0\.0\.1:\d+").expect("a valid regex");
    let duration = Regex::new(r"\(\d+ ms\)").expect("a valid regex");
    let text = port.replace_all(text, "127.0.0.1:PORT");
    duration.replace_all(&text, "(N ms)").into_owned()
}

/// A user-service that broke its contract: it renamed `email` to `mail`, lost user 43,
/// sends the wrong version header, and its state-change endpoint cannot seed the database.
async fn start_broken_provider() -> String {
    let app = axum::Router::new()
        .route(
            "/users/42",
            get(|| async { Json(json!({"id": 7, "name": "Alice", "mail": "alice@example.com"})) }),
        )
        .route("/users/43", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/health",
            get(|| async { ([("X-Version", "1")], "ok").into_response() }),
        )
        .route("/admins", get(|| async { Json(json!([])) }))
        .route(
            "/state",
            post(|Json(change): Json<Value>| async move {
                if change["state"] == "the database is seeded" {
                    (StatusCode::INTERNAL_SERVER_ERROR, "the database is down").into_response()
                } else {
                    StatusCode::OK.into_response()
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn get_request(path: &str) -> Value {
    json!({"method": "GET", "path": path})
}

/// The web-app's pact with the user-service, one interaction for each way to break it.
fn write_pact(dir: &Path) -> PathBuf {
    let pact = json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": "user-service"},
        "interactions": [
            {
                "description": "a request for user 42",
                "providerStates": [{"name": "user 42 exists"}],
                "request": get_request("/users/42"),
                "response": {
                    "status": 200,
                    "body": {"id": 42, "name": "Alice", "email": "alice@example.com"},
                    "matchingRules": {
                        "body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}
                    }
                }
            },
            {
                "description": "a request for user 43",
                "request": get_request("/users/43"),
                "response": {"status": 200}
            },
            {
                "description": "a health check",
                "request": get_request("/health"),
                "response": {"status": 200, "headers": {"X-Version": "2"}}
            },
            {
                "description": "a request for the admins",
                "providerStates": [{"name": "the database is seeded"}],
                "request": get_request("/admins"),
                "response": {"status": 200, "body": []}
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let path = dir.join("web-app-user-service.json");
    std::fs::write(&path, pact.to_string()).expect("write the pact");
    path
}

/// `pact verify --no-colour` of `pact` against `url`, off the runtime thread so the
/// in-process provider keeps answering.
async fn pact_verify(url: &str, pact: &Path) -> Output {
    let args = vec![
        "verify".to_owned(),
        "--no-colour".to_owned(),
        "--provider".to_owned(),
        "user-service".to_owned(),
        "--provider-base-url".to_owned(),
        url.to_owned(),
        "--state-change-url".to_owned(),
        format!("{url}/state"),
        "--timeout".to_owned(),
        "5".to_owned(),
        pact.display().to_string(),
    ];
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_pact"))
            .args(args)
            .env_remove("PACT_DESCRIPTION")
            .env_remove("PACT_PROVIDER_STATE")
            .output()
            .expect("run the pact binary")
    })
    .await
    .expect("the command thread")
}

#[tokio::test]
async fn pact_verify_prints_the_librarys_report_of_a_broken_provider() {
    // Arrange
    let url = start_broken_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path());
    let library = Verifier::new("user-service", url.as_str())
        .state_change_url(StateChangeUrl::new(format!("{url}/state")))
        .verify(&[PactSource::file(&pact)])
        .await;

    // Act
    let output = pact_verify(&url, &pact).await;

    // Assert
    let stdout = normalised(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout,
        format!(
            "{}\nverification failed\n",
            normalised(&library.to_string())
        ),
        "the CLI's report is not the library's"
    );
    insta::assert_snapshot!("pact_verify_output", stdout);
}

#[tokio::test]
async fn pact_verify_names_a_provider_that_is_not_running_once() {
    // Arrange: a port nothing listens on (the probe's listener is closed at once).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|probe| probe.local_addr())
        .expect("a free port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path());

    // Act
    let output = pact_verify(&url, &pact).await;

    // Assert: the state change goes to the same port, so each interaction fails there
    // first; the cause is the same, said once.
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let headline = stdout.lines().next().unwrap_or_default();
    assert!(
        headline.starts_with("all 4 interactions failed: ") && headline.contains(&url),
        "{stdout}"
    );
    assert_eq!(stdout.matches("onnection refused").count(), 1, "{stdout}");
    assert_eq!(
        stdout.matches("(see the cause above)").count(),
        4,
        "{stdout}"
    );
}
