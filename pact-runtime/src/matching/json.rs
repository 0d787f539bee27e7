//! The walk over a JSON body: objects key by key, arrays index by index (or, under a type
//! rule, every element against the first example), leaves by their rules or by equality.

use serde_json::{Map, Value};

use crate::model::{DocPath, MatchingRule, RuleList};

use super::rules::Rules;
use super::values::{Source, apply_list, json_equal, list_is_type_like, render};
use super::{Mismatch, MismatchKind};

/// What to do with object keys the expectation does not mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnexpectedKeys {
    /// Requests: the consumer said exactly what it sends.
    Reject,
    /// Responses and messages: a consumer ignores what it does not read (Postel's law).
    Allow,
}

/// Compares two JSON documents under `rules`; `what` names the document in messages
/// ("request body").
pub(crate) fn match_json(
    expected: &Value,
    actual: &Value,
    rules: Rules<'_>,
    unexpected_keys: UnexpectedKeys,
    what: &'static str,
) -> Vec<Mismatch> {
    let mut walk = Walk {
        rules,
        unexpected_keys,
        what,
        mismatches: Vec::new(),
    };
    walk.node(expected, actual, &DocPath::root(), None);
    walk.mismatches
}

struct Walk<'a> {
    rules: Rules<'a>,
    unexpected_keys: UnexpectedKeys,
    what: &'static str,
    mismatches: Vec<Mismatch>,
}

impl<'a> Walk<'a> {
    fn node(
        &mut self,
        expected: &Value,
        actual: &Value,
        path: &DocPath,
        inherited: Option<&'a RuleList>,
    ) {
        let in_force = self.rules.in_force(path, inherited);
        let both_containers = matches!(
            (expected, actual),
            (Value::Object(_), Value::Object(_)) | (Value::Array(_), Value::Array(_))
        );
        // `equality` on a container means the default structural comparison, which keeps
        // the request/response rule for unexpected keys.
        let active = in_force.active.filter(|list| {
            !(both_containers && list.rules.iter().all(|r| *r == MatchingRule::Equality))
        });
        let Some(list) = active else {
            match (expected, actual) {
                (Value::Object(e), Value::Object(a)) => self.objects(e, a, path, None),
                (Value::Array(e), Value::Array(a)) => self.arrays(e, a, path, None),
                _ if json_equal(expected, actual) => {}
                _ => {
                    let description =
                        format!("expected {}, found {}", render(expected), render(actual));
                    self.push(path, Some(expected), Some(actual), description);
                }
            }
            return;
        };
        if let Err(description) = apply_list(list, expected, actual, Source::Body) {
            self.push(path, Some(expected), Some(actual), description);
            return;
        }
        let cascade = in_force.cascade;
        match (expected, actual) {
            (Value::Array(e), Value::Array(a)) if list_is_type_like(list) => {
                self.each_like(e, a, path, cascade);
            }
            (Value::Object(e), Value::Object(a)) if list.rules.contains(&MatchingRule::Values) => {
                self.values(e, a, path, cascade);
            }
            (Value::Object(e), Value::Object(a)) => self.objects(e, a, path, cascade),
            (Value::Array(e), Value::Array(a)) => self.arrays(e, a, path, cascade),
            // A leaf: the rules have judged it.
            _ => {}
        }
    }

    fn objects(
        &mut self,
        expected: &Map<String, Value>,
        actual: &Map<String, Value>,
        path: &DocPath,
        cascade: Option<&'a RuleList>,
    ) {
        for (key, expected_value) in expected {
            let child = path.join_field(key.as_str());
            match actual.get(key) {
                Some(actual_value) => self.node(expected_value, actual_value, &child, cascade),
                None => {
                    let description = format!(
                        "missing key \"{key}\" (expected {})",
                        render(expected_value)
                    );
                    self.push(&child, Some(expected_value), None, description);
                }
            }
        }
        if self.unexpected_keys == UnexpectedKeys::Reject {
            for (key, actual_value) in actual {
                if !expected.contains_key(key) {
                    self.mismatches.push(Mismatch {
                        kind: MismatchKind::Body,
                        path: path.to_string(),
                        expected: String::new(),
                        actual: render(actual_value),
                        message: format!("unexpected key \"{key}\" in {} at {path}", self.what),
                    });
                }
            }
        }
    }

    /// Arrays without a type rule: same length, element by element.
    fn arrays(
        &mut self,
        expected: &[Value],
        actual: &[Value],
        path: &DocPath,
        cascade: Option<&'a RuleList>,
    ) {
        let (want, got) = (expected.len(), actual.len());
        for index in 0..want.max(got) {
            let child = path.join_index(index);
            match (expected.get(index), actual.get(index)) {
                (Some(e), Some(a)) => self.node(e, a, &child, cascade),
                (Some(e), None) => {
                    let description = format!(
                        "missing array element {} (expected {want} {}, found {got})",
                        render(e),
                        items(want)
                    );
                    self.push(&child, Some(e), None, description);
                }
                (None, Some(a)) => {
                    let description = format!(
                        "unexpected array element {} (expected {want} {}, found {got})",
                        render(a),
                        items(want)
                    );
                    self.push(&child, None, Some(a), description);
                }
                (None, None) => {}
            }
        }
    }

    /// Arrays under a type rule: every actual element is checked against the first
    /// expected element (the example); the length was checked by the rule.
    fn each_like(
        &mut self,
        expected: &[Value],
        actual: &[Value],
        path: &DocPath,
        cascade: Option<&'a RuleList>,
    ) {
        let Some(example) = expected.first() else {
            return;
        };
        for (index, actual_value) in actual.iter().enumerate() {
            self.node(example, actual_value, &path.join_index(index), cascade);
        }
    }

    /// Objects under a `values` rule: keys are free, each value is checked against the
    /// expected value of the same key, or the first expected value.
    fn values(
        &mut self,
        expected: &Map<String, Value>,
        actual: &Map<String, Value>,
        path: &DocPath,
        cascade: Option<&'a RuleList>,
    ) {
        for (key, actual_value) in actual {
            if let Some(example) = expected.get(key).or_else(|| expected.values().next()) {
                self.node(
                    example,
                    actual_value,
                    &path.join_field(key.as_str()),
                    cascade,
                );
            }
        }
    }

    /// Records a mismatch; a side that does not exist (a missing key) renders empty.
    fn push(
        &mut self,
        path: &DocPath,
        expected: Option<&Value>,
        actual: Option<&Value>,
        description: String,
    ) {
        self.mismatches.push(Mismatch {
            kind: MismatchKind::Body,
            path: path.to_string(),
            expected: expected.map(render).unwrap_or_default(),
            actual: actual.map(render).unwrap_or_default(),
            message: format!("{path}: {description}"),
        });
    }
}

fn items(n: usize) -> &'static str {
    if n == 1 { "item" } else { "items" }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
