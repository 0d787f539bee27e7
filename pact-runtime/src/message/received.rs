//! The example message a consumer's handler receives: the contents' bytes, the content
//! type and the metadata, with generators applied.

use serde_json::{Map, Value};

use super::MessageError;
use crate::generators::{GeneratorContext, GeneratorMode, generate_message};
use crate::model::{Body, MessageContents};

/// One message as the consumer's code receives it from the queue or stream: the raw bytes
/// of the contents, their content type, and the metadata.
///
/// It is built from the pact's example with its generators applied (consumer side:
/// random values, dates; provider-state values keep their example). Contents stored
/// base64-encoded in a pact file arrive as the decoded bytes, text as its UTF-8 bytes
/// and JSON as its compact serialisation (field case FC-11: `encoded` says how the file
/// stores the contents, not what they are).
///
/// ```
/// use pact_runtime::message::{Contents, ReceivedMessage};
///
/// #[derive(serde::Deserialize)]
/// struct UserCreated { id: u64 }
///
/// let contents = Contents::json(serde_json::json!({"id": 7})).metadata("topic", "users").into_model();
/// let message = ReceivedMessage::example(&contents, "a user created event")?;
/// assert_eq!(message.json::<UserCreated>()?.id, 7);
/// assert_eq!(message.metadata()["topic"], "users");
/// assert_eq!(message.bytes(), br#"{"id":7}"#);
/// # Ok::<(), pact_runtime::message::MessageError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedMessage {
    description: String,
    bytes: Vec<u8>,
    content_type: Option<String>,
    metadata: Map<String, Value>,
}

impl ReceivedMessage {
    /// The example of `contents` (the model form of a message, as a pact file holds it),
    /// with generators applied in [`GeneratorMode::Consumer`]; `description` names the
    /// interaction in errors.
    ///
    /// # Errors
    /// [`MessageError::Generate`] when a generator cannot produce a value.
    pub fn example(
        contents: &MessageContents,
        description: &str,
    ) -> Result<ReceivedMessage, MessageError> {
        let context = GeneratorContext::new().interaction(description);
        let generated =
            generate_message(contents, GeneratorMode::Consumer, &context).map_err(|source| {
                MessageError::Generate {
                    description: description.to_owned(),
                    source: Box::new(source),
                }
            })?;
        Ok(ReceivedMessage {
            description: description.to_owned(),
            bytes: generated.contents.to_bytes(),
            content_type: generated.contents.content_type().map(str::to_owned),
            metadata: generated.metadata,
        })
    }

    /// The description of the interaction the message belongs to.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The contents' bytes, as a queue would deliver them (empty when the message has no
    /// contents).
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The contents' bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The contents as UTF-8 text, or `None` when they are not UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }

    /// The contents' content type (`application/json`, `text/plain`, …), when known.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The metadata (`contentType`, `topic`, …), values as JSON.
    pub fn metadata(&self) -> &Map<String, Value> {
        &self.metadata
    }

    /// The contents deserialised from JSON into the consumer's own type, as its handler
    /// would (Pact Go's `AsType`).
    ///
    /// # Errors
    /// [`MessageError::Deserialize`] naming the type when the contents do not
    /// deserialise into `T`.
    pub fn json<'de, T: serde::Deserialize<'de>>(&'de self) -> Result<T, MessageError> {
        serde_json::from_slice(&self.bytes).map_err(|source| MessageError::Deserialize {
            description: self.description.clone(),
            type_name: std::any::type_name::<T>(),
            contents: excerpt(&self.bytes),
            source,
        })
    }
}

/// How much of the contents an error shows: enough for serde's column to point into, not
/// a whole large payload.
const EXCERPT_BYTES: usize = 1024;

/// The contents as delivered (serde's line and column count in these bytes), as text or
/// as base64 when not UTF-8, cut after [`EXCERPT_BYTES`] at a character boundary with the
/// whole size.
fn excerpt(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "(none)".to_owned();
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => format!("(base64) {}", Body::base64(bytes)),
    };
    if text.len() <= EXCERPT_BYTES {
        return text;
    }
    let mut end = EXCERPT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], bytes.len())
}

/// For people reading a failure: the content type, the metadata, then the contents as
/// text (pretty JSON when they parse as JSON), or base64 when they are not UTF-8.
impl std::fmt::Display for ReceivedMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "content type: {}",
            self.content_type.as_deref().unwrap_or("(none)")
        )?;
        writeln!(f, "metadata: {}", Value::Object(self.metadata.clone()))?;
        let contents = if self.bytes.is_empty() {
            "(none)".to_owned()
        } else if let Ok(value) = serde_json::from_slice::<Value>(&self.bytes) {
            serde_json::to_string_pretty(&value).unwrap_or_default()
        } else if let Some(text) = self.text() {
            text.to_owned()
        } else {
            format!("(base64) {}", Body::base64(&self.bytes))
        };
        write!(f, "contents: {contents}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_pattern;
    use crate::matchers::{integer, random_integer};
    use crate::message::Contents;

    #[test]
    fn generators_are_applied_to_the_contents_and_the_metadata() {
        let contents = Contents::json(json_pattern!({"id": random_integer(1000, 1009)}))
            .metadata("attempt", random_integer(50, 59))
            .into_model();

        let message = ReceivedMessage::example(&contents, "an event").expect("generates");

        let id = message.json::<Value>().expect("json")["id"].as_i64();
        assert!(id.is_some_and(|id| (1000..=1009).contains(&id)), "{id:?}");
        let attempt = message.metadata()["attempt"].as_i64();
        assert!(
            attempt.is_some_and(|a| (50..=59).contains(&a)),
            "{attempt:?}"
        );
    }

    #[test]
    fn a_type_that_does_not_fit_the_contents_is_an_error_naming_it() {
        let contents = Contents::json(json_pattern!({"id": integer(1)})).into_model();
        let message = ReceivedMessage::example(&contents, "an event").expect("generates");

        let error = message
            .json::<Vec<String>>()
            .expect_err("an object is not a list");

        let text = error.to_string();
        assert!(
            text.contains("alloc::vec::Vec<alloc::string::String>") && text.contains("an event"),
            "{text}"
        );
    }

    #[test]
    fn binary_contents_display_as_base64_and_text_as_text() {
        let binary = ReceivedMessage::example(
            &Contents::bytes(vec![0xff, 0x00], "application/octet-stream").into_model(),
            "bytes",
        )
        .expect("example");
        let text =
            ReceivedMessage::example(&Contents::text("hi").into_model(), "text").expect("example");

        assert!(
            binary.to_string().ends_with("contents: (base64) /wA="),
            "{binary}"
        );
        assert!(text.to_string().ends_with("contents: hi"), "{text}");
        assert_eq!(text.text(), Some("hi"));
        assert_eq!(binary.text(), None);
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)] // only deserialised
    struct Order {
        id: u64,
    }

    fn deserialise_error(contents: Contents) -> String {
        let message = ReceivedMessage::example(&contents.into_model(), "an order").expect("ok");
        message
            .json::<Order>()
            .expect_err("does not fit Order")
            .to_string()
    }

    #[test]
    fn a_deserialisation_error_shows_the_contents_beside_serdes_error() {
        let wrong_type = deserialise_error(Contents::json(serde_json::json!({"id": "seven"})));
        let missing = deserialise_error(Contents::json(serde_json::json!({"number": 7})));
        let not_json = deserialise_error(Contents::text("id=7"));

        assert!(
            wrong_type.ends_with("\nthe contents: {\"id\":\"seven\"}")
                && wrong_type.contains("invalid type: string \"seven\", expected u64"),
            "{wrong_type}"
        );
        assert!(
            missing.ends_with("the contents: {\"number\":7}")
                && missing.contains("missing field `id`"),
            "{missing}"
        );
        assert!(not_json.ends_with("the contents: id=7"), "{not_json}");
    }

    #[test]
    fn large_or_binary_contents_are_cut_after_a_kibibyte_with_their_size() {
        let long = "é".repeat(1000);
        let large = deserialise_error(Contents::json(serde_json::json!({"id": long})));
        let binary = deserialise_error(Contents::bytes(vec![0xff; 3], "application/octet-stream"));
        let empty = excerpt(b"");

        let shown = large
            .split("the contents: ")
            .nth(1)
            .expect("contents shown");
        assert!(shown.ends_with("… (2009 bytes in all)"), "{shown}");
        assert!(
            shown.len() <= EXCERPT_BYTES + "… (2009 bytes in all)".len(),
            "{shown}"
        );
        assert!(binary.ends_with("the contents: (base64) ////"), "{binary}");
        assert_eq!(empty, "(none)");
    }
}
