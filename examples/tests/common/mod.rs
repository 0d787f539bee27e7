//! The user service's verifier shared by the provider test targets: `provider.rs` (one
//! test per interaction through `#[pact_provider]`) and `provider_steps.rs` (the same
//! verification through the builder API, looking at what ran).

// Each target uses its part of this module.
#![allow(dead_code)]

use std::sync::{Arc, Mutex, PoisonError};

use pact_examples::contract::interactions::{
    AN_ADMIN_EXISTS, USER_DOES_NOT_EXIST, USER_EXISTS, WEB_APP_IS_UNAUTHORISED,
};
use pact_examples::contract::user_id;
use pact_examples::user_service::{Service, User};
use pact_runtime::prelude::*;
use pact_runtime::provider::{Bytes, Next, StateValues, http};

/// What ran during a verification, in order (shared with the verifier's closures).
#[derive(Debug, Clone, Default)]
pub struct Calls(Arc<Mutex<Vec<String>>>);

impl Calls {
    pub fn record(&self, call: impl Into<String>) {
        self.lock().push(call.into());
    }

    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.lock())
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, Vec<String>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The verifier for the user service at `base_url`, sharing `service`'s users and tokens
/// and recording what runs into `calls`. Each handler is an async closure that owns its
/// copy of what it uses (the verifier clones it per call).
pub fn verifier(service: &Service, base_url: String, calls: &Calls) -> Verifier {
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
