//! FC-16: an HTTPS provider on a self-signed certificate generated in the test. Default
//! settings fail with a certificate error, the certificate as a custom CA (or in a custom
//! rustls config) succeeds, a certificate for another host name fails with a host-name
//! error, and the explicit insecure mode succeeds with a warning in the report.

mod provider_support;

use std::sync::Arc;

use pact_runtime::provider::{PactSource, VerificationReport, Verifier};
use provider_support::{Provider, failure_of, interaction, pact_json, router, write_pact};
use rustls::pki_types::pem::PemObject as _;
use serde_json::json;

/// A provider serving HTTPS with a fresh self-signed certificate for `host`; returns the
/// provider (URL on `localhost`) and the certificate's PEM.
async fn start_tls(host: &str) -> (Provider, String) {
    let certified =
        rcgen::generate_simple_self_signed(vec![host.to_owned()]).expect("generate a certificate");
    let cert_pem = certified.cert.pem();
    let chain = vec![certified.cert.der().clone()];
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .expect("server certificate");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    let provider = Provider::at(format!("https://localhost:{port}"));
    let app = router(provider.clone());
    let listener = TlsListener { listener, acceptor };
    tokio::spawn(async move { axum::serve(listener, app).await });
    (provider, cert_pem)
}

/// axum's listener, with a TLS handshake after each accept.
struct TlsListener {
    listener: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, addr)) = self.listener.accept().await else {
                continue;
            };
            // A refused handshake is the point of some tests: wait for the next client.
            let handshake = self.acceptor.accept(stream);
            if let Ok(Ok(stream)) =
                tokio::time::timeout(std::time::Duration::from_secs(5), handshake).await
            {
                return (stream, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.listener.local_addr()
    }
}

async fn verify(verifier: Verifier) -> VerificationReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = pact_json(
        "user-service",
        vec![interaction(
            "a request for user 1",
            json!([]),
            "/users/1",
            json!({"id": "1"}),
        )],
    );
    let pact = write_pact(dir.path(), "pact.json", &pact);
    verifier.verify(&[PactSource::file(pact)]).await
}

#[tokio::test]
async fn fc16_by_default_a_self_signed_provider_fails_with_a_certificate_error() {
    let (provider, _pem) = start_tls("localhost").await;

    let report = verify(Verifier::new("user-service", &provider.url)).await;

    let message = failure_of(&report, "a request for user 1");
    assert!(
        message.starts_with(&format!(
            "cannot reach the provider at {}/users/1: TLS certificate error: ",
            provider.url
        )),
        "{message}"
    );
    assert!(message.contains("UnknownIssuer"), "{message}");
}

#[tokio::test]
async fn fc16_the_certificate_as_a_custom_ca_lets_verification_succeed() {
    let (provider, pem) = start_tls("localhost").await;

    let report =
        verify(Verifier::new("user-service", &provider.url).root_certificate_pem(pem)).await;

    report.assert_ok();
    assert!(report.warnings.is_empty(), "{report}");
}

#[tokio::test]
async fn fc16_a_certificate_for_another_host_name_fails_even_with_the_ca() {
    let (provider, pem) = start_tls("other.example").await;

    let report =
        verify(Verifier::new("user-service", &provider.url).root_certificate_pem(pem)).await;

    let message = failure_of(&report, "a request for user 1");
    assert!(message.contains("TLS certificate error"), "{message}");
    assert!(
        message.contains("not valid for name \"localhost\""),
        "{message}"
    );
}

#[tokio::test]
async fn fc16_accepting_invalid_certificates_is_explicit_and_warned_about() {
    let (provider, _pem) = start_tls("other.example").await;

    let report =
        verify(Verifier::new("user-service", &provider.url).danger_accept_invalid_certificates())
            .await;

    report.assert_ok();
    assert!(
        report
            .to_string()
            .starts_with("warning: TLS certificate verification is DISABLED"),
        "{report}"
    );
}

#[tokio::test]
async fn a_custom_rustls_config_is_used_as_given() {
    let (provider, pem) = start_tls("localhost").await;
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls::pki_types::CertificateDer::pem_slice_iter(pem.as_bytes()) {
        roots.add(cert.expect("a certificate")).expect("a root");
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_root_certificates(roots)
    .with_no_client_auth();

    let report = verify(Verifier::new("user-service", &provider.url).tls_config(config)).await;

    report.assert_ok();
}

#[tokio::test]
async fn a_ca_file_without_a_certificate_is_a_clear_settings_error() {
    let report = verify(
        Verifier::new("user-service", "https://localhost:1").root_certificate_pem("not a pem"),
    )
    .await;

    assert!(!report.is_ok());
    assert_eq!(
        report.to_string().lines().next(),
        Some("error: invalid TLS settings: CA certificate #1 holds no PEM certificate")
    );
}
