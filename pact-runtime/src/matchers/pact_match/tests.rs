//! The standard impls and the derive's shims, through the examples and rules they yield.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Value, json};

use super::*;
use crate::model::{Category, DocPath, MatchingRule, MatchingRules};

/// `(path, rules)` of a pattern's body rules, in path order.
fn rules(pattern: &Pattern) -> Vec<(String, Vec<MatchingRule>)> {
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

#[test]
fn scalars_have_realistic_examples_and_their_kinds_matcher() {
    assert_eq!(u16::matcher().to_example(), json!(1));
    assert_eq!(
        rules(&u16::matcher()),
        [("$".to_owned(), vec![MatchingRule::Integer])]
    );
    assert_eq!(f32::matcher().to_example(), json!(1.5));
    assert_eq!(bool::matcher().to_example(), json!(true));
    assert_eq!(<str>::matcher().to_example(), json!("string"));
    assert_eq!(
        rules(&String::matcher()),
        [("$".to_owned(), vec![MatchingRule::Type])]
    );
}

#[test]
fn a_u64_beyond_i64_keeps_its_value() {
    let pattern = u64::with_example(u64::MAX);
    assert_eq!(pattern.to_example(), json!(u64::MAX));
    assert_eq!(
        rules(&pattern),
        [("$".to_owned(), vec![MatchingRule::Integer])]
    );
}

#[test]
fn sequences_sets_and_wrappers_compose() {
    assert_eq!(<Vec<Option<Box<u8>>>>::matcher().to_example(), json!([1]));
    assert_eq!(<HashSet<String>>::matcher().to_example(), json!(["string"]));
    assert_eq!(<[bool; 4]>::matcher().to_example(), json!([true]));
    assert_eq!(
        rules(&<Vec<u8>>::matcher()),
        [
            ("$".to_owned(), vec![MatchingRule::MinType(1)]),
            ("$[*]".to_owned(), vec![MatchingRule::Integer]),
        ]
    );
}

#[test]
fn each_like_sized_picks_the_constructor_for_its_bounds() {
    let element = || like("x");
    assert_eq!(
        rules(&each_like_sized(element(), None, None))[0].1,
        [MatchingRule::MinType(1)]
    );
    assert_eq!(
        rules(&each_like_sized(element(), Some(3), None))[0].1,
        [MatchingRule::MinType(3)]
    );
    assert_eq!(
        rules(&each_like_sized(element(), None, Some(2)))[0].1,
        [MatchingRule::MaxType(2)]
    );
    assert_eq!(
        rules(&each_like_sized(element(), Some(1), Some(2)))[0].1,
        [MatchingRule::MinMaxType { min: 1, max: 2 }]
    );
}

#[test]
fn a_map_of_structs_matches_each_value_by_type() {
    // Arrange: an object value without a rule of its own.
    let value = Pattern::object([("id".to_owned(), integer(1))]);

    // Act
    let pattern = each_value::<String>(value);

    // Assert
    assert_eq!(pattern.to_example(), json!({"string": {"id": 1}}));
    let rules = rules(&pattern);
    assert_eq!(
        rules[0],
        (
            "$".to_owned(),
            vec![MatchingRule::EachValue(vec![MatchingRule::Type])]
        )
    );
    assert_eq!(
        <BTreeMap<String, bool>>::matcher().to_example(),
        json!({"string": true})
    );
}

#[test]
fn matcher_leaf_builds_the_named_rule_over_the_example() {
    let cases = [
        (MatcherKind::Equality, json!("x"), MatchingRule::Equality),
        (MatcherKind::Type, json!(3), MatchingRule::Type),
        (MatcherKind::Integer, json!(3), MatchingRule::Integer),
        (MatcherKind::Decimal, json!(0.5), MatchingRule::Decimal),
        (MatcherKind::Number, json!(3), MatchingRule::Number),
        (MatcherKind::Boolean, json!(false), MatchingRule::Boolean),
        (MatcherKind::NotEmpty, json!("x"), MatchingRule::NotEmpty),
        (MatcherKind::Semver, json!("1.0.0"), MatchingRule::Semver),
    ];
    for (kind, example, rule) in cases {
        let pattern = matcher_leaf(kind, example.clone(), None);
        assert_eq!(pattern.to_example(), example, "{kind:?}");
        assert_eq!(rules(&pattern), [("$".to_owned(), vec![rule])], "{kind:?}");
    }
    let due = matcher_leaf(
        MatcherKind::Date,
        Value::from("31/12/2024"),
        Some("dd/MM/yyyy"),
    );
    assert_eq!(
        rules(&due),
        [(
            "$".to_owned(),
            vec![MatchingRule::Date(Some("dd/MM/yyyy".to_owned()))]
        )]
    );
}

#[test]
fn the_default_example_serves_a_matcher_given_without_one() {
    let pattern = matcher_leaf_default::<u32>(MatcherKind::Type, None);
    assert_eq!(pattern.to_example(), json!(1));
    assert_eq!(
        rules(&pattern),
        [("$".to_owned(), vec![MatchingRule::Type])]
    );
}

#[test]
fn dates_uuids_and_addresses_have_examples_their_matchers_accept() {
    assert_eq!(
        chrono::NaiveDate::matcher().to_example(),
        json!("2000-01-01")
    );
    assert_eq!(
        <chrono::DateTime<chrono::Utc>>::matcher().to_example(),
        json!("2000-01-01T12:00:00Z")
    );
    assert_eq!(
        std::net::Ipv6Addr::with_example("fe80::1").to_example(),
        json!("fe80::1")
    );
    assert_eq!(
        std::net::IpAddr::with_example("::1").to_example(),
        json!("::1")
    );
    assert_eq!(
        uuid::Uuid::matcher().to_example(),
        json!("e2490de5-5bd3-43d5-b7c4-526e33f71304")
    );
}
