//! Headers: names case-insensitive, extra actual headers allowed.
//!
//! Values are compared whole unless the header is known to be a comma-separated list (an
//! allowlist, field cases FC-01 and FC-02): splitting every header on commas breaks custom
//! headers that carry JSON or prose. List elements compare in order, whitespace around the
//! commas ignored, and a list may arrive as one line or as repeated header lines; an
//! element's weight (`;q=0.9`) counts only when the expectation states one.
//! `Content-Type` compares as a media type: essence case-insensitively, parameters in any
//! order, and the actual value may carry parameters the expectation does not mention.

use serde_json::Value;

use crate::model::{Category, Headers, MatchingRules};

use super::mismatch::text;
use super::values::{Source, apply_list};
use super::{Mismatch, MismatchKind, Reason};

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
            mismatches.push(
                Mismatch::new(MismatchKind::Header, name.clone(), Reason::Missing)
                    .expected(text(expected_text.clone())),
            );
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
                .map_err(|failure| {
                    Mismatch::described(MismatchKind::Header, name.clone(), failure.description)
                        .rule(failure.rule)
                }),
            Some(list) => apply_list(
                list,
                &Value::String(expected_text.clone()),
                &Value::String(actual_text.clone()),
                Source::Text,
            )
            .map_err(|failure| {
                Mismatch::described(MismatchKind::Header, name.clone(), failure.description)
                    .rule(failure.rule)
            }),
            None if compare_values(name, &expected_text, &actual_values) => Ok(()),
            None => Err(Mismatch::new(
                MismatchKind::Header,
                name.clone(),
                Reason::NotEqual,
            )),
        };
        if let Err(mismatch) = outcome {
            mismatches.push(
                mismatch
                    .expected(text(expected_text))
                    .actual(text(actual_text)),
            );
        }
    }
    mismatches
}

fn join<'v>(values: impl Iterator<Item = &'v str>) -> String {
    values.map(str::trim).collect::<Vec<_>>().join(", ")
}

/// True when the actual values equal the expected text (by media type for
/// `Content-Type`, element by element for list headers).
fn compare_values(name: &str, expected: &str, actual_values: &[&str]) -> bool {
    let actual = join(actual_values.iter().copied());
    let lower = name.to_ascii_lowercase();
    if lower == "content-type" {
        media_types_match(expected, &actual)
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

/// The weight parameter of a list element (`application/xml;q=0.9`, `gzip;q=0.5`): the
/// client's preference among the elements (RFC 9110 §12.4.2, "quality values"), not part
/// of what the element names.
const WEIGHT: &str = "q";

/// List elements compare by their token (a media type's essence case-insensitively, any
/// other token as text) and their parameters in any order. An actual weight the
/// expectation does not state is ignored (a browser's `*/*;q=0.8` still accepts `*/*`);
/// a stated weight must be the same.
fn list_items_match(expected: &str, actual: &str) -> bool {
    let (expected_token, expected_params) = parse_element(expected);
    let (actual_token, mut actual_params) = parse_element(actual);
    if !expected_params.iter().any(|(name, _)| name == WEIGHT) {
        actual_params.retain(|(name, _)| name != WEIGHT);
    }
    let same_token = if expected_token.contains('/') && actual_token.contains('/') {
        expected_token.eq_ignore_ascii_case(actual_token)
    } else {
        expected_token == actual_token
    };
    same_token
        && expected_params.len() == actual_params.len()
        && expected_params.iter().all(|(name, value)| {
            actual_params.iter().any(|(actual_name, actual_value)| {
                actual_name == name
                    && if name == "charset" {
                        actual_value.eq_ignore_ascii_case(value)
                    } else {
                        actual_value == value
                    }
            })
        })
}

/// `gzip;q=0.5;level` → (`gzip`, [(q, 0.5), (level, "")]): the token as written,
/// parameter names lower-cased, values unquoted; a parameter without `=` keeps an empty
/// value, so it still takes part in the comparison.
fn parse_element(value: &str) -> (&str, Vec<(String, String)>) {
    let mut parts = split_outside_quotes(value, ';').into_iter();
    let token = parts.next().unwrap_or_default().trim();
    let params = parts
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            (name.trim().to_ascii_lowercase(), value.to_owned())
        })
        .collect();
    (token, params)
}

/// `Content-Type`: essence case-insensitively, the expected parameters in any order, and
/// the actual value may add parameters (`; charset=UTF-8`).
fn media_types_match(expected: &str, actual: &str) -> bool {
    let (expected_essence, expected_params) = parse_media_type(expected);
    let (actual_essence, actual_params) = parse_media_type(actual);
    if expected_essence != actual_essence {
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
