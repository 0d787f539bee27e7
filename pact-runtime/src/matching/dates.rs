//! The `date`, `time` and `timestamp` matchers: a value read against a Java date pattern
//! (the pattern engine, shared with the generators, is `crate::java_dates`), and the
//! sentence when it does not read.

use serde_json::Value;

pub(crate) use crate::java_dates::DateKind;
use crate::java_dates::{default_format, read, translate};

use super::value_text::render;

/// Applies a `date` / `time` / `timestamp` rule: `Err` holds the description.
pub(crate) fn match_date_time(
    kind: DateKind,
    format: Option<&str>,
    actual: &Value,
) -> Result<(), String> {
    let (alternatives, shown) = match format {
        Some(pattern) => match translate(pattern) {
            Ok(alternatives) => (alternatives, format!("the format \"{pattern}\"")),
            Err(error) => return Err(format!("invalid date format \"{pattern}\": {error}")),
        },
        None => (default_format(kind), "ISO 8601 form".to_owned()),
    };
    let noun = kind.noun();
    let Value::String(text) = actual else {
        return Err(format!(
            "expected a {noun} in {shown}, found {}",
            render(actual)
        ));
    };
    let mut best: Option<(usize, String)> = None;
    for tokens in &alternatives {
        match read(tokens, text) {
            Ok(()) => return Ok(()),
            Err((at, reason)) => {
                if best.as_ref().is_none_or(|(b, _)| at > *b) {
                    best = Some((at, reason));
                }
            }
        }
    }
    let reason = best.map(|(_, r)| r).unwrap_or_default();
    Err(format!(
        "expected a {noun} in {shown}, found {}: {reason}",
        render(actual)
    ))
}

#[cfg(test)]
#[path = "dates_tests.rs"]
mod tests;
