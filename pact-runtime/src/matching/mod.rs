//! The matching engine: pure and synchronous. Expected (from the pact model, with its
//! matching rules) × actual (a model built from what was received) → the list of
//! mismatches; an empty list is a match.
//!
//! ```
//! use pact_runtime::matching::match_response;
//! use pact_runtime::model::{Body, HttpResponse};
//! use serde_json::json;
//!
//! let expected = HttpResponse {
//!     body: Body::json(json!({"name": "Mary"})),
//!     ..HttpResponse::default()
//! };
//! let actual = HttpResponse {
//!     status: 404,
//!     body: Body::json(json!({"name": "Fred", "age": 3})),
//!     ..HttpResponse::default()
//! };
//! let messages: Vec<String> =
//!     match_response(&expected, &actual).into_iter().map(|m| m.message).collect();
//! assert_eq!(
//!     messages,
//!     ["expected status 200 but was 404", r#"$.name: expected "Mary", found "Fred""#]
//! );
//! ```
//!
//! Layout: `http` (method, path, status), `query`, `headers`, `body` (which comparison a
//! body gets, with `content_type` telling kinds apart), `json` (the walk over a JSON body),
//! `xml`, `form` and `multipart` (the other structured bodies), `rules` (which rule
//! applies where), `values` (one rule against one value, with `dates`, `regexes` and, for the V4
//! collection matchers, `collections`), `message` (message contents and metadata) and
//! [`diff`] (the body diff shown in reports).

mod body;
mod collections;
mod content_type;
mod dates;
pub mod diff;
mod form;
mod headers;
mod http;
mod json;
mod message;
mod multipart;
mod query;
mod regexes;
mod rule_targets;
mod rules;
mod values;
mod xml;
mod xml_paths;

use std::fmt;

pub use dates::{DateFormatError, validate_java_date_format};
// For the generators and the consumer DSL, which write dates and check their examples.
pub(crate) use dates::format_java_date;

use crate::model::{Category, HttpRequest, HttpResponse, MessageContents};

use json::UnexpectedKeys;
use rules::Rules;

/// What part of a request or response a mismatch is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MismatchKind {
    /// The HTTP method.
    Method,
    /// The request path.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// The response status.
    Status,
    /// The body (structure or values).
    Body,
    /// The body's content type.
    BodyType,
    /// A message's metadata entry.
    Metadata,
}

/// One difference between what was expected and what was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// What part it concerns.
    pub kind: MismatchKind,
    /// Where: `$.items[2].id` for bodies, the header or parameter name for headers and
    /// queries, empty for method, path and status.
    pub path: String,
    /// The expected value, rendered (JSON for body values).
    pub expected: String,
    /// The actual value, rendered.
    pub actual: String,
    /// A sentence a person understands.
    pub message: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Matches an actual request against the expected one (requests reject unexpected body keys).
pub fn match_request(expected: &HttpRequest, actual: &HttpRequest) -> Vec<Mismatch> {
    let rules = &expected.matching_rules;
    let mut mismatches = Vec::new();
    mismatches.extend(http::match_method(&expected.method, &actual.method));
    mismatches.extend(http::match_path(&expected.path, &actual.path, rules));
    match (&expected.raw_query, &actual.raw_query) {
        // A V1 pact: query strings compare as text.
        (Some(expected), Some(actual)) => {
            mismatches.extend(query::match_raw_query(expected, actual));
        }
        _ => mismatches.extend(query::match_query(
            expected.query.as_ref(),
            actual.query.as_ref(),
            rules,
        )),
    }
    mismatches.extend(headers::match_headers(
        &expected.headers,
        &actual.headers,
        rules,
    ));
    mismatches.extend(body::match_body(
        &expected.body,
        &actual.body,
        Rules::new(rules.category(Category::Body)),
        UnexpectedKeys::Reject,
        "request body",
    ));
    mismatches
}

/// Matches an actual response against the expected one (unexpected body keys are allowed).
pub fn match_response(expected: &HttpResponse, actual: &HttpResponse) -> Vec<Mismatch> {
    let rules = &expected.matching_rules;
    let mut mismatches = Vec::new();
    mismatches.extend(http::match_status(expected.status, actual.status, rules));
    mismatches.extend(headers::match_headers(
        &expected.headers,
        &actual.headers,
        rules,
    ));
    mismatches.extend(body::match_body(
        &expected.body,
        &actual.body,
        Rules::new(rules.category(Category::Body)),
        UnexpectedKeys::Allow,
        "response body",
    ));
    mismatches
}

/// Matches actual message contents against the expected ones: the contents like a response
/// body (unexpected keys allowed; rules from the `content` category, or `body` as V3
/// message pacts write them), then every expected metadata entry.
pub fn match_message(expected: &MessageContents, actual: &MessageContents) -> Vec<Mismatch> {
    message::match_message(expected, actual)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;

/// Applies one matching rule to `actual`, with `expected` as the example: the consumer
/// DSL checks with it that an example honours its own matcher, so a pact that could never
/// verify is refused when it is built. `text` says the value comes from a header, query or
/// path (number-like rules parse strings). `Err` holds the description of what is wrong.
pub(crate) fn check_value(
    rule: &crate::model::MatchingRule,
    expected: &serde_json::Value,
    actual: &serde_json::Value,
    text: bool,
) -> Result<(), String> {
    let source = if text {
        values::Source::Text
    } else {
        values::Source::Body
    };
    values::apply_rule(rule, expected, actual, source)
}
