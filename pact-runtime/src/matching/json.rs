//! The walk over a JSON body: objects key by key, arrays index by index (or, under a type
//! rule, every element against the first example), leaves by their rules or by equality.
//!
//! The walk is the hot path for large bodies, so a node costs no allocation unless it
//! produces a mismatch: the location is a stack of borrowed [`Step`]s, rendered as a
//! [`DocPath`] only for a mismatch, and rules are found with a [`Tracker`].

use serde_json::{Map, Value};

use crate::model::{DocPath, MatchingRule, PathToken, RuleList};

use super::collections;
use super::rules::{Frame, Rules, Step, Tracker, UnexpectedKeys, list_is_type_like};
#[cfg(test)]
use super::value_text::RENDER_LIMIT;
use super::value_text::render;
use super::values::{Source, apply_list, json_equal};
use super::{Mismatch, MismatchKind, Reason};

/// Compares two JSON documents under `rules`; `what` names the document in messages
/// ("request body").
pub(crate) fn match_json(
    expected: &Value,
    actual: &Value,
    rules: Rules<'_>,
    unexpected_keys: UnexpectedKeys,
    what: &'static str,
) -> Vec<Mismatch> {
    match_json_at(
        expected,
        actual,
        rules,
        unexpected_keys,
        what,
        &DocPath::root(),
        None,
    )
}

/// Like [`match_json`], for a node at `path` inside a larger document whose parent passed
/// down `inherited` (the collection matchers walk the children of the node they judge).
pub(crate) fn match_json_at(
    expected: &Value,
    actual: &Value,
    rules: Rules<'_>,
    unexpected_keys: UnexpectedKeys,
    what: &'static str,
    path: &DocPath,
    inherited: Option<&RuleList>,
) -> Vec<Mismatch> {
    let mut walk = Walk {
        rules,
        tracker: Tracker::new(rules),
        unexpected_keys,
        what,
        path: Vec::new(),
        mismatches: Vec::new(),
    };
    let mut frame = walk.tracker.root();
    for token in &path.tokens()[1..] {
        let step = match token {
            PathToken::Field(name) => Step::Field(name.as_str()),
            PathToken::Index(index) => Step::Index(*index),
            // A concrete location holds no wildcard; one here could match nothing.
            PathToken::Root | PathToken::StarField | PathToken::StarIndex => continue,
        };
        frame = walk.tracker.enter(frame, step);
        walk.path.push(step);
    }
    walk.node(expected, actual, frame, inherited);
    walk.mismatches
}

/// `'r`: the rules; `'v`: the documents (the path borrows their keys).
struct Walk<'r, 'v> {
    rules: Rules<'r>,
    tracker: Tracker<'r>,
    unexpected_keys: UnexpectedKeys,
    what: &'static str,
    /// The steps from the root to the current node.
    path: Vec<Step<'v>>,
    mismatches: Vec<Mismatch>,
}

impl<'r, 'v> Walk<'r, 'v> {
    fn node(
        &mut self,
        expected: &'v Value,
        actual: &'v Value,
        frame: Frame,
        inherited: Option<&'r RuleList>,
    ) {
        let in_force = self.tracker.in_force(frame, inherited);
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
                (Value::Object(e), Value::Object(a)) => self.objects(e, a, frame, None),
                (Value::Array(e), Value::Array(a)) => self.arrays(e, a, frame, None),
                _ if json_equal(expected, actual) => {}
                _ => self.push(Some(expected), Some(actual), Reason::NotEqual, None),
            }
            return;
        };
        if collections::has_collection_rule(list) {
            let context = collections::Context {
                descend: match_json_at,
                rules: self.rules,
                unexpected_keys: self.unexpected_keys,
                what: self.what,
            };
            let path = self.location();
            let found = collections::match_collection(list, expected, actual, &path, context);
            self.mismatches.extend(found);
            return;
        }
        if let Err(failure) = apply_list(list, expected, actual, Source::Body) {
            let reason = Reason::Described {
                description: failure.description,
            };
            self.push(Some(expected), Some(actual), reason, failure.rule);
            return;
        }
        let cascade = in_force.cascade;
        match (expected, actual) {
            (Value::Array(e), Value::Array(a)) if list_is_type_like(list) => {
                self.each_like(e, a, frame, cascade);
            }
            (Value::Object(e), Value::Object(a)) if list.rules.contains(&MatchingRule::Values) => {
                self.values(e, a, frame, cascade);
            }
            (Value::Object(e), Value::Object(a)) => self.objects(e, a, frame, cascade),
            (Value::Array(e), Value::Array(a)) => self.arrays(e, a, frame, cascade),
            // A leaf: the rules have judged it.
            _ => {}
        }
    }

    /// Runs `visit` one step below the current node, with the path and rules moved there.
    fn child(&mut self, frame: Frame, step: Step<'v>, visit: impl FnOnce(&mut Self, Frame)) {
        let child = self.tracker.enter(frame, step);
        self.path.push(step);
        visit(self, child);
        self.path.pop();
        self.tracker.leave(child);
    }

    fn objects(
        &mut self,
        expected: &'v Map<String, Value>,
        actual: &'v Map<String, Value>,
        frame: Frame,
        cascade: Option<&'r RuleList>,
    ) {
        let mut found = 0;
        for (key, expected_value) in expected {
            self.child(frame, Step::Field(key), |walk, child| {
                match actual.get(key) {
                    Some(actual_value) => {
                        found += 1;
                        walk.node(expected_value, actual_value, child, cascade);
                    }
                    None => {
                        let reason = Reason::MissingKeys {
                            key: key.clone(),
                            expected_keys: expected.keys().cloned().collect(),
                            actual_keys: actual.keys().cloned().collect(),
                        };
                        walk.push(Some(expected_value), None, reason, None);
                    }
                }
            });
        }
        // Keys are unique, so when every actual key was found among the expected ones
        // there is nothing unexpected, and the second pass of lookups can be skipped.
        if self.unexpected_keys == UnexpectedKeys::Reject && found < actual.len() {
            for (key, actual_value) in actual {
                if !expected.contains_key(key) {
                    // At the key itself, so the report and the body diff point at it.
                    let path = self.location().join_field(key.as_str());
                    let reason = Reason::Unexpected {
                        within: self.what.to_owned(),
                    };
                    self.mismatches.push(
                        Mismatch::new(MismatchKind::Body, path.to_string(), reason)
                            .actual(actual_value.clone()),
                    );
                }
            }
        }
    }

    /// Arrays without a type rule: same length, element by element.
    fn arrays(
        &mut self,
        expected: &'v [Value],
        actual: &'v [Value],
        frame: Frame,
        cascade: Option<&'r RuleList>,
    ) {
        let (want, got) = (expected.len(), actual.len());
        for index in 0..want.max(got) {
            self.child(frame, Step::Index(index), |walk, child| {
                match (expected.get(index), actual.get(index)) {
                    (Some(e), Some(a)) => walk.node(e, a, child, cascade),
                    (Some(e), None) => {
                        let description = format!(
                            "missing array element {} (expected {want} {}, found {got})",
                            render(e),
                            items(want)
                        );
                        walk.push(Some(e), None, Reason::Described { description }, None);
                    }
                    (None, Some(a)) => {
                        let description = format!(
                            "unexpected array element {} (expected {want} {}, found {got})",
                            render(a),
                            items(want)
                        );
                        walk.push(None, Some(a), Reason::Described { description }, None);
                    }
                    (None, None) => {}
                }
            });
        }
    }

    /// Arrays under a type rule: every actual element is checked against the first
    /// expected element (the example); the length was checked by the rule.
    fn each_like(
        &mut self,
        expected: &'v [Value],
        actual: &'v [Value],
        frame: Frame,
        cascade: Option<&'r RuleList>,
    ) {
        let Some(example) = expected.first() else {
            return;
        };
        for (index, actual_value) in actual.iter().enumerate() {
            self.child(frame, Step::Index(index), |walk, child| {
                walk.node(example, actual_value, child, cascade);
            });
        }
    }

    /// Objects under a `values` rule: keys are free, each value is checked against the
    /// expected value of the same key, or the first expected value.
    fn values(
        &mut self,
        expected: &'v Map<String, Value>,
        actual: &'v Map<String, Value>,
        frame: Frame,
        cascade: Option<&'r RuleList>,
    ) {
        for (key, actual_value) in actual {
            if let Some(example) = expected.get(key).or_else(|| expected.values().next()) {
                self.child(frame, Step::Field(key), |walk, child| {
                    walk.node(example, actual_value, child, cascade);
                });
            }
        }
    }

    /// The current location as a document path (built only for a mismatch).
    fn location(&self) -> DocPath {
        self.path
            .iter()
            .fold(DocPath::root(), |path, step| match *step {
                Step::Field(key) => path.join_field(key),
                Step::Index(index) => path.join_index(index),
            })
    }

    /// Records a mismatch at the current node; a side that does not exist (a missing key)
    /// renders empty.
    fn push(
        &mut self,
        expected: Option<&Value>,
        actual: Option<&Value>,
        reason: Reason,
        rule: Option<MatchingRule>,
    ) {
        let path = self.location();
        self.mismatches.push(
            Mismatch::new(MismatchKind::Body, path.to_string(), reason)
                .expected(expected.cloned())
                .actual(actual.cloned())
                .rule(rule),
        );
    }
}

fn items(n: usize) -> &'static str {
    if n == 1 { "item" } else { "items" }
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
