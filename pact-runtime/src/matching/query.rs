//! Query parameters: a map of decoded values (field case FC-07: `+` and `%20` were both
//! decoded to a space before the model was built, so the engine compares plain strings).
//! Parameter order does not matter; the order of a repeated parameter's values does.
//! Missing and unexpected parameters are mismatches.

use serde_json::Value;

use crate::model::{Category, MatchingRules, Query};

use super::mismatch::text;
use super::rules::{is_type_like, list_is_type_like};
use super::values::{RuleFailure, Source, apply_list, apply_rule};
use super::{Mismatch, MismatchKind, Reason};

/// Compares V1 query strings. The V1 specification matches them as strings, so parameter
/// order and a trailing `&` matter; its cases still treat an encoded and a plain `=` inside
/// a value as the same, so each `&`-separated part is compared decoded.
pub(crate) fn match_raw_query(expected: &str, actual: &str) -> Option<Mismatch> {
    fn decoded_parts(query: &str) -> Vec<(String, String)> {
        query
            .split('&')
            .map(|part| {
                let (name, value) = part.split_once('=').unwrap_or((part, ""));
                let decode = |text: &str| {
                    form_urlencoded::parse(format!("x={text}").as_bytes())
                        .next()
                        .map(|(_, v)| v.into_owned())
                        .unwrap_or_default()
                };
                (decode(name), decode(value))
            })
            .collect()
    }
    (decoded_parts(expected) != decoded_parts(actual)).then(|| {
        Mismatch::new(MismatchKind::Query, "", Reason::NotEqual)
            .expected(text(expected))
            .actual(text(actual))
    })
}

/// Compares the expected query with the actual one (`None` is an empty query).
pub(crate) fn match_query(
    expected: Option<&Query>,
    actual: Option<&Query>,
    rules: &MatchingRules,
) -> Vec<Mismatch> {
    let empty = Query::new();
    let expected = expected.unwrap_or(&empty);
    let actual = actual.unwrap_or(&empty);
    let mut mismatches = Vec::new();
    for (name, expected_values) in expected {
        let Some(actual_values) = actual.get(name) else {
            mismatches.push(
                Mismatch::new(MismatchKind::Query, name.clone(), Reason::Missing)
                    .expected(values(expected_values)),
            );
            continue;
        };
        let outcome = match rules.for_name(Category::Query, name) {
            Some(list) => match_with_rules(list, expected_values, actual_values).map_err(|f| {
                Mismatch::described(MismatchKind::Query, name.clone(), f.description).rule(f.rule)
            }),
            None if expected_values == actual_values => Ok(()),
            None => Err(Mismatch::new(
                MismatchKind::Query,
                name.clone(),
                Reason::NotEqual,
            )),
        };
        if let Err(mismatch) = outcome {
            mismatches.push(
                mismatch
                    .expected(values(expected_values))
                    .actual(values(actual_values)),
            );
        }
    }
    for (name, actual_values) in actual {
        if !expected.contains_key(name) {
            let reason = Reason::Unexpected {
                within: "query".to_owned(),
            };
            mismatches.push(
                Mismatch::new(MismatchKind::Query, name.clone(), reason)
                    .actual(values(actual_values)),
            );
        }
    }
    mismatches
}

/// Rules apply to each value (against the example at the same position, or the first);
/// type-like rules also bound how many values there may be. Without one, a parameter may
/// repeat any number of times: the rule, not the example's count, says what a value may be
/// (`?a=123&a=9999` matches a `\d{1,4}` rule on `a` with the example `a=1`, as the
/// compatibility suite's V2 repeated-parameter scenarios and the official implementation
/// have it).
pub(crate) fn match_with_rules(
    list: &crate::model::RuleList,
    expected: &[String],
    actual: &[String],
) -> Result<(), RuleFailure> {
    let as_array =
        |values: &[String]| Value::Array(values.iter().cloned().map(Value::String).collect());
    if list_is_type_like(list) {
        for rule in list.rules.iter().filter(|rule| is_type_like(rule)) {
            apply_rule(rule, &as_array(expected), &as_array(actual), Source::Text).map_err(
                |description| RuleFailure {
                    rule: Some(rule.clone()),
                    description,
                },
            )?;
        }
    }
    for (index, value) in actual.iter().enumerate() {
        let Some(example) = expected.get(index).or_else(|| expected.first()) else {
            continue;
        };
        apply_list(
            list,
            &Value::String(example.clone()),
            &Value::String(value.clone()),
            Source::Text,
        )?;
    }
    Ok(())
}

/// Values as a JSON array of strings, so an empty value and a missing one look different.
pub(crate) fn values(values: &[String]) -> Value {
    Value::Array(values.iter().cloned().map(Value::String).collect())
}

#[cfg(test)]
mod tests {
    use crate::model::{DocPath, MatchingRule};

    use super::*;

    fn query(pairs: &[(&str, &[&str])]) -> Query {
        pairs
            .iter()
            .map(|(k, vs)| {
                (
                    (*k).to_owned(),
                    vs.iter().map(|v| (*v).to_owned()).collect(),
                )
            })
            .collect()
    }

    fn compare(expected: &Query, actual: &Query) -> Vec<Mismatch> {
        match_query(Some(expected), Some(actual), &MatchingRules::new())
    }

    #[test]
    fn parameter_order_does_not_matter() {
        let expected = query(&[("alligator", &["Mary"]), ("hippo", &["John"])]);
        let actual = query(&[("hippo", &["John"]), ("alligator", &["Mary"])]);
        assert!(compare(&expected, &actual).is_empty());
    }

    #[test]
    fn repeated_values_must_keep_their_order() {
        let expected = query(&[("animal", &["alligator", "hippo"])]);
        let actual = query(&[("animal", &["hippo", "alligator"])]);
        let mismatches = compare(&expected, &actual);
        assert_eq!(
            mismatches[0].message(),
            r#"expected query parameter 'animal' to be ["alligator","hippo"] but was ["hippo","alligator"]"#
        );
    }

    #[test]
    fn missing_and_unexpected_parameters_are_mismatches() {
        let expected = query(&[("a", &["1"])]);
        let actual = query(&[("b", &["2"])]);
        let messages: Vec<String> = compare(&expected, &actual)
            .into_iter()
            .map(|m| m.message())
            .collect();
        assert_eq!(
            messages,
            vec![
                r#"expected query parameter 'a' with ["1"] but it was missing"#,
                r#"unexpected query parameter 'b' with ["2"]"#,
            ]
        );
    }

    #[test]
    fn decoded_values_are_compared_so_plus_and_percent_twenty_agree() {
        // FC-07: `CreatedAt+desc` and `CreatedAt%20desc` both decode to "CreatedAt desc";
        // a literal plus (`%2B`) decodes to "CreatedAt+desc" and differs.
        let expected = query(&[("$orderby", &["CreatedAt desc"])]);
        assert!(compare(&expected, &query(&[("$orderby", &["CreatedAt desc"])])).is_empty());
        let mismatches = compare(&expected, &query(&[("$orderby", &["CreatedAt+desc"])]));
        assert_eq!(mismatches.len(), 1);
        assert_eq!(mismatches[0].path, "$orderby");
    }

    #[test]
    fn a_regex_rule_applies_to_each_value() {
        let mut rules = MatchingRules::new();
        let path = DocPath::root().join_field("id");
        rules.add(Category::Query, path, MatchingRule::Regex(r"\d+".into()));
        let expected = query(&[("id", &["1"])]);
        assert!(match_query(Some(&expected), Some(&query(&[("id", &["42"])])), &rules).is_empty());
        let mismatches = match_query(Some(&expected), Some(&query(&[("id", &["x"])])), &rules);
        assert_eq!(
            mismatches[0].message(),
            r#"query parameter 'id': expected a value matching /\d+/, found "x""#
        );
    }

    #[test]
    fn a_min_rule_allows_more_values() {
        let mut rules = MatchingRules::new();
        let path = DocPath::root().join_field("id");
        rules.add(Category::Query, path, MatchingRule::MinType(1));
        let expected = query(&[("id", &["1"])]);
        let actual = query(&[("id", &["1", "2", "3"])]);
        assert!(match_query(Some(&expected), Some(&actual), &rules).is_empty());
        let none = query(&[("id", &[])]);
        assert_eq!(match_query(Some(&expected), Some(&none), &rules).len(), 1);
    }

    #[test]
    fn a_repeated_parameter_matches_a_regex_rule_whatever_the_example_count() {
        let mut rules = MatchingRules::new();
        let path = DocPath::root().join_field("a");
        rules.add(
            Category::Query,
            path,
            MatchingRule::Regex(r"\d{1,4}".into()),
        );
        let expected = query(&[("a", &["1"])]);
        for values in [&["123", "9999"][..], &["1", "2", "3"], &["7"]] {
            let actual = query(&[("a", values)]);
            assert!(
                match_query(Some(&expected), Some(&actual), &rules).is_empty(),
                "{values:?}"
            );
        }
        let actual = query(&[("a", &["123", "9999X"])]);
        let mismatches = match_query(Some(&expected), Some(&actual), &rules);
        assert_eq!(mismatches.len(), 1);
        assert!(
            mismatches[0].message().contains("9999X"),
            "{}",
            mismatches[0].message()
        );
    }

    #[test]
    fn without_a_rule_a_repeated_parameter_still_needs_the_same_values() {
        let expected = query(&[("a", &["1"])]);
        let actual = query(&[("a", &["1", "1"])]);
        assert_eq!(compare(&expected, &actual).len(), 1);
    }
}
