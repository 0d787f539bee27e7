//! Headers: names case-insensitive, extra actual headers allowed.
//!
//! Values are compared whole unless the header is known to be a comma-separated list (an
//! allowlist, field cases FC-01 and FC-02): splitting every header on commas breaks custom
//! headers that carry JSON or prose. List elements compare in order, whitespace around the
//! commas ignored, and a list may arrive as one line or as repeated header lines.
//! `Content-Type` compares as a media type: essence case-insensitively, parameters in any
//! order, and the actual value may carry parameters the expectation does not mention.

use serde_json::Value;

use crate::model::{Category, Headers, MatchingRules};

use super::values::{Source, apply_list};
use super::{Mismatch, MismatchKind};

/// Compares the expected headers with the actual ones.
pub(crate) fn match_headers(
    expected: &Headers,
    actual: &Headers,
    rules: &MatchingRules,
) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    for (name, expected_values) in expected {
        let actual_values: Vec<&str> = actual
            .iter()
            .filter(|(actual_name, _)| actual_name.eq_ignore_ascii_case(name))
            .flat_map(|(_, values)| values.iter().map(String::as_str))
            .collect();
        let expected_text = join(expected_values.iter().map(String::as_str));
        if actual_values.is_empty() {
            mismatches.push(Mismatch {
                kind: MismatchKind::Header,
                path: name.clone(),
                expected: expected_text.clone(),
                actual: String::new(),
                message: format!(
                    "expected header '{name}' with value '{expected_text}' but it was missing"
                ),
            });
            continue;
        }
        let actual_text = join(actual_values.iter().copied());
        let outcome = match rules.for_name(Category::Header, name) {
            // A header sent several times: the rule applies to each value (as it does to
            // each value of a repeated query parameter), against the example at the same
            // position or the first.
            Some(list) if actual_values.len() > 1 => actual_values
                .iter()
                .enumerate()
                .try_for_each(|(index, value)| {
                    let example = expected_values
                        .get(index)
                        .or_else(|| expected_values.first())
                        .map_or("", String::as_str);
                    apply_list(
                        list,
                        &Value::String(example.trim().to_owned()),
                        &Value::String(value.trim().to_owned()),
                        Source::Text,
                    )
                })
                .map_err(|description| format!("header '{name}': {description}")),
            Some(list) => apply_list(
                list,
                &Value::String(expected_text.clone()),
                &Value::String(actual_text.clone()),
                Source::Text,
            )
            .map_err(|description| format!("header '{name}': {description}")),
            None => compare_values(name, &expected_text, &actual_values),
        };
        if let Err(message) = outcome {
            mismatches.push(Mismatch {
                kind: MismatchKind::Header,
                path: name.clone(),
                expected: expected_text,
                actual: actual_text,
                message,
            });
        }
    }
    mismatches
}

fn join<'v>(values: impl Iterator<Item = &'v str>) -> String {
    values.map(str::trim).collect::<Vec<_>>().join(", ")
}

fn compare_values(name: &str, expected: &str, actual_values: &[&str]) -> Result<(), String> {
    let actual = join(actual_values.iter().copied());
    let lower = name.to_ascii_lowercase();
    let equal = if lower == "content-type" {
        media_types_match(expected, &actual, Params::ActualMayAddParams)
    } else if is_list_header(&lower) {
        let expected_items = split_list(expected);
        let actual_items: Vec<&str> = actual_values.iter().flat_map(|v| split_list(v)).collect();
        expected_items.len() == actual_items.len()
            && expected_items
                .iter()
                .zip(&actual_items)
                .all(|(e, a)| list_items_match(e, a))
    } else {
        expected == actual
    };
    if equal {
        Ok(())
    } else {
        Err(format!(
            "expected header '{name}' to be '{expected}' but was '{actual}'"
        ))
    }
}

/// Headers whose values are comma-separated lists (RFC 9110 and CORS). Anything not named
/// here is compared whole.
fn is_list_header(lower_name: &str) -> bool {
    const LISTS: &[&str] = &[
        "accept",
        "access-control-allow-headers",
        "access-control-allow-methods",
        "access-control-expose-headers",
        "access-control-request-headers",
        "allow",
        "cache-control",
        "connection",
        "content-encoding",
        "content-language",
        "expect",
        "forwarded",
        "if-match",
        "if-none-match",
        "pragma",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "vary",
        "via",
        "warning",
        "x-forwarded-for",
    ];
    LISTS.contains(&lower_name) || lower_name.starts_with("accept-")
}

/// Splits on commas outside double quotes, trimming each element.
fn split_list(value: &str) -> Vec<&str> {
    split_outside_quotes(value, ',')
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect()
}

/// List elements that are media types (`Accept: application/json;charset=utf-8`) compare
/// as media types with the same parameters; other elements compare as text.
fn list_items_match(expected: &str, actual: &str) -> bool {
    if expected.contains('/') && actual.contains('/') {
        media_types_match(expected, actual, Params::SameParams)
    } else {
        expected == actual
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Params {
    /// `Content-Type`: the actual value may add parameters (`; charset=UTF-8`).
    ActualMayAddParams,
    /// List elements: the same parameters on both sides, in any order.
    SameParams,
}

fn media_types_match(expected: &str, actual: &str, params: Params) -> bool {
    let (expected_essence, expected_params) = parse_media_type(expected);
    let (actual_essence, actual_params) = parse_media_type(actual);
    if expected_essence != actual_essence {
        return false;
    }
    if params == Params::SameParams && expected_params.len() != actual_params.len() {
        return false;
    }
    // A multipart boundary is framing each client picks for itself (field case FC-08).
    let multipart = expected_essence.starts_with("multipart/");
    expected_params.iter().all(|(name, value)| {
        (multipart && name == "boundary")
            || actual_params.iter().any(|(actual_name, actual_value)| {
                actual_name == name
                    && if name == "charset" {
                        actual_value.eq_ignore_ascii_case(value)
                    } else {
                        actual_value == value
                    }
            })
    })
}

/// `Text/x-Okie; charset=iso-8859-1; declaration="<x>"` → (`text/x-okie`, [(charset,
/// iso-8859-1), (declaration, <x>)]): names lower-cased, values unquoted.
fn parse_media_type(value: &str) -> (String, Vec<(String, String)>) {
    let mut parts = split_outside_quotes(value, ';').into_iter();
    let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let params = parts
        .filter_map(|part| {
            let (name, value) = part.split_once('=')?;
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            Some((name.trim().to_ascii_lowercase(), value.to_owned()))
        })
        .collect();
    (essence, params)
}

fn split_outside_quotes(value: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_quotes = false;
    let mut start = 0;
    for (index, c) in value.char_indices() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == separator && !in_quotes {
            parts.push(&value[start..index]);
            start = index + c.len_utf8();
        }
    }
    parts.push(&value[start..]);
    parts
}

#[cfg(test)]
#[path = "headers_tests.rs"]
mod tests;
