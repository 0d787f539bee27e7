//! Hooks around each interaction and the request filter, the user's code that runs inside
//! the verification of one interaction.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use super::client::Transport;
use super::error::{BoxError, InteractionError};
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

/// The future a [`Hook`] returns.
pub type HookFuture = Pin<Box<dyn Future<Output = Result<(), BoxError>> + Send + 'static>>;

/// What a hook's future may end with: `()` when it cannot fail, or `Result<(), E>` with
/// any error `E: Into<`[`BoxError`]`>`, kept as the source of the interaction's
/// [`InteractionError::Hook`].
pub trait IntoHookResult {
    /// Success, or the hook's error.
    ///
    /// # Errors
    /// The hook's own error, boxed.
    fn into_hook_result(self) -> Result<(), BoxError>;
}

impl IntoHookResult for () {
    fn into_hook_result(self) -> Result<(), BoxError> {
        Ok(())
    }
}

impl<E: Into<BoxError>> IntoHookResult for Result<(), E> {
    fn into_hook_result(self) -> Result<(), BoxError> {
        self.map_err(Into::into)
    }
}

/// Code run before or after each interaction ([`Verifier::before_each`],
/// [`Verifier::after_each`]). Implemented for every `Clone` closure or function taking the
/// [`HookContext`] and returning a future that ends in [`IntoHookResult`]: async closures
/// (`async move |context| …`, cloned per call so captures need no clone-then-move),
/// closures returning an `async` block, and `async fn` items.
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use pact_runtime::provider::{HookContext, Verifier};
///
/// async fn reset_cache(_context: HookContext) -> Result<(), std::io::Error> {
///     Ok(())
/// }
///
/// let runs = Arc::new(AtomicUsize::new(0));
/// let verifier = Verifier::new("user-service", "http://127.0.0.1:8080")
///     .before_each(async move |_context| {
///         runs.fetch_add(1, Ordering::SeqCst);
///     })
///     .after_each(reset_cache);
/// # let _ = verifier;
/// ```
///
/// [`Verifier::before_each`]: super::Verifier::before_each
/// [`Verifier::after_each`]: super::Verifier::after_each
pub trait Hook: Send + Sync + 'static {
    /// Runs the hook; an error fails the interaction.
    fn call(&self, context: HookContext) -> HookFuture;
}

impl<F, Fut> Hook for F
where
    F: FnOnce(HookContext) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoHookResult,
{
    fn call(&self, context: HookContext) -> HookFuture {
        let future = (self.clone())(context);
        Box::pin(async move { future.await.into_hook_result() })
    }
}

/// Sends the (possibly changed) request to the provider from inside a [`RequestFilter`].
#[derive(Debug)]
#[must_use = "the request is only sent when `Next::run` is awaited"]
pub struct Next {
    transport: Arc<Transport>,
    /// The provider's failure, kept so the report names the provider's fault (timeout,
    /// connection refused) rather than blaming the filter that passed it on.
    failure: Arc<Mutex<Option<InteractionError>>>,
}

impl Next {
    pub(crate) fn new(transport: Arc<Transport>) -> (Self, Arc<Mutex<Option<InteractionError>>>) {
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
    /// [`InteractionError::Unreachable`], [`InteractionError::Tls`] or
    /// [`InteractionError::Timeout`] naming the URL; the interaction fails with that error
    /// whatever the filter returns instead.
    pub async fn run(
        self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, InteractionError> {
        let result = self.transport.send(request).await;
        if let Err(error) = &result
            && let Ok(mut slot) = self.failure.lock()
        {
            *slot = Some(error.clone());
        }
        result
    }
}

/// The future a [`RequestFilter`] returns.
pub type FilterFuture =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, BoxError>> + Send + 'static>>;

/// What a request filter's future may end with: the response, or `Result` of it with any
/// error `E: Into<`[`BoxError`]`>` (what [`Next::run`] returns passes straight through).
pub trait IntoFilterResult {
    /// The response, or the filter's error.
    ///
    /// # Errors
    /// The filter's own error, boxed.
    fn into_filter_result(self) -> Result<http::Response<Bytes>, BoxError>;
}

impl IntoFilterResult for http::Response<Bytes> {
    fn into_filter_result(self) -> Result<http::Response<Bytes>, BoxError> {
        Ok(self)
    }
}

impl<E: Into<BoxError>> IntoFilterResult for Result<http::Response<Bytes>, E> {
    fn into_filter_result(self) -> Result<http::Response<Bytes>, BoxError> {
        self.map_err(Into::into)
    }
}

/// Middleware around the request to the provider: it may change the request (a fresh
/// token), sends it with [`Next::run`], and may look at or change the response before it
/// is matched. Implemented for every `Clone` closure or function taking the request and
/// [`Next`] and returning a future that ends in [`IntoFilterResult`] (async closures,
/// closures returning an `async` block, `async fn` items). The `http` and `bytes` types it
/// handles are re-exported as [`provider::http`](super::http) and
/// [`provider::Bytes`](super::Bytes).
///
/// ```
/// use pact_runtime::provider::{Bytes, Next, Verifier, http};
///
/// let token = String::from("Bearer fresh-token");
/// let verifier = Verifier::new("user-service", "http://127.0.0.1:8080").request_filter(
///     async move |mut request: http::Request<Bytes>, next: Next| {
///         let value = http::HeaderValue::from_str(&token)?;
///         request.headers_mut().insert(http::header::AUTHORIZATION, value);
///         let response = next.run(request).await?;
///         Ok::<_, pact_runtime::provider::BoxError>(response)
///     },
/// );
/// # let _ = verifier;
/// ```
pub trait RequestFilter: Send + Sync + 'static {
    /// Filters one exchange.
    fn call(&self, request: http::Request<Bytes>, next: Next) -> FilterFuture;
}

impl<F, Fut> RequestFilter for F
where
    F: FnOnce(http::Request<Bytes>, Next) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoFilterResult,
{
    fn call(&self, request: http::Request<Bytes>, next: Next) -> FilterFuture {
        let future = (self.clone())(request, next);
        Box::pin(async move { future.await.into_filter_result() })
    }
}
