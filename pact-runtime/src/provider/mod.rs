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
//! use pact_runtime::model::ProviderState;
//! use pact_runtime::provider::{PactSource, Verifier};
//!
//! # async fn run() {
//! let report = Verifier::new("user-service", "http://127.0.0.1:8080")
//!     .state("user 42 exists", |state: ProviderState| async move {
//!         // seed the provider's store from `state.params`
//!         let _ = state;
//!         Ok::<(), std::convert::Infallible>(())
//!     })
//!     .verify(&[PactSource::dir("pacts")])
//!     .await;
//! report.assert_ok();
//! # }
//! ```

pub(crate) mod client;
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
use std::time::Duration;

pub use filter::{ENV_DESCRIPTION, ENV_PROVIDER_STATE};
pub use hooks::{FilterFuture, Hook, HookContext, HookFuture, Next, RequestFilter};
pub use message::{
    Asynchronous, Blocking, IntoResponses, MessageContext, MessageProducer, ProducerFuture,
    ProviderMessage, SyncMessageProducer,
};
pub use report::{InteractionResult, Outcome, PactResult, Status, VerificationReport};
pub use source::{FetchContext, FetchFuture, FetchPacts, FetchedPact, PactSource};
pub use state::{IntoStateValues, StateChangeUrl, StateFuture, StateHandler, StateValues};
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

/// Why a pact could not be verified, or why one interaction could not be replayed.
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
    /// The Pact Broker could not give the pacts to verify (its pacts-for-verification, or
    /// one pact it listed); the broker client's own error, which names the URL.
    #[error(transparent)]
    Broker(#[from] crate::broker::BrokerError),
    /// A provider state could not be set up.
    #[error("state change failed: \"{state}\": {message}")]
    StateChange {
        /// The state's name.
        state: String,
        /// The handler's error, rendered.
        message: String,
    },
    /// A provider state could not be torn down.
    #[error("state teardown failed: \"{state}\": {message}")]
    StateTeardown {
        /// The state's name.
        state: String,
        /// The handler's error, rendered.
        message: String,
    },
    /// A before-each or after-each hook failed.
    #[error("{hook} hook failed: {message}")]
    Hook {
        /// `before-each` or `after-each`.
        hook: &'static str,
        /// The hook's error, rendered.
        message: String,
    },
    /// The request filter failed without the provider being at fault.
    #[error("request filter failed: {0}")]
    RequestFilter(String),
    /// The generators of one part of an interaction (the request sent, or the response or
    /// message the provider must give back) could not produce a value.
    #[error("cannot generate {part}: {source}")]
    Generate {
        /// Which part was being generated.
        part: GeneratedPart,
        /// The generator's error, naming its location and type.
        #[source]
        source: crate::generators::GeneratorError,
    },
    /// The request in the pact cannot be sent (bad base URL, header name or value).
    #[error("cannot build the request: {0}")]
    InvalidRequest(String),
    /// The provider did not accept the connection or the exchange failed.
    #[error("cannot reach the provider at {url}: {message}")]
    Unreachable {
        /// The URL of the request.
        url: String,
        /// The client error with its causes.
        message: String,
    },
    /// The provider did not answer in time.
    #[error("no response from the provider at {url} within {after:?}")]
    Timeout {
        /// The URL of the request.
        url: String,
        /// The configured timeout.
        after: Duration,
    },
    /// A hook or state handler did not finish in time.
    #[error("{what} did not finish within {after:?}")]
    StepTimeout {
        /// The step (`state change "user 42 exists"`, `before-each hook`).
        what: String,
        /// The configured timeout.
        after: Duration,
    },
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
