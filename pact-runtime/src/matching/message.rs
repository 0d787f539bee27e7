//! Message contents and metadata.

use crate::model::{Category, MessageContents};

use super::body::match_body;
use super::json::UnexpectedKeys;
use super::rules::Rules;
use super::values::{Source, apply_list, json_equal, render};
use super::{Mismatch, MismatchKind};

/// The rules of a message's contents: the `content` category, or `body` as V3 message
/// pacts write them.
pub(super) fn content_rules(expected: &MessageContents) -> Rules<'_> {
    let rules = &expected.matching_rules;
    Rules::new(
        rules
            .category(Category::Content)
            .or_else(|| rules.category(Category::Body)),
    )
}

pub(crate) fn match_message(expected: &MessageContents, actual: &MessageContents) -> Vec<Mismatch> {
    let rules = &expected.matching_rules;
    let mut mismatches = match_body(
        &expected.contents,
        &actual.contents,
        content_rules(expected),
        UnexpectedKeys::Allow,
        "message",
    );
    for (key, expected_value) in &expected.metadata {
        let Some(actual_value) = actual.metadata.get(key) else {
            mismatches.push(Mismatch {
                kind: MismatchKind::Metadata,
                path: key.clone(),
                expected: render(expected_value),
                actual: String::new(),
                message: format!(
                    "expected metadata '{key}' with {} but it was missing",
                    render(expected_value)
                ),
            });
            continue;
        };
        let outcome = match rules.for_name(Category::Metadata, key) {
            Some(list) => apply_list(list, expected_value, actual_value, Source::Text)
                .map_err(|description| format!("metadata '{key}': {description}")),
            None if json_equal(expected_value, actual_value) => Ok(()),
            None => Err(format!(
                "expected metadata '{key}' to be {} but was {}",
                render(expected_value),
                render(actual_value)
            )),
        };
        if let Err(message) = outcome {
            mismatches.push(Mismatch {
                kind: MismatchKind::Metadata,
                path: key.clone(),
                expected: render(expected_value),
                actual: render(actual_value),
                message,
            });
        }
    }
    mismatches
}
