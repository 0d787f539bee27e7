use crate::model::{DocPath, MatchingRule};

use super::*;

fn headers(pairs: &[(&str, &[&str])]) -> Headers {
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

fn compare(expected: &[(&str, &[&str])], actual: &[(&str, &[&str])]) -> Vec<String> {
    match_headers(&headers(expected), &headers(actual), &MatchingRules::new())
        .into_iter()
        .map(|m| m.message())
        .collect()
}

#[test]
fn names_compare_without_case_and_values_with_case() {
    assert!(
        compare(
            &[("Accept", &["alligators"])],
            &[("ACCEPT", &["alligators"])]
        )
        .is_empty()
    );
    assert_eq!(
        compare(&[("Type", &["alligators"])], &[("Type", &["Alligators"])]),
        vec!["expected header 'Type' to be 'alligators' but was 'Alligators'"]
    );
}

#[test]
fn a_missing_header_is_reported_and_extra_headers_are_allowed() {
    assert_eq!(
        compare(&[("Accept", &["application/json"])], &[("Other", &["x"])]),
        vec!["expected header 'Accept' with value 'application/json' but it was missing"]
    );
}

#[test]
fn a_custom_header_with_commas_is_compared_whole() {
    // FC-01
    let value = r#"{"id":"abc-1","note":"a, b"}"#;
    assert!(compare(&[("X-Context", &[value])], &[("X-Context", &[value])]).is_empty());
    let found = compare(
        &[("X-Context", &[value])],
        &[("X-Context", &[r#"{"id":"abc-1"}"#])],
    );
    assert_eq!(
        found,
        vec![format!(
            "expected header 'X-Context' to be '{value}' but was '{{\"id\":\"abc-1\"}}'"
        )]
    );
}

#[test]
fn a_list_header_ignores_whitespace_after_commas_and_repeated_lines() {
    // FC-02
    let expected: &[(&str, &[&str])] = &[(
        "Access-Control-Expose-Headers",
        &["Content-Length, Content-Type, Expires"],
    )];
    let one_line: &[(&str, &[&str])] = &[(
        "Access-Control-Expose-Headers",
        &["Content-Length,Content-Type,Expires"],
    )];
    let lines: &[(&str, &[&str])] = &[(
        "access-control-expose-headers",
        &["Content-Length", "Content-Type", "Expires"],
    )];
    let reordered: &[(&str, &[&str])] = &[(
        "Access-Control-Expose-Headers",
        &["Content-Type, Content-Length, Expires"],
    )];
    assert!(compare(expected, one_line).is_empty());
    assert!(compare(expected, lines).is_empty());
    assert_eq!(compare(expected, reordered).len(), 1);
}

#[test]
fn list_order_matters() {
    let found = compare(
        &[("Accept", &["alligators, hippos"])],
        &[("Accept", &["hippos, alligators"])],
    );
    assert_eq!(found.len(), 1);
}

#[test]
fn content_type_compares_essence_and_parameters_in_any_order() {
    let expected = "Text/x-Okie; charset=iso-8859-1;\n    declaration=\"<950118.AEB0@XIson.com>\"";
    let actual = "text/x-okie; declaration=\"<950118.AEB0@XIson.com>\";\n    charset=ISO-8859-1";
    assert!(
        compare(
            &[("Content-Type", &[expected])],
            &[("content-type", &[actual])]
        )
        .is_empty()
    );
}

#[test]
fn content_type_may_carry_extra_parameters_but_not_different_ones() {
    let json: &[(&str, &[&str])] = &[("Content-Type", &["application/json"])];
    let utf8: &[(&str, &[&str])] = &[("Content-Type", &["application/json; charset=UTF-8"])];
    let utf16: &[(&str, &[&str])] = &[("Content-Type", &["application/json; charset=UTF-16"])];
    assert!(compare(json, utf8).is_empty());
    assert_eq!(compare(utf16, utf8).len(), 1);
    assert_eq!(compare(utf8, json).len(), 1);
}

#[test]
fn accept_elements_compare_as_media_types() {
    let found = compare(
        &[("Accept", &["application/json;charset=utf-8"])],
        &[("Accept", &["application/json; charset=UTF-8"])],
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_actual_weight_the_expectation_does_not_state_is_ignored() {
    for (name, expected, actual) in [
        (
            "Accept",
            "text/html, application/xml, */*",
            "text/html, application/xml;q=0.9, */*;q=0.8",
        ),
        ("Accept-Encoding", "gzip, br", "gzip;q=1.0, br; q=0.5"),
        ("Accept-Language", "en-GB, fr", "en-GB, fr;q=0.7"),
        (
            "Accept",
            "application/json;charset=utf-8",
            "application/json;q=0.5;charset=UTF-8",
        ),
    ] {
        let found = compare(&[(name, &[expected])], &[(name, &[actual])]);
        assert!(found.is_empty(), "{name}: {expected} / {actual}: {found:?}");
    }
}

#[test]
fn a_stated_weight_other_parameters_and_the_elements_themselves_still_count() {
    for (name, expected, actual) in [
        // a weight the expectation states must be the same
        ("Accept", "application/xml;q=0.9", "application/xml;q=0.8"),
        ("Accept-Encoding", "gzip;q=0.5", "gzip"),
        // a missing element is not hidden by the weights of the others
        (
            "Accept",
            "text/html, application/xhtml+xml, application/xml, */*",
            "text/html, application/xml;q=0.9, */*;q=0.8",
        ),
        // other parameters, with or without a value, are compared
        ("Accept", "text/plain", "text/plain;format=flowed"),
        ("Accept-Encoding", "gzip;level", "gzip;other"),
        // a weight does not make other tokens equal
        ("Accept-Language", "en-GB", "en-US;q=0.9"),
    ] {
        let found = compare(&[(name, &[expected])], &[(name, &[actual])]);
        assert_eq!(found.len(), 1, "{name}: {expected} / {actual}: {found:?}");
    }
}

#[test]
fn a_weight_in_a_header_that_is_not_a_list_is_part_of_the_value() {
    let found = compare(
        &[("X-Preference", &["fast"])],
        &[("X-Preference", &["fast;q=0.5"])],
    );
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_regex_rule_applies_to_the_whole_value() {
    let mut rules = MatchingRules::new();
    let path = DocPath::root().join_field("accept");
    rules.add(Category::Header, path, MatchingRule::Regex(r"\w+".into()));
    let expected = headers(&[("Accept", &["alligators"])]);
    assert!(match_headers(&expected, &headers(&[("Accept", &["godzilla"])]), &rules).is_empty());
    let found = match_headers(&expected, &headers(&[("Accept", &["a, b"])]), &rules);
    assert_eq!(
        found[0].message(),
        r#"header 'Accept': expected a value matching /\w+/, found "a, b""#
    );
}

fn with_regex(name: &str, regex: &str) -> MatchingRules {
    let mut rules = MatchingRules::new();
    let path = DocPath::root().join_field(name);
    rules.add(Category::Header, path, MatchingRule::Regex(regex.into()));
    rules
}

#[test]
fn a_rule_applies_to_each_value_of_a_repeated_header() {
    let rules = with_regex("X-Test", r"\d{1,4}");
    let expected = headers(&[("X-Test", &["1000"])]);
    for values in [&["1000", "1234", "9999"][..], &["1", "22"], &["5"]] {
        let actual = headers(&[("x-test", values)]);
        assert!(
            match_headers(&expected, &actual, &rules).is_empty(),
            "{values:?}"
        );
    }
    let actual = headers(&[("x-test", &["1000", "1234", "9999ABC"])]);
    let mismatches = match_headers(&expected, &actual, &rules);
    assert_eq!(mismatches.len(), 1);
    assert!(
        mismatches[0].message().contains("9999ABC"),
        "{}",
        mismatches[0].message()
    );
}

#[test]
fn a_rule_on_a_single_header_value_sees_the_whole_value() {
    // One value with commas in it is one value: the rule sees it whole.
    let rules = with_regex("X-Test", r"^\d+, \d+$");
    let expected = headers(&[("X-Test", &["1, 2"])]);
    let actual = headers(&[("X-Test", &["10, 20"])]);
    assert!(match_headers(&expected, &actual, &rules).is_empty());
}
