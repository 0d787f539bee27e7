//! The one renderer: a [`Mismatch`] (data) to the text people read. The mock server's
//! report, the verifier's report, the CLI (human and JSON output) and the macros' panics
//! all show mismatches through these functions, so a sentence is worded once and no report
//! takes an engine sentence apart again.
//!
//! A mismatch renders as two parts: its [`location`] (`$.name`, `header Accept`,
//! `status`), a report's first column, and its [`explanation`] (what is wrong, without the
//! location). [`sentence`] is the one-line form, with the location where the explanation
//! does not name its subject already. [`lines`] lays out several mismatches in two aligned
//! columns, the layout every report uses.

use std::fmt::Write as _;

use serde_json::Value;

use crate::model::StatusClass;

use super::mismatch::{BytesSummary, Mismatch, MismatchKind, Reason};
use super::value_text::render;

/// Where a mismatch is, as a report's first column: `method`, `path`, `status`,
/// `query id`, `header Accept`, `metadata key`, `body`, or the body path (`$.items[0].id`).
pub fn location(mismatch: &Mismatch) -> String {
    match mismatch.kind {
        MismatchKind::Method => "method".to_owned(),
        MismatchKind::Path => "path".to_owned(),
        MismatchKind::Status => "status".to_owned(),
        MismatchKind::Query if mismatch.path.is_empty() => "query".to_owned(),
        MismatchKind::Query => format!("query {}", mismatch.path),
        MismatchKind::Header => format!("header {}", mismatch.path),
        MismatchKind::Metadata => format!("metadata {}", mismatch.path),
        MismatchKind::BodyType => "body".to_owned(),
        _ if mismatch.path.is_empty() || mismatch.path == "$" => "body".to_owned(),
        _ => mismatch.path.clone(),
    }
}

/// What is wrong, without the location (which [`location`] gives): the rule or comparison,
/// expected against actual.
pub fn explanation(mismatch: &Mismatch) -> String {
    let expected = || shown(mismatch.expected.as_ref());
    let actual = || shown(mismatch.actual.as_ref());
    let name = &mismatch.path;
    match (&mismatch.reason, mismatch.kind) {
        (Reason::NotEqual, MismatchKind::Method) => {
            format!("expected method {} but was {}", expected(), actual())
        }
        (Reason::NotEqual, MismatchKind::Path) => {
            format!("expected path '{}' but was '{}'", expected(), actual())
        }
        (Reason::NotEqual, MismatchKind::Status) => {
            format!("expected status {} but was {}", expected(), actual())
        }
        (Reason::NotEqual, MismatchKind::Query) if name.is_empty() => {
            format!(
                "expected query string '{}' but was '{}'",
                expected(),
                actual()
            )
        }
        (Reason::NotEqual, MismatchKind::Query) => format!(
            "expected query parameter '{name}' to be {} but was {}",
            json(mismatch.expected.as_ref()),
            json(mismatch.actual.as_ref())
        ),
        (Reason::NotEqual, MismatchKind::Header) => format!(
            "expected header '{name}' to be '{}' but was '{}'",
            expected(),
            actual()
        ),
        (Reason::NotEqual, MismatchKind::Metadata) => format!(
            "expected metadata '{name}' to be {} but was {}",
            json(mismatch.expected.as_ref()),
            json(mismatch.actual.as_ref())
        ),
        (Reason::NotEqual, _) => format!(
            "expected {}, found {}",
            json(mismatch.expected.as_ref()),
            json(mismatch.actual.as_ref())
        ),
        (Reason::Missing, MismatchKind::Header) => {
            format!(
                "expected header '{name}' with value '{}' but it was missing",
                expected()
            )
        }
        (Reason::Missing, MismatchKind::Query) => format!(
            "expected query parameter '{name}' with {} but it was missing",
            json(mismatch.expected.as_ref())
        ),
        (Reason::Missing, MismatchKind::Metadata) => format!(
            "expected metadata '{name}' with {} but it was missing",
            json(mismatch.expected.as_ref())
        ),
        (Reason::Missing, _) => format!(
            "expected {} but it was missing",
            json(mismatch.expected.as_ref())
        ),
        (
            Reason::MissingKeys {
                key,
                expected_keys,
                actual_keys,
            },
            _,
        ) => format!(
            "missing key {} (expected {}); expected an object with keys [{}], found keys [{}]",
            render(&Value::String(key.clone())),
            json(mismatch.expected.as_ref()),
            key_list(expected_keys),
            key_list(actual_keys)
        ),
        (Reason::Unexpected { .. }, MismatchKind::Query) => format!(
            "unexpected query parameter '{name}' with {}",
            json(mismatch.actual.as_ref())
        ),
        (Reason::Unexpected { within }, _) => format!(
            "unexpected key {} in {within}",
            render(&Value::String(last_key(name)))
        ),
        (Reason::StatusClass { class, actual }, _) => {
            format!("expected status code {actual} to be {}", class_name(class))
        }
        (
            Reason::ContentType {
                what,
                expected,
                detected,
            },
            _,
        ) => format!(
            "expected the {what} to have content type '{expected}' but its contents were detected as '{detected}'"
        ),
        (
            Reason::Bytes {
                what,
                expected,
                actual,
            },
            _,
        ) => format!(
            "expected the {what} {} but received {}",
            bytes(expected),
            bytes(actual)
        ),
        (Reason::Described { description }, _) => description.clone(),
    }
}

/// The one-line form: the location first where the explanation does not name its subject
/// (`$.name: expected "Mary", found "Fred"`, `header 'Accept': expected …`), the
/// explanation alone where it does (`expected method GET but was POST`).
pub fn sentence(mismatch: &Mismatch) -> String {
    let explanation = explanation(mismatch);
    let prefix = match (&mismatch.reason, mismatch.kind) {
        (Reason::Described { .. }, kind) => described_prefix(kind, &mismatch.path),
        (
            Reason::NotEqual
            | Reason::MissingKeys { .. }
            | Reason::Unexpected { .. }
            | Reason::Bytes { .. },
            MismatchKind::Body,
        )
        | (Reason::Missing, MismatchKind::Body) => body_prefix(&mismatch.path),
        _ => String::new(),
    };
    prefix + &explanation
}

/// Mismatches as aligned `location  explanation` lines, each after `indent`, joined by
/// newlines (no trailing newline): the block both reports print under an interaction.
pub fn lines(mismatches: &[Mismatch], indent: &str) -> String {
    let rendered: Vec<(String, String)> = mismatches
        .iter()
        .map(|m| (location(m), explanation(m)))
        .collect();
    let width = rendered
        .iter()
        .map(|(at, _)| at.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (index, (at, what)) in rendered.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        // Writing into a String cannot fail.
        let _ = write!(out, "{indent}{at:<width$}  {what}");
    }
    out
}

/// The expected value as the wire formats (mock server and stub `500`/`404` answers) show
/// it: JSON text for body and metadata values (`"Carol"`), the text itself for a method,
/// path, header or query string; empty when nothing was expected.
pub fn expected_text(mismatch: &Mismatch) -> String {
    value_text(mismatch.kind, mismatch.expected.as_ref())
}

/// The actual value, as [`expected_text`] shows the expected one.
pub fn actual_text(mismatch: &Mismatch) -> String {
    value_text(mismatch.kind, mismatch.actual.as_ref())
}

fn value_text(kind: MismatchKind, value: Option<&Value>) -> String {
    match kind {
        MismatchKind::Body | MismatchKind::BodyType | MismatchKind::Metadata => json(value),
        _ => shown(value),
    }
}

/// How a described mismatch names its place in the one-line form.
fn described_prefix(kind: MismatchKind, path: &str) -> String {
    match kind {
        MismatchKind::Header => format!("header '{path}': "),
        MismatchKind::Query => format!("query parameter '{path}': "),
        MismatchKind::Metadata => format!("metadata '{path}': "),
        MismatchKind::Path => "path: ".to_owned(),
        MismatchKind::Status => "status: ".to_owned(),
        MismatchKind::Method => String::new(),
        _ => body_prefix(path),
    }
}

/// `$.a.b: ` for a body path below the root; a mismatch about the whole body (`$`) names
/// the body in its own sentence, and a report shows `body` in its location column.
fn body_prefix(path: &str) -> String {
    if path.starts_with('$') && path != "$" {
        format!("{path}: ")
    } else {
        String::new()
    }
}

/// How many keys a key set shows before it is cut.
const KEYS_SHOWN: usize = 20;

/// `a, b, c`, or the first [`KEYS_SHOWN`] keys and how many there are in all: an object
/// with thousands of keys must not drown the line.
fn key_list(keys: &[String]) -> String {
    let shown = keys
        .iter()
        .take(KEYS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if keys.len() > KEYS_SHOWN {
        format!("{shown}, … ({} keys in all)", keys.len())
    } else {
        shown
    }
}

/// A text value as it is (strings without quotes), anything else as JSON.
fn shown(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(other) => render(other),
        None => String::new(),
    }
}

/// A value as JSON (strings quoted), bounded as [`render`] bounds it.
fn json(value: Option<&Value>) -> String {
    value.map(render).unwrap_or_default()
}

/// The key a body path ends with: `name` of `$.user.name`, `a.b` of `$['a.b']`.
fn last_key(path: &str) -> String {
    match path.parse::<crate::model::DocPath>() {
        Ok(parsed) => match parsed.tokens().last() {
            Some(crate::model::PathToken::Field(name)) => name.clone(),
            _ => path.to_owned(),
        },
        Err(_) => path.to_owned(),
    }
}

/// `[image/jpeg, 28058 bytes, starting with ffd8ffe0…]`: the content type, the size and
/// the first bytes in hex, so a reader can tell which file arrived.
fn bytes(summary: &BytesSummary) -> String {
    let mut out = String::from("[");
    if let Some(content_type) = &summary.content_type {
        out.push_str(content_type);
        out.push_str(", ");
    }
    let _ = write!(out, "{} bytes", summary.len);
    if !summary.leading.is_empty() {
        out.push_str(", starting with ");
        for byte in &summary.leading {
            let _ = write!(out, "{byte:02x}");
        }
    }
    out.push(']');
    out
}

/// A status class as the sentence names it, with its range: "a successful response
/// (200–299)", the wording the official implementation uses for the class.
pub(crate) fn class_name(class: &StatusClass) -> String {
    match class {
        StatusClass::Information => "an informational response (100–199)".to_owned(),
        StatusClass::Success => "a successful response (200–299)".to_owned(),
        StatusClass::Redirect => "a redirect (300–399)".to_owned(),
        StatusClass::ClientError => "a client error (400–499)".to_owned(),
        StatusClass::ServerError => "a server error (500–599)".to_owned(),
        StatusClass::NonError => "a non-error response (100–399)".to_owned(),
        StatusClass::Error => "an error response (400–599)".to_owned(),
        StatusClass::Codes(codes) => {
            let codes: Vec<String> = codes.iter().map(u16::to_string).collect();
            format!("one of {}", codes.join(", "))
        }
    }
}

// The sentence of a mismatch is defined here, beside the renderer, so that the data type
// (`mismatch`) does not depend on how it is written.
impl Mismatch {
    /// The whole sentence a person reads, location included (`$.name: expected "Mary",
    /// found "Fred"`), from [`sentence`].
    pub fn message(&self) -> String {
        sentence(self)
    }
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
