//! The request and response builders, and their conversion into the model.

use super::body::{BodyPattern, Multipart};
use crate::matchers::{BinaryPattern, Pattern};
use crate::model::{
    Category, DocPath, Generators, Headers, HttpRequest, HttpResponse, MatchingRules, Query,
};

/// Name → value pairs (headers, query parameters) in the order given; a repeated name adds
/// a value.
fn named_values(
    pairs: Vec<(String, Pattern)>,
    category: Category,
    rules: &mut MatchingRules,
    generators: &mut Generators,
) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut values = std::collections::BTreeMap::<String, Vec<String>>::new();
    for (name, pattern) in pairs {
        let path = DocPath::root().join_field(name.clone());
        pattern.rules_at(&path, category, rules);
        pattern.generators_at(&path, category, generators);
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
        headers.insert("Content-Type".to_owned(), vec![content_type]);
    }
}

/// The body setters, the same on [`Request`] and [`Response`].
macro_rules! body_methods {
    () => {
        /// A JSON body (a [`Pattern`], a `serde_json::Value`, or anything converting into
        /// one); sets `Content-Type: application/json` unless a `Content-Type` header is
        /// given.
        pub fn json(mut self, body: impl Into<Pattern>) -> Self {
            self.body = BodyPattern::Json(body.into());
            self
        }

        /// A `text/plain` body, matched by equality.
        pub fn text(self, text: impl Into<String>) -> Self {
            self.body(text, "text/plain")
        }

        /// An `application/xml` body, matched by equality of the XML (attribute order and
        /// insignificant whitespace aside).
        pub fn xml(self, xml: impl Into<String>) -> Self {
            self.body(xml, "application/xml")
        }

        /// A text body with its content type (`text/csv`, `application/soap+xml`, …),
        /// matched by equality (structurally for XML and JSON types).
        pub fn body(mut self, text: impl Into<String>, content_type: impl Into<String>) -> Self {
            self.body = BodyPattern::Text {
                text: text.into(),
                content_type: content_type.into(),
            };
            self
        }

        /// An `application/x-www-form-urlencoded` body from `(name, value)` pairs in order;
        /// values may be matchers (`like("Alice")`), a repeated name adds a value.
        pub fn form<N, V>(mut self, pairs: impl IntoIterator<Item = (N, V)>) -> Self
        where
            N: Into<String>,
            V: Into<Pattern>,
        {
            self.body = BodyPattern::Form(
                pairs
                    .into_iter()
                    .map(|(name, value)| (name.into(), value.into()))
                    .collect(),
            );
            self
        }

        /// A `multipart/form-data` body.
        pub fn multipart(mut self, multipart: Multipart) -> Self {
            self.body = BodyPattern::Multipart(multipart);
            self
        }

        /// A binary body with its content type, matched by equality of the bytes.
        pub fn bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Self {
            self.body = BodyPattern::Binary {
                bytes: bytes.into(),
                content_type: content_type.into(),
            };
            self
        }

        /// A binary body matched by what its bytes are, not the bytes themselves: see
        /// [`content_type`](crate::matchers::content_type).
        pub fn binary(mut self, body: BinaryPattern) -> Self {
            self.body = BodyPattern::BinaryMatching(body);
            self
        }
    };
}

/// The request a consumer sends: method, path, query, headers and body, each of which may
/// be a [`Pattern`].
///
/// ```
/// use pact_runtime::consumer::Request;
/// use pact_runtime::matchers::{from_provider_state, term};
///
/// let request = Request::get(term("/users/42", r"^/users/\d+$"))
///     .query("role", "admin")
///     .header("Accept", "application/json")
///     .header("X-Tenant", from_provider_state("${tenant}", "acme"));
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

    /// A `HEAD` request.
    pub fn head(path: impl Into<Pattern>) -> Self {
        Request::new("HEAD", path)
    }

    /// An `OPTIONS` request.
    pub fn options(path: impl Into<Pattern>) -> Self {
        Request::new("OPTIONS", path)
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

    body_methods!();

    /// The request as model data: examples, with the patterns' matching rules and
    /// generators.
    pub fn into_model(self) -> HttpRequest {
        let mut rules = MatchingRules::new();
        let mut generators = Generators::new();
        let root = DocPath::root();
        self.path.rules_at(&root, Category::Path, &mut rules);
        self.path
            .generators_at(&root, Category::Path, &mut generators);
        let query: Option<Query> = (!self.query.is_empty())
            .then(|| named_values(self.query, Category::Query, &mut rules, &mut generators));
        let mut headers = named_values(self.headers, Category::Header, &mut rules, &mut generators);
        content_type_default(&mut headers, &self.body);
        let body = self.body.into_model(&headers, &mut rules, &mut generators);
        HttpRequest {
            method: self.method,
            path: self.path.to_example_string(),
            query,
            headers,
            body,
            matching_rules: rules,
            generators,
            ..HttpRequest::default()
        }
    }
}

/// The response the consumer expects: status, headers and body, each header value, the
/// body and (V4) the status possibly a [`Pattern`].
///
/// ```
/// use pact_runtime::consumer::Response;
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{like, mock_server_url};
///
/// let response = Response::created()
///     .header("Location", mock_server_url("http://localhost:8080/users/7", r".*(/users/\d+)$"))
///     .json(json_pattern!({"name": like("Alice")}));
/// # let _ = response;
/// ```
#[derive(Debug, Clone)]
#[must_use = "a response does nothing until it is given to `Interaction::response`"]
pub struct Response {
    status: Pattern,
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
            status: Pattern::from(status),
            headers: Vec::new(),
            body: BodyPattern::Missing,
        }
    }

    /// A response whose status is matched by a rule (V4), typically
    /// [`status_code`](crate::matchers::status_code): the pact records the example status
    /// and the provider may answer any status of the class. Writing such a pact as V3 or
    /// V2 is refused with a typed error.
    ///
    /// # Panics
    /// When the example is not an integer from 100 to 599.
    pub fn status_matching(status: impl Into<Pattern>) -> Self {
        let status = status.into();
        let example = status.to_example();
        assert!(
            example
                .as_u64()
                .is_some_and(|code| (100..=599).contains(&code)),
            "Response::status_matching(): the example status must be an integer from 100 to 599, found {example}"
        );
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

    /// `400 Bad Request`.
    pub fn bad_request() -> Self {
        Response::status(400)
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

    body_methods!();

    /// The response as model data: examples, with the patterns' matching rules and
    /// generators.
    pub fn into_model(self) -> HttpResponse {
        let mut rules = MatchingRules::new();
        let mut generators = Generators::new();
        let root = DocPath::root();
        self.status.rules_at(&root, Category::Status, &mut rules);
        self.status
            .generators_at(&root, Category::Status, &mut generators);
        // Both constructors hold an integer example that fits a u16.
        let status = self
            .status
            .to_example()
            .as_u64()
            .and_then(|code| u16::try_from(code).ok())
            .unwrap_or(200);
        let mut headers = named_values(self.headers, Category::Header, &mut rules, &mut generators);
        content_type_default(&mut headers, &self.body);
        let body = self.body.into_model(&headers, &mut rules, &mut generators);
        HttpResponse {
            status,
            headers,
            body,
            matching_rules: rules,
            generators,
        }
    }
}
