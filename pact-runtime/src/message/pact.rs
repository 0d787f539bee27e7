//! [`MessagePact`]: a consumer's message test, collecting the message interactions its
//! handlers accepted and writing them, at [`MessagePact::finish`], into the same pact
//! file an HTTP test of the pair writes.

use std::path::PathBuf;

use super::{Message, MessageError, ReceivedMessage, SyncMessage};
use crate::mock_server::{DEFAULT_OUTPUT_DIR, EnvConfig, PactFile, pact_write};
use crate::model::{Interaction, Pact, SpecVersion, WriteMode};

/// Options for a [`MessagePact`]: where and how the pact is written. Options set here take
/// precedence over the environment switches (`PACT_OUTPUT_DIR`, `PACT_OVERWRITE`, see
/// [`EnvConfig`]), as for a mock server.
///
/// ```no_run
/// use pact_runtime::message::MessagePact;
/// use pact_runtime::model::{Pact, SpecVersion};
///
/// let pact = MessagePact::builder(Pact::new("order-events", "order-service"))
///     .spec_version(SpecVersion::V3)
///     .output_dir("target/pacts")
///     .build()?;
/// # pact.abandon();
/// # Ok::<(), pact_runtime::message::MessageError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "the message pact only exists once `build` is called"]
pub struct MessagePactBuilder {
    pact: Pact,
    output_dir: Option<PathBuf>,
    spec_version: SpecVersion,
    write_mode: Option<WriteMode>,
    env: Option<EnvConfig>,
}

impl MessagePactBuilder {
    /// The directory the pact is written to (default: `$PACT_OUTPUT_DIR`, else
    /// `target/pacts`); created when missing.
    pub fn output_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.output_dir = Some(dir.into());
        self
    }

    /// The specification version of the written pact (default V4). V3 writes asynchronous
    /// messages as a message pact (`messages`); synchronous messages need V4, and so does
    /// a file that also holds HTTP interactions.
    pub fn spec_version(mut self, version: SpecVersion) -> Self {
        self.spec_version = version;
        self
    }

    /// Whether the pact merges into an existing file (the default) or replaces it on the
    /// first write of the test run, as
    /// [`MockServerBuilder::write_mode`](crate::mock_server::MockServerBuilder::write_mode).
    pub fn write_mode(mut self, mode: WriteMode) -> Self {
        self.write_mode = Some(mode);
        self
    }

    /// Uses these switches instead of the process environment.
    pub fn env_config(mut self, config: EnvConfig) -> Self {
        self.env = Some(config);
        self
    }

    /// The message pact, ready for messages.
    ///
    /// # Errors
    /// [`MessageError::Env`] when an environment switch is invalid.
    pub fn build(self) -> Result<MessagePact, MessageError> {
        let env = match self.env {
            Some(env) => env,
            None => EnvConfig::from_env().map_err(MessageError::Env)?,
        };
        let output_dir = self
            .output_dir
            .or(env.output_dir)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_OUTPUT_DIR));
        let overwrite = match self.write_mode {
            Some(mode) => mode == WriteMode::Overwrite,
            None => env.overwrite.unwrap_or(false),
        };
        Ok(MessagePact {
            pact: self.pact,
            output_dir,
            spec_version: self.spec_version,
            overwrite,
            failed: Vec::new(),
            finished: false,
        })
    }
}

/// The example responses of a synchronous message, for the consumer's code to process,
/// and the request message it describes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Exchange {
    /// The request message, as the consumer is expected to send it.
    pub request: ReceivedMessage,
    /// The response messages, in order; empty for a message that expects no response.
    pub responses: Vec<ReceivedMessage>,
}

/// A consumer's message test for one consumer–provider pair: each asynchronous message
/// is handed to the consumer's handler and recorded if the handler accepts it; each
/// synchronous message gives its example responses to the test. [`finish`] writes the
/// recorded interactions into `{output dir}/{consumer}-{provider}.json`, merged like the
/// pact of a mock server (the same lock, the same file: a V4 pact may hold HTTP and
/// message interactions of the same pair).
///
/// ```no_run
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{integer, like};
/// use pact_runtime::message::{Message, MessagePact};
/// use pact_runtime::model::Pact;
///
/// #[derive(serde::Deserialize)]
/// struct UserCreated { id: u64, name: String }
///
/// let mut pact = MessagePact::new(Pact::new("user-events", "user-service"));
/// pact.verify(
///     Message::new("a user created event")
///         .json(json_pattern!({"id": integer(42), "name": like("Alice")}))
///         .metadata("topic", "users"),
///     |message| {
///         let event: UserCreated = message.json()?;
///         // … the consumer's real handler processes `event` …
///         Ok::<_, Box<dyn std::error::Error>>(())
///     },
/// )?;
/// pact.finish()?;
/// # Ok::<(), pact_runtime::message::MessageError>(())
/// ```
///
/// Dropping it without [`finish`] writes the pact the same way, and panics if that fails
/// or a handler failed; while the thread is panicking (the test failed) nothing is
/// written.
///
/// [`finish`]: MessagePact::finish
#[derive(Debug)]
#[must_use = "a message pact writes its pact on `finish`"]
pub struct MessagePact {
    /// The names, metadata and the interactions recorded so far.
    pact: Pact,
    output_dir: PathBuf,
    spec_version: SpecVersion,
    overwrite: bool,
    /// Descriptions of the messages whose handler failed: no pact is written then.
    failed: Vec<String>,
    finished: bool,
}

impl MessagePact {
    /// A message pact with the default options (see [`MessagePactBuilder`]).
    ///
    /// # Panics
    /// When an environment switch is invalid; use [`MessagePact::builder`] for a
    /// `Result`.
    #[track_caller]
    pub fn new(pact: Pact) -> MessagePact {
        match MessagePact::builder(pact).build() {
            Ok(pact) => pact,
            Err(error) => panic!("{error}"),
        }
    }

    /// Options for a message pact writing `pact` (whose interactions, if any, are written
    /// with the ones recorded).
    pub fn builder(pact: Pact) -> MessagePactBuilder {
        MessagePactBuilder {
            pact,
            output_dir: None,
            spec_version: SpecVersion::V4,
            write_mode: None,
            env: None,
        }
    }

    /// The directory the pact will be written to.
    pub fn output_dir(&self) -> &std::path::Path {
        &self.output_dir
    }

    /// The interactions recorded so far.
    pub fn interactions(&self) -> &[Interaction] {
        &self.pact.interactions
    }

    /// Builds the example of `message` (generators applied), passes it to `handler` (the
    /// consumer's code that takes the message off the queue) as raw bytes and metadata,
    /// and records the interaction when the handler returns `Ok`.
    /// [`verify_as`](MessagePact::verify_as) passes the contents deserialised into the
    /// consumer's own type instead. For an async handler, build the example with
    /// [`Message::example`], await the handler, then [`record`](MessagePact::record) the
    /// message.
    ///
    /// # Errors
    /// [`MessageError::Handler`] with the handler's error and the message when the handler
    /// fails; the test then fails, and [`finish`](MessagePact::finish) refuses to write
    /// the pact even if the error is ignored. [`MessageError::Generate`] when the example
    /// cannot be built.
    pub fn verify<E: std::fmt::Display>(
        &mut self,
        message: Message,
        handler: impl FnOnce(&ReceivedMessage) -> Result<(), E>,
    ) -> Result<(), MessageError> {
        self.run(message, |received| {
            handler(received).map_err(|error| error.to_string())
        })
    }

    /// [`verify`](MessagePact::verify), with the contents deserialised from JSON into the
    /// handler's type `T` (Pact Go's `AsType`).
    ///
    /// # Errors
    /// As [`verify`](MessagePact::verify), and [`MessageError::Deserialize`] when the
    /// contents do not deserialise into `T`: the consumer could not read the message it
    /// says it expects, so the test fails and nothing is recorded.
    pub fn verify_as<T, E>(
        &mut self,
        message: Message,
        handler: impl FnOnce(T) -> Result<(), E>,
    ) -> Result<(), MessageError>
    where
        T: serde::de::DeserializeOwned,
        E: std::fmt::Display,
    {
        let mut unreadable = None;
        let outcome = self.run(message, |received| match received.json::<T>() {
            Ok(value) => handler(value).map_err(|error| error.to_string()),
            Err(error) => {
                let text = error.to_string();
                unreadable = Some(error);
                Err(text)
            }
        });
        match (outcome, unreadable) {
            (Err(_), Some(error)) => Err(error),
            (outcome, _) => outcome,
        }
    }

    /// The shared core of the `verify` methods: example, handler, record or fail.
    fn run(
        &mut self,
        message: Message,
        handler: impl FnOnce(&ReceivedMessage) -> Result<(), String>,
    ) -> Result<(), MessageError> {
        let model = message.into_model();
        let description = model.common.description.clone();
        let outcome = ReceivedMessage::example(&model.message, &description).and_then(|received| {
            handler(&received).map_err(|error| MessageError::Handler {
                description: description.clone(),
                error,
                message: received.to_string(),
            })
        });
        match outcome {
            Ok(()) => {
                self.pact
                    .interactions
                    .push(Interaction::AsyncMessage(model));
                Ok(())
            }
            Err(error) => {
                self.failed.push(description);
                Err(error)
            }
        }
    }

    /// Records `message` without calling a handler: for a test that handed
    /// [`Message::example`] to its handler itself (an async handler) and saw it succeed.
    pub fn record(&mut self, message: Message) {
        self.pact
            .interactions
            .push(Interaction::AsyncMessage(message.into_model()));
    }

    /// Records the synchronous `message` and returns its example request and responses
    /// (generators applied) for the consumer's code to process. Like every interaction of
    /// the test, it is written only when the test passes and [`finish`](MessagePact::finish)
    /// runs.
    ///
    /// A message without a response is recorded too (the consumer sends a request and
    /// expects nothing back): [`Exchange::responses`] is then empty and the pact says
    /// `"response": []`. The official model holds the responses as a list that may be
    /// empty (pact-reference's `SynchronousMessage::response`, "a request message to a
    /// sequence of response messages"), and the compatibility suite's V4 synchronous
    /// message scenarios write such messages.
    ///
    /// # Errors
    /// [`MessageError::Generate`] when an example cannot be built.
    pub fn exchange(&mut self, message: SyncMessage) -> Result<Exchange, MessageError> {
        let model = message.into_model();
        let description = model.common.description.clone();
        let examples = ReceivedMessage::example(&model.request, &description).and_then(|request| {
            let responses = model
                .response
                .iter()
                .map(|response| ReceivedMessage::example(response, &description))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Exchange { request, responses })
        });
        match examples {
            Ok(exchange) => {
                self.pact.interactions.push(Interaction::SyncMessage(model));
                Ok(exchange)
            }
            Err(error) => {
                self.failed.push(description);
                Err(error)
            }
        }
    }

    /// Writes the recorded interactions into the pact file (merging, or replacing it on
    /// the first write of the run in overwrite mode) and returns its path.
    ///
    /// # Errors
    /// [`MessageError::HandlersFailed`] when a handler failed (nothing is written),
    /// [`MessageError::Write`] when the pact cannot be written: among others when the
    /// file holds the same interaction with other content, is of another specification
    /// version, or the version cannot express an interaction (V3 and a synchronous
    /// message, or HTTP and messages in one V3 file).
    pub fn finish(mut self) -> Result<PactFile, MessageError> {
        self.finished = true;
        self.complete()
    }

    /// Ends the test without writing anything: for a test that failed on its own.
    pub fn abandon(mut self) {
        self.finished = true;
    }

    fn complete(&mut self) -> Result<PactFile, MessageError> {
        if !self.failed.is_empty() {
            return Err(MessageError::HandlersFailed {
                descriptions: std::mem::take(&mut self.failed),
            });
        }
        let pact = std::mem::take(&mut self.pact);
        let path = pact_write::write(&pact, &self.output_dir, self.spec_version, self.overwrite)?;
        Ok(PactFile { path })
    }
}

impl Drop for MessagePact {
    fn drop(&mut self) {
        if self.finished || std::thread::panicking() {
            return;
        }
        if let Err(error) = self.complete() {
            panic!("{}", dropped_unfinished(&error));
        }
    }
}

/// The panic of a [`MessagePact`] dropped without `finish()` whose pact could not be
/// written then: what happened, and what the test should call instead.
fn dropped_unfinished(error: &MessageError) -> String {
    const CALL: &str = "call `finish()` at the end of the test to get this as a Result, or `abandon()` to end a failed test without writing";
    match error {
        MessageError::HandlersFailed { .. } => {
            format!("message pact dropped without `finish()`: {error}; {CALL}")
        }
        other => format!(
            "message pact dropped without `finish()`, and writing it on drop failed: {other}; {CALL}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The panic of dropping `pact` unfinished.
    fn drop_panic(pact: MessagePact) -> String {
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(pact)))
            .expect_err("dropping an unfinished pact that cannot be written panics");
        payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default()
    }

    fn pact_into(dir: &std::path::Path) -> MessagePact {
        MessagePact::builder(Pact::new("drop-consumer", "drop-provider"))
            .output_dir(dir)
            .build()
            .expect("builds")
    }

    #[test]
    fn dropping_after_a_failed_handler_says_nothing_was_written_and_what_to_call() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut pact = pact_into(dir.path());
        let failed = pact.verify(Message::new("an order").text("x"), |_| Err("refused"));

        let text = drop_panic(pact);

        assert!(failed.is_err());
        assert!(
            text.starts_with("message pact dropped without `finish()`: no pact was written: the message handler failed for \"an order\"; call `finish()`"),
            "{text}"
        );
        assert!(text.contains("`abandon()`"), "{text}");
        assert!(!text.contains("written on drop"), "{text}");
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    }

    #[test]
    fn dropping_when_the_write_fails_names_the_write_error_and_what_to_call() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocked = dir.path().join("a-file");
        std::fs::write(&blocked, "not a directory").expect("file");
        let mut pact = pact_into(&blocked);
        pact.record(Message::new("an order").text("x"));

        let text = drop_panic(pact);

        assert!(
            text.starts_with("message pact dropped without `finish()`, and writing it on drop failed: cannot write the pact file:"),
            "{text}"
        );
        assert!(
            text.ends_with("or `abandon()` to end a failed test without writing"),
            "{text}"
        );
    }

    #[test]
    fn a_finished_or_abandoned_pact_does_not_panic_on_drop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut abandoned = pact_into(dir.path());
        let _ = abandoned.verify(Message::new("m").text("x"), |_| Err("refused"));
        abandoned.abandon();
        let mut finished = pact_into(dir.path());
        finished.record(Message::new("m").text("x"));

        let written = finished.finish().expect("written");

        assert!(written.path.exists());
    }
}
