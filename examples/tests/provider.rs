//! The user service verified against the web app's committed pact
//! (`examples/pacts/web-app-user-service.json`) with `#[pact_provider]`: state handlers
//! that change the repository (using the states' parameters, and returning the values
//! the request's provider-state generators need), a request filter that gives each
//! authorised request a token the service just issued, hooks around every interaction,
//! and the same verification over HTTPS with a certificate generated here.

use std::sync::{Arc, Mutex, PoisonError};

use pact_examples::contract::interactions::{
    AN_ADMIN_EXISTS, USER_DOES_NOT_EXIST, USER_EXISTS, WEB_APP_IS_UNAUTHORISED,
};
use pact_examples::contract::user_id;
use pact_examples::user_service::{self, Service, User};
use pact_runtime::prelude::*;
use pact_runtime::provider::{Bytes, Next, StateValues, http};

/// What ran during a verification, in order (shared with the verifier's closures).
#[derive(Debug, Clone, Default)]
struct Calls(Arc<Mutex<Vec<String>>>);

impl Calls {
    fn record(&self, call: impl Into<String>) {
        self.lock().push(call.into());
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The verifier for the user service at `base_url`, sharing `service`'s users and tokens
/// and recording what runs into `calls`. Each handler is an async closure that owns its
/// copy of what it uses (the verifier clones it per call).
fn verifier(service: &Service, base_url: String, calls: &Calls) -> Verifier {
    let Service { repo, tokens } = service.clone();
    Verifier::new("user-service", base_url)
        // Each interaction starts from an empty repository, whatever ran before it.
        .before_each({
            let (repo, calls) = (repo.clone(), calls.clone());
            async move |context| {
                repo.clear();
                calls.record(format!("before {}", context.description));
            }
        })
        .state(USER_EXISTS, {
            let (repo, calls) = (repo.clone(), calls.clone());
            async move |state| {
                user_id(&state).map(|id| {
                    repo.seed_user(User::example(id, "Alice", &["admin"]));
                    calls.record(format!("state {} {id}", state.name));
                    // The request path is `/users/${id}`: the id this provider really has.
                    StateValues::from_iter([("id".to_owned(), id.into())])
                })
            }
        })
        .state(USER_DOES_NOT_EXIST, {
            let (repo, calls) = (repo.clone(), calls.clone());
            async move |state| {
                user_id(&state).map(|id| {
                    repo.remove(id);
                    calls.record(format!("state {} {id}", state.name));
                })
            }
        })
        .state(AN_ADMIN_EXISTS, {
            let (repo, calls) = (repo.clone(), calls.clone());
            async move |state| {
                repo.seed_user(User::example(1, "Alice", &["admin"]));
                repo.seed_user(User::example(2, "Bob", &["user"]));
                calls.record(format!("state {}", state.name));
            }
        })
        .state_with_teardown(
            WEB_APP_IS_UNAUTHORISED,
            {
                let (tokens, calls) = (tokens.clone(), calls.clone());
                async move |state| {
                    tokens.suspend("web-app");
                    calls.record(format!("state {}", state.name));
                }
            },
            {
                let (tokens, calls) = (tokens.clone(), calls.clone());
                async move |state| {
                    tokens.reinstate("web-app");
                    calls.record(format!("teardown {}", state.name));
                }
            },
        )
        // The pact's token is the consumer's example, which this service never issued: an
        // authorised request gets a fresh token of the service's own.
        .request_filter({
            let calls = calls.clone();
            async move |mut request: http::Request<Bytes>, next: Next| {
                if request.headers().contains_key(http::header::AUTHORIZATION) {
                    let token = tokens.issue("web-app");
                    let value = http::HeaderValue::try_from(format!("Bearer {token}"))
                        .expect("a token is a valid header value");
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, value);
                    calls.record("filter: fresh token");
                }
                next.run(request).await
            }
        })
        // Fails the interaction unless the before-each hook ran for it.
        .after_each({
            let calls = calls.clone();
            async move |context| {
                let before = format!("before {}", context.description);
                let ran = calls.lock().iter().rev().any(|call| *call == before);
                calls.record(format!("after {}", context.description));
                ran.then_some(()).ok_or_else(|| {
                    format!(
                        "the before-each hook did not run for \"{}\"",
                        context.description
                    )
                })
            }
        })
}

#[pact_provider(provider = "user-service", pacts = "pacts")]
async fn the_user_service_honours_the_web_apps_pact() -> Verifier {
    let service = Service::new();
    let (addr, _server) = user_service::spawn(service.clone())
        .await
        .expect("start the user service");
    verifier(&service, format!("http://{addr}"), &Calls::default())
}

#[pact_provider(provider = "user-service", pacts = "pacts")]
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

/// The same verification without the macro, to look at what ran: per interaction the
/// before-each hook, the provider states, the request filter, the state teardown and the
/// after-each hook, in that order.
#[tokio::test]
async fn hooks_states_and_the_filter_run_around_each_interaction_in_order() {
    let service = Service::new();
    let (addr, server) = user_service::spawn(service.clone())
        .await
        .expect("start the user service");
    let calls = Calls::default();
    let pacts = concat!(env!("CARGO_MANIFEST_DIR"), "/pacts");

    let report = verifier(&service, format!("http://{addr}"), &calls)
        .verify(&[PactSource::dir(pacts)])
        .await;
    server.abort();

    report.assert_ok();
    assert_eq!(
        calls.take(),
        [
            "before a request for a missing user",
            "state a user does not exist 99",
            "after a request for a missing user",
            "before a request for the admins",
            "state an admin exists",
            "after a request for the admins",
            "before a request for user 42",
            "state a user exists 42",
            "after a request for user 42",
            "before an authorised request to create a user",
            "filter: fresh token",
            "after an authorised request to create a user",
            "before an unauthorised request to create a user",
            "state the web-app is unauthorised",
            "filter: fresh token",
            "teardown the web-app is unauthorised",
            "after an unauthorised request to create a user",
        ]
    );
    // The teardown reinstated the web app.
    let token = service.tokens.issue("web-app");
    assert_eq!(service.tokens.subject_of(&token), Ok("web-app".to_owned()));
}

/// One interaction can be verified on its own (as `PACT_DESCRIPTION` does from the
/// environment); the others are counted as filtered out, not passed.
#[tokio::test]
async fn one_interaction_can_be_re_run_by_its_description() {
    let service = Service::new();
    let (addr, server) = user_service::spawn(service.clone())
        .await
        .expect("start the user service");
    let pacts = concat!(env!("CARGO_MANIFEST_DIR"), "/pacts");

    let report = verifier(&service, format!("http://{addr}"), &Calls::default())
        .filter_description("^an unauthorised request")
        .verify(&[PactSource::dir(pacts)])
        .await;
    server.abort();

    report.assert_ok();
    let verified: Vec<&str> = report
        .interactions()
        .map(|result| result.description.as_str())
        .collect();
    assert_eq!(verified, ["an unauthorised request to create a user"]);
    assert_eq!(report.pacts[0].filtered_out, 4);
}
