//! Bodies as the builders hold them (JSON patterns, text, XML, forms, multipart, binary),
//! and their conversion into a model body with its rules and generators.

use super::checks;
use crate::matchers::{BinaryPattern, Pattern, binary_rules};
use crate::model::{Body, Category, DocPath, Generators, Headers, MatchingRules};

pub(super) const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// A body as the builder holds it until it becomes model data.
#[derive(Debug, Clone, Default)]
pub(super) enum BodyPattern {
    #[default]
    Missing,
    Json(Pattern),
    Text {
        text: String,
        content_type: String,
    },
    Binary {
        bytes: Vec<u8>,
        content_type: String,
    },
    BinaryMatching(BinaryPattern),
    Form(Vec<(String, Pattern)>),
    Multipart(Multipart),
}

impl BodyPattern {
    /// The content type the body is sent with when the test sets no header.
    pub(super) fn content_type(&self) -> Option<String> {
        match self {
            BodyPattern::Missing => None,
            BodyPattern::Json(_) => Some(JSON.to_owned()),
            BodyPattern::Text { content_type, .. } | BodyPattern::Binary { content_type, .. } => {
                Some(content_type.clone())
            }
            BodyPattern::BinaryMatching(pattern) => Some(pattern.content_type().to_owned()),
            BodyPattern::Form(_) => Some(FORM.to_owned()),
            BodyPattern::Multipart(multipart) => Some(multipart.content_type()),
        }
    }

    /// The body example, its rules added to `rules` and generators to `generators`. The
    /// `Content-Type` header, when there is one, wins over the builder's default so the
    /// model agrees with the wire.
    pub(super) fn into_model(
        self,
        headers: &Headers,
        rules: &mut MatchingRules,
        generators: &mut Generators,
    ) -> Body {
        let declared = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .and_then(|(_, values)| values.first().cloned());
        let content_type = declared.or_else(|| self.content_type());
        let root = DocPath::root();
        match self {
            BodyPattern::Missing => Body::Missing,
            BodyPattern::Json(pattern) => {
                pattern.rules_at(&root, Category::Body, rules);
                pattern.generators_at(&root, Category::Body, generators);
                Body::Json {
                    value: pattern.to_example(),
                    content_type,
                }
            }
            BodyPattern::Text { text, .. } => Body::Text { text, content_type },
            BodyPattern::Binary { bytes, .. } => Body::Binary {
                bytes,
                content_type,
            },
            BodyPattern::BinaryMatching(pattern) => {
                for (category, by_path) in binary_rules(pattern.content_type()).categories() {
                    for (path, list) in by_path {
                        rules.set(category, path.clone(), list.clone());
                    }
                }
                Body::Binary {
                    bytes: pattern.bytes().to_vec(),
                    content_type,
                }
            }
            BodyPattern::Form(pairs) => {
                let mut encoder = form_urlencoded::Serializer::new(String::new());
                for (name, pattern) in &pairs {
                    let path = root.join_field(name.clone());
                    pattern.rules_at(&path, Category::Body, rules);
                    pattern.generators_at(&path, Category::Body, generators);
                    encoder.append_pair(name, &pattern.to_example_string());
                }
                Body::Text {
                    text: encoder.finish(),
                    content_type,
                }
            }
            BodyPattern::Multipart(multipart) => {
                let bytes = multipart.encode(rules);
                match String::from_utf8(bytes) {
                    Ok(text) => Body::Text { text, content_type },
                    Err(error) => Body::Binary {
                        bytes: error.into_bytes(),
                        content_type,
                    },
                }
            }
        }
    }
}

/// A `multipart/form-data` body: named parts, each with an optional file name and a
/// content type. Text parts may be matchers: their rules apply to the part's text.
///
/// The boundary is fixed (`pact-boundary-…`); the mock server and the verifier split each
/// side with its own boundary, so the client under test may use any.
///
/// ```
/// use pact_runtime::consumer::{Multipart, Request};
/// use pact_runtime::matchers::like;
///
/// let upload = Request::post("/photos").multipart(
///     Multipart::new()
///         .text("title", like("Holiday"))
///         .file("photo", "beach.png", "image/png", vec![0x89, b'P', b'N', b'G']),
/// );
/// # let _ = upload;
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a multipart body does nothing until it is given to `Request::multipart` or `Response::multipart`"]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: String,
    content: PartContent,
}

#[derive(Debug, Clone)]
enum PartContent {
    Text(Pattern),
    Bytes(Vec<u8>),
}

const BOUNDARY: &str = "pact-boundary-c6f1e3a2b9d84705";

impl Multipart {
    /// An empty `multipart/form-data` body.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text field (`text/plain`); `value` may be a matcher such as `like("Holiday")`,
    /// whose rule applies to the part's text (generators inside parts are not applied).
    ///
    /// # Panics
    /// When `name` holds a control character (a line break would split the part's
    /// headers).
    #[track_caller]
    pub fn text(mut self, name: impl Into<String>, value: impl Into<Pattern>) -> Self {
        let name = name.into();
        checks::part(
            &format!("Multipart::text({name:?}, …)"),
            &name,
            None,
            "text/plain",
        );
        self.parts.push(Part {
            name,
            filename: None,
            content_type: "text/plain".to_owned(),
            content: PartContent::Text(value.into()),
        });
        self
    }

    /// A part with this content type and bytes, matched by equality.
    ///
    /// # Panics
    /// When `name` holds a control character, or `content_type` is not a valid header
    /// value: either would break the part's headers.
    #[track_caller]
    pub fn part(
        mut self,
        name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        let (name, content_type) = (name.into(), content_type.into());
        checks::part(
            &format!("Multipart::part({name:?}, …)"),
            &name,
            None,
            &content_type,
        );
        self.parts.push(Part {
            name,
            filename: None,
            content_type,
            content: PartContent::Bytes(bytes.into()),
        });
        self
    }

    /// A file upload: a part with a file name, content type and bytes, matched by
    /// equality of the bytes (the file name is the client's choice and is not compared).
    ///
    /// # Panics
    /// When `name` or `filename` holds a control character, or `content_type` is not a
    /// valid header value: either would break the part's headers.
    #[track_caller]
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        let (name, filename, content_type) = (name.into(), filename.into(), content_type.into());
        checks::part(
            &format!("Multipart::file({name:?}, …)"),
            &name,
            Some(&filename),
            &content_type,
        );
        self.parts.push(Part {
            name,
            filename: Some(filename),
            content_type,
            content: PartContent::Bytes(bytes.into()),
        });
        self
    }

    fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={BOUNDARY}")
    }

    /// The body's bytes; text parts' rules land at `$.<part name>`.
    fn encode(self, rules: &mut MatchingRules) -> Vec<u8> {
        let mut out = Vec::new();
        for part in self.parts {
            out.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
            let filename = part
                .filename
                .as_deref()
                .map(|f| format!("; filename=\"{}\"", f.replace('"', "%22")))
                .unwrap_or_default();
            out.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{}\"{filename}\r\nContent-Type: {}\r\n\r\n",
                    part.name.replace('"', "%22"),
                    part.content_type
                )
                .as_bytes(),
            );
            match part.content {
                PartContent::Text(pattern) => {
                    let path = DocPath::root().join_field(part.name.clone());
                    // Rules only: generators inside multipart parts are not applied.
                    pattern.rules_at(&path, Category::Body, rules);
                    out.extend_from_slice(pattern.to_example_string().as_bytes());
                }
                PartContent::Bytes(bytes) => out.extend_from_slice(&bytes),
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        out
    }
}
