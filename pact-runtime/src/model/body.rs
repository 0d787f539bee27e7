//! Bodies with their content type: what a request, response or message carries.

use base64::Engine as _;

/// A body as the pact describes it.
///
/// `Missing` (no body at all) differs from an empty body (`Text` with `""`) and from a JSON
/// `null` body (`Json` holding `Value::Null`): the specification's cases tell them apart.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Body {
    /// No body.
    #[default]
    Missing,
    /// A JSON document (any JSON value, `null` included).
    Json {
        /// The document.
        value: serde_json::Value,
        /// The content type, when the pact or the headers give one.
        content_type: Option<String>,
    },
    /// Text: plain, XML, HTML, form-urlencoded, …
    Text {
        /// The text.
        text: String,
        /// The content type, when known.
        content_type: Option<String>,
    },
    /// Bytes that are not text (stored base64-encoded in pact files).
    Binary {
        /// The bytes.
        bytes: Vec<u8>,
        /// The content type, when known.
        content_type: Option<String>,
    },
}

/// The media type without its parameters, lower-cased: `Text/XML; charset=utf-8` →
/// `text/xml`.
pub(crate) fn media_type_essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// True for `application/json`, `application/hal+json`, `application/vnd.x+json`, … (the
/// parameters after `;` are ignored).
pub fn is_json_content_type(content_type: &str) -> bool {
    let essence = media_type_essence(content_type);
    essence == "application/json"
        || essence == "text/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl Body {
    /// A JSON body with content type `application/json`.
    pub fn json(value: serde_json::Value) -> Self {
        Body::Json {
            value,
            content_type: Some("application/json".to_owned()),
        }
    }

    /// True when there is no body.
    pub fn is_missing(&self) -> bool {
        matches!(self, Body::Missing)
    }

    /// The content type recorded with the body.
    pub fn content_type(&self) -> Option<&str> {
        match self {
            Body::Missing => None,
            Body::Json { content_type, .. }
            | Body::Text { content_type, .. }
            | Body::Binary { content_type, .. } => content_type.as_deref(),
        }
    }

    /// The bytes sent on the wire (empty for a missing body).
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Body::Missing => Vec::new(),
            Body::Json { value, .. } => serde_json::to_vec(value).unwrap_or_default(),
            Body::Text { text, .. } => text.as_bytes().to_vec(),
            Body::Binary { bytes, .. } => bytes.clone(),
        }
    }

    /// Reads a body received on the wire: JSON when the content type says JSON (or, with no
    /// content type, when the bytes parse as a JSON object or array), text when the bytes are
    /// UTF-8, binary otherwise. Empty bytes are [`Body::Missing`].
    pub fn from_bytes(bytes: &[u8], content_type: Option<&str>) -> Self {
        if bytes.is_empty() {
            return Body::Missing;
        }
        let content_type_owned = content_type.map(str::to_owned);
        let json_declared = content_type.is_some_and(is_json_content_type);
        let looks_like_json = content_type.is_none()
            && matches!(
                bytes.iter().find(|b| !b.is_ascii_whitespace()),
                Some(b'{' | b'[')
            );
        if (json_declared || looks_like_json)
            && let Ok(value) = serde_json::from_slice(bytes)
        {
            return Body::Json {
                value,
                content_type: content_type_owned.or_else(|| Some("application/json".to_owned())),
            };
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Body::Text {
                text: text.to_owned(),
                content_type: content_type_owned,
            },
            Err(_) => Body::Binary {
                bytes: bytes.to_vec(),
                content_type: content_type_owned,
            },
        }
    }

    /// The bytes as base64 (how V4 pact files store binary bodies).
    pub fn base64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }
}
