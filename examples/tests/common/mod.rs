//! The user service's verifier shared by the provider test targets: `provider.rs` (one
//! test per interaction through `#[pact_provider]`) and `provider_steps.rs` (the same
//! verification through the builder API, looking at what ran).

// Each target uses its part of this module.
#![allow(dead_code)]

use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use pact_examples::contract::interactions::{
    AN_ADMIN_EXISTS, USER_DOES_NOT_EXIST, USER_EXISTS, WEB_APP_IS_UNAUTHORISED,
};
use pact_examples::contract::user_id;
use pact_examples::user_service::{Service, User};
use pact_runtime::prelude::*;
use pact_runtime::provider::{HookContext, Next, StateValues, VerifyError};

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
/// and recording what runs into `calls`.
pub fn verifier(service: &Service, base_url: String, calls: &Calls) -> Verifier {
    let Service { repo, tokens } = service.clone();
    Verifier::new("user-service", base_url)
        // Each interaction starts from an empty repository, whatever ran before it.
        .before_each({
            let (repo, calls) = (repo.clone(), calls.clone());
            move |context: HookContext| {
                repo.clear();
                calls.record(format!("before {}", context.description));
                async { Ok::<_, String>(()) }
            }
        })
        .state(USER_EXISTS, {
            let (repo, calls) = (repo.clone(), calls.clone());
            move |state: ProviderState| {
                let (repo, calls) = (repo.clone(), calls.clone());
                async move {
                    let id = user_id(&state)?;
                    repo.seed_user(User::example(id, "Alice", &["admin"]));
                    calls.record(format!("state {} {id}", state.name));
                    // The request path is `/users/${id}`: the id this provider really has.
                    let mut values = StateValues::new();
                    values.insert("id".to_owned(), id.into());
                    Ok::<_, String>(values)
                }
            }
        })
        .state(USER_DOES_NOT_EXIST, {
            let (repo, calls) = (repo.clone(), calls.clone());
            move |state: ProviderState| {
                let result = user_id(&state).map(|id| {
                    repo.remove(id);
                    calls.record(format!("state {} {id}", state.name));
                });
                std::future::ready(result)
            }
        })
        .state(AN_ADMIN_EXISTS, {
            let (repo, calls) = (repo.clone(), calls.clone());
            move |state: ProviderState| {
                repo.seed_user(User::example(1, "Alice", &["admin"]));
                repo.seed_user(User::example(2, "Bob", &["user"]));
                calls.record(format!("state {}", state.name));
                async { Ok::<_, String>(()) }
            }
        })
        .state_with_teardown(
            WEB_APP_IS_UNAUTHORISED,
            {
                let (tokens, calls) = (tokens.clone(), calls.clone());
                move |state: ProviderState| {
                    tokens.suspend("web-app");
                    calls.record(format!("state {}", state.name));
                    async { Ok::<_, String>(()) }
                }
            },
            {
                let (tokens, calls) = (tokens.clone(), calls.clone());
                move |state: ProviderState| {
                    tokens.reinstate("web-app");
                    calls.record(format!("teardown {}", state.name));
                    async { Ok::<_, String>(()) }
                }
            },
        )
        // The pact's token is the consumer's example, which this service never issued: an
        // authorised request gets a fresh token of the service's own.
        .request_filter({
            let calls = calls.clone();
            move |mut request: http::Request<Bytes>, next: Next| {
                if request.headers().contains_key(http::header::AUTHORIZATION) {
                    let token = tokens.issue("web-app");
                    let value = http::HeaderValue::try_from(format!("Bearer {token}"))
                        .expect("a token is a valid header value");
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, value);
                    calls.record("filter: fresh token");
                }
                async move {
                    let response = next.run(request).await?;
                    Ok::<_, VerifyError>(response)
                }
            }
        })
        // Fails the interaction unless the before-each hook ran for it.
        .after_each({
            let calls = calls.clone();
            move |context: HookContext| {
                let before = format!("before {}", context.description);
                let ran = calls.lock().iter().rev().any(|call| *call == before);
                calls.record(format!("after {}", context.description));
                async move {
                    if ran {
                        Ok(())
                    } else {
                        Err(format!(
                            "the before-each hook did not run for \"{}\"",
                            context.description
                        ))
                    }
                }
            }
        })
}
