//! Provider state handlers: the async closures that put the provider into the state an
//! interaction needs before it is replayed.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;

use crate::model::ProviderState;

/// The future a [`StateHandler`] returns, with its error already rendered for the report.
pub type StateFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'static>>;

/// Sets up one provider state. Implemented for every async closure
/// `Fn(ProviderState) -> impl Future<Output = Result<(), E>>` where `E: Display`, so
/// [`Verifier::state`](super::Verifier::state) accepts closures directly:
///
/// ```
/// use pact_runtime::model::ProviderState;
/// use pact_runtime::provider::Verifier;
///
/// let verifier = Verifier::new("user-service", "http://127.0.0.1:8080")
///     .state("user 42 exists", |state: ProviderState| async move {
///         if state.params.contains_key("id") { Ok(()) } else { Err("no id given") }
///     });
/// # let _ = verifier;
/// ```
pub trait StateHandler: Send + Sync + 'static {
    /// Sets up `state`; an error fails the interaction that needs the state.
    fn setup(&self, state: ProviderState) -> StateFuture;
}

impl<F, Fut, E> StateHandler for F
where
    F: Fn(ProviderState) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Display,
{
    fn setup(&self, state: ProviderState) -> StateFuture {
        let future = self(state);
        Box::pin(async move { future.await.map_err(|error| error.to_string()) })
    }
}
