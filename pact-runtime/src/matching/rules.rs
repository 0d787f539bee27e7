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

use crate::model::{DocPath, RuleList};

use super::values::list_is_type_like;

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

    /// The rules in force at `concrete`, given what its parent passed down.
    pub(crate) fn in_force(
        &self,
        concrete: &DocPath,
        inherited: Option<&'a RuleList>,
    ) -> InForce<'a> {
        match self.own(concrete) {
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
        let rules = Rules::new(all.category(Category::Body));
        let at_a = rules.in_force(&p("$.a"), None);
        assert!(at_a.cascade.is_some());
        let at_c = rules.in_force(&p("$.a.c"), at_a.cascade);
        assert_eq!(
            at_c.active.map(|l| l.rules.clone()),
            Some(vec![MatchingRule::Type])
        );
        let at_b = rules.in_force(&p("$.a.b"), at_a.cascade);
        assert_eq!(
            at_b.active.map(|l| l.rules.clone()),
            Some(vec![MatchingRule::Equality])
        );
        assert!(at_b.cascade.is_none());
    }

    #[test]
    fn a_quoted_key_with_a_dot_is_one_field() {
        let all = rules(&[("$['@odata.context']", MatchingRule::Type)]);
        let rules = Rules::new(all.category(Category::Body));
        let concrete = DocPath::root().join_field("@odata.context");
        assert!(rules.own(&concrete).is_some());
    }
}
