use serde_json::json;

use crate::model::{Category, DocPath, MatchingRule, MatchingRules};

use super::*;

fn rules(entries: &[(&str, MatchingRule)]) -> MatchingRules {
    let mut rules = MatchingRules::new();
    for (path, rule) in entries {
        let path: DocPath = path.parse().expect("valid path");
        rules.add(Category::Body, path, rule.clone());
    }
    rules
}

fn request(expected: Value, actual: Value, rules: &MatchingRules) -> Vec<String> {
    let found = match_json(
        &expected,
        &actual,
        Rules::new(rules.category(Category::Body)),
        UnexpectedKeys::Reject,
        "request body",
    );
    found.into_iter().map(|m| m.message()).collect()
}

fn response(expected: Value, actual: Value, rules: &MatchingRules) -> Vec<String> {
    let found = match_json(
        &expected,
        &actual,
        Rules::new(rules.category(Category::Body)),
        UnexpectedKeys::Allow,
        "response body",
    );
    found.into_iter().map(|m| m.message()).collect()
}

#[test]
fn a_different_value_is_reported_at_its_path() {
    let found = response(
        json!({"items": [{"id": 1}, {"id": 2}, {"id": 3}]}),
        json!({"items": [{"id": 1}, {"id": 2}, {"id": 4}]}),
        &MatchingRules::new(),
    );
    assert_eq!(found, vec!["$.items[2].id: expected 3, found 4"]);
}

#[test]
fn a_regex_mismatch_quotes_the_pattern_and_the_value() {
    let rules = rules(&[("$.born", MatchingRule::Regex(r"^\d{4}$".into()))]);
    let found = response(
        json!({"born": "2000"}),
        json!({"born": "01/01/2000"}),
        &rules,
    );
    assert_eq!(
        found,
        vec![r#"$.born: expected a value matching /^\d{4}$/, found "01/01/2000""#]
    );
}

#[test]
fn requests_reject_unexpected_keys_and_responses_allow_them() {
    let none = MatchingRules::new();
    let found = request(json!({"a": 1}), json!({"a": 1, "foo": null}), &none);
    assert_eq!(
        found,
        vec![r#"$.foo: unexpected key "foo" in request body"#]
    );
    assert!(response(json!({"a": 1}), json!({"a": 1, "foo": null}), &none).is_empty());
}

#[test]
fn an_empty_expected_object_accepts_any_object_in_a_response_only() {
    // FC-04
    let none = MatchingRules::new();
    assert!(response(json!({}), json!({"foo": "bar"}), &none).is_empty());
    let found = request(json!({}), json!({"foo": "bar"}), &none);
    assert_eq!(
        found,
        vec![r#"$.foo: unexpected key "foo" in request body"#]
    );
}

#[test]
fn missing_keys_and_array_length_differences_are_reported() {
    let none = MatchingRules::new();
    let found = response(json!({"a": 1, "b": [1, 2]}), json!({"b": [1, 2, 3]}), &none);
    assert_eq!(
        found,
        vec![
            r#"$.a: missing key "a" (expected 1); expected an object with keys [a, b], found keys [b]"#,
            "$.b[2]: unexpected array element 3 (expected 2 items, found 3)",
        ]
    );
    let found = response(json!([1, 2]), json!([1]), &none);
    assert_eq!(
        found,
        vec!["$[1]: missing array element 2 (expected 2 items, found 1)"]
    );
}

#[test]
fn numbers_compare_by_value_without_a_rule() {
    // FC-03: 10.0 written by one side, 10 by the other.
    let none = MatchingRules::new();
    assert!(response(json!({"value": 10.0}), json!({"value": 10}), &none).is_empty());
}

#[test]
fn integer_and_decimal_rules_follow_the_documented_decision() {
    // FC-03
    let integer = rules(&[("$.value", MatchingRule::Integer)]);
    let found = response(json!({"value": 10}), json!({"value": 10.5}), &integer);
    assert_eq!(found, vec!["$.value: expected an integer, found 10.5"]);
    let decimal = rules(&[("$.value", MatchingRule::Decimal)]);
    assert!(response(json!({"value": 10.0}), json!({"value": 10.25}), &decimal).is_empty());
    let found = response(json!({"value": 10.0}), json!({"value": 10}), &decimal);
    assert_eq!(found, vec!["$.value: expected a decimal number, found 10"]);
}

#[test]
fn a_rule_on_a_quoted_key_with_a_dot_applies_to_that_key() {
    // FC-05 case 1
    let rules = rules(&[("$['@odata.context']", MatchingRule::Type)]);
    let found = response(
        json!({"@odata.context": "http://host-a/$metadata#E", "x": 1}),
        json!({"@odata.context": "http://host-b/$metadata#E", "x": 1}),
        &rules,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_min_type_rule_checks_each_element_against_the_first_example() {
    let rules = rules(&[("$.animals", MatchingRule::MinType(1))]);
    let expected = json!({"animals": [{"name": "Fred"}]});
    assert!(
        response(
            expected.clone(),
            json!({"animals": [{"name": "Mary"}, {"name": "Jo"}]}),
            &rules
        )
        .is_empty()
    );
    let found = response(
        expected.clone(),
        json!({"animals": [{"name": "Mary"}, {"name": 1}]}),
        &rules,
    );
    assert_eq!(
        found,
        vec![r#"$.animals[1].name: expected a string (like "Fred"), found a number 1"#]
    );
    let found = response(expected, json!({"animals": []}), &rules);
    assert_eq!(
        found,
        vec!["$.animals: expected an array with at least 1 item (min = 1), found 0"]
    );
}

#[test]
fn a_type_rule_cascades_until_an_equality_rule() {
    let rules = rules(&[
        ("$.user", MatchingRule::Type),
        ("$.user.kind", MatchingRule::Equality),
    ]);
    let expected = json!({"user": {"name": "Mary", "address": {"city": "Perth"}, "kind": "admin"}});
    let ok = json!({"user": {"name": "Fred", "address": {"city": "Oslo"}, "kind": "admin"}});
    assert!(response(expected.clone(), ok, &rules).is_empty());
    let wrong = json!({"user": {"name": "Fred", "address": {"city": "Oslo"}, "kind": "guest"}});
    assert_eq!(
        response(expected, wrong, &rules),
        vec![r#"$.user.kind: expected "admin" (equality), found "guest""#]
    );
}

#[test]
fn without_a_rule_on_the_array_arrays_compare_by_index() {
    let rules = rules(&[("$.dates[*]", MatchingRule::Type)]);
    let found = response(json!({"dates": [10]}), json!({"dates": [20, 5]}), &rules);
    assert_eq!(
        found,
        vec!["$.dates[1]: unexpected array element 5 (expected 1 item, found 2)"]
    );
}

#[test]
fn a_values_rule_ignores_keys_and_checks_each_value() {
    let rules = rules(&[
        ("$.scores", MatchingRule::Values),
        ("$.scores.*", MatchingRule::Type),
    ]);
    let expected = json!({"scores": {"mary": 3}});
    assert!(
        request(
            expected.clone(),
            json!({"scores": {"fred": 4, "jo": 5}}),
            &rules
        )
        .is_empty()
    );
    let found = request(expected, json!({"scores": {"fred": "4"}}), &rules);
    assert_eq!(
        found,
        vec![r#"$.scores.fred: expected a number (like 3), found a string "4""#]
    );
}

#[test]
fn a_rule_out_of_place_is_a_mismatch_not_a_pass() {
    let status = MatchingRule::StatusCode(crate::model::StatusClass::Success);
    let rules = rules(&[("$.code", status)]);
    let found = response(json!({"code": 200}), json!({"code": 200}), &rules);
    assert_eq!(
        found,
        vec!["$.code: matcher statusCode is not supported yet"]
    );
}

#[test]
fn a_date_rule_with_an_invalid_format_never_passes() {
    let rules = rules(&[("$.when", MatchingRule::Time(Some("HH:mm:ss.fff".into())))]);
    let found = response(
        json!({"when": "x"}),
        json!({"when": "01:37:52.261"}),
        &rules,
    );
    assert_eq!(
        found,
        vec![
            r#"$.when: invalid date format "HH:mm:ss.fff": unknown pattern letter 'f' at position 9"#
        ]
    );
}

#[test]
fn an_or_list_passes_when_one_rule_passes() {
    let mut all = MatchingRules::new();
    all.set(
        Category::Body,
        "$.id".parse().expect("valid path"),
        RuleList {
            rules: vec![MatchingRule::Integer, MatchingRule::Null],
            combine: crate::model::Combine::Or,
        },
    );
    assert!(response(json!({"id": 1}), json!({"id": null}), &all).is_empty());
    assert_eq!(
        response(json!({"id": 1}), json!({"id": "x"}), &all).len(),
        1
    );
}

#[test]
fn the_boolean_rule_takes_booleans_and_the_strings_true_and_false_as_the_spec_says() {
    let rules = rules(&[("$.on", MatchingRule::Boolean)]);
    for actual in [json!(true), json!(false), json!("true"), json!("false")] {
        assert_eq!(
            response(json!({"on": true}), json!({"on": actual}), &rules),
            Vec::<String>::new(),
            "{actual}"
        );
    }
    for (actual, message) in [
        (json!("TRUE"), r#"$.on: expected a boolean, found "TRUE""#),
        (json!("yes"), r#"$.on: expected a boolean, found "yes""#),
        (json!(1), "$.on: expected a boolean, found 1"),
        (json!(null), "$.on: expected a boolean, found null"),
    ] {
        assert_eq!(
            response(json!({"on": true}), json!({"on": actual}), &rules),
            [message]
        );
    }
}

/// Issue 11, D7: a large value is shown cut, with its size, in mismatch lines; the body
/// diff shows it once.
#[test]
fn large_values_are_cut_with_their_size_in_mismatch_lines() {
    let big = "x".repeat(3_000_000);
    let big_len = big.len() + 2; // its JSON text has quotes
    let many: Vec<u32> = (0..100_000).collect();
    let cases = [
        // A missing key whose expected value is large.
        (json!({"pad": big}), json!({})),
        // A value of another type, large on the expected side.
        (json!({"pad": big}), json!({"pad": 1})),
        // Large on the actual side.
        (json!({"pad": 1}), json!({"pad": big})),
        // A large array, expected equal.
        (json!({"ids": many}), json!({"ids": "none"})),
    ];
    for (expected, actual) in cases {
        let found = response(expected.clone(), actual.clone(), &MatchingRules::new());

        assert_eq!(found.len(), 1, "{found:?}");
        let line = &found[0];
        assert!(line.len() < 2 * RENDER_LIMIT + 200, "{} bytes", line.len());
        assert!(line.contains(" bytes in all)"), "{}", &line[..200]);
    }
    let found = response(json!({"pad": big}), json!({}), &MatchingRules::new());
    assert!(found[0].contains(&format!("… ({big_len} bytes in all));")));

    let mismatches = match_json(
        &json!({"pad": big}),
        &json!({"pad": 1}),
        Rules::new(None),
        UnexpectedKeys::Allow,
        "response body",
    );
    let diff = crate::matching::diff::mismatch_diff(
        &crate::model::Body::json(json!({"pad": big})),
        &crate::model::Body::json(json!({"pad": 1})),
        &mismatches,
    )
    .expect("a diff");
    assert_eq!(diff.matches(&big).count(), 1);
}

#[test]
fn small_values_and_multibyte_text_are_shown_whole_or_cut_on_a_character() {
    assert_eq!(render(&json!({"a": [1, "b"]})), r#"{"a":[1,"b"]}"#);
    let at_limit = "y".repeat(RENDER_LIMIT - 2);
    assert_eq!(render(&json!(at_limit)), format!("\"{at_limit}\""));
    let over = "é".repeat(RENDER_LIMIT);
    let shown = render(&json!(over));
    assert!(shown.starts_with("\"éé"));
    assert!(shown.ends_with(&format!("… ({} bytes in all)", 2 * RENDER_LIMIT + 2)));
    assert!(
        !shown.contains('\u{fffd}'),
        "cut inside a character: {shown}"
    );
}
