//! Finding the mismatch a step names by its kind (`body`, `header`, …) and the official
//! implementation's error text.
//!
//! The suite's error texts are pact-reference's sentences. No specification fixes their
//! wording, and this engine words its own (see the `matching` module); so a mismatch is the
//! one named when its kind (and path, when given) agree and either its sentence contains the
//! official one (ignoring case), or every value the official sentence quotes (`'…'`) or lists (`[…]`)
//! appears in what this engine reports (its sentence, expected and actual values, path).
//! A value may hold `\s*` (the suite's "any spacing here", as in `'a;\s*charset=b'`).

use std::sync::LazyLock;

use pact_runtime::matching::{Mismatch, MismatchKind};
use pact_runtime::model::{DocPath, PathToken};

/// `Expected <value> (<Type>)`: a value rendered with its JSON type's name.
static TYPED_VALUE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^Expected (.+?) \((?:Null|Boolean|Array|Object|String|Number|Integer|Decimal)\)",
    )
    .expect("a valid regex")
});

/// The suite's name for a kind of mismatch.
pub fn kind_name(kind: MismatchKind) -> &'static str {
    match kind {
        MismatchKind::Method => "method",
        MismatchKind::Path => "path",
        MismatchKind::Query => "query",
        MismatchKind::Header => "header",
        MismatchKind::Status => "status",
        MismatchKind::Body => "body",
        MismatchKind::BodyType => "body-content-type",
        MismatchKind::Metadata => "metadata",
        _ => "other",
    }
}

/// The values an official error text names: `'…'` quoted and `[…]` listed items, and the
/// actual value of pact-reference's `Expected <value> (<Type>) …` form (`Expected [] (Array)
/// to be an integer` names `[]`).
pub fn named_values(error: &str) -> Vec<String> {
    let mut values = Vec::new();
    if let Some(value) = TYPED_VALUE.captures(error).and_then(|typed| typed.get(1))
        && !value.as_str().starts_with('\'')
    {
        values.push(value.as_str().to_owned());
    }
    for (open, close) in [('\'', '\''), ('[', ']')] {
        let mut rest = error;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            let Some(end) = after.find(close) else { break };
            let inner = &after[..end];
            if open == '[' && inner.trim().is_empty() {
                // An empty list names the empty collection itself.
                values.push("[]".to_owned());
            } else if open == '[' {
                values.extend(
                    inner
                        .split(',')
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty()),
                );
            } else {
                values.push(inner.to_owned());
            }
            rest = &after[end + close.len_utf8()..];
        }
    }
    values
}

/// True when `mismatch` is the one the official `error` text describes.
pub fn describes(mismatch: &Mismatch, error: &str) -> bool {
    // A sentence that says the same thing may start a clause where the official one starts
    // the sentence (`variant at index 1 …` within ours, `Variant at index 1 …` in theirs).
    if mismatch
        .message()
        .to_lowercase()
        .contains(&error.to_lowercase())
    {
        return true;
    }
    let reported = format!(
        "{}\u{1}{}\u{1}{}\u{1}{}",
        mismatch.message(),
        shown(mismatch.expected.as_ref()),
        shown(mismatch.actual.as_ref()),
        mismatch.path
    );
    let values = named_values(error);
    !values.is_empty() && values.iter().all(|value| appears(value, &reported))
}

/// Finds the mismatch of kind `kind` (at `path`, when given) that `error` describes.
///
/// # Errors
/// When there is none, listing what there is.
pub fn find(found: &[Mismatch], kind: &str, path: Option<&str>, error: &str) -> Result<(), String> {
    let hit = found.iter().any(|m| {
        kind_name(m.kind) == kind
            && path.is_none_or(|p| same_place(&m.path, p))
            && describes(m, error)
    });
    if hit {
        return Ok(());
    }
    let listed: Vec<String> = found
        .iter()
        .map(|m| format!("  {} {:?}: {}", kind_name(m.kind), m.path, m.message()))
        .collect();
    Err(format!(
        "no {kind} mismatch{} says {error:?}; the mismatches are:\n{}",
        path.map(|p| format!(" at {p}")).unwrap_or_default(),
        listed.join("\n")
    ))
}

/// A mismatch's value as text: strings as they are, anything else as JSON, absent empty.
fn shown(value: Option<&serde_json::Value>) -> String {
    match value {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// True when our path `ours` names the place the suite's path `theirs` names. They are
/// compared as parsed paths, an index step standing for the key of the same digits: the
/// official implementation writes the key `100` as `$[100]`, which JSONPath reads as an
/// array index; ours writes it `$['100']` (RFC 9535: a dotted name cannot start with a
/// digit). The same key at the same place is the same place.
pub fn same_place(ours: &str, theirs: &str) -> bool {
    fn steps(path: &str) -> Option<Vec<PathToken>> {
        let parsed: DocPath = path.parse().ok()?;
        Some(
            parsed
                .tokens()
                .iter()
                .map(|token| match token {
                    PathToken::Index(index) => PathToken::Field(index.to_string()),
                    other => other.clone(),
                })
                .collect(),
        )
    }
    ours == theirs || steps(ours).is_some_and(|o| steps(theirs).is_some_and(|t| o == t))
}

/// True when `value` appears in `text`, a `\s*` in it standing for any spacing.
fn appears(value: &str, text: &str) -> bool {
    if !value.contains("\\s*") {
        return text.contains(value);
    }
    let pattern = value
        .split("\\s*")
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s*");
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(text))
}
