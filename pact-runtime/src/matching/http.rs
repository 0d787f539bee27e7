//! The request line and the status: method (case-insensitive), path (exact, or by the path
//! rules), status (exact, or by the status rules such as V4's `statusCode`).

use serde_json::Value;

use crate::model::{Category, MatchingRule, MatchingRules, RuleList, StatusClass};

use super::values::{Source, apply_list};
use super::{Mismatch, MismatchKind};

/// Compares methods, ignoring case (`post` is `POST`).
pub(crate) fn match_method(expected: &str, actual: &str) -> Option<Mismatch> {
    (!expected.eq_ignore_ascii_case(actual)).then(|| Mismatch {
        kind: MismatchKind::Method,
        path: String::new(),
        expected: expected.to_owned(),
        actual: actual.to_owned(),
        message: format!("expected method {expected} but was {actual}"),
    })
}

/// Compares paths exactly (a trailing slash matters), or by the rules of the `path`
/// category.
pub(crate) fn match_path(expected: &str, actual: &str, rules: &MatchingRules) -> Option<Mismatch> {
    let outcome = match root_rules(rules, Category::Path) {
        Some(list) => apply_list(
            list,
            &Value::String(expected.to_owned()),
            &Value::String(actual.to_owned()),
            Source::Text,
        )
        .map_err(|description| format!("path: {description}")),
        None if expected == actual => Ok(()),
        None => Err(format!("expected path '{expected}' but was '{actual}'")),
    };
    outcome.err().map(|message| Mismatch {
        kind: MismatchKind::Path,
        path: String::new(),
        expected: expected.to_owned(),
        actual: actual.to_owned(),
        message,
    })
}

/// Compares status codes exactly, or by the rules of the `status` category.
pub(crate) fn match_status(expected: u16, actual: u16, rules: &MatchingRules) -> Option<Mismatch> {
    let outcome = match root_rules(rules, Category::Status) {
        Some(list) => status_rules(list, expected, actual),
        None if expected == actual => Ok(()),
        None => Err(format!("expected status {expected} but was {actual}")),
    };
    outcome.err().map(|message| Mismatch {
        kind: MismatchKind::Status,
        path: String::new(),
        expected: expected.to_string(),
        actual: actual.to_string(),
        message,
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

fn status_rules(list: &RuleList, expected: u16, actual: u16) -> Result<(), String> {
    // `statusCode` is only meaningful here, so it is applied here; the other rules see
    // the status as a number.
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
                "expected a status in {}, found {actual}",
                class_name(class)
            ))
        }),
        _ => None,
    });
    let mut outcomes: Vec<Result<(), String>> = class_outcomes.collect();
    if !others.is_empty() {
        outcomes.push(apply_list(
            &others,
            &Value::from(expected),
            &Value::from(actual),
            Source::Body,
        ));
    }
    let failures: Vec<String> = outcomes.iter().filter_map(|o| o.clone().err()).collect();
    let passed = match list.combine {
        crate::model::Combine::And => failures.is_empty(),
        crate::model::Combine::Or => failures.len() < outcomes.len(),
    };
    if passed {
        Ok(())
    } else {
        Err(format!("status: {}", failures.join(", or ")))
    }
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

fn class_name(class: &StatusClass) -> String {
    match class {
        StatusClass::Information => "the information class (1xx)".to_owned(),
        StatusClass::Success => "the success class (2xx)".to_owned(),
        StatusClass::Redirect => "the redirect class (3xx)".to_owned(),
        StatusClass::ClientError => "the client error class (4xx)".to_owned(),
        StatusClass::ServerError => "the server error class (5xx)".to_owned(),
        StatusClass::NonError => "the non-error classes (below 400)".to_owned(),
        StatusClass::Error => "the error classes (4xx and 5xx)".to_owned(),
        StatusClass::Codes(codes) => format!("{codes:?}"),
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
        assert_eq!(mismatch.message, "expected method POST but was GET");
    }

    #[test]
    fn a_trailing_slash_matters_in_a_path() {
        let rules = MatchingRules::new();
        assert!(match_path("/a", "/a", &rules).is_none());
        let mismatch = match_path("/a/", "/a", &rules).expect("a mismatch");
        assert_eq!(mismatch.message, "expected path '/a/' but was '/a'");
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
        assert_eq!(mismatch.message, "expected status 200 but was 404");
        let mut rules = MatchingRules::new();
        let rule = MatchingRule::StatusCode(StatusClass::Success);
        rules.add(Category::Status, DocPath::root(), rule);
        assert!(match_status(200, 204, &rules).is_none());
        let mismatch = match_status(200, 404, &rules).expect("a mismatch");
        assert_eq!(
            mismatch.message,
            "status: expected a status in the success class (2xx), found 404"
        );
    }
}
