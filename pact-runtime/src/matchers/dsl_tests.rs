//! The constructors beyond the basic ones: examples, exact rules, generators at their
//! paths, and the panics that stop an impossible pattern at the test.

use serde_json::json;

use super::*;
use crate::json_pattern;
use crate::matching::check_value;
use crate::model::{
    ArrayContainsVariant, Category, DataType, DocPath, Generator, Generators, MatchingRule,
    MatchingRules, RuleList, StatusClass, UuidFormat,
};

fn p(path: &str) -> DocPath {
    path.parse().expect("valid path")
}

fn rules_of(pattern: &Pattern) -> Vec<(String, Vec<MatchingRule>)> {
    let mut rules = MatchingRules::new();
    pattern.rules_at(&DocPath::root(), Category::Body, &mut rules);
    rules
        .category(Category::Body)
        .map(|by_path| {
            by_path
                .iter()
                .map(|(path, list)| (path.to_string(), list.rules.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn generators_of(pattern: &Pattern) -> Vec<(String, Generator)> {
    let mut generators = Generators::new();
    pattern.generators_at(&DocPath::root(), Category::Body, &mut generators);
    generators
        .category(Category::Body)
        .map(|by_path| {
            by_path
                .iter()
                .map(|(path, generator)| (path.to_string(), generator.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn r(path: &str, rules: &[MatchingRule]) -> (String, Vec<MatchingRule>) {
    (path.to_owned(), rules.to_vec())
}

#[test]
fn value_constructors_give_their_example_and_exactly_their_rule() {
    let pattern = json_pattern!({
        "n": number(3),
        "f": number(2.5),
        "born": date("yyyy-MM-dd", "2000-02-29"),
        "at": time("HH:mm:ss.SSS", "01:37:52.261"),
        "ts": datetime("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2018-12-08T12:05:00.000+01:00"),
        "note": include("needle"),
        "gone": null(),
        "kind": like(json_pattern!({"fixed": equal_to("v1"), "other": "x"})),
        "map": values(json_pattern!({"a": 1})),
        "tags": not_empty(json_pattern!(["a"])),
        "version": semver("2.0.0-rc.1"),
        "few": each_like_max("x", 3),
        "some": each_like_between(json_pattern!({"id": integer(1)}), 2, 4),
    });

    assert_eq!(
        pattern.to_example(),
        json!({
            "n": 3, "f": 2.5, "born": "2000-02-29", "at": "01:37:52.261",
            "ts": "2018-12-08T12:05:00.000+01:00", "note": "needle", "gone": null,
            "kind": {"fixed": "v1", "other": "x"}, "map": {"a": 1}, "tags": ["a"],
            "version": "2.0.0-rc.1", "few": ["x"], "some": [{"id": 1}, {"id": 1}],
        })
    );
    assert_eq!(
        rules_of(&pattern),
        vec![
            r("$.at", &[MatchingRule::Time(Some("HH:mm:ss.SSS".into()))]),
            r("$.born", &[MatchingRule::Date(Some("yyyy-MM-dd".into()))]),
            r("$.f", &[MatchingRule::Number]),
            r("$.few", &[MatchingRule::MaxType(3)]),
            r("$.gone", &[MatchingRule::Null]),
            r("$.kind", &[MatchingRule::Type]),
            r("$.kind.fixed", &[MatchingRule::Equality]),
            r("$.map", &[MatchingRule::Values]),
            r("$.map.*", &[MatchingRule::Type]),
            r("$.n", &[MatchingRule::Number]),
            r("$.note", &[MatchingRule::Include("needle".into())]),
            r("$.some", &[MatchingRule::MinMaxType { min: 2, max: 4 }]),
            r("$.some[*].id", &[MatchingRule::Integer]),
            r("$.tags", &[MatchingRule::NotEmpty]),
            r(
                "$.ts",
                &[MatchingRule::Timestamp(Some(
                    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX".into()
                ))]
            ),
            r("$.version", &[MatchingRule::Semver]),
        ]
    );
    assert!(generators_of(&pattern).is_empty());
}

#[test]
fn array_containing_records_each_variant_with_its_own_rules() {
    let pattern = array_containing([
        json_pattern!({"type": "created", "id": integer(1)}),
        json_pattern!({"type": "deleted", "by": like("admin"), "at": random_integer(5, 9)}),
    ]);

    let mut first = std::collections::BTreeMap::new();
    first.insert(p("$.id"), RuleList::one(MatchingRule::Integer));
    let mut second = std::collections::BTreeMap::new();
    second.insert(p("$.at"), RuleList::one(MatchingRule::Integer));
    second.insert(p("$.by"), RuleList::one(MatchingRule::Type));

    assert_eq!(
        pattern.to_example(),
        json!([{"type": "created", "id": 1}, {"type": "deleted", "by": "admin", "at": 5}])
    );
    assert_eq!(
        rules_of(&pattern),
        vec![r(
            "$",
            &[MatchingRule::ArrayContains(vec![
                ArrayContainsVariant {
                    index: 0,
                    rules: first
                },
                ArrayContainsVariant {
                    index: 1,
                    rules: second
                },
            ])]
        )]
    );
    // Generators of a variant sit at its example's index.
    assert_eq!(
        generators_of(&pattern),
        vec![(
            "$[1].at".to_owned(),
            Generator::RandomInt { min: 5, max: 9 }
        )]
    );
}

#[test]
fn each_key_and_each_value_take_the_rules_of_their_matcher() {
    let keys = each_key(
        json_pattern!({"en": "Hello", "fr": "Bonjour"}),
        term("en", "^[a-z]{2}$"),
    );
    let values = each_value(json_pattern!({"a": "x", "b": "y"}), like("text"));

    assert_eq!(keys.to_example(), json!({"en": "Hello", "fr": "Bonjour"}));
    assert_eq!(
        rules_of(&keys),
        vec![r(
            "$",
            &[MatchingRule::EachKey(vec![MatchingRule::Regex(
                "^[a-z]{2}$".into()
            )])]
        )]
    );
    assert_eq!(
        rules_of(&values),
        vec![r("$", &[MatchingRule::EachValue(vec![MatchingRule::Type])])]
    );
}

#[test]
#[should_panic(expected = "each_key(): the example key \"EN-gb\" does not fit")]
fn each_key_rejects_an_example_key_its_matcher_refuses() {
    let _ = each_key(json_pattern!({"EN-gb": 1}), term("en", "^[a-z]{2}$"));
}

#[test]
#[should_panic(expected = "each_value(): the example value at \"b\" does not fit")]
fn each_value_rejects_an_example_value_of_another_type() {
    let _ = each_value(json_pattern!({"a": "x", "b": 2}), like("text"));
}

#[test]
#[should_panic(expected = "each_key(): the key pattern must be a matcher")]
fn each_key_needs_a_matcher_not_a_literal() {
    let _ = each_key(json_pattern!({"en": 1}), "en");
}

#[test]
#[should_panic(expected = "unknown pattern letter 'f' at position 9")]
fn fc06_a_dotnet_time_format_is_refused_when_the_pact_is_built() {
    // Field case FC-06, case 1: `f` is not a Java pattern letter.
    let _ = time("HH:mm:ss.fff", "01:37:52.261");
}

#[test]
#[should_panic(expected = "date(): the example does not fit its own matcher")]
fn a_date_example_that_does_not_exist_is_refused() {
    let _ = date("yyyy-MM-dd", "2024-02-30");
}

#[test]
#[should_panic(expected = "semver(): the example does not fit its own matcher")]
fn semver_refuses_a_non_version() {
    let _ = semver("v1");
}

#[test]
#[should_panic(expected = "not_empty(): the example does not fit its own matcher")]
fn not_empty_refuses_an_empty_example() {
    let _ = not_empty("");
}

#[test]
#[should_panic(expected = "each_like_between(): needs min <= max")]
fn each_like_between_refuses_min_above_max() {
    let _ = each_like_between(1, 3, 2);
}

#[test]
#[should_panic(expected = "number(): the example must be a finite number")]
fn number_refuses_a_string() {
    let _ = number("1");
}

#[test]
fn status_code_holds_the_class_and_refuses_an_example_outside_it() {
    let pattern = status_code(StatusClass::Success, 201);
    assert_eq!(pattern.to_example(), json!(201));
    assert_eq!(
        rules_of(&pattern),
        vec![r("$", &[MatchingRule::StatusCode(StatusClass::Success)])]
    );
    let refused = std::panic::catch_unwind(|| status_code(StatusClass::ClientError, 500));
    assert!(refused.is_err());
}

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R',
];

#[test]
fn content_type_accepts_bytes_of_its_type_and_refuses_others() {
    let pattern = content_type("image/png", PNG);
    assert_eq!(pattern.bytes(), PNG);
    assert_eq!(pattern.content_type(), "image/png");

    let refused = std::panic::catch_unwind(|| content_type("image/png", b"plain text".to_vec()));
    assert!(refused.is_err());
}

#[test]
fn generator_constructors_attach_rule_and_generator_at_the_same_path() {
    let pattern = json_pattern!({
        "items": each_like(json_pattern!({"id": random_integer(1, 10)}), 1),
        "price": random_decimal(4),
        "code": random_hex(6),
        "name": random_string(5),
        "sku": random_from_regex("AB-123", r"^[A-Z]{2}-\d{3}$"),
        "ref": random_uuid(UuidFormat::Simple),
        "flag": random_boolean(),
        "due": date_expression("yyyy-MM-dd", "today + 14 days"),
        "at": time_expression("HH:mm", "now + 1 hour"),
        "when": datetime_expression("yyyy-MM-dd'T'HH:mm:ssXXX", "tomorrow @ midnight"),
    });

    assert_eq!(
        pattern.to_example(),
        json!({
            "items": [{"id": 1}], "price": 123.4, "code": "012345", "name": "abcde",
            "sku": "AB-123", "ref": "e2490de5597c4bd6b0f8e1ddb95f7a3d", "flag": true,
            "due": "2000-02-15", "at": "13:00", "when": "2000-02-02T00:00:00Z",
        })
    );
    assert_eq!(
        rules_of(&pattern),
        vec![
            r("$.at", &[MatchingRule::Time(Some("HH:mm".into()))]),
            r("$.code", &[MatchingRule::Regex("^[0-9a-fA-F]{6}$".into())]),
            r("$.due", &[MatchingRule::Date(Some("yyyy-MM-dd".into()))]),
            r("$.flag", &[MatchingRule::Boolean]),
            r("$.items", &[MatchingRule::MinType(1)]),
            r("$.items[*].id", &[MatchingRule::Integer]),
            r("$.name", &[MatchingRule::Type]),
            r("$.price", &[MatchingRule::Decimal]),
            r("$.ref", &[MatchingRule::Regex("^[0-9a-f]{32}$".into())]),
            r("$.sku", &[MatchingRule::Regex(r"^[A-Z]{2}-\d{3}$".into())]),
            r(
                "$.when",
                &[MatchingRule::Timestamp(Some(
                    "yyyy-MM-dd'T'HH:mm:ssXXX".into()
                ))]
            ),
        ]
    );
    let date =
        |format: &str, expression: &str| (Some(format.to_owned()), Some(expression.to_owned()));
    let (due_format, due_expression) = date("yyyy-MM-dd", "today + 14 days");
    let (at_format, at_expression) = date("HH:mm", "now + 1 hour");
    let (when_format, when_expression) = date("yyyy-MM-dd'T'HH:mm:ssXXX", "tomorrow @ midnight");
    assert_eq!(
        generators_of(&pattern),
        vec![
            (
                "$.at".to_owned(),
                Generator::Time {
                    format: at_format,
                    expression: at_expression
                }
            ),
            (
                "$.code".to_owned(),
                Generator::RandomHexadecimal { digits: 6 }
            ),
            (
                "$.due".to_owned(),
                Generator::Date {
                    format: due_format,
                    expression: due_expression
                }
            ),
            ("$.flag".to_owned(), Generator::RandomBoolean),
            (
                "$.items[*].id".to_owned(),
                Generator::RandomInt { min: 1, max: 10 }
            ),
            ("$.name".to_owned(), Generator::RandomString { size: 5 }),
            ("$.price".to_owned(), Generator::RandomDecimal { digits: 4 }),
            (
                "$.ref".to_owned(),
                Generator::Uuid {
                    format: UuidFormat::Simple
                }
            ),
            (
                "$.sku".to_owned(),
                Generator::Regex {
                    regex: r"^[A-Z]{2}-\d{3}$".into()
                }
            ),
            (
                "$.when".to_owned(),
                Generator::DateTime {
                    format: when_format,
                    expression: when_expression
                }
            ),
        ]
    );
}

#[test]
#[should_panic(expected = "date_expression(): invalid date expression \"+ 1 eon\"")]
fn an_unreadable_date_expression_is_refused_when_the_pact_is_built() {
    let _ = date_expression("yyyy-MM-dd", "+ 1 eon");
}

#[test]
fn from_provider_state_takes_its_data_type_from_the_example_and_adds_no_rule() {
    let cases = [
        (
            from_provider_state("/users/${id}", "/users/1"),
            DataType::String,
            json!("/users/1"),
        ),
        (
            from_provider_state("${id}", 42),
            DataType::Integer,
            json!(42),
        ),
        (
            from_provider_state("${price}", 9.5),
            DataType::Decimal,
            json!(9.5),
        ),
        (
            from_provider_state("${active}", true),
            DataType::Boolean,
            json!(true),
        ),
        (
            from_provider_state("${user}", json!({"id": 1})),
            DataType::Raw,
            json!({"id": 1}),
        ),
    ];
    for (pattern, data_type, example) in cases {
        assert_eq!(pattern.to_example(), example);
        assert!(rules_of(&pattern).is_empty());
        let Generator::ProviderState { data_type: got, .. } = &generators_of(&pattern)[0].1 else {
            panic!("a provider-state generator");
        };
        assert_eq!(*got, data_type, "{example}");
    }
}

#[test]
fn mock_server_url_records_the_example_the_rule_and_the_generator() {
    let pattern = mock_server_url("http://localhost:8080/orders/1", r".*(/orders/\d+)$");

    assert_eq!(
        pattern.to_example(),
        json!("http://localhost:8080/orders/1")
    );
    assert_eq!(
        rules_of(&pattern),
        vec![r("$", &[MatchingRule::Regex(r".*(/orders/\d+)$".into())])]
    );
    assert_eq!(
        generators_of(&pattern),
        vec![(
            "$".to_owned(),
            Generator::MockServerUrl {
                example: "http://localhost:8080/orders/1".into(),
                regex: r".*(/orders/\d+)$".into()
            }
        )]
    );
}

#[test]
fn every_common_format_example_fits_its_rule_and_has_the_documented_generator() {
    let cases: Vec<(Pattern, Option<&str>)> = vec![
        (formats::identifier(), Some("RandomInt")),
        (formats::integer(), Some("RandomInt")),
        (formats::decimal(), Some("RandomDecimal")),
        (formats::hex_value(), Some("RandomHexadecimal")),
        (formats::iso8601_date(), Some("Date")),
        (formats::rfc3339_timestamp(), Some("DateTime")),
        (formats::time(), Some("Time")),
        (formats::ipv4_address(), None),
        (formats::ipv6_address(), None),
        (formats::uuid(), Some("Uuid")),
    ];
    for (pattern, generator) in cases {
        let example = pattern.to_example();
        let rules = rules_of(&pattern);
        assert_eq!(rules.len(), 1, "{example}");
        for rule in &rules[0].1 {
            assert_eq!(
                check_value(rule, &example, &example, false),
                Ok(()),
                "{example}"
            );
        }
        let generators = generators_of(&pattern);
        let name = generators
            .first()
            .map(|(_, g)| crate::generators::type_name(g));
        assert_eq!(name, generator, "{example}");
    }
    let ipv6 = regex::Regex::new(formats::IPV6_REGEX).expect("compiles");
    for address in [
        "2001:db8::1",
        "::1",
        "fe80:0:0:0:204:61ff:fe9d:f156",
        "::ffff:10.0.0.1",
    ] {
        assert!(ipv6.is_match(address), "{address}");
    }
    for not_an_address in ["2001:db8:::1", "12345::", "1.2.3.4"] {
        assert!(!ipv6.is_match(not_an_address), "{not_an_address}");
    }
    let ipv4 = regex::Regex::new(formats::IPV4_REGEX).expect("compiles");
    assert!(ipv4.is_match("192.168.0.255"));
    assert!(!ipv4.is_match("256.1.1.1"));
}

#[test]
fn with_generator_keeps_the_rules_and_adds_the_generator_at_the_pattern() {
    let pattern =
        json_pattern!({"id": integer(3).with_generator(Generator::RandomInt { min: 1, max: 5 })});

    assert_eq!(
        rules_of(&pattern),
        vec![r("$.id", &[MatchingRule::Integer])]
    );
    assert_eq!(
        generators_of(&pattern),
        vec![("$.id".to_owned(), Generator::RandomInt { min: 1, max: 5 })]
    );
    assert!(!pattern.is_literal());
}

#[test]
fn the_rules_of_values_examples_hold_for_every_value_whatever_its_key() {
    let body = json_pattern!({
        "rates": values(json_pattern!({"eur": decimal(1.5), "gbp": decimal(0.9)})),
        "stock": values(json_pattern!({"pen": {"count": integer(3), "name": "pen"}})),
    });
    let mut rules = MatchingRules::new();
    body.rules_at(&DocPath::root(), Category::Body, &mut rules);
    let written: Vec<(String, Vec<MatchingRule>)> = rules
        .category(Category::Body)
        .expect("body rules")
        .iter()
        .map(|(path, list)| (path.to_string(), list.rules.clone()))
        .collect();
    assert_eq!(
        written,
        vec![
            ("$.rates".to_owned(), vec![MatchingRule::Values]),
            ("$.rates.*".to_owned(), vec![MatchingRule::Decimal]),
            ("$.stock".to_owned(), vec![MatchingRule::Values]),
            ("$.stock.*".to_owned(), vec![MatchingRule::Type]),
            ("$.stock.*.count".to_owned(), vec![MatchingRule::Integer]),
        ]
    );
}

#[test]
#[should_panic(expected = "values(): the example values `eur` and `pen` have different matchers")]
fn values_whose_examples_disagree_on_their_rules_are_refused() {
    let _ = values(json_pattern!({"eur": decimal(1.5), "pen": integer(3)}));
}
