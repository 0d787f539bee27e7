//! The provider verification written with the builder API: the real user service on a
//! free port, a handler per provider state, and a token the service issued in the
//! `Authorization` header of every replayed request.

use std::path::Path;
use std::time::Duration;

use pact_runtime::model::ProviderState;
use pact_runtime::provider::{HookContext, PactSource, StateValues, VerificationReport, Verifier};

use super::interactions::{
    AN_ADMIN_EXISTS, USER_DOES_NOT_EXIST, USER_EXISTS, WEB_APP_IS_UNAUTHORISED,
};
use super::{CONSUMER, ContractError, PROVIDER};
use crate::user_service::{self, Service, User};

/// Starts the user service on a free port and verifies it against the pact file `pact`.
///
/// # Errors
/// [`ContractError::Start`] when the service cannot start; a failed verification is a
/// report that is not ok, not an error.
pub async fn verify_provider(pact: &Path) -> Result<VerificationReport, ContractError> {
    let service = Service::new();
    let (addr, server) = user_service::spawn(service.clone())
        .await
        .map_err(ContractError::Start)?;
    let report = verifier(&service, format!("http://{addr}"))
        .verify(&[PactSource::file(pact)])
        .await;
    server.abort();
    Ok(report)
}

/// The verifier for the user service at `base_url`, whose users and tokens are
/// `service`'s: each interaction starts from an empty repository, its provider states
/// then seed it, and requests carry a token `service` issued to the web app.
pub fn verifier(service: &Service, base_url: impl Into<String>) -> Verifier {
    let token = service.tokens.issue(CONSUMER);
    let Service { repo, tokens } = service.clone();
    Verifier::new(PROVIDER, base_url)
        .timeout(Duration::from_secs(10))
        .header("Authorization", format!("Bearer {token}"))
        .before_each({
            let repo = repo.clone();
            move |_context: HookContext| {
                repo.clear();
                ready(())
            }
        })
        .state(USER_EXISTS, {
            let repo = repo.clone();
            move |state: ProviderState| {
                let seeded = user_id(&state).map(|id| {
                    repo.seed_user(User::example(id, "Alice", &["admin"]));
                    // The id the provider really has, for `/users/${id}` in the request.
                    let mut values = StateValues::new();
                    values.insert("id".to_owned(), id.into());
                    values
                });
                std::future::ready(seeded)
            }
        })
        .state(USER_DOES_NOT_EXIST, {
            let repo = repo.clone();
            move |state: ProviderState| {
                std::future::ready(user_id(&state).map(|id| repo.remove(id)))
            }
        })
        .state(AN_ADMIN_EXISTS, move |_state: ProviderState| {
            repo.seed_user(User::example(1, "Alice", &["admin"]));
            repo.seed_user(User::example(2, "Bob", &["user"]));
            ready(())
        })
        .state_with_teardown(
            WEB_APP_IS_UNAUTHORISED,
            {
                let tokens = tokens.clone();
                move |_state: ProviderState| {
                    tokens.suspend(CONSUMER);
                    ready(())
                }
            },
            move |_state: ProviderState| {
                tokens.reinstate(CONSUMER);
                ready(())
            },
        )
}

/// The `id` parameter of a provider state (`given_with_params(…, {"id": 42})`).
///
/// # Errors
/// A message naming the state when `id` is missing or not a non-negative integer.
pub fn user_id(state: &ProviderState) -> Result<u64, String> {
    state
        .params
        .get("id")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| {
            format!(
                "provider state \"{}\" needs an integer `id` parameter, got {:?}",
                state.name, state.params
            )
        })
}

fn ready<T>(value: T) -> std::future::Ready<Result<T, std::convert::Infallible>> {
    std::future::ready(Ok(value))
}
