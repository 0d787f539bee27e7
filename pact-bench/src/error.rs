//! Why a workload could not run or did not hold up (any of these exits non-zero).

use std::path::PathBuf;

use pact_runtime::mock_server::MockServerError;
use pact_runtime::model::WriteError;

/// A workload that failed to run, or whose assertion failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BenchError {
    /// The client's tokio runtime could not be built.
    #[error("cannot create the tokio runtime: {0}")]
    Runtime(#[source] std::io::Error),
    /// The workload-4 provider could not bind or start its thread.
    #[error("cannot start the provider: {0}")]
    Provider(#[source] std::io::Error),
    /// A temporary or output directory (or a file) could not be created.
    #[error("cannot create directory {}: {source}", path.display())]
    Dir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The mock server failed to start, verify or write its pact.
    #[error(transparent)]
    Consumer(#[from] MockServerError),
    /// A pact could not be written directly.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The HTTP client failed (connection, body read).
    #[error("HTTP request failed: {0}")]
    Http(#[from] reqwest::Error),
    /// Something the workload asserts did not hold.
    #[error("{workload}: assertion failed: {message}")]
    Assertion {
        workload: &'static str,
        message: String,
    },
}

impl BenchError {
    /// An assertion failure in `workload`.
    pub(crate) fn assertion(workload: &'static str, message: impl Into<String>) -> BenchError {
        BenchError::Assertion {
            workload,
            message: message.into(),
        }
    }
}
