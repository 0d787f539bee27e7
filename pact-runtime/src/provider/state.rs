//! Provider state handlers: the async closures that put the provider into the state an
//! interaction needs before it is replayed (and take it out again afterwards), and the
//! state-change URL for providers not written in Rust.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::client::{Transport, redact};
use super::error::BoxError;
use crate::model::ProviderState;

/// Values a state handler hands to the provider-state generators of the request
/// (`/users/${id}`), by name.
pub type StateValues = serde_json::Map<String, serde_json::Value>;

/// The future a [`StateHandler`] returns.
pub type StateFuture =
    Pin<Box<dyn Future<Output = Result<Option<StateValues>, BoxError>> + Send + 'static>>;

/// What a state handler may return on success: nothing (`()`), or values for the request's
/// provider-state generators ([`StateValues`], or `Option<StateValues>`).
pub trait IntoStateValues {
    /// The values, if any.
    fn into_state_values(self) -> Option<StateValues>;
}

impl IntoStateValues for () {
    fn into_state_values(self) -> Option<StateValues> {
        None
    }
}

impl IntoStateValues for StateValues {
    fn into_state_values(self) -> Option<StateValues> {
        Some(self)
    }
}

impl IntoStateValues for Option<StateValues> {
    fn into_state_values(self) -> Option<StateValues> {
        self
    }
}

/// What a state handler's future may end with: a success value ([`IntoStateValues`]:
/// `()`, [`StateValues`], `Option<StateValues>`) when it cannot fail, or a `Result` of
/// one with any error `E: Into<`[`BoxError`]`>` (every `std::error::Error + Send + Sync`,
/// `String`, `&str`), which is kept as the [`InteractionError`](super::InteractionError)'s
/// source.
pub trait IntoStateResult {
    /// The values, or the handler's error.
    ///
    /// # Errors
    /// The handler's own error, boxed.
    fn into_state_result(self) -> Result<Option<StateValues>, BoxError>;
}

impl IntoStateResult for () {
    fn into_state_result(self) -> Result<Option<StateValues>, BoxError> {
        Ok(None)
    }
}

impl IntoStateResult for StateValues {
    fn into_state_result(self) -> Result<Option<StateValues>, BoxError> {
        Ok(Some(self))
    }
}

impl IntoStateResult for Option<StateValues> {
    fn into_state_result(self) -> Result<Option<StateValues>, BoxError> {
        Ok(self)
    }
}

impl<T: IntoStateValues, E: Into<BoxError>> IntoStateResult for Result<T, E> {
    fn into_state_result(self) -> Result<Option<StateValues>, BoxError> {
        self.map(IntoStateValues::into_state_values)
            .map_err(Into::into)
    }
}

/// Sets up (or tears down) one provider state. Implemented for every `Clone` closure or
/// function that takes the [`ProviderState`] and returns a future ending in
/// [`IntoStateResult`]: Rust 2024 async closures (`async move |state| …`), closures
/// returning an `async` block, and `async fn` items.
///
/// The handler is cloned for each call, so an async closure may capture an `Arc` or a
/// connection pool by move and use it directly, with no clone-then-move ceremony. Its
/// future must be `Send`, because the verifier may run interactions as tasks
/// ([`Verifier::concurrency`](super::Verifier::concurrency)).
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use pact_runtime::model::ProviderState;
/// use pact_runtime::provider::{StateValues, Verifier};
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("the store is closed")]
/// struct Closed;
///
/// async fn no_users(_state: ProviderState) -> Result<(), Closed> {
///     Ok(())
/// }
///
/// let users = Arc::new(Mutex::new(Vec::<u64>::new()));
/// let verifier = Verifier::new("user-service", "http://127.0.0.1:8080")
///     // an async closure capturing the store: infallible, so it returns `()`
///     .state("user 42 exists", async move |state| {
///         let id = state.params.get("id").and_then(|id| id.as_u64()).unwrap_or(42);
///         users.lock().expect("not poisoned").push(id);
///     })
///     // an `async fn` with its own error type
///     .state("no users exist", no_users)
///     // a fallible one: the error type comes from the call it ends with
///     .state("a user has an id", async |state| {
///         state.params.get("id").map(|_| ()).ok_or("no id given")
///     })
///     // values for `/users/${id}` in the pact
///     .state("a user exists", async |_state| {
///         let mut values = StateValues::new();
///         values.insert("id".into(), "6000".into());
///         values
///     });
/// # let _ = verifier;
/// ```
///
/// A handler that uses `?` and ends in `Ok(())` must name its error type once
/// (`Ok::<_, BoxError>(())`): Rust infers no type from a trait bound (E0282), so no
/// signature could spare that.
pub trait StateHandler: Send + Sync + 'static {
    /// Acts on `state`; an error fails the interaction that needs the state.
    fn call(&self, state: ProviderState) -> StateFuture;
}

impl<F, Fut> StateHandler for F
where
    F: FnOnce(ProviderState) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future + Send + 'static,
    Fut::Output: IntoStateResult,
{
    fn call(&self, state: ProviderState) -> StateFuture {
        let future = (self.clone())(state);
        Box::pin(async move { future.await.into_state_result() })
    }
}

/// Whether a state is being set up or torn down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateAction {
    Setup,
    Teardown,
}

impl StateAction {
    fn as_str(self) -> &'static str {
        match self {
            StateAction::Setup => "setup",
            StateAction::Teardown => "teardown",
        }
    }
}

/// A URL the verifier calls to change provider states, for providers not written in Rust.
///
/// Each call is a `POST` with the JSON body `{"state": name, "params": {…}, "action":
/// "setup"}` (the shape the official verifier sends) or, with
/// [`as_query`](Self::as_query), the same fields as query parameters with each parameter
/// flattened. Any 2xx answer is success; a JSON object in the answer is used as values
/// for provider-state generators. Teardown calls are only made with
/// [`with_teardown`](Self::with_teardown), as providers written for the official
/// verifier do not expect them.
///
/// ```
/// use pact_runtime::provider::{StateChangeUrl, Verifier};
///
/// let verifier = Verifier::new("user-service", "http://127.0.0.1:8080")
///     .state_change_url(StateChangeUrl::new("http://127.0.0.1:8080/_pact/state").with_teardown());
/// # let _ = verifier;
/// ```
#[derive(Clone, PartialEq, Eq)]
#[must_use = "a StateChangeUrl does nothing until given to `Verifier::state_change_url`"]
pub struct StateChangeUrl {
    url: String,
    as_query: bool,
    teardown: bool,
}

impl std::fmt::Debug for StateChangeUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateChangeUrl")
            .field("url", &redact(&self.url))
            .field("as_query", &self.as_query)
            .field("teardown", &self.teardown)
            .finish()
    }
}

impl StateChangeUrl {
    /// State changes are POSTed as JSON to `url`.
    pub fn new(url: impl Into<String>) -> Self {
        StateChangeUrl {
            url: url.into(),
            as_query: false,
            teardown: false,
        }
    }

    /// Sends `state`, `action` and every parameter as query parameters instead of a JSON
    /// body.
    pub fn as_query(mut self) -> Self {
        self.as_query = true;
        self
    }

    /// Also calls the URL with `"action": "teardown"` after each interaction.
    pub fn with_teardown(mut self) -> Self {
        self.teardown = true;
        self
    }

    /// True when teardown calls are made.
    pub(crate) fn tears_down(&self) -> bool {
        self.teardown
    }

    /// Makes one state-change call.
    pub(crate) async fn call(
        &self,
        transport: &Transport,
        state: &ProviderState,
        action: StateAction,
    ) -> Result<Option<StateValues>, BoxError> {
        let request = self.request(state, action)?;
        let response = transport.send(request).await?;
        if !response.status().is_success() {
            let body = String::from_utf8_lossy(response.body());
            let body: String = body.chars().take(200).collect();
            return Err(format!(
                "{} answered {} {}",
                redact(&self.url),
                response.status(),
                body.trim()
            )
            .trim_end()
            .into());
        }
        Ok(match serde_json::from_slice(response.body()) {
            Ok(serde_json::Value::Object(values)) => Some(values),
            _ => None,
        })
    }

    fn request(
        &self,
        state: &ProviderState,
        action: StateAction,
    ) -> Result<http::Request<Bytes>, String> {
        let (url, body) = if self.as_query {
            let mut pairs = vec![
                ("state".to_owned(), state.name.clone()),
                ("action".to_owned(), action.as_str().to_owned()),
            ];
            for (name, value) in &state.params {
                let value = match value {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                pairs.push((name.clone(), value));
            }
            let query: Vec<String> = pairs
                .iter()
                .map(|(name, value)| {
                    format!(
                        "{}={}",
                        utf8_percent_encode(name, NON_ALPHANUMERIC),
                        utf8_percent_encode(value, NON_ALPHANUMERIC)
                    )
                })
                .collect();
            let separator = if self.url.contains('?') { '&' } else { '?' };
            (
                format!("{}{separator}{}", self.url, query.join("&")),
                Bytes::new(),
            )
        } else {
            let body = serde_json::json!({
                "state": state.name,
                "params": state.params,
                "action": action.as_str(),
            });
            (self.url.clone(), Bytes::from(body.to_string()))
        };
        let mut builder = http::Request::post(url.as_str());
        if !body.is_empty() {
            builder = builder.header(http::header::CONTENT_TYPE, "application/json");
        }
        builder
            .body(body)
            .map_err(|error| format!("invalid state-change URL {}: {error}", redact(&self.url)))
    }
}

impl From<&str> for StateChangeUrl {
    fn from(url: &str) -> Self {
        StateChangeUrl::new(url)
    }
}

impl From<String> for StateChangeUrl {
    fn from(url: String) -> Self {
        StateChangeUrl::new(url)
    }
}

/// The handlers of one provider state.
#[derive(Clone)]
pub(crate) struct StateEntry {
    pub(crate) setup: Arc<dyn StateHandler>,
    pub(crate) teardown: Option<Arc<dyn StateHandler>>,
}

/// What changes a state that has no handler of its own.
#[derive(Clone)]
pub(crate) enum Fallback {
    Handler(StateEntry),
    Url(StateChangeUrl),
}

impl std::fmt::Debug for Fallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fallback::Handler(_) => f.write_str("DefaultHandler"),
            Fallback::Url(url) => url.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> ProviderState {
        let mut state = ProviderState::new("user exists");
        state.params.insert("id".into(), 42.into());
        state.params.insert("name".into(), "Al & Bo".into());
        state
    }

    #[test]
    fn the_json_form_is_the_official_verifiers_body() {
        let request = StateChangeUrl::new("http://localhost:1/state")
            .request(&state(), StateAction::Setup)
            .expect("request");

        let body: serde_json::Value = serde_json::from_slice(request.body()).expect("json");
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            body,
            serde_json::json!({
                "state": "user exists",
                "params": {"id": 42, "name": "Al & Bo"},
                "action": "setup"
            })
        );
        assert_eq!(request.headers()["content-type"], "application/json");
    }

    #[test]
    fn the_query_form_flattens_the_parameters() {
        let request = StateChangeUrl::new("http://localhost:1/state")
            .as_query()
            .request(&state(), StateAction::Teardown)
            .expect("request");

        assert_eq!(
            request.uri().to_string(),
            "http://localhost:1/state?state=user%20exists&action=teardown&id=42&name=Al%20%26%20Bo"
        );
        assert!(request.body().is_empty());
    }
}
