//! Hooks around each interaction and the request filter, the user's code that runs inside
//! the verification of one interaction.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use super::VerifyError;
use super::client::Transport;
use crate::model::ProviderState;

/// What a hook learns about the interaction it runs around.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HookContext {
    /// The interaction's description.
    pub description: String,
    /// Its provider states, with their parameters.
    pub provider_states: Vec<ProviderState>,
    /// Whether its failure would be tolerated (pending interaction or pact).
    pub pending: bool,
}

/// The future a [`Hook`] returns, with its error already rendered for the report.
pub type HookFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'static>>;

/// Code run before or after each interaction ([`Verifier::before_each`],
/// [`Verifier::after_each`]). Implemented for every async closure
/// `Fn(HookContext) -> impl Future<Output = Result<(), E>>` with `E: Display`.
///
/// [`Verifier::before_each`]: super::Verifier::before_each
/// [`Verifier::after_each`]: super::Verifier::after_each
pub trait Hook: Send + Sync + 'static {
    /// Runs the hook; an error fails the interaction.
    fn call(&self, context: HookContext) -> HookFuture;
}

impl<F, Fut, E> Hook for F
where
    F: Fn(HookContext) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Display,
{
    fn call(&self, context: HookContext) -> HookFuture {
        let future = self(context);
        Box::pin(async move { future.await.map_err(|error| error.to_string()) })
    }
}

/// Sends the (possibly changed) request to the provider from inside a [`RequestFilter`].
#[derive(Debug)]
#[must_use = "the request is only sent when `Next::run` is awaited"]
pub struct Next {
    transport: Arc<Transport>,
    /// The provider's failure, kept so the report names the provider's fault (timeout,
    /// connection refused) rather than blaming the filter that passed it on.
    failure: Arc<Mutex<Option<String>>>,
}

impl Next {
    pub(crate) fn new(transport: Arc<Transport>) -> (Self, Arc<Mutex<Option<String>>>) {
        let failure = Arc::new(Mutex::new(None));
        let next = Next {
            transport,
            failure: failure.clone(),
        };
        (next, failure)
    }

    /// Sends `request` to the provider and reads its whole response.
    ///
    /// # Errors
    /// [`VerifyError::Unreachable`] or [`VerifyError::Timeout`] naming the URL; the
    /// interaction fails with that error whatever the filter returns instead.
    pub async fn run(
        self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, VerifyError> {
        let result = self.transport.send(request).await;
        if let Err(error) = &result
            && let Ok(mut slot) = self.failure.lock()
        {
            *slot = Some(error.to_string());
        }
        result
    }
}

/// The future a [`RequestFilter`] returns, with its error already rendered for the report.
pub type FilterFuture =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, String>> + Send + 'static>>;

/// Middleware around the request to the provider: it may change the request (a fresh
/// token), sends it with [`Next::run`], and may look at or change the response before it
/// is matched. Implemented for every async closure
/// `Fn(http::Request<Bytes>, Next) -> impl Future<Output = Result<http::Response<Bytes>, E>>`
/// with `E: Display`.
///
/// ```
/// use pact_runtime::provider::{Next, Verifier, VerifyError};
///
/// let verifier = Verifier::new("user-service", "http://127.0.0.1:8080").request_filter(
///     |mut request: http::Request<bytes::Bytes>, next: Next| async move {
///         let token = http::HeaderValue::from_static("Bearer fresh-token");
///         request.headers_mut().insert(http::header::AUTHORIZATION, token);
///         let response = next.run(request).await?;
///         Ok::<_, VerifyError>(response)
///     },
/// );
/// # let _ = verifier;
/// ```
pub trait RequestFilter: Send + Sync + 'static {
    /// Filters one exchange.
    fn call(&self, request: http::Request<Bytes>, next: Next) -> FilterFuture;
}

impl<F, Fut, E> RequestFilter for F
where
    F: Fn(http::Request<Bytes>, Next) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<http::Response<Bytes>, E>> + Send + 'static,
    E: Display,
{
    fn call(&self, request: http::Request<Bytes>, next: Next) -> FilterFuture {
        let future = self(request, next);
        Box::pin(async move { future.await.map_err(|error| error.to_string()) })
    }
}
