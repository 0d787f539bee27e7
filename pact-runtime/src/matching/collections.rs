//! The V4 collection matchers, which judge a whole object or array rather than one value:
//!
//! - `arrayContains`: every variant must match some element of the actual array, in any
//!   order; other elements are allowed. A variant is checked against an element with the
//!   variant's own rules, whose paths are relative to the element (`$.name`), and the
//!   variant's example is the expected array's element at the variant's `index`.
//! - `eachKey`: every key of the actual object satisfies the listed rules (read as text).
//!   The key set is free: expected keys may be missing and others may appear. An `eachKey`
//!   says nothing about values, so the example's values are never compared with the
//!   actual ones (the official core writes the example beside the rules as `"value"`, a
//!   JSON string, which is only an example): a value is judged only by rules written for
//!   its place or below it (`$.m.*`, `$.m.*.text`), by type where it has none of its own.
//! - `eachValue`: every value of the actual object (or element of an array, when the
//!   expected value is an array) satisfies the listed rules, which are in force at the
//!   value unless a rule is written for that exact path (the most specific rule wins, as
//!   everywhere). The key set is free, as for `eachKey`; each value's example (for `type`
//!   and the like) is the expected value of the same key, else the first expected value.
//!   The actual value must be the same kind of container as the expected one: an array
//!   where the pact has an object fails, as in the official verifier.
//!
//! The walk (`json`) hands a node here when its rule list holds one of these matchers;
//! the other rules of that list are applied to the node as usual and combined with AND or
//! OR like any list.

use serde_json::{Map, Value};

use crate::model::{ArrayContainsVariant, Combine, DocPath, MatchingRule, RuleList};

use super::containers::{
    example_at, missing_example, not_found, same_container, wrong_container, wrong_container_for,
};
use super::rules::{Rules, UnexpectedKeys};
use super::value_text::render;
use super::values::{Source, apply_rule};
use super::{Mismatch, MismatchKind};

/// True for the rules this module applies.
pub(crate) fn is_collection_rule(rule: &MatchingRule) -> bool {
    matches!(
        rule,
        MatchingRule::ArrayContains(_) | MatchingRule::EachKey(_) | MatchingRule::EachValue(_)
    )
}

/// True when `list` holds a rule this module applies.
pub(crate) fn has_collection_rule(list: &RuleList) -> bool {
    list.rules.iter().any(is_collection_rule)
}

/// The walk that judges a value below a collection rule, from the node at the path given
/// with the rule list inherited from above (the JSON walk, `json::match_json_at`, passes
/// itself). Taking it as a value keeps this module below the walk that calls it.
pub(crate) type Descend = fn(
    &Value,
    &Value,
    Rules<'_>,
    UnexpectedKeys,
    &'static str,
    &DocPath,
    Option<&RuleList>,
) -> Vec<Mismatch>;

/// What the calling walk knows: how to descend, its rules, and how it treats unexpected
/// keys.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub(crate) descend: Descend,
    pub(crate) rules: Rules<'a>,
    pub(crate) unexpected_keys: UnexpectedKeys,
    pub(crate) what: &'static str,
}

/// Applies `list`, which holds at least one collection rule, to the node at `path`.
pub(crate) fn match_collection(
    list: &RuleList,
    expected: &Value,
    actual: &Value,
    path: &DocPath,
    context: Context<'_>,
) -> Vec<Mismatch> {
    let mut failures = Vec::new();
    for rule in &list.rules {
        let found = match rule {
            MatchingRule::ArrayContains(variants) => {
                array_contains(variants, expected, actual, path, context)
            }
            MatchingRule::EachKey(rules) => each_key(rules, expected, actual, path, context),
            MatchingRule::EachValue(rules) => each_value(rules, expected, actual, path, context),
            other => match apply_rule(other, expected, actual, Source::Body) {
                Ok(()) => Vec::new(),
                Err(description) => vec![mismatch(path, expected, actual, description)],
            },
        };
        match list.combine {
            Combine::Or if found.is_empty() => return Vec::new(),
            Combine::And | Combine::Or => failures.extend(found),
        }
    }
    failures
}

fn array_contains(
    variants: &[ArrayContainsVariant],
    expected: &Value,
    actual: &Value,
    path: &DocPath,
    context: Context<'_>,
) -> Vec<Mismatch> {
    let Value::Array(items) = actual else {
        let rule = MatchingRule::ArrayContains(Vec::new());
        return vec![mismatch(
            path,
            expected,
            actual,
            wrong_container(&rule, actual),
        )];
    };
    let mut out = Vec::new();
    for variant in variants {
        let Some(example) = example_at(expected, variant.index) else {
            let description = missing_example(variant, expected);
            out.push(mismatch(path, expected, actual, description));
            continue;
        };
        let rules = Rules::new(Some(&variant.rules));
        // The element that came closest, for the report: (index, its mismatches).
        let mut closest: Option<(usize, Vec<Mismatch>)> = None;
        let mut found = false;
        for (index, item) in items.iter().enumerate() {
            let mismatches = (context.descend)(
                example,
                item,
                rules,
                context.unexpected_keys,
                context.what,
                &DocPath::root(),
                None,
            );
            if mismatches.is_empty() {
                found = true;
                break;
            }
            if closest
                .as_ref()
                .is_none_or(|(_, best)| mismatches.len() < best.len())
            {
                closest = Some((index, mismatches));
            }
        }
        if !found {
            let mut description = not_found(variant.index, example);
            if let Some((index, mismatches)) = closest
                && let Some(first) = mismatches.first()
            {
                description.push_str(&format!(" (closest: element [{index}], {first})"));
            }
            out.push(mismatch(path, example, actual, description));
        }
    }
    out
}

fn each_key(
    rules: &[MatchingRule],
    expected: &Value,
    actual: &Value,
    path: &DocPath,
    context: Context<'_>,
) -> Vec<Mismatch> {
    let Value::Object(map) = actual else {
        let rule = MatchingRule::EachKey(Vec::new());
        return vec![mismatch(
            path,
            expected,
            actual,
            wrong_container(&rule, actual),
        )];
    };
    let empty = Map::new();
    let expected_map = expected.as_object().unwrap_or(&empty);
    let mut out = Vec::new();
    for (key, actual_value) in map {
        let child = path.join_field(key.as_str());
        let key_value = Value::String(key.clone());
        for rule in rules {
            if let Err(description) = apply_rule(rule, &key_value, &key_value, Source::Text) {
                let description = format!("key {}: {description}", render(&key_value));
                out.push(
                    Mismatch::described(MismatchKind::Body, child.to_string(), description)
                        .actual(key_value.clone())
                        .rule(Some(rule.clone())),
                );
            }
        }
        // Values are free unless a rule is written for them; where one is, the value's
        // example gives the shape by type, never the value by equality.
        if !context.rules.at_or_below(&child) {
            continue;
        }
        let example = expected_map
            .get(key)
            .or_else(|| expected_map.values().next())
            .unwrap_or(actual_value);
        out.extend(walk_child(
            example,
            actual_value,
            &child,
            Some(&by_type()),
            context,
        ));
    }
    out
}

/// The rule list that makes a walk compare by type where no rule of its own applies.
fn by_type() -> RuleList {
    RuleList {
        rules: vec![MatchingRule::Type],
        combine: Combine::And,
    }
}

fn each_value(
    rules: &[MatchingRule],
    expected: &Value,
    actual: &Value,
    path: &DocPath,
    context: Context<'_>,
) -> Vec<Mismatch> {
    let list = RuleList {
        rules: rules.to_vec(),
        combine: Combine::And,
    };
    let inherited = (!list.is_empty()).then_some(&list);
    let mut out = Vec::new();
    match actual {
        Value::Object(_) | Value::Array(_) if !same_container(expected, actual) => {
            let rule = MatchingRule::EachValue(Vec::new());
            out.push(mismatch(
                path,
                expected,
                actual,
                wrong_container_for(&rule, expected, actual),
            ));
        }
        Value::Object(map) => {
            let empty = Map::new();
            let expected_map = expected.as_object().unwrap_or(&empty);
            for (key, actual_value) in map {
                let example = expected_map
                    .get(key)
                    .or_else(|| expected_map.values().next())
                    .unwrap_or(actual_value);
                let child = path.join_field(key.as_str());
                out.extend(walk_child(
                    example,
                    actual_value,
                    &child,
                    inherited,
                    context,
                ));
            }
        }
        Value::Array(items) => {
            let examples = expected.as_array().map(Vec::as_slice).unwrap_or_default();
            for (index, actual_value) in items.iter().enumerate() {
                let example = examples
                    .get(index)
                    .or_else(|| examples.first())
                    .unwrap_or(actual_value);
                let child = path.join_index(index);
                out.extend(walk_child(
                    example,
                    actual_value,
                    &child,
                    inherited,
                    context,
                ));
            }
        }
        _ => {
            let rule = MatchingRule::EachValue(Vec::new());
            out.push(mismatch(
                path,
                expected,
                actual,
                wrong_container(&rule, actual),
            ));
        }
    }
    out
}

/// Walks one child with the caller's rules, `inherited` in force unless it has its own.
fn walk_child(
    expected: &Value,
    actual: &Value,
    path: &DocPath,
    inherited: Option<&RuleList>,
    context: Context<'_>,
) -> Vec<Mismatch> {
    (context.descend)(
        expected,
        actual,
        context.rules,
        context.unexpected_keys,
        context.what,
        path,
        inherited,
    )
}

fn mismatch(path: &DocPath, expected: &Value, actual: &Value, description: String) -> Mismatch {
    Mismatch::described(MismatchKind::Body, path.to_string(), description)
        .expected(expected.clone())
        .actual(actual.clone())
}

#[cfg(test)]
#[path = "collections_official_tests.rs"]
mod official_tests;
#[cfg(test)]
#[path = "collections_tests.rs"]
mod tests;
