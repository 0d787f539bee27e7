//! Message pacts, consumer side: the contract of a service that consumes messages from a
//! queue or stream (Kafka, SQS, RabbitMQ, SNS, WebSockets) rather than calling an HTTP
//! API.
//!
//! The test takes the place of the broker, as Pact Go does: it builds the example message
//! the pact describes (generators applied) and hands it to the consumer's real handler. The
//! interaction is recorded only when the handler accepts it, and the pact is written only
//! when the whole test passed.
//!
//! - [`Message`]: an asynchronous message (V3 message pacts, V4 `Asynchronous/Messages`):
//!   provider states with params, a description, contents (JSON from the matcher DSL or a
//!   `#[derive(PactMatch)]` DTO, text, XML, bytes, each with a content type) and metadata
//!   whose values may be matchers (`term("users.created", r"^users\.\w+$")`).
//! - [`SyncMessage`]: a request message and its response messages, if any (V4
//!   `Synchronous/Messages`); the test receives the example responses ([`Exchange`]) to
//!   drive its code.
//! - [`MessagePact`]: the test for one consumer–provider pair. [`MessagePact::verify`]
//!   runs a handler on a message's example (as bytes and metadata, or as the
//!   consumer's own type with [`MessagePact::verify_as`]), [`MessagePact::exchange`] returns a
//!   synchronous message's example responses, and [`MessagePact::finish`] writes the pact.
//!   It goes into the same file, through the same locked merge, as a mock server's pact
//!   for the pair: a V4 file then mixes HTTP and message interactions. V3 writes a message
//!   pact (`messages`), which cannot also hold HTTP interactions or synchronous messages
//!   (a typed [`WriteError`](crate::model::WriteError) says so).
//! - [`ReceivedMessage`]: what a handler gets: the raw bytes (contents stored base64 in a
//!   pact file arrive decoded), the content type, the metadata, and
//!   [`json`](ReceivedMessage::json) to deserialise the contents into the consumer's own
//!   type.
//!
//! `#[pact_consumer]` on a function taking `pact: &mut MessagePact` builds the
//! [`MessagePact`], runs the function and finishes it:
//!
//! ```
//! use pact_runtime::prelude::*;
//!
//! #[derive(serde::Deserialize, PactMatch)]
//! struct UserCreated {
//!     #[pact(example = 42)]
//!     id: u64,
//!     #[pact(example = "Alice")]
//!     name: String,
//! }
//!
//! /// The consumer's real handler.
//! fn on_user_created(event: UserCreated) -> Result<(), String> {
//!     if event.name.is_empty() { Err(format!("user {} has no name", event.id)) } else { Ok(()) }
//! }
//!
//! #[pact_consumer(consumer = "user-events", provider = "user-service")]
//! fn handles_a_user_created_event(pact: &mut MessagePact) -> Result<(), MessageError> {
//!     pact.verify_as(
//!         Message::new("a user created event")
//!             .given("a user is created")
//!             .json(UserCreated::matcher())
//!             .metadata("topic", term("users.created", r"^users\.\w+$")),
//!         on_user_created,
//!     )
//! }
//! # fn main() {}
//! ```

mod contents;
mod error;
mod interaction;
mod pact;
mod received;

pub use contents::Contents;
pub use error::MessageError;
pub use interaction::{Message, SyncMessage};
pub use pact::{Exchange, MessagePact, MessagePactBuilder};
pub use received::ReceivedMessage;
