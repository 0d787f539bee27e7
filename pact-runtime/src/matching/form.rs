//! `application/x-www-form-urlencoded` bodies, compared like query parameters: decoded
//! (`+` and `%20` are both a space), parameters in any order, the values of a repeated
//! parameter in order. Rules come from the body category at `$.name`.

use std::collections::BTreeMap;

use crate::model::DocPath;

use super::query::{match_with_rules, values};
use super::rules::Rules;
use super::rules::UnexpectedKeys;
use super::{Mismatch, MismatchKind};

fn render(list: &[String]) -> String {
    values(list).to_string()
}

/// Compares two form bodies; `what` names the body in messages.
pub(crate) fn match_form(
    expected: &str,
    actual: &str,
    rules: Rules<'_>,
    unexpected: UnexpectedKeys,
    what: &'static str,
) -> Vec<Mismatch> {
    let (expected, actual) = (parse(expected), parse(actual));
    let mut mismatches = Vec::new();
    for (name, expected_values) in &expected {
        let path = DocPath::root().join_field(name.as_str());
        let Some(actual_values) = actual.get(name) else {
            mismatches.push(mismatch(
                &path,
                expected_values,
                &[],
                format!(
                    "expected form parameter '{name}' with {} but it was missing",
                    render(expected_values)
                ),
            ));
            continue;
        };
        let outcome = match rules.own(&path) {
            Some(list) => match_with_rules(list, expected_values, actual_values).map_err(|f| {
                (
                    format!("form parameter '{name}': {}", f.description),
                    f.rule,
                )
            }),
            None if expected_values == actual_values => Ok(()),
            None => Err((
                format!(
                    "expected form parameter '{name}' to be {} but was {}",
                    render(expected_values),
                    render(actual_values)
                ),
                None,
            )),
        };
        if let Err((description, rule)) = outcome {
            mismatches
                .push(mismatch(&path, expected_values, actual_values, description).rule(rule));
        }
    }
    if unexpected == UnexpectedKeys::Reject {
        for (name, actual_values) in &actual {
            if !expected.contains_key(name) {
                let path = DocPath::root().join_field(name.as_str());
                let description = format!(
                    "unexpected form parameter '{name}' with {} in {what}",
                    render(actual_values)
                );
                mismatches.push(mismatch(&path, &[], actual_values, description));
            }
        }
    }
    mismatches
}

/// Decoded parameters by name, each with its values in order.
fn parse(body: &str) -> BTreeMap<String, Vec<String>> {
    let mut parameters: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in form_urlencoded::parse(body.trim().as_bytes()) {
        parameters
            .entry(name.into_owned())
            .or_default()
            .push(value.into_owned());
    }
    parameters
}

fn mismatch(
    path: &DocPath,
    expected: &[String],
    actual: &[String],
    description: String,
) -> Mismatch {
    let given = |list: &[String]| (!list.is_empty()).then(|| values(list));
    Mismatch::described(MismatchKind::Body, path.to_string(), description)
        .expected(given(expected))
        .actual(given(actual))
}

#[cfg(test)]
mod tests {
    use crate::model::{Category, MatchingRule, MatchingRules};

    use super::*;

    fn compare(expected: &str, actual: &str, unexpected: UnexpectedKeys) -> Vec<String> {
        match_form(
            expected,
            actual,
            Rules::default(),
            unexpected,
            "request body",
        )
        .into_iter()
        .map(|m| m.message())
        .collect()
    }

    #[test]
    fn plus_and_percent_twenty_are_both_a_space() {
        let messages = compare(
            "q=CreatedAt+desc&b=2",
            "b=2&q=CreatedAt%20desc",
            UnexpectedKeys::Reject,
        );
        assert!(messages.is_empty(), "{messages:?}");
    }

    #[test]
    fn an_encoded_plus_is_a_plus_and_differs_from_a_space() {
        let messages = compare("q=a+b", "q=a%2Bb", UnexpectedKeys::Reject);
        assert_eq!(
            messages,
            [r#"$.q: expected form parameter 'q' to be ["a b"] but was ["a+b"]"#]
        );
    }

    #[test]
    fn repeated_values_keep_their_order() {
        assert!(compare("a=1&a=2", "a=1&a=2", UnexpectedKeys::Reject).is_empty());
        assert_eq!(
            compare("a=1&a=2", "a=2&a=1", UnexpectedKeys::Reject).len(),
            1
        );
    }

    #[test]
    fn a_different_value_is_reported_by_name() {
        let messages = compare("a=1&b=2&c=3&d=4", "a=1&b=2&c=33&d=4", UnexpectedKeys::Allow);
        assert_eq!(
            messages,
            [r#"$.c: expected form parameter 'c' to be ["3"] but was ["33"]"#]
        );
    }

    #[test]
    fn missing_parameters_always_fail_and_unexpected_ones_only_requests() {
        assert_eq!(
            compare("a=1&b=2", "a=1", UnexpectedKeys::Allow),
            [r#"$.b: expected form parameter 'b' with ["2"] but it was missing"#]
        );
        assert!(compare("a=1", "a=1&z=9", UnexpectedKeys::Allow).is_empty());
        assert_eq!(
            compare("a=1", "a=1&z=9", UnexpectedKeys::Reject),
            [r#"$.z: unexpected form parameter 'z' with ["9"] in request body"#]
        );
    }

    #[test]
    fn rules_from_the_body_category_apply_to_each_value() {
        let mut rules = MatchingRules::new();
        let path = DocPath::root().join_field("id");
        rules.add(Category::Body, path, MatchingRule::Regex(r"\d+".into()));
        let compare = |actual: &str| {
            match_form(
                "id=1",
                actual,
                Rules::new(rules.category(Category::Body)),
                UnexpectedKeys::Reject,
                "request body",
            )
        };
        assert!(compare("id=42").is_empty());
        assert_eq!(
            compare("id=x")[0].message(),
            r#"$.id: form parameter 'id': expected a value matching /\d+/, found "x""#
        );
    }
}
