//! TLS for the mock server: a throw-away certificate authority and a server certificate for
//! `localhost` and `127.0.0.1` it signed, generated when a TLS server starts (and only
//! then: key generation is the one costly step of a start), plus a client configuration
//! that trusts exactly that authority.
//!
//! rcgen generates the certificates and rustls (with the ring provider, no system OpenSSL)
//! serves them: both are the well-kept pure-Rust choices. A separate authority, rather
//! than one self-signed leaf, is what certificate verifiers expect: the test trusts the
//! authority's PEM, as it would trust a real one.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use rustls::{ClientConfig, RootCertStore, ServerConfig};
use rustls_pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

/// Why a TLS mock server could not be set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TlsError {
    /// The certificate could not be generated.
    #[error("cannot generate the mock server's certificate: {0}")]
    Certificate(#[source] rcgen::Error),
    /// rustls refused the configuration.
    #[error("cannot configure TLS: {0}")]
    Config(#[source] rustls::Error),
}

impl From<rcgen::Error> for TlsError {
    fn from(error: rcgen::Error) -> Self {
        TlsError::Certificate(error)
    }
}

impl From<rustls::Error> for TlsError {
    fn from(error: rustls::Error) -> Self {
        TlsError::Config(error)
    }
}

/// What a TLS server needs, and what its clients need to trust it.
pub(crate) struct Tls {
    pub(crate) acceptor: TlsAcceptor,
    /// The authority that signed the server certificate, PEM-encoded.
    pub(crate) ca_pem: String,
    /// A client configuration trusting only that authority.
    pub(crate) client_config: Arc<ClientConfig>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls").finish_non_exhaustive()
    }
}

/// Generates the authority and the server certificate, and builds both configurations.
pub(crate) fn generate() -> Result<Tls, TlsError> {
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "pact mock server test CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca = ca_params.self_signed(&ca_key)?;

    let key = KeyPair::generate()?;
    let mut params = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])?;
    params
        .distinguished_name
        .push(DnType::CommonName, "pact mock server");
    let cert = params.signed_by(&key, &ca, &ca_key)?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let mut server = ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key_der)?;
    // The server speaks HTTP/1.1 only; saying so lets clients that offer h2 fall back.
    server.alpn_protocols = vec![b"http/1.1".to_vec()];

    let mut roots = RootCertStore::empty();
    roots.add(ca.der().clone())?;
    let client = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();

    Ok(Tls {
        acceptor: TlsAcceptor::from(Arc::new(server)),
        ca_pem: ca.pem(),
        client_config: Arc::new(client),
    })
}
