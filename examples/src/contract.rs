//! The contract between `web-app` and `user-service`, as plain async functions.
//!
//! - [`interactions`]: the pact's interactions, built once (bodies from the web app's
//!   `#[derive(PactMatch)]` types).
//! - [`ConsumerTest`] / [`write_pact`]: the consumer tests with the builder API, running
//!   the real [`web_app`](crate::web_app) client against a mock user service and writing
//!   the pact.
//! - [`verify_provider`] / [`verifier`]: the real [`user_service`](crate::user_service)
//!   verified against that pact with the builder API.
//! - [`messages`]: the message contract, the `users.created` event the user service
//!   publishes and the [`welcome_mailer`](crate::welcome_mailer) consumes.
//!
//! Both the `pact-examples` binary and `tests/contract.rs` call these, so the example a
//! reader runs and the one CI checks are the same code. `tests/consumer.rs` and
//! `tests/provider.rs` show the same contract with `#[pact_consumer]` and
//! `#[pact_provider]`. The functions expect a current-thread Tokio runtime (as
//! `#[tokio::test]` gives): the mock server then runs on the runtime the library shares
//! between such servers, and the user service and the verifier share the test's thread.

mod consumer;
pub mod interactions;
pub mod messages;
mod provider;

use pact_runtime::mock_server::MockServerError;

pub use consumer::{ConsumerTest, alice, write_pact};
pub use provider::{user_id, verifier, verify_provider};

use crate::web_app::ClientError;

/// The consumer's name in the pact.
pub const CONSUMER: &str = "web-app";
/// The provider's name in the pact.
pub const PROVIDER: &str = "user-service";
/// The pact's file name.
pub const PACT_FILE: &str = "web-app-user-service.json";

/// A contract check that did not pass.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ContractError {
    /// The mock server did not see what the test describes, or the pact was not written.
    #[error(transparent)]
    Consumer(#[from] MockServerError),
    /// The client failed against the mock server.
    #[error("the web-app client failed: {0}")]
    Client(#[from] ClientError),
    /// The client returned something other than the test expects.
    #[error("unexpected result: {0}")]
    Unexpected(String),
    /// The user service could not start.
    #[error("cannot start the user service: {0}")]
    Start(#[source] std::io::Error),
    /// A pact could not be written.
    #[error(transparent)]
    Write(pact_runtime::model::WriteError),
    /// A message handler refused the example message, or the message pact was not
    /// written.
    #[error(transparent)]
    Message(#[from] pact_runtime::message::MessageError),
}
