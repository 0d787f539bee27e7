//! What can go wrong in a consumer's message test.

use crate::generators::GeneratorError;
use crate::mock_server::EnvError;
use crate::model::WriteError;

/// A message test's failure: the handler refused the example, the example could not be
/// built or read, or the pact could not be written.
///
/// `Debug` shows the same text as `Display`: a test that ends in `?` or `unwrap()` prints
/// the error through `Debug`, and the handler's error and the message are what the
/// person reading the failure needs.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum MessageError {
    /// The consumer's handler returned an error for the example message; nothing is
    /// recorded for it, and the pact is not written.
    #[error("the message handler failed for \"{description}\": {error}\nthe message:\n{message}")]
    Handler {
        /// The interaction's description.
        description: String,
        /// The handler's error, rendered.
        error: String,
        /// The message it was given, rendered ([`ReceivedMessage`](super::ReceivedMessage)'s
        /// `Display`).
        message: String,
    },
    /// A generator of the message could not produce a value.
    #[error("cannot build the example of message \"{description}\": {source}")]
    Generate {
        /// The interaction's description.
        description: String,
        /// Which generator failed, and why (boxed: it is large, and rare).
        #[source]
        source: Box<GeneratorError>,
    },
    /// The contents do not deserialise into the type the handler asked for: shown beside
    /// serde's error, whose line and column point into them.
    #[error(
        "the contents of message \"{description}\" do not deserialise into `{type_name}`: {source}\nthe contents: {contents}"
    )]
    Deserialize {
        /// The interaction's description.
        description: String,
        /// The type asked for.
        type_name: &'static str,
        /// The contents as the handler was given them (UTF-8 text, or base64), cut after
        /// 1 KiB with their whole size.
        contents: String,
        /// serde's error, with line and column.
        #[source]
        source: serde_json::Error,
    },
    /// `finish` was called after handlers failed: a pact is never written for a failed
    /// test.
    #[error(
        "no pact was written: the message handler failed for {}",
        quoted(descriptions)
    )]
    HandlersFailed {
        /// The descriptions of the messages whose handler failed.
        descriptions: Vec<String>,
    },
    /// An environment switch (`PACT_OUTPUT_DIR`, `PACT_OVERWRITE`) has an invalid value.
    #[error("cannot start the message pact: {0}")]
    Env(#[source] EnvError),
    /// The pact file could not be written.
    #[error("cannot write the pact file: {0}")]
    Write(#[source] WriteError),
}

fn quoted(descriptions: &[String]) -> String {
    descriptions
        .iter()
        .map(|d| format!("\"{d}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl std::fmt::Debug for MessageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl From<WriteError> for MessageError {
    fn from(error: WriteError) -> Self {
        MessageError::Write(error)
    }
}
