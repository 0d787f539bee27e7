//! What can go wrong in a consumer test outside the test's own assertions.

use crate::mock_server::MockServerReport;
use crate::model::WriteError;

/// A consumer test's failure: the mock server could not start, did not see what the
/// interactions describe, or the pact could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConsumerError {
    /// The mock server saw something other than the mounted interactions: requests never
    /// received, unexpected requests, mismatches. Displays as the readable report.
    #[error("{0}")]
    Verification(MockServerReport),
    /// The pact file could not be written.
    #[error("cannot write the pact file: {0}")]
    Write(#[source] WriteError),
    /// The mock server could not bind its port on 127.0.0.1.
    #[error("cannot start the mock server: cannot bind 127.0.0.1: {0}")]
    Bind(#[source] std::io::Error),
    /// The mock server's background runtime could not be created.
    #[error("cannot start the mock server: cannot create its runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

impl From<WriteError> for ConsumerError {
    fn from(error: WriteError) -> Self {
        ConsumerError::Write(error)
    }
}
