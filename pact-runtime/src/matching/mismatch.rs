//! The engine's output as data: what part a mismatch is about, where, the rule that failed,
//! expected and actual as values, and a [`Reason`] saying what went wrong. No sentence is
//! composed here: [`super::render`] is the one place that turns a mismatch into text, for
//! the mock server's report, the verifier's report, the CLI and the macros' panics alike
//! (issue 16, "typed failures and one renderer").

use serde_json::Value;

use crate::model::{MatchingRule, StatusClass};

/// What part of a request or response a mismatch is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MismatchKind {
    /// The HTTP method.
    Method,
    /// The request path.
    Path,
    /// A query parameter, or the whole query string of a V1 pact.
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
///
/// Build it with the engine ([`match_request`](super::match_request) and friends); read it
/// as data, or as text through [`Mismatch::message`] / `Display`, which both go through
/// [`render`](super::render).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Mismatch {
    /// What part it concerns.
    pub kind: MismatchKind,
    /// Where: a body path in JSONPath notation (`$.items[2].id`, `$['user-id']`) for
    /// bodies, the header, parameter or metadata key for those, empty for method, path and
    /// status.
    pub path: String,
    /// The matching rule that failed, when a rule (not the default equality) decided.
    pub rule: Option<MatchingRule>,
    /// The expected value: JSON for body values, a string for text (method, path, header
    /// values, query string), a number for a status; `None` when nothing was expected
    /// there (an unexpected key, header or part).
    pub expected: Option<Value>,
    /// The actual value, as for `expected`; `None` when it was missing.
    pub actual: Option<Value>,
    /// What went wrong, with the data the explanation needs.
    pub reason: Reason,
}

/// What went wrong, with the data each case needs to be explained.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Reason {
    /// The values differ where they must be equal (method, path, status, query string).
    NotEqual,
    /// Something expected (a header, parameter, metadata entry, XML child, body) is
    /// absent; the expected value is in `expected`.
    Missing,
    /// A JSON object lacks expected keys: the first missing `key`, and both key sets, so
    /// a person sees a renamed key beside its old name.
    MissingKeys {
        /// The first missing key (the mismatch's path ends with it).
        key: String,
        /// The expected object's keys, in order.
        expected_keys: Vec<String>,
        /// The actual object's keys, in order.
        actual_keys: Vec<String>,
    },
    /// Something present that was not expected (a body key in a request, a query
    /// parameter); the value is in `actual`.
    Unexpected {
        /// What held it (`request body`), for a body key.
        within: String,
    },
    /// The status is outside the class a `statusCode` rule asks for.
    StatusClass {
        /// The class the rule allows.
        class: StatusClass,
        /// The status received.
        actual: u16,
    },
    /// The body's contents are detected as a different content type from the declared one.
    ContentType {
        /// Which body (`request body`, `response body`, `message`).
        what: String,
        /// The content type expected.
        expected: String,
        /// The content type the contents were detected as.
        detected: String,
    },
    /// Two bodies compared as octets differ; both summarised by size, content type and
    /// first bytes (as the official implementation does, compatibility suite V1).
    Bytes {
        /// Which body (`request body`, …) or part.
        what: String,
        /// The expected bytes, summarised.
        expected: BytesSummary,
        /// The actual bytes, summarised.
        actual: BytesSummary,
    },
    /// A comparison failed whose explanation depends on the rule or node (a rule's own
    /// failure such as "expected an integer, found "x"", an XML or multipart detail): the
    /// description, without the location, as the part of the engine that judged words it.
    Described {
        /// What is wrong, without the location.
        description: String,
    },
}

/// Bytes as a mismatch shows them: content type, size and the first bytes in hex.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BytesSummary {
    /// The declared content type, if any.
    pub content_type: Option<String>,
    /// The size in bytes.
    pub len: usize,
    /// The first [`BytesSummary::LEADING`] bytes (fewer when the body is shorter).
    pub leading: Vec<u8>,
}

impl BytesSummary {
    /// How many leading bytes a summary keeps (32, as the official sentences show).
    pub const LEADING: usize = 32;

    /// Summarises `bytes` declared as `content_type`.
    pub fn new(content_type: Option<&str>, bytes: &[u8]) -> Self {
        Self {
            content_type: content_type.map(str::to_owned),
            len: bytes.len(),
            leading: bytes[..bytes.len().min(Self::LEADING)].to_vec(),
        }
    }
}

impl Mismatch {
    /// A mismatch of `kind` at `path` for `reason`, with no rule and no values yet (the
    /// engine builds mismatches; reports and tests of reports build them by hand).
    #[must_use]
    pub fn new(kind: MismatchKind, path: impl Into<String>, reason: Reason) -> Self {
        Self {
            kind,
            path: path.into(),
            rule: None,
            expected: None,
            actual: None,
            reason,
        }
    }

    /// A [`Reason::Described`] mismatch.
    #[must_use]
    pub fn described(
        kind: MismatchKind,
        path: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self::new(
            kind,
            path,
            Reason::Described {
                description: description.into(),
            },
        )
    }

    /// With the expected value.
    #[must_use]
    pub fn expected(mut self, value: impl Into<Option<Value>>) -> Self {
        self.expected = value.into();
        self
    }

    /// With the actual value.
    #[must_use]
    pub fn actual(mut self, value: impl Into<Option<Value>>) -> Self {
        self.actual = value.into();
        self
    }

    /// With the rule that failed.
    #[must_use]
    pub fn rule(mut self, rule: Option<MatchingRule>) -> Self {
        self.rule = rule;
        self
    }
}

/// A text value (method, path, header value, …) as a mismatch holds it.
pub(crate) fn text(value: impl Into<String>) -> Value {
    Value::String(value.into())
}
