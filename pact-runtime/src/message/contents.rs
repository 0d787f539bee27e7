//! The contents of one message as the builders hold them (a JSON pattern, text or bytes
//! with a content type, and metadata that may be matchers), and their conversion into
//! the model's [`MessageContents`].

use serde_json::{Map, Value};

use crate::matchers::Pattern;
use crate::model::{self, Body, Category, DocPath, Generators, MatchingRules, MessageContents};

const JSON: &str = "application/json";

/// The metadata key that carries a message's content type (V3 message pacts, V4 message
/// metadata): `contentType`, as pact-jvm and pact-reference spell it; `content-type` and
/// `Content-Type` are read as the same key.
const CONTENT_TYPE_KEYS: [&str; 3] = ["contentType", "content-type", "Content-Type"];

/// The body of a message until it becomes model data.
#[derive(Debug, Clone, Default)]
enum ContentsBody {
    #[default]
    Missing,
    Json(Pattern),
    Text {
        text: String,
        content_type: String,
    },
    Bytes {
        bytes: Vec<u8>,
        content_type: String,
    },
}

/// The contents of one message: a body (JSON from the matcher DSL or a
/// [`PactMatch`](crate::PactMatch) DTO, text, XML or bytes, each with a content type) and
/// metadata (`topic`, `contentType`, …) whose values may be matchers.
///
/// The body of an asynchronous [`Message`](super::Message) is set on the message itself;
/// a [`SyncMessage`](super::SyncMessage) takes a `Contents` for its request and each
/// response.
///
/// ```
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{like, term};
/// use pact_runtime::message::Contents;
///
/// let quote = Contents::json(json_pattern!({"sku": like("A-1"), "price": like(12.5)}))
///     .metadata("topic", term("quotes.eu", r"^quotes\.\w+$"));
/// let model = quote.into_model();
/// assert_eq!(model.metadata["topic"], "quotes.eu");
/// assert_eq!(model.contents.content_type(), Some("application/json"));
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "contents do nothing until they are given to a message"]
pub struct Contents {
    body: ContentsBody,
    metadata: Vec<(String, Pattern)>,
}

impl Contents {
    /// Contents without a body or metadata.
    pub fn new() -> Self {
        Self::default()
    }

    /// A JSON body (a [`Pattern`], a `serde_json::Value`, a DTO's `matcher()`, or anything
    /// converting into one), with content type `application/json` unless the metadata
    /// gives a `contentType`.
    pub fn json(body: impl Into<Pattern>) -> Self {
        Contents::new().with_json(body)
    }

    /// A `text/plain` body, matched by equality.
    pub fn text(text: impl Into<String>) -> Self {
        Contents::new().with_body(text, "text/plain")
    }

    /// An `application/xml` body, matched as XML.
    pub fn xml(xml: impl Into<String>) -> Self {
        Contents::new().with_body(xml, "application/xml")
    }

    /// A text body with its content type (`text/csv`, `application/soap+xml`, …).
    ///
    /// # Panics
    /// When `content_type` is not a media type (`type/subtype`, no control characters,
    /// no whitespace at either end): the pact could not say what the bytes are.
    #[track_caller]
    pub fn body(text: impl Into<String>, content_type: impl Into<String>) -> Self {
        Contents::new().with_body(text, content_type)
    }

    /// A binary body with its content type, matched by equality of the bytes; written
    /// base64-encoded, and handed to the handler as the raw bytes.
    ///
    /// # Panics
    /// As [`Contents::body`], for the content type.
    #[track_caller]
    pub fn bytes(bytes: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Self {
        Contents::new().with_bytes(bytes, content_type)
    }

    /// Adds a metadata entry; `value` may be a matcher (`term("orders", "^orders$")`) or
    /// any JSON value. A `contentType` entry also sets the body's content type (it is
    /// what the message's consumer is told the body is). Setting a key again replaces it.
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<Pattern>) -> Self {
        let (key, value) = (key.into(), value.into());
        self.metadata.retain(|(existing, _)| *existing != key);
        self.metadata.push((key, value));
        self
    }

    pub(super) fn with_json(mut self, body: impl Into<Pattern>) -> Self {
        self.body = ContentsBody::Json(body.into());
        self
    }

    #[track_caller]
    pub(super) fn with_body(
        mut self,
        text: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        let content_type = content_type.into();
        check_content_type("body", &content_type);
        self.body = ContentsBody::Text {
            text: text.into(),
            content_type,
        };
        self
    }

    #[track_caller]
    pub(super) fn with_bytes(
        mut self,
        bytes: impl Into<Vec<u8>>,
        content_type: impl Into<String>,
    ) -> Self {
        let content_type = content_type.into();
        check_content_type("bytes", &content_type);
        self.body = ContentsBody::Bytes {
            bytes: bytes.into(),
            content_type,
        };
        self
    }

    /// The contents as model data: the body's example, the metadata's examples, and the
    /// matching rules and generators of both (body rules in the `body` category, metadata
    /// rules in `metadata`, keyed `$.<key>`).
    pub fn into_model(self) -> MessageContents {
        let mut rules = MatchingRules::new();
        let mut generators = Generators::new();
        let mut metadata = Map::new();
        for (key, pattern) in &self.metadata {
            let path = DocPath::root().join_field(key.clone());
            pattern.rules_at(&path, Category::Metadata, &mut rules);
            pattern.generators_at(&path, Category::Metadata, &mut generators);
            metadata.insert(key.clone(), pattern.to_example());
        }
        // The metadata's content type, when given, is what the consumer is told the body
        // is, so the body records the same one (as a Content-Type header does for HTTP).
        let declared = CONTENT_TYPE_KEYS
            .iter()
            .find_map(|key| metadata.get(*key))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let contents = match self.body {
            ContentsBody::Missing => Body::Missing,
            ContentsBody::Json(pattern) => {
                pattern.rules_at(&DocPath::root(), Category::Body, &mut rules);
                pattern.generators_at(&DocPath::root(), Category::Body, &mut generators);
                let value = pattern.to_example();
                let content_type = declared.unwrap_or_else(|| JSON.to_owned());
                if model::is_json_content_type(&content_type) {
                    Body::Json {
                        value,
                        content_type: Some(content_type),
                    }
                } else {
                    // A JSON pattern declared as something else is sent as its JSON text.
                    Body::Text {
                        text: value.to_string(),
                        content_type: Some(content_type),
                    }
                }
            }
            ContentsBody::Text { text, content_type } => Body::Text {
                text,
                content_type: Some(declared.unwrap_or(content_type)),
            },
            ContentsBody::Bytes {
                bytes,
                content_type,
            } => Body::Binary {
                bytes,
                content_type: Some(declared.unwrap_or(content_type)),
            },
        };
        MessageContents {
            contents,
            metadata,
            matching_rules: rules,
            generators,
        }
    }
}

/// A content type must at least look like `type/subtype`: it is all the pact says about
/// what the bytes are.
#[track_caller]
fn check_content_type(method: &str, content_type: &str) {
    let essence = model::media_type_essence(content_type);
    let well_formed = content_type.trim() == content_type
        && !content_type.chars().any(char::is_control)
        && essence
            .split_once('/')
            .is_some_and(|(kind, subtype)| !kind.is_empty() && !subtype.is_empty());
    if !well_formed {
        panic!(
            "Contents::{method}(…, {content_type:?}): the content type is not a media type such as \"text/plain\" or \"application/octet-stream\""
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_pattern;
    use crate::matchers::{integer, like, term};
    use crate::model::MatchingRule;

    #[test]
    fn json_contents_keep_their_rules_in_the_body_category_and_metadata_rules_by_key() {
        let model = Contents::json(json_pattern!({"id": integer(7), "name": like("Ann")}))
            .metadata("topic", term("users.created", r"^users\.\w+$"))
            .metadata("partition", 3)
            .into_model();

        assert_eq!(
            model.contents,
            Body::json(serde_json::json!({"id": 7, "name": "Ann"}))
        );
        assert_eq!(
            model.metadata,
            serde_json::json!({"topic": "users.created", "partition": 3})
                .as_object()
                .cloned()
                .unwrap_or_default()
        );
        let topic = model
            .matching_rules
            .for_name(Category::Metadata, "topic")
            .map(|list| list.rules.clone());
        assert_eq!(
            topic,
            Some(vec![MatchingRule::Regex(r"^users\.\w+$".to_owned())])
        );
        assert!(
            model
                .matching_rules
                .category(Category::Body)
                .is_some_and(|rules| rules.contains_key(&DocPath::root().join_field("id")))
        );
    }

    #[test]
    fn text_xml_and_bytes_record_their_content_types() {
        let cases = [
            (Contents::text("hello"), "text/plain", b"hello".to_vec()),
            (Contents::xml("<a/>"), "application/xml", b"<a/>".to_vec()),
            (
                Contents::bytes(vec![0, 255, 1], "application/octet-stream"),
                "application/octet-stream",
                vec![0, 255, 1],
            ),
            (
                Contents::body("a,b", "text/csv"),
                "text/csv",
                b"a,b".to_vec(),
            ),
        ];
        for (contents, content_type, bytes) in cases {
            let model = contents.into_model();

            assert_eq!(model.contents.content_type(), Some(content_type));
            assert_eq!(model.contents.to_bytes(), bytes, "{content_type}");
        }
    }

    #[test]
    fn a_content_type_in_the_metadata_wins_over_the_body_default() {
        let xml = Contents::body("<a/>", "application/xml")
            .metadata("contentType", "text/xml")
            .into_model();
        let json = Contents::json(serde_json::json!({"a": 1}))
            .metadata("contentType", "application/vnd.event+json")
            .into_model();
        let json_as_text = Contents::json(serde_json::json!({"a": 1}))
            .metadata("content-type", "text/plain")
            .into_model();

        assert_eq!(xml.contents.content_type(), Some("text/xml"));
        assert_eq!(
            json.contents,
            Body::Json {
                value: serde_json::json!({"a": 1}),
                content_type: Some("application/vnd.event+json".to_owned())
            }
        );
        assert_eq!(
            json_as_text.contents,
            Body::Text {
                text: r#"{"a":1}"#.to_owned(),
                content_type: Some("text/plain".to_owned())
            }
        );
    }

    #[test]
    fn setting_a_metadata_key_again_replaces_it() {
        let model = Contents::new()
            .metadata("topic", "a")
            .metadata("topic", "b")
            .into_model();

        assert_eq!(model.metadata.get("topic"), Some(&Value::from("b")));
        assert!(model.contents.is_missing());
    }

    #[test]
    fn content_types_that_are_not_media_types_are_refused() {
        for bad in ["", "text", "/plain", "text/", " text/plain", "text/pl\nain"] {
            let outcome = std::panic::catch_unwind(|| Contents::bytes(vec![1], bad));

            assert!(outcome.is_err(), "{bad:?} was accepted");
        }
    }
}
