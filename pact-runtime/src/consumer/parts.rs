//! The request and response builders, and their conversion into the model.

use super::body::{BodyPattern, Multipart};
use super::checks::{self, Side};
use crate::matchers::{BinaryPattern, Pattern};
use crate::model::{
    Category, DocPath, Generator, Generators, Headers, HttpRequest, HttpResponse, MatchingRule,
    MatchingRules, Query,
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

/// Gives each provider-state value of a response body or header a `type` rule when its
/// place has no rule of its own.
///
/// Our verifier fills the state's value into the response it expects; the official
/// verifier does not, and compares the provider's value with the example unless a rule
/// says otherwise. pact-js's `fromProviderState` writes a `type` rule beside its generator
/// for that reason, and so do we: both verifiers then accept the provider's value of the
/// example's type. (A status has no rule both read the same way, so it is left alone.)
fn type_rules_for_provider_state(generators: &Generators, rules: &mut MatchingRules) {
    for category in [Category::Body, Category::Header] {
        let Some(entries) = generators.category(category) else {
            continue;
        };
        for (path, generator) in entries {
            let has_rule = match category {
                // Header names are case-insensitive.
                Category::Header => match path.tokens() {
                    [_, crate::model::PathToken::Field(name)] => {
                        rules.for_name(category, name).is_some()
                    }
                    _ => true,
                },
                _ => rules
                    .category(category)
                    .is_some_and(|by_path| by_path.get(path).is_some_and(|list| !list.is_empty())),
            };
            if matches!(generator, Generator::ProviderState { .. }) && !has_rule {
                rules.add(category, path.clone(), MatchingRule::Type);
            }
        }
    }
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
        ///
        /// # Panics
        /// On a `204` or `304` [`Response`], which never carries a body on the wire.
        #[track_caller]
        pub fn json(mut self, body: impl Into<Pattern>) -> Self {
            self.allow_body("json");
            self.body = BodyPattern::Json(body.into());
            self
        }

        /// A `text/plain` body, matched by equality.
        ///
        /// # Panics
        /// On a `204` or `304` [`Response`], which never carries a body on the wire.
        #[track_caller]
        pub fn text(self, text: impl Into<String>) -> Self {
            self.allow_body("text");
            self.body(text, "text/plain")
        }

        /// An `application/xml` body, matched by equality of the XML (attribute order and
        /// insignificant whitespace aside).
        ///
        /// # Panics
        /// On a `204` or `304` [`Response`], which never carries a body on the wire.
        #[track_caller]
        pub fn xml(self, xml: impl Into<String>) -> Self {
            self.allow_body("xml");
            self.body(xml, "application/xml")
        }

        /// A text body with its content type (`text/csv`, `application/soap+xml`, …),
        /// matched by equality (structurally for XML and JSON types).
        ///
        /// # Panics
        /// When `content_type` is not a valid header value, and on a `204` or `304`
        /// [`Response`], which never carries a body on the wire.
        #[track_caller]
        pub fn body(mut self, text: impl Into<String>, content_type: impl Into<String>) -> Self {
            let content_type = content_type.into();
            self.allow_body("body");
            checks::content_type(
                &format!("{}::body(…, {content_type:?})", Self::NAME),
                &content_type,
            );
            self.body = BodyPattern::Text {
                text: text.into(),
                content_type,
            };
            self
        }

        /// An `application/x-www-form-urlencoded` body from `(name, value)` pairs in order;
        /// values may be matchers (`like("Alice")`), a repeated name adds a value.
        ///
        /// # Panics
        /// On a `204` or `304` [`Response`], which never carries a body on the wire.
        #[track_caller]
        pub fn form<N, V>(mut self, pairs: impl IntoIterator<Item = (N, V)>) -> Self
        where
            N: Into<String>,
            V: Into<Pattern>,
        {
            self.allow_body("form");
            self.body = BodyPattern::Form(
                pairs
                    .into_iter()
                    .map(|(name, value)| (name.into(), value.into()))
                    .collect(),
            );
            self
        }

        /// A `multipart/form-data` body.
        ///
        /// # Panics
        /// On a `204` or `304` [`Response`], which never carries a body on the wire.
        #[track_caller]
        pub fn multipart(mut self, multipart: Multipart) -> Self {
            self.allow_body("multipart");
            self.body = BodyPattern::Multipart(multipart);
            self
        }

        /// A binary body with its content type, matched by equality of the bytes.
        ///
        /// # Panics
        /// When `content_type` is not a valid header value, and on a `204` or `304`
        /// [`Response`], which never carries a body on the wire.
        #[track_caller]
        pub fn bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: impl Into<String>) -> Self {
            let content_type = content_type.into();
            self.allow_body("bytes");
            checks::content_type(
                &format!("{}::bytes(…, {content_type:?})", Self::NAME),
                &content_type,
            );
            self.body = BodyPattern::Binary {
                bytes: bytes.into(),
                content_type,
            };
            self
        }

        /// A binary body matched by what its bytes are, not the bytes themselves: see
        /// [`content_type`](crate::matchers::content_type).
        ///
        /// # Panics
        /// On a `204` or `304` [`Response`], which never carries a body on the wire.
        #[track_caller]
        pub fn binary(mut self, body: BinaryPattern) -> Self {
            self.allow_body("binary");
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
    const NAME: &str = "Request";

    /// A request with this method (any case, recorded in upper case; `http::Method` works
    /// too) and path. The path is the decoded path without its query, starting with `/`
    /// (`"/users/42"`, `"/files/my report.pdf"`), or a matcher whose example is one.
    ///
    /// # Panics
    /// When `method` is not an HTTP method token (`"G E T"`), or the path (a matcher's
    /// example) is empty, does not start with `/`, holds a query (`"/users?id=1"`: use
    /// [`query`](Request::query)) or a percent-escape (`"/a%20b"`: write `"/a b"`). Such
    /// a request could never be sent, or never matched by the mock server.
    #[track_caller]
    pub fn new(method: impl AsRef<str>, path: impl Into<Pattern>) -> Self {
        let method = checks::method(method.as_ref());
        let path = path.into();
        checks::path(&method, &path);
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: BodyPattern::Missing,
        }
    }

    /// A `GET` request.
    ///
    /// # Panics
    /// As [`Request::new`], for the path.
    #[track_caller]
    pub fn get(path: impl Into<Pattern>) -> Self {
        Request::new("GET", path)
    }

    /// A `POST` request.
    ///
    /// # Panics
    /// As [`Request::new`], for the path.
    #[track_caller]
    pub fn post(path: impl Into<Pattern>) -> Self {
        Request::new("POST", path)
    }

    /// A `PUT` request.
    ///
    /// # Panics
    /// As [`Request::new`], for the path.
    #[track_caller]
    pub fn put(path: impl Into<Pattern>) -> Self {
        Request::new("PUT", path)
    }

    /// A `PATCH` request.
    ///
    /// # Panics
    /// As [`Request::new`], for the path.
    #[track_caller]
    pub fn patch(path: impl Into<Pattern>) -> Self {
        Request::new("PATCH", path)
    }

    /// A `DELETE` request.
    ///
    /// # Panics
    /// As [`Request::new`], for the path.
    #[track_caller]
    pub fn delete(path: impl Into<Pattern>) -> Self {
        Request::new("DELETE", path)
    }

    /// A `HEAD` request (its response has no body).
    ///
    /// # Panics
    /// As [`Request::new`], for the path.
    #[track_caller]
    pub fn head(path: impl Into<Pattern>) -> Self {
        Request::new("HEAD", path)
    }

    /// An `OPTIONS` request.
    ///
    /// # Panics
    /// As [`Request::new`], for the path.
    #[track_caller]
    pub fn options(path: impl Into<Pattern>) -> Self {
        Request::new("OPTIONS", path)
    }

    /// Adds a query parameter; calling it again with the same name adds another value.
    /// Name and value are written decoded (`"a b"`, not `"a%20b"`).
    ///
    /// # Panics
    /// When the name or the value (a matcher's example) holds a percent-escape: the mock
    /// server decodes the query before matching, so it could never match.
    #[track_caller]
    pub fn query(mut self, name: impl Into<String>, value: impl Into<Pattern>) -> Self {
        let (name, value) = (name.into(), value.into());
        checks::query(&name, &value);
        self.query.push((name, value));
        self
    }

    /// Adds a header; calling it again with the same name adds another value.
    ///
    /// # Panics
    /// When the name is not a header name (`"Bad Header"`), or the value (a matcher's
    /// example) is not a header value (a line break in it) or starts or ends with
    /// whitespace: no client could send it as written.
    #[track_caller]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Pattern>) -> Self {
        let (name, value) = (name.into(), value.into());
        checks::header(Side::Request, &name, &value);
        self.headers.push((name, value));
        self
    }

    /// Any request may carry a body.
    #[track_caller]
    fn allow_body(&self, _method: &str) {}

    /// The method, as the model records it.
    pub(super) fn method(&self) -> &str {
        &self.method
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
    const NAME: &str = "Response";

    /// A response with this status code.
    ///
    /// # Panics
    /// When `status` is not a final response status, 200 to 599: 1xx are interim
    /// responses, which the mock server cannot send as its answer (hyper sends `500` in
    /// their place), and RFC 9110 defines no status outside 100 to 599.
    #[track_caller]
    pub fn status(status: u16) -> Self {
        checks::status(&format!("Response::status({status})"), status);
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
    /// When the example is not an integer from 200 to 599 (as for [`Response::status`]),
    /// or a generator on the status can give a value outside that range.
    #[track_caller]
    pub fn status_matching(status: impl Into<Pattern>) -> Self {
        let status = status.into();
        checks::status_pattern(&status);
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

    /// `204 No Content` (which has no body).
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
    ///
    /// # Panics
    /// When the name is not a header name (`"Bad Header"`), or the value (a matcher's
    /// example) is not a header value (a line break in it) or starts or ends with
    /// whitespace: the mock server could not send it as the pact records it. Also for
    /// `Transfer-Encoding`, and a `Content-Length` that is not a number: the mock server
    /// sends the whole body with its length (`Content-Length` by hand is only for the
    /// response to a `HEAD` request, see [`Interaction::into_model`](super::Interaction::into_model)).
    #[track_caller]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<Pattern>) -> Self {
        let (name, value) = (name.into(), value.into());
        checks::header(Side::Response, &name, &value);
        self.headers.push((name, value));
        self
    }

    /// A `204 No Content` or `304 Not Modified` response is sent without its body (by
    /// hyper, as RFC 9110 requires), so a body there is a promise never kept.
    #[track_caller]
    fn allow_body(&self, method: &str) {
        let status = self.status.to_example();
        if let Some(code @ (204 | 304)) = status.as_u64() {
            panic!(
                "Response::{method}(…): a {code} response never carries a body on the wire (the mock server sends the headers only), so the client would never receive it; remove the body or use a status that has one, such as Response::ok()"
            );
        }
    }

    /// True when a body was given.
    pub(super) fn has_body(&self) -> bool {
        !matches!(self.body, BodyPattern::Missing)
    }

    /// The example of a `Content-Length` header given by hand, if any.
    pub(super) fn content_length(&self) -> Option<String> {
        self.headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .map(|(_, value)| value.to_example_string())
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
        // Both constructors hold an integer example that fits a u16 (checked).
        let status = self
            .status
            .to_example()
            .as_u64()
            .and_then(|code| u16::try_from(code).ok())
            .unwrap_or(200);
        let mut headers = named_values(self.headers, Category::Header, &mut rules, &mut generators);
        content_type_default(&mut headers, &self.body);
        let body = self.body.into_model(&headers, &mut rules, &mut generators);
        type_rules_for_provider_state(&generators, &mut rules);
        HttpResponse {
            status,
            headers,
            body,
            matching_rules: rules,
            generators,
        }
    }
}
