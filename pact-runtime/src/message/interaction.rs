//! The message interaction builders: [`Message`] (asynchronous, V3 and V4) and
//! [`SyncMessage`] (a request message and its responses, V4).

use serde_json::{Map, Value};

use super::{Contents, MessageError, ReceivedMessage};
use crate::matchers::Pattern;
use crate::model::{AsyncMessage, InteractionCommon, ProviderState};

/// Description, provider states and the V4 fields every message interaction has.
#[derive(Debug, Clone, Default)]
struct Common {
    description: String,
    provider_states: Vec<ProviderState>,
    pending: bool,
    key: Option<String>,
    comments: Map<String, Value>,
}

impl Common {
    fn new(description: String) -> Self {
        Common {
            description,
            ..Common::default()
        }
    }

    #[track_caller]
    fn given_with_params(&mut self, builder: &str, state: String, params: Value) {
        let params = match params {
            Value::Object(map) => map,
            other => panic!(
                "{builder}::given_with_params(\"{state}\", …): parameters must be a JSON object, found {other}"
            ),
        };
        self.provider_states.push(ProviderState {
            name: state,
            params,
        });
    }

    fn comment(&mut self, text: String) {
        let texts = self
            .comments
            .entry("text")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(texts) = texts {
            texts.push(Value::String(text));
        }
    }

    fn into_model(self) -> InteractionCommon {
        InteractionCommon {
            description: self.description,
            provider_states: self.provider_states,
            pending: self.pending,
            key: self.key,
            comments: self.comments,
            ..InteractionCommon::default()
        }
    }
}

/// The builder methods every message interaction shares.
macro_rules! common_methods {
    ($name:literal) => {
        /// Adds a provider state (`"user 42 exists"`); states are set up in the order
        /// given.
        pub fn given(mut self, state: impl Into<String>) -> Self {
            self.common.provider_states.push(ProviderState::new(state));
            self
        }

        /// Adds a provider state with parameters (a JSON object, `json!({"id": 42})`).
        ///
        /// # Panics
        /// When `params` is not a JSON object: a state's parameters are named, so
        /// anything else is a mistake in the test.
        #[track_caller]
        pub fn given_with_params(
            mut self,
            state: impl Into<String>,
            params: impl Into<Value>,
        ) -> Self {
            self.common
                .given_with_params($name, state.into(), params.into());
            self
        }

        /// Marks the interaction pending (V4): the provider verifies and reports it, but
        /// a failure does not fail the provider's build. Writing it as V3 is refused.
        pub fn pending(mut self, pending: bool) -> Self {
            self.common.pending = pending;
            self
        }

        /// Adds a comment (V4 `comments.text`).
        pub fn comment(mut self, text: impl Into<String>) -> Self {
            self.common.comment(text.into());
            self
        }

        /// A key identifying the interaction (V4 `key`).
        pub fn key(mut self, key: impl Into<String>) -> Self {
            self.common.key = Some(key.into());
            self
        }
    };
}

/// An asynchronous message the consumer expects the provider to publish (V3 message
/// pacts, V4 `Asynchronous/Messages`): a description, provider states, the contents and
/// their metadata, each of which may be matchers.
///
/// Give it to [`MessagePact::verify`](super::MessagePact::verify) with the consumer's
/// handler; the interaction is recorded only when the handler accepts the example.
///
/// ```
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{integer, like, term};
/// use pact_runtime::message::Message;
///
/// let message = Message::new("a user created event")
///     .given_with_params("a user is created", serde_json::json!({"id": 42}))
///     .json(json_pattern!({"id": integer(42), "name": like("Alice")}))
///     .metadata("topic", term("users.created", r"^users\.\w+$"))
///     .into_model();
/// assert_eq!(message.message.metadata["topic"], "users.created");
/// ```
#[derive(Debug, Clone)]
#[must_use = "a message is only part of the pact once it is given to `MessagePact::verify`"]
pub struct Message {
    common: Common,
    contents: Contents,
}

impl Message {
    /// A message described as `description` (`"a user created event"`), with no contents
    /// yet.
    pub fn new(description: impl Into<String>) -> Self {
        Message {
            common: Common::new(description.into()),
            contents: Contents::new(),
        }
    }

    common_methods!("Message");

    /// JSON contents (a [`Pattern`], a `serde_json::Value`, a DTO's `matcher()`, …), with
    /// content type `application/json` unless the metadata gives a `contentType`.
    pub fn json(mut self, contents: impl Into<Pattern>) -> Self {
        self.contents = self.contents.with_json(contents);
        self
    }

    /// `text/plain` contents.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.contents = self.contents.with_body(text, "text/plain");
        self
    }

    /// `application/xml` contents.
    pub fn xml(mut self, xml: impl Into<String>) -> Self {
        self.contents = self.contents.with_body(xml, "application/xml");
        self
    }

    /// Text contents with their content type (`text/csv`, `application/soap+xml`, …).
    ///
    /// # Panics
    /// When `content_type` is not a media type (`type/subtype`).
    #[track_caller]
    pub fn body(mut self, text: impl Into<String>, content_type: impl Into<String>) -> Self {
        self.contents = self.contents.with_body(text, content_type);
        self
    }

    /// Binary contents with their content type; written base64-encoded.
    ///
    /// # Panics
    /// When `content_type` is not a media type (`type/subtype`).
    #[track_caller]
    pub fn bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Self {
        self.contents = self.contents.with_bytes(bytes, content_type);
        self
    }

    /// Adds a metadata entry (see [`Contents::metadata`]): `value` may be a matcher, and
    /// a `contentType` entry also sets the contents' content type.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<Pattern>) -> Self {
        self.contents = self.contents.metadata(key, value);
        self
    }

    /// The message as model data, as the pact records it.
    pub fn into_model(self) -> AsyncMessage {
        AsyncMessage {
            common: self.common.into_model(),
            message: self.contents.into_model(),
        }
    }

    /// The example message the consumer's handler receives (see [`ReceivedMessage`]),
    /// without recording anything: for handlers that
    /// [`MessagePact::verify`](super::MessagePact::verify) cannot call, such as async
    /// ones (see [`MessagePact::record`](super::MessagePact::record)).
    ///
    /// # Errors
    /// [`MessageError::Generate`] when a generator cannot produce a value.
    pub fn example(&self) -> Result<ReceivedMessage, MessageError> {
        let model = self.clone().into_model();
        ReceivedMessage::example(&model.message, &model.common.description)
    }
}

/// A synchronous message interaction (V4 `Synchronous/Messages`): the request message
/// the consumer sends and the response messages it expects back, as over gRPC or a
/// WebSocket request-reply. It may have several responses, or none (a request the consumer
/// sends and expects nothing back for).
///
/// Give it to [`MessagePact::exchange`](super::MessagePact::exchange), which returns the
/// example responses for the consumer's code to process.
///
/// ```
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{decimal, like};
/// use pact_runtime::message::{Contents, SyncMessage};
///
/// let quote = SyncMessage::new("a price quote")
///     .given("sku A-1 is in stock")
///     .request(Contents::json(json_pattern!({"sku": like("A-1")})))
///     .response(Contents::json(json_pattern!({"price": decimal(12.5)})))
///     .into_model();
/// assert_eq!(quote.response.len(), 1);
/// ```
#[derive(Debug, Clone)]
#[must_use = "a synchronous message is only part of the pact once it is given to `MessagePact::exchange`"]
pub struct SyncMessage {
    common: Common,
    request: Contents,
    responses: Vec<Contents>,
}

impl SyncMessage {
    /// A synchronous message described as `description`, with an empty request and no
    /// response yet.
    pub fn new(description: impl Into<String>) -> Self {
        SyncMessage {
            common: Common::new(description.into()),
            request: Contents::new(),
            responses: Vec::new(),
        }
    }

    common_methods!("SyncMessage");

    /// The request message the consumer sends.
    pub fn request(mut self, request: Contents) -> Self {
        self.request = request;
        self
    }

    /// Adds a response message the consumer expects; call it again for each further
    /// response, in order.
    pub fn response(mut self, response: Contents) -> Self {
        self.responses.push(response);
        self
    }

    /// The interaction as model data, as the pact records it.
    pub fn into_model(self) -> crate::model::SyncMessage {
        crate::model::SyncMessage {
            common: self.common.into_model(),
            request: self.request.into_model(),
            response: self
                .responses
                .into_iter()
                .map(Contents::into_model)
                .collect(),
        }
    }
}
