//! XML bodies: a walk over two parsed documents, element by element.
//!
//! What counts as equal (the specification's XML cases decide each point):
//! - Elements and attributes compare by namespace URI and local name; prefixes are the
//!   writer's choice (`<a:alligator xmlns:a="urn:x">` equals `<alligator xmlns="urn:x">`).
//! - Attributes compare by name, in any order. Unexpected attributes are rejected in
//!   requests and allowed in responses, like unexpected JSON keys.
//! - Child elements are grouped by name. Groups may come in any order; inside a group the
//!   elements compare in order, like a JSON array. Extra elements of an expected name are
//!   rejected in requests and allowed in responses; elements of a name the expectation never
//!   mentions are rejected in requests, and under a type rule (where every child must be
//!   like an example).
//! - The text of an element is its direct text (CDATA included), trimmed: whitespace-only
//!   text between elements is layout, not content.
//!
//! Matching rules: a type-like rule on an element makes each group of its children
//! "each like" the group's first expected element, bounded by the rule's min/max, and
//! cascades to everything below. Other rules on an element (regex, integer, …) judge its
//! text. Rules on `@name` and `#text` judge attributes and text, through the same rule
//! functions as JSON values (`values`), with text semantics (`"42"` is an integer).
//!
//! Rule paths for XML are written in several notations by different Pact implementations,
//! so each node is looked up under each of them, and the names in them are resolved by
//! namespace: a prefix means the URI the expected document binds it to where the node is,
//! a name without a prefix is a local name in any namespace (see `xml_paths`). A rule
//! follows the expected element an actual one is compared with, so the actual document's
//! own prefixes never decide which rule applies. Mismatch paths use one notation: local
//! names with the index among same-named siblings, `$.animals.alligator[1].@name`.

use std::fmt::Write as _;

use roxmltree::{Document, Node};
use serde_json::Value;

use crate::model::{DocPath, MatchingRule, RuleList};

use super::rules::{Rules, UnexpectedKeys, is_type_like, list_is_type_like};
use super::values::{RuleFailure, Source, apply_list};
use super::xml_paths::{Leaf, Location, Step, XmlRules};
use super::{Mismatch, MismatchKind};

/// Compares two XML documents under `rules`; `what` names the document in messages.
pub(crate) fn match_xml(
    expected: &str,
    actual: &str,
    rules: Rules<'_>,
    unexpected: UnexpectedKeys,
    what: &'static str,
) -> Vec<Mismatch> {
    let expected_doc = match Document::parse(expected) {
        Ok(doc) => doc,
        Err(error) => return vec![parse_mismatch("expected", what, &error, expected, actual)],
    };
    let actual_doc = match Document::parse(actual) {
        Ok(doc) => doc,
        Err(error) => return vec![parse_mismatch("actual", what, &error, expected, actual)],
    };
    let mut walk = Walk {
        rules: XmlRules::new(rules),
        unexpected,
        what,
        mismatches: Vec::new(),
    };
    let expected_root = expected_doc.root_element();
    let location = Location::root(expected_root);
    walk.element(expected_root, actual_doc.root_element(), &location, None);
    walk.mismatches
}

/// True when `text` parses as an XML document (used to tell XML from other text when no
/// content type says).
pub(crate) fn is_well_formed(text: &str) -> bool {
    Document::parse(text).is_ok()
}

fn parse_mismatch(
    side: &str,
    what: &str,
    error: &roxmltree::Error,
    expected: &str,
    actual: &str,
) -> Mismatch {
    Mismatch::described(
        MismatchKind::Body,
        "$",
        format!("the {side} {what} is not valid XML: {error}"),
    )
    .expected(Value::String(expected.to_owned()))
    .actual(Value::String(actual.to_owned()))
}

struct Walk<'r> {
    rules: XmlRules<'r>,
    unexpected: UnexpectedKeys,
    what: &'static str,
    mismatches: Vec<Mismatch>,
}

impl<'r> Walk<'r> {
    /// The most specific rule list written for this node in any notation.
    fn own(&self, location: &Location<'_, '_>, leaf: Option<Leaf<'_, '_>>) -> Option<&'r RuleList> {
        self.rules.own(location, leaf)
    }

    fn element<'a, 'i>(
        &mut self,
        expected: Node<'a, 'i>,
        actual: Node<'_, '_>,
        location: &Location<'a, 'i>,
        inherited: Option<&'r RuleList>,
    ) {
        if expected.tag_name() != actual.tag_name() {
            let description = format!(
                "expected element {} but found {}",
                qualified(expected),
                qualified(actual)
            );
            self.push(
                location.path(None),
                qualified(expected),
                qualified(actual),
                description,
            );
            return;
        }
        // `equality` on an element means the default structural comparison, and stops a
        // cascading type rule.
        let own = self.own(location, None);
        let structural = own.is_some_and(is_equality_only);
        let own = own.filter(|list| !is_equality_only(list));
        let cascade = match own {
            Some(list) => list_is_type_like(list).then_some(list),
            None if structural => None,
            None => inherited,
        };
        // A value rule (regex, integer, …) on an element judges its text.
        let text_rule = own.filter(|list| !list_is_type_like(list)).or(cascade);
        self.attributes(expected, actual, location, cascade);
        self.text(expected, actual, location, text_rule);
        self.children(expected, actual, location, own, cascade);
    }

    fn attributes<'a, 'i>(
        &mut self,
        expected: Node<'a, 'i>,
        actual: Node<'_, '_>,
        location: &Location<'a, 'i>,
        cascade: Option<&'r RuleList>,
    ) {
        for attribute in expected.attributes() {
            let leaf = Leaf::Attribute(attribute);
            let path = location.path(Some(leaf));
            let found = actual
                .attributes()
                .find(|a| a.name() == attribute.name() && a.namespace() == attribute.namespace());
            let Some(found) = found else {
                let description = format!(
                    "expected attribute {}=\"{}\" but it was missing",
                    attribute.name(),
                    attribute.value()
                );
                self.push(
                    path,
                    attribute.value().to_owned(),
                    String::new(),
                    description,
                );
                continue;
            };
            let list = self.own(location, Some(leaf)).or(cascade);
            self.value(path, attribute.value(), found.value(), list);
        }
        if self.unexpected == UnexpectedKeys::Reject {
            for attribute in actual.attributes() {
                let known = expected.attributes().any(|e| {
                    e.name() == attribute.name() && e.namespace() == attribute.namespace()
                });
                if !known {
                    let path = location.path(Some(Leaf::Attribute(attribute)));
                    let description = format!(
                        "unexpected attribute {}=\"{}\" in {}",
                        attribute.name(),
                        attribute.value(),
                        self.what
                    );
                    self.push(
                        path,
                        String::new(),
                        attribute.value().to_owned(),
                        description,
                    );
                }
            }
        }
    }

    fn text<'a, 'i>(
        &mut self,
        expected: Node<'a, 'i>,
        actual: Node<'_, '_>,
        location: &Location<'a, 'i>,
        element_rule: Option<&'r RuleList>,
    ) {
        let (expected_text, actual_text) = (own_text(expected), own_text(actual));
        let list = self.own(location, Some(Leaf::Text)).or(element_rule);
        if list.is_none() && expected_text == actual_text {
            return;
        }
        self.value(
            location.path(Some(Leaf::Text)),
            &expected_text,
            &actual_text,
            list,
        );
    }

    /// An attribute value or a text, by its rules or by equality.
    fn value(&mut self, path: DocPath, expected: &str, actual: &str, list: Option<&RuleList>) {
        let (expected_value, actual_value) = (
            Value::String(expected.to_owned()),
            Value::String(actual.to_owned()),
        );
        let outcome = match list {
            Some(list) => apply_list(list, &expected_value, &actual_value, Source::Text),
            None if expected == actual => Ok(()),
            None => Err(RuleFailure {
                rule: None,
                description: format!("expected {expected_value}, found {actual_value}"),
            }),
        };
        if let Err(failure) = outcome {
            self.push(
                path,
                expected.to_owned(),
                actual.to_owned(),
                failure.description,
            );
            if let Some(last) = self.mismatches.last_mut() {
                last.rule = failure.rule;
            }
        }
    }

    fn children<'a, 'i>(
        &mut self,
        expected: Node<'a, 'i>,
        actual: Node<'_, '_>,
        location: &Location<'a, 'i>,
        own: Option<&'r RuleList>,
        cascade: Option<&'r RuleList>,
    ) {
        let expected_groups = groups(expected);
        let actual_groups = groups(actual);
        for group in &expected_groups {
            let Some(example) = group.elements.first() else {
                continue;
            };
            let found: &[Child<'_, '_>] = actual_groups
                .iter()
                .find(|g| g.elements[0].node.tag_name() == example.node.tag_name())
                .map_or(&[], |g| &g.elements);
            let first = location.child(example.step());
            let group_own = self
                .own(&first, None)
                .filter(|list| list_is_type_like(list));
            if group_own.is_some() || cascade.is_some() {
                // Bounds come from a rule written for this group or, at the root (which is
                // no group), for its parent; never from one inherited from further up. A
                // rule on a repeated element bounds that element's own group, not every
                // group of its children (issue 11, D8: `item`'s min was `price`'s too).
                let parent_bounds = own
                    .filter(|list| list_is_type_like(list))
                    .filter(|_| location.is_root());
                let bounds = group_own.or(parent_bounds);
                // An element of the example must be there unless a rule lets the group be
                // empty (a minimum of 0), as a key of a type-matched JSON object must.
                let may_be_empty = bounds.is_some_and(|list| min_of(list).is_none());
                if found.is_empty() && !may_be_empty {
                    self.missing_group(example, &actual_groups, location, group_own);
                    continue;
                }
                self.each_like(example, found, location, bounds, cascade);
            } else {
                self.in_order(&group.elements, found, location, cascade);
            }
        }
        if self.unexpected == UnexpectedKeys::Reject || cascade.is_some() {
            for group in &actual_groups {
                let first = &group.elements[0];
                let known = expected_groups
                    .iter()
                    .any(|g| g.elements[0].node.tag_name() == first.node.tag_name());
                if !known {
                    for child in &group.elements {
                        let path = location.child_path(child.node, child.index);
                        let description = format!(
                            "unexpected element {} in {}",
                            qualified(child.node),
                            self.what
                        );
                        self.push(path, String::new(), render(child.node), description);
                    }
                }
            }
        }
    }

    /// A group the rules require (a minimum of one or more) and the actual element does
    /// not have: named as missing at the group's path (no index: there is no element), with
    /// the element of that name in another namespace when there is one, since that is what
    /// is wrong. The minimum is quoted only when it is this group's own rule.
    fn missing_group<'a, 'i>(
        &mut self,
        example: &Child<'a, 'i>,
        actual_groups: &[Group<'_, '_>],
        location: &Location<'a, 'i>,
        group_own: Option<&RuleList>,
    ) {
        let name = example.node.tag_name();
        let path = location.path(None).join_field(name.name());
        let mut description = format!("expected child {} but was missing", empty_tag(example.node));
        if let Some(min) = group_own.and_then(min_of) {
            let _ = write!(description, " (min = {min})");
        }
        let elsewhere = actual_groups
            .iter()
            .map(|g| g.elements[0].node)
            .find(|node| {
                node.tag_name().name() == name.name()
                    && node.tag_name().namespace() != name.namespace()
            });
        if let Some(other) = elsewhere {
            let _ = write!(
                description,
                "; found {} in another namespace",
                qualified(other)
            );
        }
        self.push(path, render(example.node), String::new(), description);
    }

    /// Every actual element of a group against the group's first expected element, the
    /// number of them within the rule's bounds.
    fn each_like<'a, 'i>(
        &mut self,
        example: &Child<'a, 'i>,
        found: &[Child<'_, '_>],
        location: &Location<'a, 'i>,
        bounds: Option<&RuleList>,
        cascade: Option<&'r RuleList>,
    ) {
        if let Some(description) = bounds.and_then(|list| out_of_bounds(list, found.len())) {
            let path = location.child(example.step()).path(None);
            let description = format!("{} {description}", qualified(example.node));
            self.push(path, render(example.node), String::new(), description);
        }
        for child in found {
            let child_location = location.child(child.step_of(example.node));
            self.element(example.node, child.node, &child_location, cascade);
        }
    }

    /// A group without a type rule: element by element, like a JSON array.
    fn in_order<'a, 'i>(
        &mut self,
        expected: &[Child<'a, 'i>],
        found: &[Child<'_, '_>],
        location: &Location<'a, 'i>,
        cascade: Option<&'r RuleList>,
    ) {
        let (want, got) = (expected.len(), found.len());
        for index in 0..want.max(got) {
            match (expected.get(index), found.get(index)) {
                (Some(e), Some(a)) => {
                    let child_location = location.child(a.step_of(e.node));
                    self.element(e.node, a.node, &child_location, cascade);
                }
                (Some(e), None) => {
                    let path = location.child(e.step()).path(None);
                    let description = format!(
                        "expected child {} but was missing (expected {want}, found {got})",
                        empty_tag(e.node)
                    );
                    self.push(path, render(e.node), String::new(), description);
                }
                (None, Some(a)) if self.unexpected == UnexpectedKeys::Reject => {
                    let path = location.child_path(a.node, a.index);
                    let description = format!(
                        "unexpected element {} in {} (expected {want}, found {got})",
                        qualified(a.node),
                        self.what
                    );
                    self.push(path, String::new(), render(a.node), description);
                }
                _ => {}
            }
        }
    }

    /// Records a mismatch at `path`; an empty `expected` or `actual` is a side that does
    /// not exist (a missing or unexpected element).
    fn push(&mut self, path: DocPath, expected: String, actual: String, description: String) {
        let side = |text: String| (!text.is_empty()).then_some(Value::String(text));
        self.mismatches.push(
            Mismatch::described(MismatchKind::Body, path.to_string(), description)
                .expected(side(expected))
                .actual(side(actual)),
        );
    }
}

/// A child element with its place among its siblings.
struct Child<'a, 'input> {
    node: Node<'a, 'input>,
    index: usize,
    position: usize,
}

impl<'a, 'i> Child<'a, 'i> {
    /// This expected child's step.
    fn step(&self) -> Step<'a, 'i> {
        self.step_of(self.node)
    }

    /// The step to this (actual) child, named and scoped by the expected element it is
    /// compared with.
    fn step_of<'e, 'ei>(&self, expected: Node<'e, 'ei>) -> Step<'e, 'ei> {
        Step {
            element: expected,
            index: self.index,
            position: self.position,
        }
    }
}

/// Child elements of the same expanded name, in document order.
struct Group<'a, 'input> {
    elements: Vec<Child<'a, 'input>>,
}

/// The element children of `node` grouped by name, groups in order of first appearance.
fn groups<'a, 'input>(node: Node<'a, 'input>) -> Vec<Group<'a, 'input>> {
    let mut groups: Vec<Group<'a, 'input>> = Vec::new();
    for (position, child) in node.children().filter(Node::is_element).enumerate() {
        match groups
            .iter_mut()
            .find(|g| g.elements[0].node.tag_name() == child.tag_name())
        {
            Some(group) => {
                let index = group.elements.len();
                group.elements.push(Child {
                    node: child,
                    index,
                    position,
                });
            }
            None => groups.push(Group {
                elements: vec![Child {
                    node: child,
                    index: 0,
                    position,
                }],
            }),
        }
    }
    groups
}

/// The direct text of an element (text and CDATA children, not descendants), trimmed.
fn own_text(node: Node<'_, '_>) -> String {
    let mut text = String::new();
    for child in node.children().filter(Node::is_text) {
        text.push_str(child.text().unwrap_or_default());
    }
    text.trim().to_owned()
}

/// `<name>` or, in a namespace, `<{urn:x}name>` (Clark notation: prefixes do not matter).
fn qualified(node: Node<'_, '_>) -> String {
    let name = node.tag_name();
    match name.namespace() {
        Some(namespace) => format!("<{{{namespace}}}{}>", name.name()),
        None => format!("<{}>", name.name()),
    }
}

/// `<name/>` or `<{urn:x}name/>`: an element named as an empty tag, as a sentence about a
/// missing child names it (the official implementation's wording, compatibility suite V1).
fn empty_tag(node: Node<'_, '_>) -> String {
    let name = node.tag_name();
    match name.namespace() {
        Some(namespace) => format!("<{{{namespace}}}{}/>", name.name()),
        None => format!("<{}/>", name.name()),
    }
}

/// A short rendering of an element for the expected/actual fields of a mismatch.
fn render(node: Node<'_, '_>) -> String {
    let mut out = format!("<{}", node.tag_name().name());
    for attribute in node.attributes() {
        let _ = write!(out, " {}=\"{}\"", attribute.name(), attribute.value());
    }
    let text = own_text(node);
    if text.is_empty() && !node.children().any(|c| c.is_element()) {
        out.push_str("/>");
    } else {
        let _ = write!(out, ">{text}…</{}>", node.tag_name().name());
    }
    out
}

fn is_equality_only(list: &RuleList) -> bool {
    list.rules
        .iter()
        .all(|rule| *rule == MatchingRule::Equality)
}

/// The smallest number of elements a type-like rule of `list` asks for, when above 0.
fn min_of(list: &RuleList) -> Option<usize> {
    list.rules
        .iter()
        .filter_map(|rule| match rule {
            MatchingRule::MinType(min) | MatchingRule::MinMaxType { min, .. } => Some(*min),
            MatchingRule::NotEmpty => Some(1),
            _ => None,
        })
        .find(|min| *min > 0)
}

/// The min/max of the type-like rules in `list` against a count of elements.
fn out_of_bounds(list: &RuleList, count: usize) -> Option<String> {
    let plural = |n: usize| if n == 1 { "element" } else { "elements" };
    for rule in list.rules.iter().filter(|rule| is_type_like(rule)) {
        let (min, max) = match rule {
            MatchingRule::MinType(min) => (Some(*min), None),
            MatchingRule::MaxType(max) => (None, Some(*max)),
            MatchingRule::MinMaxType { min, max } => (Some(*min), Some(*max)),
            MatchingRule::NotEmpty => (Some(1), None),
            _ => (None, None),
        };
        if let Some(min) = min.filter(|min| count < *min) {
            return Some(format!(
                "expected at least {min} {} (min = {min}), found {count}",
                plural(min)
            ));
        }
        if let Some(max) = max.filter(|max| count > *max) {
            return Some(format!(
                "expected at most {max} {} (max = {max}), found {count}",
                plural(max)
            ));
        }
    }
    None
}

#[cfg(test)]
#[path = "xml_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "xml_namespace_tests.rs"]
mod namespace_tests;
