//! The mock server over TLS, used by a real HTTPS client (hyper with rustls): trusting the
//! server through its ready client configuration, or through its CA PEM alone.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::mock_server::MockServer;
use pact_runtime::model::Pact;
use serde_json::{Value, json};

fn tls_server_in(dir: &tempfile::TempDir) -> MockServer {
    MockServer::builder(Pact::new("web-app", "user-service"))
        .output_dir(dir.path())
        .tls()
        .start()
        .expect("the TLS mock server starts")
}

fn https_client(
    config: rustls::ClientConfig,
) -> Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    Empty<Bytes>,
> {
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_only()
        .enable_http1()
        .build();
    Client::builder(TokioExecutor::new()).build(connector)
}

#[tokio::test]
async fn a_tls_mock_server_answers_a_real_https_client_given_its_client_config() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = tls_server_in(&dir);
    Interaction::new("a request for user 42")
        .request(
            Request::get("/users/42")
                .query("fields", "name")
                .header("Accept", "application/json"),
        )
        .response(Response::ok().json(json!({"id": 42, "name": "Alice"})))
        .mount(&server);
    let client = https_client(
        server
            .tls_client_config()
            .expect("a TLS server has a client config"),
    );
    let uri: hyper::Uri = server
        .url_for("/users/42?fields=name")
        .parse()
        .expect("a URI");
    let request = hyper::Request::get(uri)
        .header("Accept", "application/json")
        .body(Empty::new())
        .expect("a request");

    // Act
    let response = client.request(request).await.expect("an HTTPS response");
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("the body")
        .to_bytes();

    // Assert
    assert!(
        server.url().starts_with("https://127.0.0.1:"),
        "{}",
        server.url()
    );
    assert_eq!(status, 200);
    let body: Value = serde_json::from_slice(&body).expect("a JSON body");
    assert_eq!(body, json!({"id": 42, "name": "Alice"}));
    server
        .finish()
        .expect("the interaction was received over TLS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trusting_only_the_ca_pem_reaches_the_tls_server_as_localhost() {
    // Arrange
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let dir = tempfile::tempdir().expect("tempdir");
    let server = tls_server_in(&dir);
    Interaction::new("a health check")
        .request(Request::get("/health"))
        .response(Response::no_content())
        .mount(&server);
    let pem = server.ca_pem().expect("a TLS server has a CA");
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
        roots
            .add(cert.expect("a PEM certificate"))
            .expect("a usable root");
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_root_certificates(roots)
    .with_no_client_auth();
    let uri: hyper::Uri = format!("https://localhost:{}/health", server.address().port())
        .parse()
        .expect("a URI");

    // Act
    let response = https_client(config)
        .get(uri)
        .await
        .expect("an HTTPS response");

    // Assert
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    assert_eq!(response.status().as_u16(), 204);
    server
        .finish()
        .expect("the interaction was received over TLS");
}

#[test]
fn a_plain_server_has_no_tls_material() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");

    // Act
    let server = MockServer::builder(Pact::new("web-app", "user-service"))
        .output_dir(dir.path())
        .start()
        .expect("the mock server starts");

    // Assert
    assert!(server.url().starts_with("http://127.0.0.1:"));
    assert_eq!(server.ca_pem(), None);
    assert!(server.tls_client_config().is_none());
    server.finish().expect("nothing was expected");
}

#[test]
fn a_client_speaking_plain_http_to_a_tls_server_gets_a_note_in_the_report() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = tls_server_in(&dir);
    Interaction::new("a health check")
        .request(Request::get("/health"))
        .response(Response::ok())
        .mount(&server);
    let plain_url = server.url().replacen("https://", "http://", 1);

    // Act
    let sent = reqwest::blocking::Client::new()
        .get(format!("{plain_url}/health"))
        .send();
    // The client may see the TLS alert before the server's task has recorded the failed
    // handshake: wait for the record (bounded), as the report is read only once.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while server.report().notes.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let report = match server.finish() {
        Err(pact_runtime::mock_server::MockServerError::Verification(report)) => report.to_string(),
        other => panic!("expected a verification failure, got {other:?}"),
    };

    // Assert
    assert!(sent.is_err() || sent.is_ok_and(|r| !r.status().is_success()));
    assert!(
        report.contains("expected request was not received: \"a health check\""),
        "{report}"
    );
    assert!(
        report.contains("note: 1 TLS handshake failed (last: "),
        "{report}"
    );
}
