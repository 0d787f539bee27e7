//! What the V4 collection rules (`arrayContains`, `eachKey`, `eachValue`) need to know
//! about containers, shared by the walk over a body (`collections`) and the one-level
//! check of a value outside a walk (`values`): a container's children, an `arrayContains`
//! variant's example, and the sentences for a container of the wrong kind.

use serde_json::Value;

use crate::model::{ArrayContainsVariant, MatchingRule};

use super::value_text::{kind_name, render};

pub(crate) fn children(value: &Value) -> Box<dyn Iterator<Item = &Value> + '_> {
    match value {
        Value::Object(map) => Box::new(map.values()),
        Value::Array(items) => Box::new(items.iter()),
        _ => Box::new(std::iter::empty()),
    }
}

pub(crate) fn example_at(expected: &Value, index: usize) -> Option<&Value> {
    expected.as_array()?.get(index)
}

pub(crate) fn missing_example(variant: &ArrayContainsVariant, expected: &Value) -> String {
    let len = expected.as_array().map_or(0, Vec::len);
    format!(
        "arrayContains variant refers to index {}, but the expected array has {len} element(s)",
        variant.index
    )
}

pub(crate) fn not_found(index: usize, example: &Value) -> String {
    format!(
        "variant at index {index} ({}) was not found in the actual list",
        render(example)
    )
}

/// False when the expectation is an object and the actual value an array, or the other
/// way round (anything else is left to the rules).
pub(crate) fn same_container(expected: &Value, actual: &Value) -> bool {
    !matches!(
        (expected, actual),
        (Value::Object(_), Value::Array(_)) | (Value::Array(_), Value::Object(_))
    )
}

pub(crate) fn wrong_container(rule: &MatchingRule, actual: &Value) -> String {
    wrong_container_for(rule, &Value::Null, actual)
}

/// The message for `actual` under `rule`, naming the container `expected` is when that
/// decides (an `eachValue` on an object).
pub(crate) fn wrong_container_for(rule: &MatchingRule, expected: &Value, actual: &Value) -> String {
    let (name, wanted) = match (rule, expected) {
        (MatchingRule::ArrayContains(_), _) => ("arrayContains", "an array"),
        (MatchingRule::EachKey(_), _) => ("eachKey", "an object"),
        (_, Value::Object(_)) => ("eachValue", "an object"),
        (_, Value::Array(_)) => ("eachValue", "an array"),
        _ => ("eachValue", "an object or an array"),
    };
    if actual.is_null() {
        format!("expected {wanted} ({name}), found null")
    } else {
        format!(
            "expected {wanted} ({name}), found {} {}",
            kind_name(actual),
            render(actual)
        )
    }
}
