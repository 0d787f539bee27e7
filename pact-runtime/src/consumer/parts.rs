//! The request and response builders, and their conversion into the model.

use crate::matchers::Pattern;
use crate::model::{
    Body, Category, DocPath, Headers, HttpRequest, HttpResponse, MatchingRules, Query,
};

const JSON: &str = "application/json";

/// A body as the builder holds it until it becomes model data.
#[derive(Debug, Clone, Default)]
enum BodyPattern {
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
}

impl BodyPattern {
    fn content_type(&self) -> Option<&str> {
        match self {
            BodyPattern::Missing => None,
            BodyPattern::Json(_) => Some(JSON),
            BodyPattern::Text { content_type, .. } | BodyPattern::Binary { content_type, .. } => {
                Some(content_type)
            }
        }
    }

    /// The body example, its rules added to `rules`. The `Content-Type` header, when
    /// there is one, wins over the builder's default so the model agrees with the wire.
    fn into_model(self, headers: &Headers, rules: &mut MatchingRules) -> Body {
        let declared = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .and_then(|(_, values)| values.first().cloned());
        match self {
            BodyPattern::Missing => Body::Missing,
            BodyPattern::Json(pattern) => {
                pattern.rules_at(&DocPath::root(), Category::Body, rules);
                Body::Json {
                    value: pattern.to_example(),
                    content_type: declared.or_else(|| Some(JSON.to_owned())),
                }
            }
            BodyPattern::Text { text, content_type } => Body::Text {
                text,
                content_type: declared.or(Some(content_type)),
            },
            BodyPattern::Binary {
                bytes,
                content_type,
            } => Body::Binary {
                bytes,
                content_type: declared.or(Some(content_type)),
            },
        }
    }
}

/// Name → value pairs (headers, query parameters) in the order given; a repeated name adds
/// a value.
fn named_values(
    pairs: Vec<(String, Pattern)>,
    category: Category,
    rules: &mut MatchingRules,
) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut values = std::collections::BTreeMap::<String, Vec<String>>::new();
    for (name, pattern) in pairs {
        let path = DocPath::root().join_field(name.clone());
        pattern.rules_at(&path, category, rules);
        values
            .entry(name)
            .or_default()
            .push(pattern.to_example_string());
    }
    values
}

/// Adds `Content-Type` from the body when the test did not set the header itself.
fn content_type_default(headers: &mut Headers, body: &BodyPattern) {
    let declared = headers
        .keys()
        .any(|name| name.eq_ignore_ascii_case("content-type"));
    if let (false, Some(content_type)) = (declared, body.content_type()) {
        headers.insert("Content-Type".to_owned(), vec![content_type.to_owned()]);
    }
}

/// The request a consumer sends: method, path, query, headers and body, each of which may
/// be a [`Pattern`].
///
/// ```
/// use pact_runtime::consumer::Request;
/// use pact_runtime::matchers::term;
///
/// let request = Request::get(term("/users/42", r"^/users/\d+$"))
///     .query("role", "admin")
///     .header("Accept", "application/json");
/// # let _ = request;
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is given to `Interaction::request`"]
pub struct Request {
    method: String,
    path: Pattern,
    query: Vec<(String, Pattern)>,
    headers: Vec<(String, Pattern)>,
    body: BodyPattern,
}

impl Request {
    /// A request with this method (any case; `http::Method` works too) and path.
    pub fn new(method: impl AsRef<str>, path: impl Into<Pattern>) -> Self {
        Request {
            method: method.as_ref().to_ascii_uppercase(),
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: BodyPattern::Missing,
        }
    }

    /// A `GET` request.
    pub fn get(path: impl Into<Pattern>) -> Self {
        Request::new("GET", path)
    }

    /// A `POST` request.
    pub fn post(path: impl Into<Pattern>) -> Self {
        Request::new("POST", path)
    }

    /// A `PUT` request.
    pub fn put(path: impl Into<Pattern>) -> Self {
        Request::new("PUT", path)
    }

    /// A `PATCH` request.
    pub fn patch(path: impl Into<Pattern>) -> Self {
        Request::new("PATCH", path)
    }

    /// A `DELETE` request.
    pub fn delete(path: impl Into<Pattern>) -> Self {
        Request::new("DELETE", path)
    }

    /// Adds a query parameter; calling it again with the same name adds another value.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<Pattern>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Adds a header; calling it again with the same name adds another value.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Pattern>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A JSON body; sets `Content-Type: application/json` unless a `Content-Type` header
    /// is given.
    pub fn json(mut self, body: impl Into<Pattern>) -> Self {
        self.body = BodyPattern::Json(body.into());
        self
    }

    /// A text body with its content type (`text/plain`, `application/xml`, …), matched by
    /// equality.
    pub fn body(mut self, text: impl Into<String>, content_type: impl Into<String>) -> Self {
        self.body = BodyPattern::Text {
            text: text.into(),
            content_type: content_type.into(),
        };
        self
    }

    /// A binary body with its content type, matched by equality.
    pub fn bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Self {
        self.body = BodyPattern::Binary {
            bytes: bytes.into(),
            content_type: content_type.into(),
        };
        self
    }

    /// The request as model data: examples, with the patterns' matching rules.
    pub fn into_model(self) -> HttpRequest {
        let mut rules = MatchingRules::new();
        self.path
            .rules_at(&DocPath::root(), Category::Path, &mut rules);
        let query: Option<Query> =
            (!self.query.is_empty()).then(|| named_values(self.query, Category::Query, &mut rules));
        let mut headers = named_values(self.headers, Category::Header, &mut rules);
        content_type_default(&mut headers, &self.body);
        let body = self.body.into_model(&headers, &mut rules);
        HttpRequest {
            method: self.method,
            path: self.path.to_example_string(),
            query,
            headers,
            body,
            matching_rules: rules,
            ..HttpRequest::default()
        }
    }
}

/// The response the consumer expects: status, headers and body, each header value and the
/// body possibly a [`Pattern`].
///
/// ```
/// use pact_runtime::consumer::Response;
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::like;
///
/// let response = Response::ok().json(json_pattern!({"name": like("Alice")}));
/// # let _ = response;
/// ```
#[derive(Debug, Clone)]
#[must_use = "a response does nothing until it is given to `Interaction::response`"]
pub struct Response {
    status: u16,
    headers: Vec<(String, Pattern)>,
    body: BodyPattern,
}

impl Default for Response {
    fn default() -> Self {
        Response::ok()
    }
}

impl Response {
    /// A response with this status code.
    pub fn status(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: BodyPattern::Missing,
        }
    }

    /// `200 OK`.
    pub fn ok() -> Self {
        Response::status(200)
    }

    /// `201 Created`.
    pub fn created() -> Self {
        Response::status(201)
    }

    /// `204 No Content`.
    pub fn no_content() -> Self {
        Response::status(204)
    }

    /// `404 Not Found`.
    pub fn not_found() -> Self {
        Response::status(404)
    }

    /// Adds a header; calling it again with the same name adds another value.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Pattern>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A JSON body; sets `Content-Type: application/json` unless a `Content-Type` header
    /// is given.
    pub fn json(mut self, body: impl Into<Pattern>) -> Self {
        self.body = BodyPattern::Json(body.into());
        self
    }

    /// A text body with its content type, matched by equality.
    pub fn body(mut self, text: impl Into<String>, content_type: impl Into<String>) -> Self {
        self.body = BodyPattern::Text {
            text: text.into(),
            content_type: content_type.into(),
        };
        self
    }

    /// A binary body with its content type, matched by equality.
    pub fn bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Self {
        self.body = BodyPattern::Binary {
            bytes: bytes.into(),
            content_type: content_type.into(),
        };
        self
    }

    /// The response as model data: examples, with the patterns' matching rules.
    pub fn into_model(self) -> HttpResponse {
        let mut rules = MatchingRules::new();
        let mut headers = named_values(self.headers, Category::Header, &mut rules);
        content_type_default(&mut headers, &self.body);
        let body = self.body.into_model(&headers, &mut rules);
        HttpResponse {
            status: self.status,
            headers,
            body,
            matching_rules: rules,
            ..HttpResponse::default()
        }
    }
}
