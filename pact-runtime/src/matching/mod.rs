//! The matching engine: pure and synchronous. Expected (from the pact model, with its
//! matching rules) × actual (a model built from what was received) → the list of
//! mismatches; an empty list is a match.
//!
//! STUB: the signatures below are the agreed API; the bodies are being written.

use std::fmt;

use crate::model::{HttpRequest, HttpResponse};

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
    let _ = (expected, actual);
    Vec::new()
}

/// Matches an actual response against the expected one (unexpected body keys are allowed).
pub fn match_response(expected: &HttpResponse, actual: &HttpResponse) -> Vec<Mismatch> {
    let _ = (expected, actual);
    Vec::new()
}
