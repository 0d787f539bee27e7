//! Message contents and metadata.

use crate::model::{Category, MessageContents};

use super::body::match_body;
use super::rules::{Rules, UnexpectedKeys};
use super::values::{Source, apply_list, json_equal};
use super::{Mismatch, MismatchKind, Reason};

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
            mismatches.push(
                Mismatch::new(MismatchKind::Metadata, key.clone(), Reason::Missing)
                    .expected(expected_value.clone()),
            );
            continue;
        };
        let outcome = match rules.for_name(Category::Metadata, key) {
            Some(list) => {
                apply_list(list, expected_value, actual_value, Source::Text).map_err(|failure| {
                    Mismatch::described(MismatchKind::Metadata, key.clone(), failure.description)
                        .rule(failure.rule)
                })
            }
            None if json_equal(expected_value, actual_value) => Ok(()),
            None => Err(Mismatch::new(
                MismatchKind::Metadata,
                key.clone(),
                Reason::NotEqual,
            )),
        };
        if let Err(mismatch) = outcome {
            mismatches.push(
                mismatch
                    .expected(expected_value.clone())
                    .actual(actual_value.clone()),
            );
        }
    }
    mismatches
}
