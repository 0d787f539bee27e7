//! TLS for the verifier's HTTP client: the platform's roots plus any CA the user adds, or
//! the user's own `rustls::ClientConfig`. Verification is on unless the user explicitly
//! asks for [`Verifier::danger_accept_invalid_certificates`](super::Verifier), and then
//! the report carries a warning.

use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use super::VerifyError;

/// The TLS choices made on the [`Verifier`](super::Verifier).
#[derive(Clone, Default)]
pub(crate) struct TlsOptions {
    /// A complete client configuration; wins over everything else.
    pub(crate) config: Option<Arc<ClientConfig>>,
    /// PEM documents whose certificates are trusted in addition to the platform's roots.
    pub(crate) root_pems: Vec<Vec<u8>>,
    /// Accept any server certificate (signatures are still checked).
    pub(crate) insecure: bool,
}

impl std::fmt::Debug for TlsOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsOptions")
            .field("custom_config", &self.config.is_some())
            .field("extra_roots", &self.root_pems.len())
            .field("insecure", &self.insecure)
            .finish()
    }
}

/// The warning the report carries when certificate verification is off.
pub(crate) const INSECURE_WARNING: &str = "TLS certificate verification is DISABLED \
     (danger_accept_invalid_certificates): any server can impersonate the provider";

/// The ring provider, chosen explicitly so the process-wide default (which another crate
/// may have installed, or not) never decides which cryptography the verifier uses.
fn crypto() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The platform's root certificates, read once per process: reading the system store
/// takes milliseconds, and it does not change while tests run. `SSL_CERT_FILE` and
/// `SSL_CERT_DIR` are honoured (rustls-native-certs reads them).
fn native_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

impl TlsOptions {
    /// The client configuration these options describe.
    ///
    /// # Errors
    /// [`VerifyError::Tls`] when a CA document holds no certificate or cannot be parsed.
    pub(crate) fn client_config(&self) -> Result<Arc<ClientConfig>, VerifyError> {
        if let Some(config) = &self.config {
            return Ok(config.clone());
        }
        let builder = ClientConfig::builder_with_provider(crypto())
            .with_safe_default_protocol_versions()
            .map_err(|error| VerifyError::Tls(error.to_string()))?;
        if self.insecure {
            let verifier = AcceptAnyCertificate {
                algorithms: crypto().signature_verification_algorithms,
            };
            return Ok(Arc::new(
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(verifier))
                    .with_no_client_auth(),
            ));
        }
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(native_roots().iter().cloned());
        for (index, pem) in self.root_pems.iter().enumerate() {
            let certs = CertificateDer::pem_slice_iter(pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| {
                    VerifyError::Tls(format!("CA certificate #{}: {error}", index + 1))
                })?;
            if certs.is_empty() {
                return Err(VerifyError::Tls(format!(
                    "CA certificate #{} holds no PEM certificate",
                    index + 1
                )));
            }
            for cert in certs {
                roots.add(cert).map_err(|error| {
                    VerifyError::Tls(format!("CA certificate #{}: {error}", index + 1))
                })?;
            }
        }
        Ok(Arc::new(
            builder.with_root_certificates(roots).with_no_client_auth(),
        ))
    }
}

/// Accepts any certificate chain and host name, but still checks that the server holds
/// the key of the certificate it presented: the explicit, warned-about insecure mode.
#[derive(Debug)]
struct AcceptAnyCertificate {
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ca_document_without_a_certificate_is_a_tls_error() {
        let options = TlsOptions {
            root_pems: vec![b"not a certificate".to_vec()],
            ..TlsOptions::default()
        };

        let error = options.client_config().expect_err("no certificate");

        assert_eq!(
            error.to_string(),
            "invalid TLS settings: CA certificate #1 holds no PEM certificate"
        );
    }

    #[test]
    fn a_generated_ca_is_accepted() {
        let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
            .expect("generate a certificate");
        let options = TlsOptions {
            root_pems: vec![cert.cert.pem().into_bytes()],
            ..TlsOptions::default()
        };

        assert!(options.client_config().is_ok());
    }
}
