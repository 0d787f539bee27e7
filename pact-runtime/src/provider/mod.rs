//! Provider verification: replay each interaction of a pact against the running provider
//! and compare what comes back with what the consumer expects.
//!
//! Per HTTP interaction, in this order: the before-each hook → provider state setup (each
//! state, with its parameters) → the request built from the pact (examples, generators,
//! values the states returned) → custom headers added or replaced → the request filter
//! (which sends the request through [`Next`] and may change the response) → the response
//! matched by [`crate::matching::match_response`] → state teardown (reverse order) → the
//! after-each hook. A failing hook or state handler fails that interaction and skips its
//! request; a state whose setup failed is not torn down.
//!
//! Per message interaction the same steps run around the message instead of the request:
//! the before-each hook → state setup → the message from its producer (see
//! [`Verifier::message`], [`Verifier::sync_message`]) or from the provider's message
//! endpoint ([`Verifier::message_endpoint`], by default the base URL, as the official
//! verifier does) → contents and metadata matched by [`crate::matching::match_message`] →
//! teardown → after-each. A provider that does not answer the message POST fails that
//! interaction. A [`Verifier::for_messages`] verifier skips HTTP interactions; without an
//! endpoint it fails a message without a producer naming its description, and skips message
//! interactions when it has no producer at all.
//!
//! A verification that verified no interaction (no pact found, everything filtered out or
//! skipped) fails unless [`Verifier::allow_no_interactions`] says that is expected: a
//! build that checked nothing must not go green.
//!
//! [`Verifier::trials`] makes the same verification one test trial per interaction
//! ([`VerificationTrials`]), which is what `#[pact_provider]` runs.
//!
//! Everything runs as ordinary futures (or tasks, with [`Verifier::concurrency`]) on the
//! caller's Tokio runtime; there is no hidden runtime or thread. One HTTP client with a
//! keep-alive pool serves the provider, pact URLs and the state-change URL.
//!
//! ```no_run
//! use std::sync::{Arc, Mutex};
//! use pact_runtime::provider::{PactSource, Verifier};
//!
//! # async fn run() {
//! let store = Arc::new(Mutex::new(Vec::new()));
//! let report = Verifier::new("user-service", "http://127.0.0.1:8080")
//!     // seed the provider's store from `state.params`
//!     .state("user 42 exists", async move |state| {
//!         store.lock().expect("not poisoned").push(state.params);
//!     })
//!     .verify(&[PactSource::dir("pacts")])
//!     .await;
//! report.assert_ok();
//! # }
//! ```
//!
//! # Handlers
//!
//! State handlers, hooks, the request filter and message producers are plain Rust:
//! async closures (`async move |state| …`, argument types inferred, captures moved in
//! once and cloned per call, so an `Arc` or a pool needs no clone-then-move), closures
//! returning an `async` block, and `async fn` items. Each may return its success value
//! alone (`()`, [`StateValues`], a response) or a `Result` with any error
//! `E: Into<`[`BoxError`]`>` (every `std::error::Error + Send + Sync`, `String`, `&str`).
//! A failure is an [`InteractionError`] in the report naming the state, hook, filter or
//! producer, with the handler's error as its `source()`:
//!
//! ```
//! use pact_runtime::model::ProviderState;
//! use pact_runtime::provider::{BoxError, HookContext, Next, Verifier, http, Bytes};
//!
//! #[derive(Debug, thiserror::Error)]
//! #[error("the database is down")]
//! struct DbDown;
//!
//! async fn seed(_id: u64) -> Result<(), DbDown> {
//!     Ok(())
//! }
//!
//! async fn reset(_context: HookContext) -> Result<(), DbDown> {
//!     Ok(())
//! }
//!
//! let tenant = String::from("acme");
//! let verifier = Verifier::new("user-service", "http://127.0.0.1:8080")
//!     // ends with a fallible call: its error type is the handler's
//!     .state("user 42 exists", async |_state| seed(42).await)
//!     // `?` inside: name the error type once where it ends in `Ok`
//!     .state("two users exist", async |_state: ProviderState| {
//!         seed(1).await?;
//!         seed(2).await?;
//!         Ok::<_, BoxError>(())
//!     })
//!     // a closure returning an async block, as before
//!     .state("no users", |_state| async { seed(0).await })
//!     .before_each(reset)
//!     .request_filter(async move |mut request: http::Request<Bytes>, next: Next| {
//!         let value = http::HeaderValue::from_str(&tenant).expect("a valid header");
//!         request.headers_mut().insert("x-tenant", value);
//!         next.run(request).await
//!     });
//! # let _ = verifier;
//! ```

pub(crate) mod client;
mod error;
mod filter;
mod hooks;
mod message;
mod message_endpoint;
mod message_run;
mod report;
mod run;
mod source;
mod state;
pub(crate) mod tls;
mod trials;
mod unwind;
mod verifier;

use std::path::PathBuf;

/// The body type of the requests and responses a [`RequestFilter`] handles.
pub use bytes::Bytes;
pub use error::{
    BoxError, HookKind, InteractionError, Panicked, ProducerKind, SharedError, TimedOut,
};
pub use filter::{ENV_DESCRIPTION, ENV_PROVIDER_STATE};
pub use hooks::{
    FilterFuture, Hook, HookContext, HookFuture, IntoFilterResult, IntoHookResult, Next,
    RequestFilter,
};
/// The `http` crate, whose request and response types a [`RequestFilter`] handles.
pub use http;
pub use message::{
    Asynchronous, Blocking, IntoResponses, MessageContext, MessageProducer, ProducerFuture,
    ProviderMessage, SyncMessageProducer,
};
pub use report::{InteractionResult, Outcome, PactResult, Status, VerificationReport};
pub use source::{FetchContext, FetchFuture, FetchPacts, FetchedPact, PactSource, WIP_PROPERTY};
pub use state::{
    IntoStateResult, IntoStateValues, StateChangeUrl, StateFuture, StateHandler, StateValues,
};
pub(crate) use trials::{TrialLog, failures as trial_failures};
pub use trials::{TrialResults, TrialsOutcome, VerificationTrials};
pub use verifier::Verifier;

/// The part of an interaction whose generators the verifier runs: the request it sends, or
/// what it expects back (provider-state values injected).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GeneratedPart {
    /// The HTTP request sent to the provider.
    Request,
    /// The HTTP response the provider must send back.
    ExpectedResponse,
    /// A message the provider must produce (an asynchronous message, or a response of a
    /// synchronous one).
    ExpectedMessage,
}

impl std::fmt::Display for GeneratedPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Request => "the request",
            Self::ExpectedResponse => "the expected response",
            Self::ExpectedMessage => "the expected message",
        })
    }
}

use crate::model::LoadError;

/// Why a pact, or the whole verification, could not be run: settings, pact sources, the
/// broker. What fails a single interaction is an [`InteractionError`] instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The pact file could not be read or is not a valid pact.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A pact directory could not be listed.
    #[error("cannot read pact directory {}: {source}", dir.display())]
    ReadDir {
        /// The directory.
        dir: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A pact directory holds no pact for this provider.
    #[error("no pact for provider \"{provider}\" in {}", dir.display())]
    NoPacts {
        /// The directory.
        dir: PathBuf,
        /// The provider being verified.
        provider: String,
    },
    /// A pact given explicitly (file or URL) is for another provider.
    #[error("{location} is a pact for provider \"{found}\", not \"{expected}\"")]
    WrongProvider {
        /// The file or URL.
        location: String,
        /// The provider being verified.
        expected: String,
        /// The provider the pact names.
        found: String,
    },
    /// A pact could not be fetched (HTTP error status, connection, custom source).
    #[error("cannot fetch the pact at {url}: {message}")]
    Fetch {
        /// The URL (credentials are never part of it).
        url: String,
        /// What went wrong.
        message: String,
    },
    /// A pact source's own error: a [`FetchPacts`] source (such as the Pact Broker's
    /// [`BrokerSource`](crate::broker::BrokerSource), whose
    /// [`BrokerError`](crate::broker::BrokerError) names the URL) could not give its
    /// pacts. Displays as that error; `downcast_ref` on the box inspects it.
    #[error(transparent)]
    Source(BoxError),
    /// An interaction filter is not a valid regular expression.
    #[error("invalid {origin} filter /{pattern}/: {message}")]
    InvalidFilter {
        /// Where it came from: `description`, `provider state`, or an environment variable.
        origin: String,
        /// The pattern as given.
        pattern: String,
        /// The regex error.
        message: String,
    },
    /// The filters selected no interaction at all, which would otherwise pass silently.
    #[error("no interaction matches the filters ({filters}); nothing was verified")]
    NothingSelected {
        /// The active filters, rendered.
        filters: String,
    },
    /// A request setting cannot be used (a message endpoint that is neither a URL nor a
    /// path).
    #[error("cannot build the request: {0}")]
    InvalidRequest(String),
    /// The TLS settings cannot be used (unreadable CA certificate, no certificate in it).
    #[error("invalid TLS settings: {0}")]
    Tls(String),
    /// A custom header given to the verifier is not a valid HTTP header.
    #[error("invalid custom header {name:?}: {message}")]
    InvalidHeader {
        /// The header's name as given.
        name: String,
        /// What is wrong with it.
        message: String,
    },
}
