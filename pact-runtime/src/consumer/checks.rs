//! What the builders refuse: methods, paths, query parameters, headers, statuses and
//! bodies that no HTTP client could send or that the mock server could never answer
//! with, so an interaction built from them would promise something that never happens.
//!
//! Like the matcher constructors, the builders are test-time APIs: a value that can never
//! be honoured is a bug in the test, so each check panics at the caller's line
//! (`#[track_caller]` all the way up), naming the value and saying what to write instead.

use std::ops::RangeInclusive;

use http::{HeaderName, HeaderValue};

use crate::generators::example_at;
use crate::matchers::Pattern;
use crate::model::{Category, DocPath, Generator, Generators};

/// The statuses a final response may have. 1xx are interim responses: hyper answers
/// `500` in place of one, so the client would never see it. RFC 9110 §15 defines the
/// classes 1xx–5xx only and calls values outside 100–599 invalid (hyper would send
/// 600–999, but clients and proxies are free to refuse them).
pub(super) const FINAL_STATUSES: RangeInclusive<u16> = 200..=599;

/// The method as the model holds it (upper case), or a panic when it is not an HTTP
/// method token (RFC 9110 §9.1: one `tchar` token).
#[track_caller]
pub(super) fn method(method: &str) -> String {
    let upper = method.to_ascii_uppercase();
    if http::Method::from_bytes(upper.as_bytes()).is_err() {
        panic!(
            "Request::new({method:?}, …): {method:?} is not an HTTP method; a method is one token of letters, digits and !#$%&'*+-.^_`|~ with no spaces, such as \"GET\" or \"PROPFIND\""
        );
    }
    upper
}

/// The first `%XX` escape in `text`, if any.
fn percent_escape(text: &str) -> Option<&str> {
    text.char_indices().find_map(|(at, c)| {
        let escape = text.get(at..at + 3)?;
        (c == '%' && escape[1..].bytes().all(|b| b.is_ascii_hexdigit())).then_some(escape)
    })
}

/// `text` with its `%XX` escapes decoded, for the message that suggests it.
fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// "the path" or "the path's example" (a matcher's example is what the checks see).
fn what(noun: &str, pattern: &Pattern) -> String {
    if pattern.is_literal() {
        noun.to_owned()
    } else {
        format!("{noun}'s example")
    }
}

/// The path (or a matcher's example path) must be what a client can send and the mock
/// server compares: it starts with `/`, holds no query, and is written decoded.
#[track_caller]
pub(super) fn path(method: &str, path: &Pattern) {
    let example = path.to_example_string();
    let call = format!("Request::new({method:?}, …)");
    let what = what("the path", path);
    if example.is_empty() {
        panic!("{call}: {what} is empty; a request path starts with '/' (\"/\" for the root)");
    }
    if let Some((before, query)) = example.split_once('?') {
        let suggestion: String = form_urlencoded::parse(query.as_bytes())
            .map(|(name, value)| format!(".query({name:?}, {value:?})"))
            .collect();
        let suggestion = if suggestion.is_empty() {
            ".query(name, value)".to_owned()
        } else {
            suggestion
        };
        panic!(
            "{call}: {what} {example:?} holds a query string, but the mock server matches the path without its query, so it could never match; write the path {before:?} and each parameter with {suggestion}"
        );
    }
    if !example.starts_with('/') {
        let hint = if example.contains("://") {
            "give the path only (\"/users/42\"): the client sends it to the mock server's URL"
        } else {
            "a request path is absolute, as in \"/users/42\""
        };
        panic!("{call}: {what} {example:?} does not start with '/'; {hint}");
    }
    if let Some(escape) = percent_escape(&example) {
        panic!(
            "{call}: {what} {example:?} holds the percent-escape {escape:?}, but the mock server decodes the path before matching, so it could never match; write it decoded: {:?}",
            decoded(&example)
        );
    }
}

/// A query parameter has a name, and its name and value (or a matcher's example value)
/// are written decoded: the mock server decodes the query before matching.
#[track_caller]
pub(super) fn query(name: &str, value: &Pattern) {
    if name.is_empty() {
        panic!(
            "Request::query(\"\", …): a query parameter needs a name (`?=value` is a client's mistake, not a contract)"
        );
    }
    let example = value.to_example_string();
    for (which, text) in [("name", name), ("value", example.as_str())] {
        if let Some(escape) = percent_escape(text) {
            panic!(
                "Request::query({name:?}, …): the {which} {text:?} holds the percent-escape {escape:?}, but the mock server decodes the query before matching, so it could never match; write it decoded: {:?}",
                decoded(text)
            );
        }
    }
}

/// Who builds the header, for messages: a request's headers are sent by the client, a
/// response's by the mock server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Request,
    Response,
}

impl Side {
    fn builder(self) -> &'static str {
        match self {
            Side::Request => "Request",
            Side::Response => "Response",
        }
    }

    fn consequence(self) -> &'static str {
        match self {
            Side::Request => "no HTTP client can send it, so the request could never match",
            Side::Response => {
                "the mock server would leave the header out while the pact promises it"
            }
        }
    }
}

/// The header's name must be a token and its value (or a matcher's example value) a
/// header value without surrounding whitespace (which HTTP strips on the wire). On a
/// response, `Transfer-Encoding` is refused and `Content-Length` must be a number: the
/// mock server sends the whole body with its length.
#[track_caller]
pub(super) fn header(side: Side, name: &str, value: &Pattern) {
    let call = format!("{}::header({name:?}, …)", side.builder());
    if HeaderName::from_bytes(name.as_bytes()).is_err() {
        panic!(
            "{call}: {name:?} is not a valid header name (one token of letters, digits and !#$%&'*+-.^_`|~, without spaces or ':'); {}",
            side.consequence()
        );
    }
    let example = value.to_example_string();
    let what = what("the value", value);
    if HeaderValue::from_str(&example).is_err() {
        panic!(
            "{call}: {what} {example:?} is not a valid header value (it holds a control character such as a line break); {}",
            side.consequence()
        );
    }
    let trimmed = example.trim_matches([' ', '\t']);
    if trimmed != example {
        panic!(
            "{call}: {what} {example:?} starts or ends with whitespace, which HTTP strips on the wire, so it is never received as written; write {trimmed:?}"
        );
    }
    if side == Side::Response && name.eq_ignore_ascii_case("transfer-encoding") {
        panic!(
            "{call}: the mock server sends the whole body with a Content-Length and cannot honour Transfer-Encoding {example:?}; leave the header out"
        );
    }
    if side == Side::Response
        && name.eq_ignore_ascii_case("content-length")
        && example.parse::<u64>().is_err()
    {
        panic!("{call}: {what} {example:?} is not a length; Content-Length is a number of bytes");
    }
}

/// A content type given with a body becomes the `Content-Type` header.
#[track_caller]
pub(super) fn content_type(call: &str, content_type: &str) {
    if HeaderValue::from_str(content_type).is_err() || content_type.trim() != content_type {
        panic!(
            "{call}: the content type {content_type:?} is not a valid header value (a control character, or whitespace at an end), so it would never be sent as the Content-Type header"
        );
    }
}

/// A multipart part's name, file name and content type are written into the part's
/// headers: a line break there would split the part.
#[track_caller]
pub(super) fn part(call: &str, name: &str, filename: Option<&str>, content_type: &str) {
    for (which, text) in [("name", Some(name)), ("file name", filename)] {
        if let Some(text) = text
            && text.chars().any(char::is_control)
        {
            panic!(
                "{call}: the part {which} {text:?} holds a control character (such as a line break), which would break the part's Content-Disposition header"
            );
        }
    }
    self::content_type(call, content_type);
}

/// A status example must be a final response status.
#[track_caller]
pub(super) fn status(call: &str, status: u16) {
    if !FINAL_STATUSES.contains(&status) {
        let why = if (100..200).contains(&status) {
            "1xx statuses are interim responses that the mock server (hyper) cannot send as the answer; it would send 500 instead"
        } else {
            "RFC 9110 defines no status outside 100 to 599, and 1xx are interim"
        };
        panic!(
            "{call}: {status} is not a final response status; a response's status is from 200 to 599 ({why})"
        );
    }
}

/// The status of `Response::status_matching`: its example is a final status, and a
/// generator at its root (which the matcher constructors checked can generate at all)
/// gives one too.
#[track_caller]
pub(super) fn status_pattern(pattern: &Pattern) {
    let call = "Response::status_matching()";
    let example = pattern.to_example();
    let code = example
        .as_u64()
        .and_then(|code| u16::try_from(code).ok())
        .filter(|code| FINAL_STATUSES.contains(code));
    if code.is_none() {
        panic!(
            "{call}: the example status must be an integer from 200 to 599 (a final response status; 1xx are interim and the mock server cannot send them), found {example}"
        );
    }
    let mut generators = Generators::new();
    pattern.generators_at(&DocPath::root(), Category::Status, &mut generators);
    let Some(at_root) = generators.category(Category::Status) else {
        return;
    };
    for generator in at_root.values() {
        status_generator(call, generator);
    }
}

#[track_caller]
fn status_generator(call: &str, generator: &Generator) {
    let range = match generator {
        // The verifier's business, from the provider state's values.
        Generator::ProviderState { .. } => return,
        Generator::RandomInt { min, max } => *min..=*max,
        other => {
            // One value: a generator of another kind gives text or numbers that are
            // statuses either always or (a date, a UUID) never.
            let value = example_at(other, std::time::SystemTime::now()).unwrap_or_default();
            let code = value
                .as_i64()
                .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
                .unwrap_or(-1);
            code..=code
        }
    };
    let (low, high) = (
        i64::from(*FINAL_STATUSES.start()),
        i64::from(*FINAL_STATUSES.end()),
    );
    if *range.start() < low || *range.end() > high {
        panic!(
            "{call}: the status generator {generator:?} can give values outside 200 to 599, which the mock server cannot send as a final response; generate within 200..=599"
        );
    }
}

/// The response that answers a `method` request: a `HEAD` response has no body on the
/// wire, and `Content-Length` is only the mock server's to set unless the request is `HEAD`
/// (where it describes the body a `GET` would return, and is sent as written).
#[track_caller]
pub(super) fn answer(
    description: &str,
    method: &str,
    has_body: bool,
    content_length: Option<&str>,
) {
    let head = method == "HEAD";
    if head && has_body {
        panic!(
            "interaction {description:?}: the response to a HEAD request has a body, but a HEAD response never carries one on the wire (the mock server and any provider send the headers only); remove the body, or make the request a GET"
        );
    }
    if let (false, Some(length)) = (head, content_length) {
        panic!(
            "interaction {description:?}: the response sets Content-Length {length:?}, but the mock server sets it from the body it sends (a hand-written length that disagrees would break the response); leave the header out and match the body instead"
        );
    }
}
