use crate::model::{Category, MatchingRule, MatchingRules};

use super::*;

fn rules(entries: &[(&str, MatchingRule)]) -> MatchingRules {
    let mut rules = MatchingRules::new();
    for (path, rule) in entries {
        let path = path.parse().expect("a valid rule path");
        rules.add(Category::Body, path, rule.clone());
    }
    rules
}

fn compare_with(
    expected: &str,
    actual: &str,
    rules: &MatchingRules,
    unexpected: UnexpectedKeys,
) -> Vec<String> {
    let what = match unexpected {
        UnexpectedKeys::Reject => "request body",
        UnexpectedKeys::Allow => "response body",
    };
    match_xml(
        expected,
        actual,
        Rules::new(rules.category(Category::Body)),
        unexpected,
        what,
    )
    .into_iter()
    .map(|m| m.message())
    .collect()
}

fn request(expected: &str, actual: &str) -> Vec<String> {
    compare_with(
        expected,
        actual,
        &MatchingRules::new(),
        UnexpectedKeys::Reject,
    )
}

fn response(expected: &str, actual: &str) -> Vec<String> {
    compare_with(
        expected,
        actual,
        &MatchingRules::new(),
        UnexpectedKeys::Allow,
    )
}

#[test]
fn attribute_order_and_layout_whitespace_do_not_matter() {
    let expected = r#"<a x="1" y="2"><b>t</b></a>"#;
    let actual = "<?xml version=\"1.0\"?>\n<a y=\"2\" x=\"1\">\n  <b> t </b>\n</a>";
    assert_eq!(request(expected, actual), Vec::<String>::new());
}

#[test]
fn namespaces_compare_by_uri_whatever_the_prefix() {
    let expected = r#"<alligator xmlns="urn:alligators" xmlns:n="urn:names" n:name="Mary"/>"#;
    let actual = r#"<a:alligator xmlns:a="urn:alligators" xmlns:x="urn:names" x:name="Mary"/>"#;
    assert!(request(expected, actual).is_empty());
}

#[test]
fn a_different_namespace_uri_is_a_different_element() {
    let messages = response(
        r#"<a:alligator xmlns:a="urn:alligators"/>"#,
        r#"<a:alligator xmlns:a="urn:crocodiles"/>"#,
    );
    assert_eq!(
        messages,
        [
            "$.alligator: expected element <{urn:alligators}alligator> but found <{urn:crocodiles}alligator>"
        ]
    );
}

#[test]
fn an_attribute_in_another_namespace_is_missing() {
    let messages = response(
        r#"<a xmlns:n="urn:names" n:name="Mary"/>"#,
        r#"<a xmlns:n="urn:other" n:name="Mary"/>"#,
    );
    assert_eq!(
        messages,
        [r#"$.a.@name: expected attribute name="Mary" but it was missing"#]
    );
}

#[test]
fn a_different_attribute_value_is_reported_at_its_path() {
    let messages = response(
        r#"<animals><alligator name="Mary"/><alligator name="Fred"/></animals>"#,
        r#"<animals><alligator name="Mary"/><alligator name="Bob"/></animals>"#,
    );
    assert_eq!(
        messages,
        [r#"$.animals.alligator[1].@name: expected "Fred", found "Bob""#]
    );
}

#[test]
fn unexpected_attributes_fail_requests_but_not_responses() {
    let expected = r#"<alligator name="Mary"/>"#;
    let actual = r#"<alligator name="Mary" phoneNumber=""/>"#;
    assert_eq!(
        request(expected, actual),
        [r#"$.alligator.@phoneNumber: unexpected attribute phoneNumber="" in request body"#]
    );
    assert!(response(expected, actual).is_empty());
}

#[test]
fn extra_elements_of_an_expected_name_fail_requests_but_not_responses() {
    let expected = "<c><colour>red</colour></c>";
    let actual = "<c><colour>red</colour><colour>taupe</colour></c>";
    assert_eq!(
        request(expected, actual),
        ["$.c.colour[1]: unexpected element <colour> in request body (expected 1, found 2)"]
    );
    assert!(response(expected, actual).is_empty());
}

#[test]
fn a_missing_element_is_reported_with_the_counts() {
    let messages = response(
        "<c><colour>red</colour><colour>blue</colour></c>",
        "<c><colour>red</colour></c>",
    );
    assert_eq!(
        messages,
        ["$.c.colour[1]: expected child <colour/> but was missing (expected 2, found 1)"]
    );
}

#[test]
fn groups_of_differently_named_elements_may_come_in_any_order() {
    assert!(response("<c><red/><blue/></c>", "<c><blue/><red/></c>").is_empty());
}

#[test]
fn elements_of_the_same_name_compare_in_order() {
    let messages = request(
        "<c><colour>red</colour><colour>blue</colour></c>",
        "<c><colour>blue</colour><colour>red</colour></c>",
    );
    assert_eq!(
        messages,
        [
            r##"$.c.colour[0].#text: expected "red", found "blue""##,
            r##"$.c.colour[1].#text: expected "blue", found "red""##,
        ]
    );
}

#[test]
fn empty_text_is_not_the_same_as_some_text() {
    let messages = request("<n><v></v></n>", "<n><v>2</v></n>");
    assert_eq!(messages, [r##"$.n.v[0].#text: expected "", found "2""##]);
}

#[test]
fn a_min_rule_bounds_the_repeated_children() {
    let rules = rules(&[("$.animals", MatchingRule::MinType(2))]);
    let messages = compare_with(
        r#"<animals><alligator name="Mary"/></animals>"#,
        r#"<animals><alligator name="Mary"/></animals>"#,
        &rules,
        UnexpectedKeys::Reject,
    );
    assert_eq!(
        messages,
        ["$.animals.alligator[0]: <alligator> expected at least 2 elements (min = 2), found 1"]
    );
}

#[test]
fn a_type_rule_makes_every_child_like_the_first_example() {
    let rules = rules(&[
        ("$.animals", MatchingRule::MinType(1)),
        ("$.animals.alligator", MatchingRule::Type),
        (
            "$.animals.alligator['@phoneNumber']",
            MatchingRule::Regex(r"\d+".into()),
        ),
    ]);
    let expected = r#"<animals><alligator phoneNumber="0415674567"/></animals>"#;
    let good = r#"<animals><alligator phoneNumber="333"/><alligator phoneNumber="98"/></animals>"#;
    assert!(compare_with(expected, good, &rules, UnexpectedKeys::Reject).is_empty());
    let bad = r#"<animals><alligator phoneNumber="1"/><alligator phoneNumber="abc"/></animals>"#;
    assert_eq!(
        compare_with(expected, bad, &rules, UnexpectedKeys::Reject),
        [r#"$.animals.alligator[1].@phoneNumber: expected a value matching /\d+/, found "abc""#]
    );
}

#[test]
fn under_a_type_rule_an_element_of_another_name_is_unexpected() {
    let rules = rules(&[("$.people", MatchingRule::Type)]);
    let messages = compare_with(
        "<people><person>Fred</person></people>",
        "<people><person>Fred</person><person>Jo</person><cat>Fred</cat></people>",
        &rules,
        UnexpectedKeys::Allow,
    );
    assert_eq!(
        messages,
        ["$.people.cat[0]: unexpected element <cat> in response body"]
    );
}

#[test]
fn text_rules_are_found_in_every_notation() {
    let expected = "<myDates><date>29/10/2015</date></myDates>";
    let actual = "<myDates><date>01/11/2010</date><date>2015-06-30</date></myDates>";
    let regex = MatchingRule::Regex(r"\d{2}/\d{2}/\d{4}".into());
    for path in [
        "$.myDates[*].date['#text']",
        "$.myDates.date.#text",
        "$.myDates.date[*].#text",
    ] {
        let rules = rules(&[("$.myDates", MatchingRule::Type), (path, regex.clone())]);
        let messages = compare_with(expected, actual, &rules, UnexpectedKeys::Allow);
        assert_eq!(
            messages,
            [
                r##"$.myDates.date[1].#text: expected a value matching /\d{2}/\d{2}/\d{4}/, found "2015-06-30""##
            ],
            "rule at {path}"
        );
    }
}

#[test]
fn a_value_rule_on_an_element_judges_its_text() {
    let rules = rules(&[("$.c.colour", MatchingRule::Regex("red|blue".into()))]);
    let expected = "<c><colour>red</colour><colour>blue</colour></c>";
    let actual = "<c><colour>blue</colour><colour>green</colour></c>";
    assert_eq!(
        compare_with(expected, actual, &rules, UnexpectedKeys::Reject),
        [r##"$.c.colour[1].#text: expected a value matching /red|blue/, found "green""##]
    );
}

#[test]
fn a_type_rule_at_the_root_cascades_to_attributes() {
    let rules = rules(&[("$", MatchingRule::Type)]);
    let messages = compare_with(
        r#"<people><person name="John" age="50"/></people>"#,
        r#"<people><person name="Peter" age="22"/><person name="Jo" age="64"/></people>"#,
        &rules,
        UnexpectedKeys::Allow,
    );
    assert!(messages.is_empty(), "{messages:?}");
}

#[test]
fn integer_rules_read_attribute_text_as_numbers() {
    let rules = rules(&[("$.a['@n']", MatchingRule::Integer)]);
    let check =
        |actual: &str| compare_with(r#"<a n="1"/>"#, actual, &rules, UnexpectedKeys::Reject);
    assert!(check(r#"<a n="42"/>"#).is_empty());
    assert_eq!(
        check(r#"<a n="4.2"/>"#),
        [r#"$.a.@n: expected an integer, found "4.2""#]
    );
}

#[test]
fn an_equality_rule_stops_a_cascading_type_rule() {
    let rules = rules(&[
        ("$.a", MatchingRule::Type),
        ("$.a.b", MatchingRule::Equality),
    ]);
    let messages = compare_with(
        r#"<a x="1"><b y="1"/></a>"#,
        r#"<a x="2"><b y="2"/></a>"#,
        &rules,
        UnexpectedKeys::Allow,
    );
    assert_eq!(messages, [r#"$.a.b[0].@y: expected "1", found "2""#]);
}

#[test]
fn invalid_actual_xml_is_a_mismatch_naming_the_parse_error() {
    let mismatches = match_xml(
        "<a/>",
        "<a><b></a>",
        Rules::default(),
        UnexpectedKeys::Allow,
        "response body",
    );
    assert_eq!(mismatches.len(), 1);
    assert_eq!(mismatches[0].path, "$");
    assert!(
        mismatches[0]
            .message()
            .starts_with("the actual response body is not valid XML: expected 'b' tag, not 'a'"),
        "{}",
        mismatches[0].message()
    );
}

#[test]
fn invalid_expected_xml_is_a_mismatch_too() {
    let messages = response("<a", "<a/>");
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].starts_with("the expected response body is not valid XML"),
        "{}",
        messages[0]
    );
}
