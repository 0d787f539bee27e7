//! Message producers: the provider's own code that builds the message a pact's message
//! interaction describes, called in-process instead of replaying an HTTP request (Pact Go's
//! message handlers, pact-jvm's `@PactVerifyProvider` methods).
//!
//! A producer is registered by description with [`Verifier::message`] (asynchronous
//! messages, V3 `messages` and V4 `Asynchronous/Messages`) or [`Verifier::sync_message`]
//! (V4 `Synchronous/Messages`: it receives the request message and returns the responses).
//! Both accept plain closures and async closures through the blanket impls of
//! [`MessageProducer`] and [`SyncMessageProducer`]; the marker type parameter only tells
//! the two impls apart and is always inferred.
//!
//! [`Verifier::message`]: super::Verifier::message
//! [`Verifier::sync_message`]: super::Verifier::sync_message

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::error::BoxError;
use super::state::StateValues;
use crate::model::{Body, MessageContents, ProviderState};

/// A message as the provider's code publishes it (or, for a synchronous message, receives
/// it): contents with their content type, and metadata.
///
/// ```
/// use pact_runtime::provider::ProviderMessage;
///
/// #[derive(serde::Serialize)]
/// struct UserCreated { id: u64, name: String }
///
/// let event = UserCreated { id: 42, name: "Alice".into() };
/// let message = ProviderMessage::json(&event)
///     .expect("a struct serialises")
///     .metadata("topic", "users.created");
/// assert_eq!(message.content_type(), Some("application/json"));
/// assert_eq!(message.json_value(), Some(&serde_json::json!({"id": 42, "name": "Alice"})));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use = "a ProviderMessage is only checked when a producer returns it"]
pub struct ProviderMessage {
    contents: Body,
    metadata: serde_json::Map<String, serde_json::Value>,
}

impl ProviderMessage {
    /// JSON contents (`application/json`) serialised from `value`.
    ///
    /// # Errors
    /// serde's error when `value` cannot be represented as JSON (a map with non-string
    /// keys, a failing `Serialize` impl).
    pub fn json(value: &impl serde::Serialize) -> Result<Self, serde_json::Error> {
        Ok(Self::json_value_of(serde_json::to_value(value)?))
    }

    /// JSON contents (`application/json`) from a document already built.
    pub fn json_value_of(value: serde_json::Value) -> Self {
        ProviderMessage {
            contents: Body::json(value),
            metadata: serde_json::Map::new(),
        }
    }

    /// Text contents (`text/plain` unless [`content_type`](Self::with_content_type) says
    /// otherwise).
    pub fn text(text: impl Into<String>) -> Self {
        ProviderMessage {
            contents: Body::Text {
                text: text.into(),
                content_type: Some("text/plain".to_owned()),
            },
            metadata: serde_json::Map::new(),
        }
    }

    /// Binary contents with their content type (`application/octet-stream`, a protobuf
    /// type, …).
    pub fn bytes(bytes: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Self {
        ProviderMessage {
            contents: Body::Binary {
                bytes: bytes.into(),
                content_type: Some(content_type.into()),
            },
            metadata: serde_json::Map::new(),
        }
    }

    /// Contents read as a message broker hands them over: bytes and an optional content
    /// type, JSON when the type says so (or, without a type, when the bytes are a JSON
    /// object or array), text when they are UTF-8, bytes otherwise.
    pub fn from_bytes(bytes: &[u8], content_type: Option<&str>) -> Self {
        ProviderMessage {
            contents: Body::from_bytes(bytes, content_type),
            metadata: serde_json::Map::new(),
        }
    }

    /// Replaces the content type of the contents (XML text: `application/xml`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        let content_type = Some(content_type.into());
        match &mut self.contents {
            Body::Missing => {}
            Body::Json {
                content_type: c, ..
            }
            | Body::Text {
                content_type: c, ..
            }
            | Body::Binary {
                content_type: c, ..
            } => *c = content_type,
        }
        self
    }

    /// Adds (or replaces) a metadata entry (`topic`, `key`, a header of the broker).
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.metadata.insert(key.into(), value.into());
        self
    }

    /// The contents.
    pub fn contents(&self) -> &Body {
        &self.contents
    }

    /// The JSON document, when the contents are JSON.
    pub fn json_value(&self) -> Option<&serde_json::Value> {
        match &self.contents {
            Body::Json { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The contents deserialised into the provider's own type (a synchronous request).
    ///
    /// # Errors
    /// serde's error when the contents are not JSON of that shape (contents that are not
    /// JSON at all are read as JSON text, so they fail here too).
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        match &self.contents {
            Body::Json { value, .. } => T::deserialize(value),
            Body::Text { text, .. } => serde_json::from_str(text),
            Body::Binary { bytes, .. } => serde_json::from_slice(bytes),
            Body::Missing => serde_json::from_str(""),
        }
    }

    /// The content type of the contents.
    pub fn content_type(&self) -> Option<&str> {
        self.contents.content_type()
    }

    /// The metadata.
    pub fn metadata_map(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.metadata
    }

    /// The model of an actual message, for the engine. The content type of the contents is
    /// metadata `contentType` unless the producer gave one, as the official verifier takes
    /// it from the response's `Content-Type`.
    pub(crate) fn into_actual(self) -> MessageContents {
        let mut metadata = self.metadata;
        if !metadata.contains_key("contentType")
            && let Some(content_type) = self.contents.content_type()
        {
            metadata.insert("contentType".to_owned(), content_type.into());
        }
        MessageContents {
            contents: self.contents,
            metadata,
            ..MessageContents::default()
        }
    }

    /// The example of an expected message (a synchronous message's request).
    pub(crate) fn from_expected(expected: &MessageContents) -> Self {
        ProviderMessage {
            contents: expected.contents.clone(),
            metadata: expected.metadata.clone(),
        }
    }
}

/// What a producer learns about the interaction whose message it builds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MessageContext {
    /// The interaction's description.
    pub description: String,
    /// Its provider states, with their parameters (already set up by their handlers).
    pub provider_states: Vec<ProviderState>,
    /// The states' parameters, overridden by the values their handlers returned (the id a
    /// state created, say).
    pub values: StateValues,
}

/// The future of a producer.
pub type ProducerFuture<T> = Pin<Box<dyn Future<Output = Result<T, BoxError>> + Send + 'static>>;

/// Marks the [`MessageProducer`] and [`SyncMessageProducer`] impls for plain closures.
#[derive(Debug)]
pub enum Blocking {}

/// Marks the [`MessageProducer`] and [`SyncMessageProducer`] impls for async closures.
#[derive(Debug)]
pub enum Asynchronous {}

/// Builds the message of an asynchronous message interaction. Implemented for closures
/// and functions `Fn(MessageContext) -> Result<ProviderMessage, E>`, and for `Clone` async
/// closures, closures returning an `async` block and `async fn` items
/// (`FnOnce(MessageContext) -> impl Future<Output = Result<ProviderMessage, E>>`, cloned
/// per call), with any `E: Into<`[`BoxError`]`>`; an error fails the interaction as
/// [`InteractionError::Producer`](super::InteractionError::Producer), keeping it as the
/// source.
///
/// ```
/// use pact_runtime::provider::{MessageContext, ProviderMessage, Verifier};
///
/// let verifier = Verifier::for_messages("user-service")
///     .message("a user created event", |context: MessageContext| {
///         let id = context.values.get("id").and_then(|id| id.as_u64()).unwrap_or(42);
///         ProviderMessage::json(&serde_json::json!({"id": id, "name": "Alice"}))
///     })
///     .message("a user deleted event", async move |context: MessageContext| {
///         ProviderMessage::json(&serde_json::json!({"deleted": context.description}))
///     });
/// # let _ = verifier;
/// ```
pub trait MessageProducer<Marker>: Send + Sync + 'static {
    /// Builds the message.
    fn produce(&self, context: MessageContext) -> ProducerFuture<ProviderMessage>;
}

impl<F, E> MessageProducer<Blocking> for F
where
    F: Fn(MessageContext) -> Result<ProviderMessage, E> + Send + Sync + 'static,
    E: Into<BoxError>,
{
    fn produce(&self, context: MessageContext) -> ProducerFuture<ProviderMessage> {
        let produced = self(context).map_err(Into::into);
        Box::pin(std::future::ready(produced))
    }
}

impl<F, Fut, E> MessageProducer<Asynchronous> for F
where
    F: FnOnce(MessageContext) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<ProviderMessage, E>> + Send + 'static,
    E: Into<BoxError>,
{
    fn produce(&self, context: MessageContext) -> ProducerFuture<ProviderMessage> {
        let future = (self.clone())(context);
        Box::pin(async move { future.await.map_err(Into::into) })
    }
}

/// What a synchronous producer may return: one response message or several, in the order
/// the pact lists them.
pub trait IntoResponses {
    /// The responses.
    fn into_responses(self) -> Vec<ProviderMessage>;
}

impl IntoResponses for ProviderMessage {
    fn into_responses(self) -> Vec<ProviderMessage> {
        vec![self]
    }
}

impl IntoResponses for Vec<ProviderMessage> {
    fn into_responses(self) -> Vec<ProviderMessage> {
        self
    }
}

/// Answers the request message of a synchronous message interaction (V4
/// `Synchronous/Messages`). Implemented for closures
/// `Fn(MessageContext, ProviderMessage) -> Result<R, E>` and their async forms (as for
/// [`MessageProducer`], `Clone` and cloned per call), with `E: Into<`[`BoxError`]`>`, where the
/// second argument is the request message (the pact's example) and `R` is one
/// [`ProviderMessage`] or a `Vec` of them ([`IntoResponses`]); each response is matched
/// against the expected response at the same position.
///
/// ```
/// use pact_runtime::provider::{MessageContext, ProviderMessage, Verifier};
///
/// let verifier = Verifier::for_messages("pricing").sync_message(
///     "a price request",
///     |_context: MessageContext, request: ProviderMessage| {
///         let sku: String = request.deserialize::<serde_json::Value>()
///             .map(|r| r["sku"].as_str().unwrap_or_default().to_owned())?;
///         ProviderMessage::json(&serde_json::json!({"sku": sku, "price": 10}))
///     },
/// );
/// # let _ = verifier;
/// ```
pub trait SyncMessageProducer<Marker>: Send + Sync + 'static {
    /// Answers `request`.
    fn respond(
        &self,
        context: MessageContext,
        request: ProviderMessage,
    ) -> ProducerFuture<Vec<ProviderMessage>>;
}

impl<F, R, E> SyncMessageProducer<Blocking> for F
where
    F: Fn(MessageContext, ProviderMessage) -> Result<R, E> + Send + Sync + 'static,
    R: IntoResponses,
    E: Into<BoxError>,
{
    fn respond(
        &self,
        context: MessageContext,
        request: ProviderMessage,
    ) -> ProducerFuture<Vec<ProviderMessage>> {
        let produced = self(context, request)
            .map(IntoResponses::into_responses)
            .map_err(Into::into);
        Box::pin(std::future::ready(produced))
    }
}

impl<F, Fut, R, E> SyncMessageProducer<Asynchronous> for F
where
    F: FnOnce(MessageContext, ProviderMessage) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<R, E>> + Send + 'static,
    R: IntoResponses,
    E: Into<BoxError>,
{
    fn respond(
        &self,
        context: MessageContext,
        request: ProviderMessage,
    ) -> ProducerFuture<Vec<ProviderMessage>> {
        let future = (self.clone())(context, request);
        Box::pin(async move {
            future
                .await
                .map(IntoResponses::into_responses)
                .map_err(Into::into)
        })
    }
}

/// A registered producer with its marker erased.
#[derive(Clone)]
pub(crate) enum Producer {
    Async(Arc<dyn ErasedMessage>),
    Sync(Arc<dyn ErasedSync>),
}

impl std::fmt::Debug for Producer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Producer::Async(_) => "MessageProducer",
            Producer::Sync(_) => "SyncMessageProducer",
        })
    }
}

pub(crate) trait ErasedMessage: Send + Sync + 'static {
    fn produce(&self, context: MessageContext) -> ProducerFuture<ProviderMessage>;
}

pub(crate) trait ErasedSync: Send + Sync + 'static {
    fn respond(
        &self,
        context: MessageContext,
        request: ProviderMessage,
    ) -> ProducerFuture<Vec<ProviderMessage>>;
}

/// Holds a producer with its marker, so the marker need not be part of the trait object.
struct Marked<P, M> {
    producer: P,
    marker: std::marker::PhantomData<fn() -> M>,
}

impl<P: MessageProducer<M>, M: 'static> ErasedMessage for Marked<P, M> {
    fn produce(&self, context: MessageContext) -> ProducerFuture<ProviderMessage> {
        self.producer.produce(context)
    }
}

impl<P: SyncMessageProducer<M>, M: 'static> ErasedSync for Marked<P, M> {
    fn respond(
        &self,
        context: MessageContext,
        request: ProviderMessage,
    ) -> ProducerFuture<Vec<ProviderMessage>> {
        self.producer.respond(context, request)
    }
}

impl Producer {
    pub(crate) fn of_message<M: 'static>(producer: impl MessageProducer<M>) -> Self {
        Producer::Async(Arc::new(Marked {
            producer,
            marker: std::marker::PhantomData,
        }))
    }

    pub(crate) fn of_sync<M: 'static>(producer: impl SyncMessageProducer<M>) -> Self {
        Producer::Sync(Arc::new(Marked {
            producer,
            marker: std::marker::PhantomData,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_content_type_of_the_contents_is_metadata_unless_the_producer_gave_one() {
        let plain = ProviderMessage::json_value_of(json!({"id": 1})).into_actual();
        let given = ProviderMessage::text("x")
            .metadata("contentType", "text/csv")
            .into_actual();
        let binary = ProviderMessage::bytes([0u8, 159], "application/octet-stream").into_actual();

        assert_eq!(plain.metadata["contentType"], json!("application/json"));
        assert_eq!(given.metadata["contentType"], json!("text/csv"));
        assert_eq!(
            binary.metadata["contentType"],
            json!("application/octet-stream")
        );
    }

    #[test]
    fn bytes_from_a_broker_are_read_by_their_content_type() {
        let json = ProviderMessage::from_bytes(br#"{"id": 1}"#, Some("application/json"));
        let text = ProviderMessage::from_bytes(b"hello", Some("text/plain"));
        let binary = ProviderMessage::from_bytes(&[0xff, 0xfe], None);

        assert_eq!(json.json_value(), Some(&json!({"id": 1})));
        assert!(matches!(text.contents(), Body::Text { text, .. } if text == "hello"));
        assert!(matches!(binary.contents(), Body::Binary { .. }));
    }

    #[test]
    fn a_request_deserialises_from_json_or_json_text() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Request {
            sku: String,
        }
        let json = ProviderMessage::json_value_of(json!({"sku": "A1"}));
        let text = ProviderMessage::text(r#"{"sku": "B2"}"#);
        let garbage = ProviderMessage::bytes([1u8, 2], "application/octet-stream");

        assert_eq!(
            json.deserialize::<Request>().ok(),
            Some(Request { sku: "A1".into() })
        );
        assert_eq!(
            text.deserialize::<Request>().ok(),
            Some(Request { sku: "B2".into() })
        );
        assert!(garbage.deserialize::<Request>().is_err());
    }

    #[test]
    fn with_content_type_replaces_the_type_of_text() {
        let xml = ProviderMessage::text("<a/>").with_content_type("application/xml");

        assert_eq!(xml.content_type(), Some("application/xml"));
    }
}
