//! Provider verification: replay each interaction of a pact against the running provider
//! and compare what comes back with what the consumer expects.
//!
//! The flow per HTTP interaction is: set up the provider states (the handlers registered
//! with [`Verifier::state`]) → build the request from the pact → send it to the provider →
//! read the response into the model → [`crate::matching::match_response`]. Everything runs
//! as ordinary futures on the caller's Tokio runtime; there is no hidden runtime or thread.
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

mod client;
mod report;
mod source;
mod state;
mod verifier;

use std::path::PathBuf;
use std::time::Duration;

pub use report::{InteractionResult, Outcome, PactResult, VerificationReport};
pub use source::PactSource;
pub use state::StateHandler;
pub use verifier::Verifier;

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
    /// A pact file given explicitly is for another provider.
    #[error(
        "{} is a pact for provider \"{found}\", not \"{expected}\"",
        file.display()
    )]
    WrongProvider {
        /// The file.
        file: PathBuf,
        /// The provider being verified.
        expected: String,
        /// The provider the pact names.
        found: String,
    },
    /// A provider state handler returned an error.
    #[error("state change failed: \"{state}\": {message}")]
    StateChange {
        /// The state's name.
        state: String,
        /// The handler's error, rendered.
        message: String,
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
}
