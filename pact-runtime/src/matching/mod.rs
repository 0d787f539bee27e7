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
//!     match_response(&expected, &actual).iter().map(|m| m.message()).collect();
//! assert_eq!(
//!     messages,
//!     ["expected status 200 but was 404", r#"$.name: expected "Mary", found "Fred""#]
//! );
//! ```
//!
//! # XML bodies and namespaces
//! Elements and attributes compare by namespace URI and local name: the prefixes a
//! document uses are its writer's choice, so `<o:order xmlns:o="urn:orders">` equals
//! `<order xmlns="urn:orders">`, and two documents that bind the same prefix to different
//! URIs hold different elements. Rule paths follow the same idea:
//! - A prefixed name, `$.ns1:order.ns1:item[*].@ns1:id`, names the node whose namespace is
//!   the URI the prefix has in the **expected** body at that place, whatever prefix (or
//!   default namespace) the actual body uses for it. The pact's example is the only
//!   document its rules were written against.
//! - `$['urn:orders:order']` (URI, then local name, as pact-reference writes paths) and
//!   `$['{urn:orders}order']` (Clark notation, as pact-jvm names elements) also name it.
//! - A name without a prefix (`$.order.item.@id`) is the local name in any namespace, as in
//!   the mismatch paths reports show (which leave namespaces out).
//! - A prefix the expected body does not declare names nothing; the rule is reported as one
//!   that selects nothing (below), not as a failure: whether its node matches is then
//!   decided by the default comparison, which a real difference still fails.
//!
//! Text is `#text` and attributes are `@name`; the other path notations XML rules are
//! written in are accepted too (`$.animals.alligator.@name`, `$.animals[1].@name`, …).
//!
//! # Rule paths that select nothing
//! A body rule whose path selects no node of the expected body (a misspelt key, an index
//! past the example, `$.@odata.context` for the key `@odata.context`, an undeclared XML
//! prefix) silently never applies. [`request_rule_warnings`], [`response_rule_warnings`] and
//! [`message_rule_warnings`] list such rules as [`Warning`]s, computed from
//! the expected side alone (JSON and XML bodies; other bodies have no paths below `$`). They
//! fail nothing, as the specification's own cases carry such rules and expect a match; the
//! mock server's report and the verifier's report show them and log them with
//! `tracing::warn!`. The one case whose intent is certain, a dotted key that the expected
//! body holds whole, is also a mismatch (field case FC-05).
//!
//! ```
//! use pact_runtime::matching::response_rule_warnings;
//! use pact_runtime::model::{Body, Category, HttpResponse, MatchingRule, MatchingRules};
//! use serde_json::json;
//!
//! let mut rules = MatchingRules::new();
//! rules.add(Category::Body, "$.nmae".parse().unwrap(), MatchingRule::Type);
//! let expected = HttpResponse {
//!     body: Body::json(json!({"name": "Mary"})),
//!     matching_rules: rules,
//!     ..HttpResponse::default()
//! };
//! let warnings = response_rule_warnings(&expected);
//! assert_eq!(warnings[0].location, "response body $.nmae");
//! ```
//!
//! Layout: `http` (method, path, status), `query`, `headers`, `body` (which comparison a
//! body gets, with `content_type` telling kinds apart), `json` (the walk over a JSON body),
//! `xml` (with `xml_paths`, how rule paths name XML nodes), `form` and `multipart` (the
//! other structured bodies), `rule_targets` (rule paths that select nothing), `rules` (which rule
//! applies where), `values` (one rule against one value, with `dates`, `regexes` and, for the V4
//! collection matchers, `collections`), `message` (message contents and metadata) and
//! [`diff`] (the body diff shown in reports).

mod binary;
mod body;
mod collections;
mod containers;
mod content_type;
mod dates;
pub mod diff;
mod form;
mod headers;
mod http;
mod json;
mod message;
mod mismatch;
mod multipart;
mod query;
pub(crate) mod regexes;
pub mod render;
mod rule_targets;
mod rules;
mod value_text;
mod values;
mod xml;
mod xml_paths;

pub use crate::java_dates::{DateFormatError, validate_java_date_format};
pub use mismatch::{BytesSummary, Mismatch, MismatchKind, Reason};
// For the generators and the consumer DSL, which write dates and check their examples.

use crate::Warning;
use crate::model::{Category, HttpRequest, HttpResponse, MessageContents};

use rules::Rules;
use rules::UnexpectedKeys;

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

/// The body rules of an expected request whose paths select nothing in its body, as
/// warnings located at `request body {path}`; see [Rule paths that select
/// nothing](self#rule-paths-that-select-nothing).
pub fn request_rule_warnings(expected: &HttpRequest) -> Vec<Warning> {
    let rules = Rules::new(expected.matching_rules.category(Category::Body));
    rule_targets::unreached_rules(&expected.body, rules, "request body")
}

/// The body rules of an expected response whose paths select nothing in its body, as
/// warnings located at `response body {path}`.
pub fn response_rule_warnings(expected: &HttpResponse) -> Vec<Warning> {
    let rules = Rules::new(expected.matching_rules.category(Category::Body));
    rule_targets::unreached_rules(&expected.body, rules, "response body")
}

/// The content rules of an expected message whose paths select nothing in its contents
/// (rules from the `content` category, or `body` as V3 message pacts write them), as
/// warnings located at `message {path}`.
pub fn message_rule_warnings(expected: &MessageContents) -> Vec<Warning> {
    rule_targets::unreached_rules(
        &expected.contents,
        message::content_rules(expected),
        "message",
    )
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
