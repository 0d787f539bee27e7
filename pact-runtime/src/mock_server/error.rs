//! What can go wrong with a mock server outside the consumer test's own assertions:
//! starting it, what it saw, writing the pact. The consumer module's API returns it.

use super::MockServerReport;
use crate::model::WriteError;

/// A mock server's failure: the mock server could not start, did not see what the
/// interactions describe, or the pact could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockServerError {
    /// The mock server saw something other than the mounted interactions: requests never
    /// received, unexpected requests, mismatches. Displays as the readable report (boxed:
    /// a report is large, and errors travel by value).
    #[error("{0}")]
    Verification(Box<MockServerReport>),
    /// The pact file could not be written.
    #[error("cannot write the pact file: {0}")]
    Write(#[source] WriteError),
    /// The mock server could not bind its address (the chosen port is taken, or no port
    /// is free).
    #[error("cannot start the mock server: cannot bind {address}: {source}")]
    Bind {
        /// The address asked for (port 0 when any free port would do).
        address: std::net::SocketAddr,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An environment switch (`PACT_OVERWRITE`, …) has an invalid value.
    #[error("cannot start the mock server: {0}")]
    Env(#[source] super::EnvError),
    /// The TLS certificate or configuration of a TLS mock server could not be created.
    #[error("cannot start the mock server: {0}")]
    Tls(#[source] super::TlsError),
    /// The mock server's background runtime could not be created.
    #[error("cannot start the mock server: cannot create its runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

impl From<WriteError> for MockServerError {
    fn from(error: WriteError) -> Self {
        MockServerError::Write(error)
    }
}
