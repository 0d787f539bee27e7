//! The errors of a verification, in two kinds: [`VerifyError`](super::VerifyError) stops a
//! pact or the whole run (settings, pact sources, the broker), [`InteractionError`] fails
//! one interaction (the user's handlers, the provider's connection, generators). An
//! interaction error keeps its cause as [`std::error::Error::source`], so a test can
//! `match` on the variant and `downcast_ref` the cause to the type its own handler
//! returned.

use std::error::Error;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use super::GeneratedPart;

/// Any error a handler may return: every `E: Error + Send + Sync + 'static`, `String` and
/// `&str` convert into it (`E: Into<BoxError>`), so `?` works inside a handler.
pub type BoxError = Box<dyn Error + Send + Sync + 'static>;

/// The cause of an [`InteractionError`]: the error a handler returned (or the provider
/// connection's error), shared so a report stays `Clone`.
///
/// It dereferences to the original error, so `downcast_ref` reaches the handler's own type;
/// it is deliberately not an `Error` itself, so `InteractionError::source()` is the
/// original error rather than this wrapper.
///
/// ```
/// use std::error::Error as _;
/// use pact_runtime::provider::{InteractionError, SharedError};
///
/// let error = InteractionError::RequestFilter {
///     source: SharedError::new(std::io::Error::other("token service down")),
/// };
/// let cause = error.source().expect("a cause");
/// assert!(cause.downcast_ref::<std::io::Error>().is_some());
/// assert_eq!(error.to_string(), "request filter failed: token service down");
/// ```
#[derive(Clone)]
pub struct SharedError(Arc<dyn Error + Send + Sync + 'static>);

impl SharedError {
    /// Keeps `error` (anything `?` could return from a handler).
    pub fn new(error: impl Into<BoxError>) -> Self {
        SharedError(Arc::from(error.into()))
    }

    /// The error a handler's panic is reported as.
    pub(crate) fn panicked(message: String) -> Self {
        Self::new(Panicked { message })
    }

    /// The error a handler that ran out of time is reported as.
    pub(crate) fn timed_out(after: Duration) -> Self {
        Self::new(TimedOut { after })
    }
}

impl Deref for SharedError {
    type Target = dyn Error + Send + Sync + 'static;

    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

impl fmt::Debug for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// Two causes are equal when they say the same (`Display` and `Debug`): a report's
/// outcomes compare by what they report, and the cause's own type need not be
/// `PartialEq`.
impl PartialEq for SharedError {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.to_string() == other.to_string()
                && format!("{:?}", self.0) == format!("{:?}", other.0))
    }
}

impl fmt::Display for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

/// The cause of an [`InteractionError`] when the handler panicked instead of returning:
/// the panic's message (a payload that is not text is named as such).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("panicked: {message}")]
#[non_exhaustive]
pub struct Panicked {
    /// What `panic!` formatted.
    pub message: String,
}

/// The cause of an [`InteractionError`] when a state handler did not finish within
/// [`Verifier::timeout`](super::Verifier::timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("did not finish within {after:?}")]
#[non_exhaustive]
pub struct TimedOut {
    /// The configured timeout.
    pub after: Duration,
}

/// Which hook failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HookKind {
    /// [`Verifier::before_each`](super::Verifier::before_each).
    BeforeEach,
    /// [`Verifier::after_each`](super::Verifier::after_each).
    AfterEach,
}

impl fmt::Display for HookKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HookKind::BeforeEach => "before-each",
            HookKind::AfterEach => "after-each",
        })
    }
}

/// The kind of message producer registered for a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProducerKind {
    /// [`Verifier::message`](super::Verifier::message).
    Asynchronous,
    /// [`Verifier::sync_message`](super::Verifier::sync_message).
    Synchronous,
}

/// Why one interaction failed before (or besides) its comparison: what
/// [`Outcome::Failed`](super::Outcome::Failed) holds next to the mismatches. Its `Display`
/// is the report's line; [`source`](std::error::Error::source) is the cause, down to the
/// handler's own error.
///
/// ```
/// use std::error::Error as _;
/// use pact_runtime::provider::{InteractionError, SharedError};
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("the database is down")]
/// struct DbDown;
///
/// let error = InteractionError::StateSetup {
///     state: "user 42 exists".into(),
///     source: SharedError::new(DbDown),
/// };
/// match &error {
///     InteractionError::StateSetup { state, source } => {
///         assert_eq!(state, "user 42 exists");
///         assert!(source.downcast_ref::<DbDown>().is_some());
///     }
///     other => panic!("unexpected {other}"),
/// }
/// assert!(error.source().is_some_and(|cause| cause.is::<DbDown>()));
/// assert_eq!(error.to_string(), "state change failed: \"user 42 exists\": the database is down");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InteractionError {
    /// A provider state could not be set up (its handler or the state-change URL failed,
    /// panicked ([`Panicked`]) or ran out of time ([`TimedOut`])); the request was not sent.
    #[error("state change failed: \"{state}\": {source}")]
    StateSetup {
        /// The state's name.
        state: String,
        /// The handler's error.
        #[source]
        source: SharedError,
    },
    /// A provider state could not be torn down after the interaction.
    #[error("state teardown failed: \"{state}\": {source}")]
    StateTeardown {
        /// The state's name.
        state: String,
        /// The handler's error.
        #[source]
        source: SharedError,
    },
    /// A before-each or after-each hook failed or panicked.
    #[error("{hook} hook failed: {source}")]
    Hook {
        /// Which hook.
        hook: HookKind,
        /// The hook's error.
        #[source]
        source: SharedError,
    },
    /// The request filter failed (or panicked) without the provider being at fault.
    #[error("request filter failed: {source}")]
    RequestFilter {
        /// The filter's error.
        #[source]
        source: SharedError,
    },
    /// The generators of one part of the interaction (the request sent, or the response or
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
    /// The provider did not accept the connection, or the exchange failed.
    #[error("cannot reach the provider at {url}: {message}")]
    Unreachable {
        /// The URL of the request (credentials removed).
        url: String,
        /// The client error with its causes, rendered.
        message: String,
        /// The client error.
        #[source]
        source: SharedError,
    },
    /// The TLS handshake with the provider failed (an untrusted or invalid certificate).
    #[error("cannot reach the provider at {url}: {message}")]
    Tls {
        /// The URL of the request (credentials removed).
        url: String,
        /// The TLS error with its causes, rendered.
        message: String,
        /// The client error.
        #[source]
        source: SharedError,
    },
    /// The provider did not answer in time.
    #[error("no response from the provider at {url} within {after:?}")]
    Timeout {
        /// The URL of the request.
        url: String,
        /// The configured timeout.
        after: Duration,
    },
    /// A hook, the request filter or a producer did not finish in time.
    #[error("{what} did not finish within {after:?}")]
    StepTimeout {
        /// The step (`the before-each hook`, `the request filter`).
        what: String,
        /// The configured timeout.
        after: Duration,
    },
    /// The message producer registered for the interaction failed or panicked.
    #[error("{}", producer_failed(description, source))]
    Producer {
        /// The interaction's description.
        description: String,
        /// The producer's error.
        #[source]
        source: SharedError,
    },
    /// No producer is registered for the message, and there is no message endpoint.
    #[error(
        "no producer for the message \"{description}\": register one with `Verifier::message` \
         (or `Verifier::sync_message`), or set `Verifier::message_endpoint`"
    )]
    NoProducer {
        /// The interaction's description.
        description: String,
    },
    /// The producer registered for the message is of the other kind (asynchronous for a
    /// synchronous message, or the reverse).
    #[error("{}", wrong_producer(description, *registered))]
    WrongProducer {
        /// The interaction's description.
        description: String,
        /// How the producer was registered.
        registered: ProducerKind,
    },
    /// The provider's message endpoint did not give the message: it could not be reached,
    /// answered with an error status, or sent metadata that cannot be read.
    #[error("{message}")]
    MessageEndpoint {
        /// The endpoint's URL (credentials removed).
        url: String,
        /// What went wrong, with a hint when the endpoint was the base URL by default.
        message: String,
        /// The connection's error, when that was the cause.
        source: Option<SharedError>,
    },
    /// The interaction's verification task ended abnormally (with
    /// [`Verifier::concurrency`](super::Verifier::concurrency)).
    #[error("the verification task failed: {0}")]
    Task(String),
}

/// A panic reads "the producer of … panicked: …", an error "… failed: …".
fn producer_failed(description: &str, source: &SharedError) -> String {
    if source.is::<Panicked>() {
        format!("the producer of \"{description}\" {source}")
    } else {
        format!("the producer of \"{description}\" failed: {source}")
    }
}

fn wrong_producer(description: &str, registered: ProducerKind) -> String {
    let (kind, used, instead) = match registered {
        ProducerKind::Synchronous => (
            "an asynchronous",
            "Verifier::sync_message",
            "Verifier::message",
        ),
        ProducerKind::Asynchronous => (
            "a synchronous",
            "Verifier::message",
            "Verifier::sync_message",
        ),
    };
    format!(
        "\"{description}\" is {kind} message, but its producer was registered with \
         `{used}`; register it with `{instead}`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("seed failed")]
    struct SeedFailed;

    #[test]
    fn the_source_of_each_handler_error_is_the_handlers_own_error() {
        let cause = || SharedError::new(SeedFailed);
        let errors = [
            InteractionError::StateSetup {
                state: "s".into(),
                source: cause(),
            },
            InteractionError::StateTeardown {
                state: "s".into(),
                source: cause(),
            },
            InteractionError::Hook {
                hook: HookKind::AfterEach,
                source: cause(),
            },
            InteractionError::RequestFilter { source: cause() },
            InteractionError::Producer {
                description: "an event".into(),
                source: cause(),
            },
            InteractionError::MessageEndpoint {
                url: "http://127.0.0.1:1/".into(),
                message: "refused".into(),
                source: Some(cause()),
            },
        ];

        for error in &errors {
            let source = error.source().expect("a source");
            assert!(source.downcast_ref::<SeedFailed>().is_some(), "{error:?}");
        }
    }

    #[test]
    fn errors_are_equal_when_they_say_the_same() {
        let state = |message: &str| InteractionError::StateSetup {
            state: "s".into(),
            source: SharedError::new(message.to_owned()),
        };
        let shared = SharedError::new(SeedFailed);

        assert_eq!(state("down"), state("down"));
        assert_ne!(state("down"), state("up"));
        assert_eq!(shared.clone(), shared);
        assert_ne!(
            SharedError::new(SeedFailed),
            SharedError::new("seed failed")
        );
    }

    #[test]
    fn text_and_string_errors_keep_their_text() {
        let from_str = SharedError::new("no id given");
        let from_string = SharedError::new(format!("user {} missing", 42));

        assert_eq!(from_str.to_string(), "no id given");
        assert_eq!(from_string.to_string(), "user 42 missing");
    }

    #[test]
    fn panics_and_timeouts_are_typed_causes() {
        let panicked = InteractionError::Hook {
            hook: HookKind::BeforeEach,
            source: SharedError::panicked("boom".into()),
        };
        let timed_out = InteractionError::StateSetup {
            state: "s".into(),
            source: SharedError::timed_out(Duration::from_millis(5)),
        };

        assert_eq!(
            panicked.to_string(),
            "before-each hook failed: panicked: boom"
        );
        assert!(panicked.source().is_some_and(|s| s.is::<Panicked>()));
        assert_eq!(
            timed_out.to_string(),
            "state change failed: \"s\": did not finish within 5ms"
        );
        assert!(timed_out.source().is_some_and(|s| s.is::<TimedOut>()));
    }

    #[test]
    fn a_producer_of_the_wrong_kind_names_the_method_to_use() {
        let sync = InteractionError::WrongProducer {
            description: "an event".into(),
            registered: ProducerKind::Synchronous,
        };
        let asynchronous = InteractionError::WrongProducer {
            description: "a price request".into(),
            registered: ProducerKind::Asynchronous,
        };

        assert_eq!(
            sync.to_string(),
            "\"an event\" is an asynchronous message, but its producer was registered with \
             `Verifier::sync_message`; register it with `Verifier::message`"
        );
        assert_eq!(
            asynchronous.to_string(),
            "\"a price request\" is a synchronous message, but its producer was registered \
             with `Verifier::message`; register it with `Verifier::sync_message`"
        );
    }
}
