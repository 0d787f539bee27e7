//! Applying one [`MatchingRule`] (or a combined [`RuleList`]) to one value.
//!
//! Everything here judges a single node: the walk over objects and arrays lives in
//! `json`. Values from headers, query parameters and the path arrive as JSON strings with
//! [`Source::Text`], so number-like rules parse them instead of asking for JSON numbers.
//!
//! Decisions recorded here (field case FC-03):
//! - Without a rule, numbers compare numerically: `10.0` equals `10`.
//! - `integer` accepts only numbers written without a fraction or exponent, so `10.5` and
//!   `10.0` are "expected an integer".
//! - `decimal` accepts only numbers written as floats (`10.25`, `10.0`, `1e3`): a literal
//!   `10` is "expected a decimal number". The rule exists to say "this field is a float";
//!   a writer that drops the fraction of a float cannot be told apart from one that sends an
//!   integer, and accepting both would make `decimal` mean `number`.
//! - `boolean` accepts the strings `"true"` and `"false"` in a body too, as the
//!   specification's matchers table says and the official verifier does.
//!
//! Dates and times are read in `dates`, regexes compiled (and cached) in `regexes`; the
//! V4 collection matchers are applied by `collections` in a walk, and here only one level
//! deep, for values that are not walked (headers, query parameters, metadata).

use serde_json::Value;

use crate::model::{Combine, DocPath, MatchingRule, RuleList};

use super::containers::{children, example_at, missing_example, not_found, wrong_container};
use super::dates::{DateKind, match_date_time};
use super::regexes;
use super::value_text::{kind_name, render};

/// Where a value came from: a JSON body, or text (header, query, path) held as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A JSON document: numbers must be JSON numbers.
    Body,
    /// A header, query or path value: number-like rules parse the string.
    Text,
}

/// A rule list's failure: the rule that failed (`None` when several OR-ed rules all
/// failed) and what was wrong, without the location.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleFailure {
    pub(crate) rule: Option<MatchingRule>,
    pub(crate) description: String,
}

impl std::fmt::Display for RuleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

/// Applies every rule of `list` (AND or OR) to `actual`, with `expected` as the example.
pub(crate) fn apply_list(
    list: &RuleList,
    expected: &Value,
    actual: &Value,
    source: Source,
) -> Result<(), RuleFailure> {
    let mut failures = Vec::new();
    for rule in &list.rules {
        match apply_rule(rule, expected, actual, source) {
            Ok(()) if list.combine == Combine::Or => return Ok(()),
            Ok(()) => {}
            Err(description) if list.combine == Combine::And => {
                return Err(RuleFailure {
                    rule: Some(rule.clone()),
                    description,
                });
            }
            Err(description) => failures.push((rule, description)),
        }
    }
    match failures.as_slice() {
        [] => Ok(()),
        [(rule, description)] => Err(RuleFailure {
            rule: Some((*rule).clone()),
            description: description.clone(),
        }),
        several => Err(RuleFailure {
            rule: None,
            description: several
                .iter()
                .map(|(_, description)| description.as_str())
                .collect::<Vec<_>>()
                .join(", or "),
        }),
    }
}

/// Applies one rule. Array length limits of `min`/`max` rules are checked here; the
/// elements themselves are the walk's business.
pub(crate) fn apply_rule(
    rule: &MatchingRule,
    expected: &Value,
    actual: &Value,
    source: Source,
) -> Result<(), String> {
    match rule {
        MatchingRule::Equality => {
            if json_equal(expected, actual) {
                Ok(())
            } else {
                Err(format!(
                    "expected {} (equality), found {}",
                    render(expected),
                    render(actual)
                ))
            }
        }
        MatchingRule::Regex(pattern) => regex_match(pattern, actual),
        MatchingRule::Type => same_type(expected, actual),
        MatchingRule::MinType(min) => {
            same_type(expected, actual)?;
            check_length(actual, Some(*min), None)
        }
        MatchingRule::MaxType(max) => {
            same_type(expected, actual)?;
            check_length(actual, None, Some(*max))
        }
        MatchingRule::MinMaxType { min, max } => {
            same_type(expected, actual)?;
            check_length(actual, Some(*min), Some(*max))
        }
        MatchingRule::Integer => expect_kind(is_integer(actual, source), "an integer", actual),
        MatchingRule::Decimal => {
            expect_kind(is_decimal(actual, source), "a decimal number", actual)
        }
        MatchingRule::Number => expect_kind(is_number(actual, source), "a number", actual),
        MatchingRule::Boolean => expect_kind(is_boolean(actual, source), "a boolean", actual),
        MatchingRule::Null => expect_kind(actual.is_null(), "null", actual),
        MatchingRule::Include(text) => match scalar_text(actual) {
            Some(value) if value.contains(text.as_str()) => Ok(()),
            _ => Err(format!(
                "expected a value that includes {}, found {}",
                render(&Value::String(text.clone())),
                render(actual)
            )),
        },
        // Keys are ignored: the walk compares each value; here only the shape is checked.
        MatchingRule::Values => same_type(expected, actual),
        MatchingRule::NotEmpty => {
            same_type(expected, actual)?;
            let empty = match actual {
                Value::Null => true,
                Value::String(s) => s.is_empty(),
                Value::Array(a) => a.is_empty(),
                Value::Object(o) => o.is_empty(),
                Value::Bool(_) | Value::Number(_) => false,
            };
            if empty {
                Err(format!(
                    "expected a non-empty value, found {}",
                    render(actual)
                ))
            } else {
                Ok(())
            }
        }
        MatchingRule::Date(format) => match_date_time(DateKind::Date, format.as_deref(), actual),
        MatchingRule::Time(format) => match_date_time(DateKind::Time, format.as_deref(), actual),
        MatchingRule::Timestamp(format) => {
            match_date_time(DateKind::Timestamp, format.as_deref(), actual)
        }
        MatchingRule::ArrayContains(_) | MatchingRule::EachKey(_) | MatchingRule::EachValue(_) => {
            apply_shallow(rule, expected, actual, source)
        }
        MatchingRule::Semver => match actual {
            Value::String(s) if is_semver(s) => Ok(()),
            _ => Err(format!(
                "expected a semantic version (like 1.2.3), found {}",
                render(actual)
            )),
        },
        // The status code rule is applied by the status matcher; anywhere else it is a
        // rule in the wrong place, which must not pass silently.
        other => Err(format!("matcher {} is not supported yet", rule_name(other))),
    }
}

/// A collection rule outside a JSON walk (a header, query or metadata value): the same
/// checks, one level deep, with plain equality where the walk would descend.
pub(crate) fn apply_shallow(
    rule: &MatchingRule,
    expected: &Value,
    actual: &Value,
    source: Source,
) -> Result<(), String> {
    match (rule, actual) {
        (MatchingRule::EachKey(rules), Value::Object(map)) => {
            for key in map.keys() {
                let key = Value::String(key.clone());
                for rule in rules {
                    apply_rule(rule, &key, &key, Source::Text)
                        .map_err(|d| format!("key {}: {d}", render(&key)))?;
                }
            }
            Ok(())
        }
        (MatchingRule::EachValue(rules), Value::Object(_) | Value::Array(_)) => {
            for value in children(actual) {
                for rule in rules {
                    apply_rule(rule, value, value, source)?;
                }
            }
            Ok(())
        }
        (MatchingRule::ArrayContains(variants), Value::Array(items)) => {
            for variant in variants {
                let Some(example) = example_at(expected, variant.index) else {
                    return Err(missing_example(variant, expected));
                };
                let own = variant.rules.get(&DocPath::root());
                let found = items.iter().any(|item| match own {
                    Some(list) => list
                        .rules
                        .iter()
                        .all(|r| apply_rule(r, example, item, source).is_ok()),
                    None => json_equal(example, item),
                });
                if !found {
                    return Err(not_found(variant.index, example));
                }
            }
            Ok(())
        }
        _ => Err(wrong_container(rule, actual)),
    }
}

/// The name a pact file gives `rule` (`"type"`, `"regex"`, …), for messages.
pub(crate) fn rule_name(rule: &MatchingRule) -> &'static str {
    match rule {
        MatchingRule::Equality => "equality",
        MatchingRule::Regex(_) => "regex",
        MatchingRule::Type => "type",
        MatchingRule::MinType(_) => "min",
        MatchingRule::MaxType(_) => "max",
        MatchingRule::MinMaxType { .. } => "minmax",
        MatchingRule::Integer => "integer",
        MatchingRule::Decimal => "decimal",
        MatchingRule::Number => "number",
        MatchingRule::Boolean => "boolean",
        MatchingRule::Date(_) => "date",
        MatchingRule::Time(_) => "time",
        MatchingRule::Timestamp(_) => "timestamp",
        MatchingRule::Include(_) => "include",
        MatchingRule::Null => "null",
        MatchingRule::Values => "values",
        MatchingRule::ContentType(_) => "contentType",
        MatchingRule::ArrayContains(_) => "arrayContains",
        MatchingRule::EachKey(_) => "eachKey",
        MatchingRule::EachValue(_) => "eachValue",
        MatchingRule::NotEmpty => "notEmpty",
        MatchingRule::Semver => "semver",
        MatchingRule::StatusCode(_) => "statusCode",
    }
}

/// JSON equality where numbers compare by value (`10.0 == 10`).
pub(crate) fn json_equal(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => numbers_equal(e, a),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(e, a)| json_equal(e, a))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, ev)| a.get(k).is_some_and(|av| json_equal(ev, av)))
        }
        _ => expected == actual,
    }
}

fn numbers_equal(e: &serde_json::Number, a: &serde_json::Number) -> bool {
    if let (Some(x), Some(y)) = (e.as_i64(), a.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (e.as_u64(), a.as_u64()) {
        return x == y;
    }
    match (e.as_f64(), a.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn same_type(expected: &Value, actual: &Value) -> Result<(), String> {
    if std::mem::discriminant(expected) == std::mem::discriminant(actual) {
        Ok(())
    } else {
        Err(format!(
            "expected {} (like {}), found {} {}",
            kind_name(expected),
            render(expected),
            kind_name(actual),
            render(actual)
        ))
    }
}

fn check_length(actual: &Value, min: Option<usize>, max: Option<usize>) -> Result<(), String> {
    let Value::Array(items) = actual else {
        return Ok(());
    };
    let len = items.len();
    let plural = |n: usize| if n == 1 { "item" } else { "items" };
    if let Some(min) = min.filter(|min| len < *min) {
        return Err(format!(
            "expected an array with at least {min} {} (min = {min}), found {len}",
            plural(min)
        ));
    }
    if let Some(max) = max.filter(|max| len > *max) {
        return Err(format!(
            "expected an array with at most {max} {} (max = {max}), found {len}",
            plural(max)
        ));
    }
    Ok(())
}

fn expect_kind(ok: bool, what: &str, actual: &Value) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("expected {what}, found {}", render(actual)))
    }
}

fn is_integer(actual: &Value, source: Source) -> bool {
    match (actual, source) {
        (Value::Number(n), _) => n.is_i64() || n.is_u64(),
        (Value::String(s), Source::Text) => s.parse::<i64>().is_ok() || s.parse::<u64>().is_ok(),
        _ => false,
    }
}

fn is_decimal(actual: &Value, source: Source) -> bool {
    match (actual, source) {
        (Value::Number(n), _) => n.is_f64(),
        (Value::String(s), Source::Text) => {
            s.contains(['.', 'e', 'E']) && s.parse::<f64>().is_ok_and(f64::is_finite)
        }
        _ => false,
    }
}

fn is_number(actual: &Value, source: Source) -> bool {
    match (actual, source) {
        (Value::Number(_), _) => true,
        (Value::String(s), Source::Text) => s.parse::<f64>().is_ok_and(f64::is_finite),
        _ => false,
    }
}

/// The specification (V3 and V4 matchers tables): "Match if the value is a boolean value
/// (booleans and the string values `true` and `false`)", in a body as anywhere else.
fn is_boolean(actual: &Value, _source: Source) -> bool {
    match actual {
        Value::Bool(_) => true,
        Value::String(s) => s == "true" || s == "false",
        _ => false,
    }
}

/// The text a regex or include rule sees: strings as they are, numbers and booleans in
/// their JSON form; containers and null have none.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Matches `pattern` against the whole value (anchored; see `regexes`).
pub(crate) fn regex_match(pattern: &str, actual: &Value) -> Result<(), String> {
    let text = scalar_text(actual);
    // An invalid pattern is reported even for a value a regex could never match.
    let matched = regexes::full_match(pattern, text.as_deref().unwrap_or_default())?;
    if matched && text.is_some() {
        Ok(())
    } else {
        Err(format!(
            "expected a value matching /{pattern}/, found {}",
            render(actual)
        ))
    }
}

fn is_semver(text: &str) -> bool {
    // SemVer 2.0.0: MAJOR.MINOR.PATCH, optional -prerelease and +build.
    const PATTERN: &str = r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?";
    regexes::full_match(PATTERN, text).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn one(rule: MatchingRule, expected: Value, actual: Value) -> Result<(), String> {
        apply_rule(&rule, &expected, &actual, Source::Body)
    }

    #[test]
    fn numbers_written_differently_are_equal_without_a_rule() {
        assert!(json_equal(&json!(10.0), &json!(10)));
        assert!(json_equal(&json!({"a": [1.0]}), &json!({"a": [1]})));
        assert!(!json_equal(&json!(10), &json!(10.5)));
        assert!(!json_equal(&json!(10), &json!("10")));
    }

    #[test]
    fn integer_rule_rejects_a_fraction() {
        assert!(one(MatchingRule::Integer, json!(10), json!(42)).is_ok());
        let error = one(MatchingRule::Integer, json!(10), json!(10.5)).expect_err("a mismatch");
        assert_eq!(error, "expected an integer, found 10.5");
        assert!(one(MatchingRule::Integer, json!(10), json!("10")).is_err());
    }

    #[test]
    fn decimal_rule_accepts_floats_and_rejects_a_literal_integer() {
        assert!(one(MatchingRule::Decimal, json!(10.5), json!(10.25)).is_ok());
        assert!(one(MatchingRule::Decimal, json!(10.5), json!(10.0)).is_ok());
        let error = one(MatchingRule::Decimal, json!(10.5), json!(10)).expect_err("a mismatch");
        assert_eq!(error, "expected a decimal number, found 10");
    }

    #[test]
    fn number_like_rules_parse_text_values() {
        let int = apply_rule(
            &MatchingRule::Integer,
            &json!("1"),
            &json!("42"),
            Source::Text,
        );
        assert!(int.is_ok());
        let dec = apply_rule(
            &MatchingRule::Decimal,
            &json!("1"),
            &json!("4.2"),
            Source::Text,
        );
        assert!(dec.is_ok());
        let boolean = apply_rule(
            &MatchingRule::Boolean,
            &json!("1"),
            &json!("yes"),
            Source::Text,
        );
        assert!(boolean.is_err());
    }

    #[test]
    fn regex_must_match_the_whole_value() {
        let rule = MatchingRule::Regex("alligator named .{4}".into());
        assert!(one(rule.clone(), json!(""), json!("alligator named mary")).is_ok());
        let error = one(rule, json!(""), json!("alligator named brent")).expect_err("a mismatch");
        assert_eq!(
            error,
            r#"expected a value matching /alligator named .{4}/, found "alligator named brent""#
        );
    }

    #[test]
    fn regex_applies_to_the_text_of_numbers() {
        assert!(one(MatchingRule::Regex("[0-9]".into()), json!(4), json!(7)).is_ok());
    }

    #[test]
    fn invalid_regex_is_a_mismatch_quoting_the_pattern() {
        let error = one(
            MatchingRule::Regex("(unclosed".into()),
            json!(""),
            json!("x"),
        )
        .expect_err("a mismatch");
        assert!(
            error.starts_with("invalid regular expression /(unclosed/"),
            "{error}"
        );
    }

    #[test]
    fn type_rule_compares_kinds_and_min_checks_length() {
        assert!(one(MatchingRule::Type, json!("a"), json!("b")).is_ok());
        assert!(one(MatchingRule::Type, json!(1), json!(2.5)).is_ok());
        assert_eq!(
            one(MatchingRule::Type, json!(4), json!("4")).expect_err("a mismatch"),
            r#"expected a number (like 4), found a string "4""#
        );
        assert_eq!(
            one(MatchingRule::MinType(1), json!([1]), json!([])).expect_err("a mismatch"),
            "expected an array with at least 1 item (min = 1), found 0"
        );
        assert!(one(MatchingRule::MaxType(2), json!([1]), json!([1, 2, 3])).is_err());
        let minmax = MatchingRule::MinMaxType { min: 1, max: 2 };
        assert!(one(minmax, json!([1]), json!([1, 2])).is_ok());
    }

    #[test]
    fn or_passes_when_any_rule_passes() {
        let list = RuleList {
            rules: vec![MatchingRule::Integer, MatchingRule::Null],
            combine: Combine::Or,
        };
        assert!(apply_list(&list, &json!(1), &json!(null), Source::Body).is_ok());
        let error =
            apply_list(&list, &json!(1), &json!("x"), Source::Body).expect_err("a mismatch");
        assert_eq!(error.rule, None);
        assert_eq!(
            error.description,
            r#"expected an integer, found "x", or expected null, found "x""#
        );
    }

    #[test]
    fn and_fails_when_any_rule_fails() {
        let list = RuleList {
            rules: vec![MatchingRule::Type, MatchingRule::Regex("a+".into())],
            combine: Combine::And,
        };
        assert!(apply_list(&list, &json!("a"), &json!("aaa"), Source::Body).is_ok());
        assert!(apply_list(&list, &json!("a"), &json!("b"), Source::Body).is_err());
    }

    #[test]
    fn cheap_matchers_work() {
        assert!(one(MatchingRule::Null, json!(null), json!(null)).is_ok());
        assert!(
            one(
                MatchingRule::Include("ll".into()),
                json!(""),
                json!("hello")
            )
            .is_ok()
        );
        assert!(one(MatchingRule::Include("x".into()), json!(""), json!("hello")).is_err());
        assert!(one(MatchingRule::NotEmpty, json!("a"), json!("")).is_err());
        assert!(one(MatchingRule::NotEmpty, json!([1]), json!([2])).is_ok());
        assert!(one(MatchingRule::Semver, json!(""), json!("1.2.3-beta.1+b5")).is_ok());
        assert!(one(MatchingRule::Semver, json!(""), json!("1.2")).is_err());
    }

    #[test]
    fn rules_out_of_place_never_pass_silently() {
        let rule = MatchingRule::StatusCode(crate::model::StatusClass::Success);
        let error = one(rule, json!(200), json!(200)).expect_err("a mismatch");
        assert_eq!(error, "matcher statusCode is not supported yet");
    }

    #[test]
    fn date_rules_read_java_patterns() {
        let date = MatchingRule::Date(Some("yyyy-MM-dd".into()));
        assert!(one(date.clone(), json!(""), json!("2024-02-29")).is_ok());
        assert!(one(date, json!(""), json!("2024-02-30")).is_err());
        assert!(
            one(
                MatchingRule::Timestamp(None),
                json!(""),
                json!("2024-01-01T10:00:00Z")
            )
            .is_ok()
        );
        assert!(one(MatchingRule::Time(None), json!(""), json!(12)).is_err());
    }

    #[test]
    fn collection_rules_outside_a_walk_check_one_level() {
        let each_key = MatchingRule::EachKey(vec![MatchingRule::Regex("[a-z]+".into())]);
        assert!(one(each_key.clone(), json!({}), json!({"ab": 1})).is_ok());
        assert!(one(each_key, json!({}), json!({"1": 1})).is_err());
        let each_value = MatchingRule::EachValue(vec![MatchingRule::Integer]);
        assert!(apply_rule(&each_value, &json!([]), &json!(["1", "2"]), Source::Text).is_ok());
        assert!(apply_rule(&each_value, &json!([]), &json!(["1", "x"]), Source::Text).is_err());
    }
}
