//! The user service verified against the committed pacts of `examples/pacts` with
//! `#[pact_provider]`, one test per interaction (`cargo test -p pact-examples -- --list`
//! shows them; `cargo test -p pact-examples "user 42"` verifies one): state handlers
//! that change the repository (using the states' parameters, and returning the values the
//! request's provider-state generators need), a request filter that gives each authorised
//! request a token the service just issued, hooks around every interaction, the same
//! verification over HTTPS with a certificate generated here, and the message pact.
//!
//! The pacts verified are the committed ones, never those the consumer tests write (to
//! `target/`): these tests do not depend on which tests ran first. `tests/contract.rs` and
//! `tests/messages.rs` check that the committed pacts are what the consumer tests write.
//!
//! This target's `main` is `provider_main!` (`harness = false` in `Cargo.toml`).

use std::sync::Arc;

use pact_examples::contract::messages::message_verifier;
use pact_examples::user_service::{self, Service};
use pact_runtime::prelude::*;

mod common;

use common::{Calls, verifier};

#[pact_provider(pacts = "pacts")]
async fn the_user_service_honours_the_web_apps_pact() -> Verifier {
    let service = Service::new();
    let (addr, _server) = user_service::spawn(service.clone())
        .await
        .expect("start the user service");
    verifier(&service, format!("http://{addr}"), &Calls::default())
}

#[pact_provider(pacts = "pacts")]
async fn the_user_service_honours_the_web_apps_pact_over_https() -> Verifier {
    // A self-signed certificate for this test only; the verifier trusts exactly it.
    let certified = rcgen::generate_simple_self_signed(["127.0.0.1".to_owned()])
        .expect("generate a certificate");
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS protocol versions")
    .with_no_client_auth()
    .with_single_cert(vec![certified.cert.der().clone()], key)
    .expect("the server certificate");
    let service = Service::new();
    let (addr, _server) = user_service::spawn_tls(service.clone(), Arc::new(config))
        .await
        .expect("start the user service");

    verifier(&service, format!("https://{addr}"), &Calls::default())
        .root_certificate_pem(certified.cert.pem())
}

#[pact_provider(pacts = "pacts/messages")]
fn the_user_service_honours_its_message_pacts() -> Verifier {
    message_verifier()
}

pact_runtime::provider_main!(
    the_user_service_honours_the_web_apps_pact,
    the_user_service_honours_the_web_apps_pact_over_https,
    the_user_service_honours_its_message_pacts,
);
