//! Which rule list applies at a concrete location.
//!
//! Two ideas from the specification meet here:
//! - **Most specific wins.** Among the rule paths as long as the concrete path that match
//!   it, the one with the highest [`DocPath::match_weight`] is chosen, so
//!   `$.animals[*].phoneNumber` beats `$.animals[*].*` at `$.animals[0].phoneNumber`.
//! - **Type rules cascade.** A type-like rule on `$.a` also governs the children of `$.a`
//!   that have no rule of their own; an `equality` rule (or any other non-type rule) stops
//!   the cascade below it.

use std::collections::BTreeMap;

use crate::model::{DocPath, MatchingRule, PathToken, RuleList};

/// The rules of one category (body, header, …), keyed by path.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Rules<'a> {
    by_path: Option<&'a BTreeMap<DocPath, RuleList>>,
}

/// The rules in force at one node of a walk.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct InForce<'a> {
    /// The rule list to apply at this node, its own or inherited.
    pub(crate) active: Option<&'a RuleList>,
    /// What the node's children inherit.
    pub(crate) cascade: Option<&'a RuleList>,
}

impl<'a> Rules<'a> {
    /// Rules from one category map (`None` when the category has no rules).
    pub(crate) fn new(by_path: Option<&'a BTreeMap<DocPath, RuleList>>) -> Self {
        Rules { by_path }
    }

    /// Every path that has rules.
    pub(crate) fn paths(&self) -> impl Iterator<Item = &'a DocPath> + use<'a> {
        self.by_path.into_iter().flat_map(|rules| {
            rules
                .iter()
                .filter(|(_, list)| !list.is_empty())
                .map(|(path, _)| path)
        })
    }

    /// Every path that has rules, with its rules, in map order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&'a DocPath, &'a RuleList)> + use<'a> {
        self.by_path
            .into_iter()
            .flat_map(|rules| rules.iter().filter(|(_, list)| !list.is_empty()))
    }

    /// True when a rule is written for `concrete` or for a place below it
    /// (`$.m.*.text` is below `$.m.en`).
    pub(crate) fn at_or_below(&self, concrete: &DocPath) -> bool {
        self.paths().any(|path| {
            path.len() >= concrete.len()
                && path
                    .tokens()
                    .iter()
                    .zip(concrete.tokens())
                    .all(|(rule, token)| match token {
                        PathToken::Root => *rule == PathToken::Root,
                        PathToken::Field(key) => step_weight(rule, Step::Field(key)).is_some(),
                        PathToken::Index(index) => step_weight(rule, Step::Index(*index)).is_some(),
                        // A concrete path holds no wildcard.
                        PathToken::StarField | PathToken::StarIndex => false,
                    })
        })
    }

    /// The most specific rule list written for exactly this depth, if any matches.
    pub(crate) fn own(&self, concrete: &DocPath) -> Option<&'a RuleList> {
        let mut best: Option<(usize, &'a RuleList)> = None;
        for (path, list) in self.by_path? {
            if list.is_empty() || path.len() != concrete.len() {
                continue;
            }
            if let Some(weight) = path.match_weight(concrete)
                && best.is_none_or(|(w, _)| weight > w)
            {
                best = Some((weight, list));
            }
        }
        best.map(|(_, list)| list)
    }
}

/// One step from a node to a child, as a walk sees it: no allocation, the key borrowed
/// from the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'k> {
    /// An object key.
    Field(&'k str),
    /// An array index.
    Index(usize),
}

/// The rule paths that still match the path walked so far, for one node.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    start: usize,
    end: usize,
    /// Tokens in the concrete path, the root included.
    depth: usize,
}

/// Rule lookup for a walk from the root that never builds a [`DocPath`].
///
/// Looking rules up by concrete path costs a path per node and a scan of every rule at
/// every node. Instead, each node keeps the rule paths whose prefix matches the path so
/// far, with their weight so far, and a child filters its parent's candidates by one token.
/// Candidates live on one stack: a child's frame sits above its parent's and is dropped
/// with [`Tracker::leave`] once the child is done. The result is the same as
/// [`Rules::own`] on the equivalent [`DocPath`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Tracker<'a> {
    /// Every non-empty rule list with its path's tokens, in map order (which decides ties).
    paths: Vec<(&'a [PathToken], &'a RuleList)>,
    /// `(index into paths, weight so far)`, frame after frame.
    candidates: Vec<(usize, usize)>,
}

impl<'a> Tracker<'a> {
    /// A tracker positioned at the root `$`.
    pub(crate) fn new(rules: Rules<'a>) -> Self {
        let paths: Vec<(&'a [PathToken], &'a RuleList)> = rules
            .by_path
            .into_iter()
            .flatten()
            .filter(|(_, list)| !list.is_empty())
            .map(|(path, list)| (path.tokens(), list))
            .collect();
        let candidates = paths
            .iter()
            .enumerate()
            .filter(|(_, (tokens, _))| tokens.first() == Some(&PathToken::Root))
            .map(|(index, _)| (index, ROOT_WEIGHT))
            .collect();
        Tracker { paths, candidates }
    }

    /// The frame of the root, valid while nothing else is entered.
    pub(crate) fn root(&self) -> Frame {
        Frame {
            start: 0,
            end: self.candidates.len(),
            depth: 1,
        }
    }

    /// The frame of `parent`'s child reached by `step`; call [`Tracker::leave`] with it
    /// when the child is done.
    pub(crate) fn enter(&mut self, parent: Frame, step: Step<'_>) -> Frame {
        let start = self.candidates.len();
        for slot in parent.start..parent.end {
            let (index, weight) = self.candidates[slot];
            let Some(token) = self.paths[index].0.get(parent.depth) else {
                continue;
            };
            if let Some(step_weight) = step_weight(token, step) {
                self.candidates
                    .push((index, weight.saturating_mul(step_weight)));
            }
        }
        Frame {
            start,
            end: self.candidates.len(),
            depth: parent.depth + 1,
        }
    }

    /// Forgets `frame` (and anything entered after it).
    pub(crate) fn leave(&mut self, frame: Frame) {
        self.candidates.truncate(frame.start);
    }

    /// The most specific rule list written for exactly this node, if any matches.
    pub(crate) fn own(&self, frame: Frame) -> Option<&'a RuleList> {
        let mut best: Option<(usize, &'a RuleList)> = None;
        for &(index, weight) in &self.candidates[frame.start..frame.end] {
            let (tokens, list) = self.paths[index];
            if tokens.len() == frame.depth && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, list));
            }
        }
        best.map(|(_, list)| list)
    }

    /// The rules in force at the node of `frame`, given what its parent passed down.
    pub(crate) fn in_force(&self, frame: Frame, inherited: Option<&'a RuleList>) -> InForce<'a> {
        match self.own(frame) {
            Some(list) => InForce {
                active: Some(list),
                cascade: list_is_type_like(list).then_some(list),
            },
            None => InForce {
                active: inherited,
                cascade: inherited,
            },
        }
    }
}

/// The weight of the root step in [`DocPath::match_weight`] (an exact step).
const ROOT_WEIGHT: usize = 2;

/// One step of [`DocPath::match_weight`]: a rule token against a concrete step.
fn step_weight(rule: &PathToken, step: Step<'_>) -> Option<usize> {
    match (rule, step) {
        (PathToken::Field(name), Step::Field(key)) if name == key => Some(2),
        (PathToken::Index(a), Step::Index(b)) if *a == b => Some(2),
        (PathToken::StarField, Step::Field(_)) => Some(1),
        (PathToken::StarIndex, Step::Index(_)) => Some(1),
        // `*` also matches array elements in the paths other implementations write.
        (PathToken::StarField, Step::Index(_)) => Some(1),
        _ => None,
    }
}

/// What to do with object keys the expectation does not mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnexpectedKeys {
    /// Requests: the consumer said exactly what it sends.
    Reject,
    /// Responses and messages: a consumer ignores what it does not read (Postel's law).
    Allow,
}

/// True for rules that compare by type and so cascade to the children of the node they
/// are on (and make arrays compare each element against the first example).
pub(crate) fn is_type_like(rule: &MatchingRule) -> bool {
    matches!(
        rule,
        MatchingRule::Type
            | MatchingRule::MinType(_)
            | MatchingRule::MaxType(_)
            | MatchingRule::MinMaxType { .. }
            | MatchingRule::Values
            | MatchingRule::NotEmpty
    )
}

/// True when `list` holds a type-like rule (see [`is_type_like`]).
pub(crate) fn list_is_type_like(list: &RuleList) -> bool {
    list.rules.iter().any(is_type_like)
}

#[cfg(test)]
mod tests {
    use crate::model::{Category, MatchingRule, MatchingRules};

    use super::*;

    fn p(text: &str) -> DocPath {
        text.parse().expect("valid path")
    }

    fn rules(entries: &[(&str, MatchingRule)]) -> MatchingRules {
        let mut rules = MatchingRules::new();
        for (path, rule) in entries {
            rules.add(Category::Body, p(path), rule.clone());
        }
        rules
    }

    #[test]
    fn the_most_specific_path_of_the_same_length_wins() {
        let all = rules(&[
            ("$.animals[*].*", MatchingRule::Type),
            ("$.animals[*].phone", MatchingRule::Regex(r"\d+".into())),
        ]);
        let rules = Rules::new(all.category(Category::Body));
        let list = rules.own(&p("$.animals[0].phone")).expect("a rule");
        assert_eq!(list.rules, vec![MatchingRule::Regex(r"\d+".into())]);
        let list = rules.own(&p("$.animals[0].name")).expect("a rule");
        assert_eq!(list.rules, vec![MatchingRule::Type]);
    }

    #[test]
    fn shorter_paths_are_not_own_rules() {
        let all = rules(&[("$.a", MatchingRule::Type)]);
        let rules = Rules::new(all.category(Category::Body));
        assert!(rules.own(&p("$.a.b")).is_none());
        assert!(rules.own(&p("$.a")).is_some());
    }

    #[test]
    fn type_rules_cascade_and_equality_resets() {
        let all = rules(&[
            ("$.a", MatchingRule::Type),
            ("$.a.b", MatchingRule::Equality),
        ]);
        let mut tracker = Tracker::new(Rules::new(all.category(Category::Body)));
        let a = tracker.enter(tracker.root(), Step::Field("a"));
        let at_a = tracker.in_force(a, None);
        assert!(at_a.cascade.is_some());
        let c = tracker.enter(a, Step::Field("c"));
        let at_c = tracker.in_force(c, at_a.cascade);
        assert_eq!(
            at_c.active.map(|l| l.rules.clone()),
            Some(vec![MatchingRule::Type])
        );
        tracker.leave(c);
        let b = tracker.enter(a, Step::Field("b"));
        let at_b = tracker.in_force(b, at_a.cascade);
        assert_eq!(
            at_b.active.map(|l| l.rules.clone()),
            Some(vec![MatchingRule::Equality])
        );
        assert!(at_b.cascade.is_none());
    }

    #[test]
    fn rules_at_or_below_a_place_are_found_through_wildcards() {
        let all = rules(&[
            ("$.m.*.text", MatchingRule::Type),
            ("$.list[*].id", MatchingRule::Integer),
            ("$.exact", MatchingRule::Null),
        ]);
        let rules = Rules::new(all.category(Category::Body));
        for (text, found) in [
            ("$.m.en", true),
            ("$.m.en.text", true),
            ("$.m", true),
            ("$.m.en.other", false),
            ("$.list[3]", true),
            ("$.list.x", false),
            ("$.exact", true),
            ("$.exact.below", false),
            ("$.other", false),
        ] {
            assert_eq!(rules.at_or_below(&p(text)), found, "at {text}");
        }
        assert!(!Rules::default().at_or_below(&p("$")));
    }

    #[test]
    fn a_quoted_key_with_a_dot_is_one_field() {
        let all = rules(&[("$['@odata.context']", MatchingRule::Type)]);
        let rules = Rules::new(all.category(Category::Body));
        let concrete = DocPath::root().join_field("@odata.context");
        assert!(rules.own(&concrete).is_some());
    }

    /// Follows `concrete` from the root with a tracker and returns its own rule list.
    fn tracked_own<'a>(tracker: &mut Tracker<'a>, concrete: &DocPath) -> Option<&'a RuleList> {
        let mut frame = tracker.root();
        let mut first = None;
        for token in &concrete.tokens()[1..] {
            let step = match token {
                PathToken::Field(name) => Step::Field(name),
                PathToken::Index(index) => Step::Index(*index),
                other => panic!("not a concrete token: {other:?}"),
            };
            frame = tracker.enter(frame, step);
            first.get_or_insert(frame);
        }
        let own = tracker.own(frame);
        if let Some(first) = first {
            tracker.leave(first);
        }
        own
    }

    #[test]
    fn the_tracker_finds_what_a_lookup_by_path_finds() {
        let all = rules(&[
            ("$", MatchingRule::MinType(1)),
            ("$[*].*", MatchingRule::Type),
            ("$[*].id", MatchingRule::Integer),
            ("$[1].id", MatchingRule::Decimal),
            ("$.*", MatchingRule::Number),
            ("$.a", MatchingRule::Type),
            ("$.a.b", MatchingRule::Equality),
            ("$.a[*]", MatchingRule::Null),
            ("$.*[*].*", MatchingRule::Boolean),
            ("$['x.y'].z", MatchingRule::Include("q".into())),
        ]);
        let rules = Rules::new(all.category(Category::Body));
        let mut tracker = Tracker::new(rules);
        for text in [
            "$",
            "$[0]",
            "$[1]",
            "$[0].id",
            "$[1].id",
            "$[2].name",
            "$[0].id.x",
            "$.a",
            "$.a.b",
            "$.a.c",
            "$.a[3]",
            "$.b[0].c",
            "$.q",
            "$['x.y'].z",
            "$['x.y'].w",
            "$[0][1]",
        ] {
            let concrete = p(text);
            assert_eq!(
                tracked_own(&mut tracker, &concrete),
                rules.own(&concrete),
                "at {text}"
            );
        }
    }

    #[test]
    fn a_child_frame_leaves_its_parent_intact() {
        let all = rules(&[("$.a", MatchingRule::Type), ("$.b", MatchingRule::Null)]);
        let mut tracker = Tracker::new(Rules::new(all.category(Category::Body)));
        let root = tracker.root();
        let a = tracker.enter(root, Step::Field("a"));
        let inner = tracker.enter(a, Step::Index(0));
        assert!(tracker.own(inner).is_none());
        tracker.leave(inner);
        assert_eq!(
            tracker.own(a).map(|l| l.rules.clone()),
            Some(vec![MatchingRule::Type])
        );
        tracker.leave(a);
        let b = tracker.enter(root, Step::Field("b"));
        assert_eq!(
            tracker.own(b).map(|l| l.rules.clone()),
            Some(vec![MatchingRule::Null])
        );
    }

    #[test]
    fn no_rules_means_no_candidates() {
        let mut tracker = Tracker::new(Rules::default());
        let root = tracker.root();
        let child = tracker.enter(root, Step::Field("a"));
        assert!(tracker.own(root).is_none() && tracker.own(child).is_none());
    }
}
