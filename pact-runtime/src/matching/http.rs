//! The request line and the status: method (case-insensitive), path (exact, or by the path
//! rules), status (exact, or by the status rules such as V4's `statusCode`).

use serde_json::Value;

use crate::model::{Category, MatchingRule, MatchingRules, RuleList, StatusClass};

use super::mismatch::text;
use super::render::class_name;
use super::values::{Source, apply_list};
use super::{Mismatch, MismatchKind, Reason};

/// Compares methods, ignoring case (`post` is `POST`).
pub(crate) fn match_method(expected: &str, actual: &str) -> Option<Mismatch> {
    (!expected.eq_ignore_ascii_case(actual)).then(|| {
        Mismatch::new(MismatchKind::Method, "", Reason::NotEqual)
            .expected(text(expected))
            .actual(text(actual))
    })
}

/// Compares paths exactly (a trailing slash matters), or by the rules of the `path`
/// category.
pub(crate) fn match_path(expected: &str, actual: &str, rules: &MatchingRules) -> Option<Mismatch> {
    let mismatch = match root_rules(rules, Category::Path) {
        Some(list) => apply_list(list, &text(expected), &text(actual), Source::Text)
            .err()
            .map(|failure| {
                Mismatch::described(MismatchKind::Path, "", failure.description).rule(failure.rule)
            }),
        None if expected == actual => None,
        None => Some(Mismatch::new(MismatchKind::Path, "", Reason::NotEqual)),
    };
    mismatch.map(|m| m.expected(text(expected)).actual(text(actual)))
}

/// Compares status codes exactly, or by the rules of the `status` category.
pub(crate) fn match_status(expected: u16, actual: u16, rules: &MatchingRules) -> Option<Mismatch> {
    let mismatch = match root_rules(rules, Category::Status) {
        Some(list) => status_rules(list, expected, actual),
        None if expected == actual => None,
        None => Some(Mismatch::new(MismatchKind::Status, "", Reason::NotEqual)),
    };
    mismatch.map(|m| {
        m.expected(Value::from(expected))
            .actual(Value::from(actual))
    })
}

/// The rules of a category that applies to one value: those at `$` (or, if a writer used
/// another key, the first list there is).
fn root_rules(rules: &MatchingRules, category: Category) -> Option<&RuleList> {
    let by_path = rules.category(category)?;
    by_path
        .iter()
        .find(|(path, list)| path.is_root() && !list.is_empty())
        .or_else(|| by_path.iter().find(|(_, list)| !list.is_empty()))
        .map(|(_, list)| list)
}

/// The status against a `status` rule list (`None`: it passes): a lone `statusCode` rule
/// gives a [`Reason::StatusClass`] mismatch; a combination of rules a described one.
fn status_rules(list: &RuleList, expected: u16, actual: u16) -> Option<Mismatch> {
    if let [rule @ MatchingRule::StatusCode(class)] = list.rules.as_slice() {
        if in_class(class, actual) {
            return None;
        }
        let reason = Reason::StatusClass {
            class: class.clone(),
            actual,
        };
        return Some(Mismatch::new(MismatchKind::Status, "", reason).rule(Some(rule.clone())));
    }
    let others = RuleList {
        rules: list
            .rules
            .iter()
            .filter(|rule| !matches!(rule, MatchingRule::StatusCode(_)))
            .cloned()
            .collect(),
        combine: list.combine,
    };
    let class_outcomes = list.rules.iter().filter_map(|rule| match rule {
        MatchingRule::StatusCode(class) => Some(if in_class(class, actual) {
            Ok(())
        } else {
            Err(format!(
                "expected status code {actual} to be {}",
                class_name(class)
            ))
        }),
        _ => None,
    });
    let mut outcomes: Vec<Result<(), String>> = class_outcomes.collect();
    if !others.is_empty() {
        outcomes.push(
            apply_list(
                &others,
                &Value::from(expected),
                &Value::from(actual),
                Source::Body,
            )
            .map_err(|failure| failure.description),
        );
    }
    let failures: Vec<String> = outcomes.iter().filter_map(|o| o.clone().err()).collect();
    let passed = match list.combine {
        crate::model::Combine::And => failures.is_empty(),
        crate::model::Combine::Or => failures.len() < outcomes.len(),
    };
    (!passed).then(|| Mismatch::described(MismatchKind::Status, "", failures.join(", or ")))
}

fn in_class(class: &StatusClass, status: u16) -> bool {
    match class {
        StatusClass::Information => (100..200).contains(&status),
        StatusClass::Success => (200..300).contains(&status),
        StatusClass::Redirect => (300..400).contains(&status),
        StatusClass::ClientError => (400..500).contains(&status),
        StatusClass::ServerError => (500..600).contains(&status),
        // V4 `nonError`: anything below 400.
        StatusClass::NonError => status < 400,
        StatusClass::Error => (400..600).contains(&status),
        StatusClass::Codes(codes) => codes.contains(&status),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::DocPath;

    use super::*;

    #[test]
    fn methods_compare_without_case() {
        assert!(match_method("POST", "post").is_none());
        let mismatch = match_method("POST", "GET").expect("a mismatch");
        assert_eq!(mismatch.message(), "expected method POST but was GET");
    }

    #[test]
    fn a_trailing_slash_matters_in_a_path() {
        let rules = MatchingRules::new();
        assert!(match_path("/a", "/a", &rules).is_none());
        let mismatch = match_path("/a/", "/a", &rules).expect("a mismatch");
        assert_eq!(mismatch.message(), "expected path '/a/' but was '/a'");
    }

    #[test]
    fn a_path_rule_replaces_equality() {
        let mut rules = MatchingRules::new();
        let rule = MatchingRule::Regex(r"/path/to/\d{4}".into());
        rules.add(Category::Path, DocPath::root(), rule);
        assert!(match_path("/path/to/1234", "/path/to/5678", &rules).is_none());
        assert!(match_path("/path/to/1234", "/path/to/56", &rules).is_some());
    }

    #[test]
    fn statuses_compare_exactly_or_by_class() {
        let none = MatchingRules::new();
        let mismatch = match_status(200, 404, &none).expect("a mismatch");
        assert_eq!(mismatch.message(), "expected status 200 but was 404");
        let mut rules = MatchingRules::new();
        let rule = MatchingRule::StatusCode(StatusClass::Success);
        rules.add(Category::Status, DocPath::root(), rule);
        assert!(match_status(200, 204, &rules).is_none());
        let mismatch = match_status(200, 404, &rules).expect("a mismatch");
        assert_eq!(
            mismatch.message(),
            "expected status code 404 to be a successful response (200–299)"
        );
    }
}
