//! Rule paths that split a dotted key.
//!
//! A key that contains a dot, like OData's `@odata.context`, must be written in bracket
//! notation in a rule path (`$['@odata.context']`). Written in dotted form
//! (`$.@odata.context`) the path names two nested keys that do not exist, the rule can
//! never apply, and the value is silently compared by equality (field case FC-05). When the
//! dotted segments of a rule path spell a key of the expected body, the rule is reported as
//! a mismatch naming the bracket form. Other rule paths that reach nothing are left alone:
//! the specification's own cases carry such rules and expect a match.

use serde_json::{Map, Value};

use super::rules::Rules;
use super::{Mismatch, MismatchKind};
use crate::model::{DocPath, PathToken};

/// One mismatch for each body rule path whose dotted segments spell a key of `expected`.
pub(crate) fn split_key_rules(expected: &Value, rules: Rules<'_>, what: &str) -> Vec<Mismatch> {
    rules
        .paths()
        .filter_map(|path| {
            split_key(expected, &path.tokens()[1..]).map(|key| mismatch(path, &key, what))
        })
        .collect()
}

/// Follows `tokens` through `node`; where a field is missing, returns the key of that object
/// that the field and the fields after it spell when joined with dots.
fn split_key(node: &Value, tokens: &[PathToken]) -> Option<String> {
    let (token, rest) = tokens.split_first()?;
    match (token, node) {
        (PathToken::Field(name), Value::Object(map)) => match map.get(name) {
            Some(child) => split_key(child, rest),
            None => dotted_key(map, name, rest),
        },
        (PathToken::StarField, Value::Object(map)) => {
            map.values().find_map(|child| split_key(child, rest))
        }
        (PathToken::StarField | PathToken::StarIndex, Value::Array(items)) => {
            items.iter().find_map(|child| split_key(child, rest))
        }
        (PathToken::Index(index), Value::Array(items)) => {
            items.get(*index).and_then(|child| split_key(child, rest))
        }
        _ => None,
    }
}

fn dotted_key(map: &Map<String, Value>, first: &str, rest: &[PathToken]) -> Option<String> {
    let mut key = first.to_owned();
    for token in rest {
        let PathToken::Field(name) = token else {
            return None;
        };
        key.push('.');
        key.push_str(name);
        if map.contains_key(&key) {
            return Some(key);
        }
    }
    None
}

fn mismatch(path: &DocPath, key: &str, what: &str) -> Mismatch {
    Mismatch {
        kind: MismatchKind::Body,
        path: path.to_string(),
        expected: format!("$['{key}']"),
        actual: String::new(),
        message: format!(
            "the matching rule at {path} never applies: the expected {what} has the key \"{key}\", which a rule path must write in bracket notation, e.g. $['{key}']"
        ),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::{Category, MatchingRule, MatchingRules, RuleList};

    fn split(body: &Value, paths: &[&str]) -> Vec<Mismatch> {
        let mut rules = MatchingRules::new();
        for path in paths {
            rules.set(
                Category::Body,
                path.parse().expect("valid path"),
                RuleList::one(MatchingRule::Type),
            );
        }
        split_key_rules(
            body,
            Rules::new(rules.category(Category::Body)),
            "response body",
        )
    }

    #[test]
    fn a_dotted_key_written_without_brackets_is_reported_with_the_bracket_form() {
        let body = json!({"@odata.context": "http://host-a/$metadata#E", "x": 1});
        let found = split(&body, &["$.@odata.context"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "$.@odata.context");
        assert!(
            found[0].message.contains("e.g. $['@odata.context']"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn the_bracket_form_and_nested_dotted_keys_under_wildcards_are_found() {
        let body = json!({"items": [{"a.b": 1}]});
        assert!(split(&body, &["$.items[*]['a.b']"]).is_empty());
        assert_eq!(split(&body, &["$.items[*].a.b"]).len(), 1);
    }

    #[test]
    fn other_rules_that_reach_nothing_are_left_alone() {
        // As in the specification case `matches with floats`: a rule for `$.product.price`
        // on an array body is harmless.
        let body = json!([{"product": {"price": 500.55}}]);
        assert!(
            split(
                &body,
                &["$.product.price", "$.missing", "$[0].product.price"]
            )
            .is_empty()
        );
    }
}
