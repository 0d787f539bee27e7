use serde_json::json;

use super::*;
use crate::json_pattern;
use crate::model::{Category, DocPath, MatchingRule, MatchingRules};

fn p(path: &str) -> DocPath {
    path.parse().expect("valid path")
}

fn body_rules(pattern: &Pattern) -> Vec<(String, Vec<MatchingRule>)> {
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
fn literals_give_their_value_and_no_rules() {
    let pattern = json_pattern!({"a": 1, "b": [true, null, "x"], "c": {"d": 2.5}});

    assert_eq!(
        pattern.to_example(),
        json!({"a": 1, "b": [true, null, "x"], "c": {"d": 2.5}})
    );
    assert!(body_rules(&pattern).is_empty());
    assert!(pattern.is_literal());
}

#[test]
fn leaf_matchers_put_their_rule_at_their_own_path() {
    let pattern = json_pattern!({
        "id": integer(42),
        "price": decimal(9.5),
        "active": boolean(true),
        "name": like("Alice"),
        "born": term("2000-01-01", r"^\d{4}-\d{2}-\d{2}$"),
    });

    assert_eq!(
        pattern.to_example(),
        json!({"id": 42, "price": 9.5, "active": true, "name": "Alice", "born": "2000-01-01"})
    );
    assert_eq!(
        body_rules(&pattern),
        vec![
            ("$.active".to_owned(), vec![MatchingRule::Boolean]),
            (
                "$.born".to_owned(),
                vec![MatchingRule::Regex(r"^\d{4}-\d{2}-\d{2}$".to_owned())]
            ),
            ("$.id".to_owned(), vec![MatchingRule::Integer]),
            ("$.name".to_owned(), vec![MatchingRule::Type]),
            ("$.price".to_owned(), vec![MatchingRule::Decimal]),
        ]
    );
}

#[test]
fn nested_each_like_rebases_element_rules_under_star_index() {
    let pattern = json_pattern!({
        "orders": each_like(json_pattern!({
            "id": integer(1),
            "lines": each_like(json_pattern!({"sku": term("A-1", "^[A-Z]-\\d+$")}), 2),
        }), 1),
    });

    assert_eq!(
        pattern.to_example(),
        json!({"orders": [{"id": 1, "lines": [{"sku": "A-1"}, {"sku": "A-1"}]}]})
    );
    assert_eq!(
        body_rules(&pattern),
        vec![
            ("$.orders".to_owned(), vec![MatchingRule::MinType(1)]),
            ("$.orders[*].id".to_owned(), vec![MatchingRule::Integer]),
            (
                "$.orders[*].lines".to_owned(),
                vec![MatchingRule::MinType(2)]
            ),
            (
                "$.orders[*].lines[*].sku".to_owned(),
                vec![MatchingRule::Regex("^[A-Z]-\\d+$".to_owned())]
            ),
        ]
    );
}

#[test]
fn each_like_with_zero_minimum_still_shows_one_element() {
    let pattern = each_like("admin", 0);

    assert_eq!(pattern.to_example(), json!(["admin"]));
    assert_eq!(
        body_rules(&pattern),
        vec![("$".to_owned(), vec![MatchingRule::MinType(0)])]
    );
}

#[test]
fn like_around_an_object_keeps_the_inner_rules_below_it() {
    let pattern = like(json_pattern!({"id": integer(7), "name": "x"}));

    assert_eq!(pattern.to_example(), json!({"id": 7, "name": "x"}));
    assert_eq!(
        body_rules(&pattern),
        vec![
            ("$".to_owned(), vec![MatchingRule::Type]),
            ("$.id".to_owned(), vec![MatchingRule::Integer]),
        ]
    );
}

#[test]
fn arrays_of_patterns_are_indexed_by_position() {
    let pattern = json_pattern!([like(1), 2, [integer(3)], {"a": like("b")}]);

    assert_eq!(pattern.to_example(), json!([1, 2, [3], {"a": "b"}]));
    assert_eq!(
        body_rules(&pattern),
        vec![
            ("$[0]".to_owned(), vec![MatchingRule::Type]),
            ("$[2][0]".to_owned(), vec![MatchingRule::Integer]),
            ("$[3].a".to_owned(), vec![MatchingRule::Type]),
        ]
    );
}

#[test]
fn header_patterns_place_rules_at_the_header_name() {
    let pattern = term("application/json; charset=utf-8", r"^application/json.*");
    let mut rules = MatchingRules::new();

    pattern.rules_at(&p("$.Content-Type"), Category::Header, &mut rules);

    assert_eq!(
        pattern.to_example_string(),
        "application/json; charset=utf-8"
    );
    let list = rules
        .for_name(Category::Header, "content-type")
        .expect("rule for the header");
    assert_eq!(
        list.rules,
        vec![MatchingRule::Regex("^application/json.*".to_owned())]
    );
}

#[test]
fn non_string_examples_render_as_json_text() {
    assert_eq!(integer(42).to_example_string(), "42");
    assert_eq!(Pattern::from("plain").to_example_string(), "plain");
}

#[test]
fn json_values_and_trailing_commas_are_accepted() {
    let value = json!({"k": [1, 2]});
    let pattern = json_pattern!({"v": value.clone(), "n": None::<i64>, "t": [1, 2,],});

    assert_eq!(
        pattern.to_example(),
        json!({"v": {"k": [1, 2]}, "n": null, "t": [1, 2]})
    );
}

#[test]
#[should_panic(expected = "invalid regular expression /a(/")]
fn term_with_an_invalid_regex_panics_naming_it() {
    let _ = term("a", "a(");
}

#[test]
#[should_panic(expected = "expected a value matching /^\\d+$/, found \"abc\"")]
fn term_whose_example_does_not_match_panics_naming_the_regex() {
    let _ = term("abc", r"^\d+$");
}

#[test]
#[should_panic(expected = "can never verify")]
fn term_checks_its_example_against_the_whole_value_as_the_engine_does() {
    // `[a-z]+` finds a match inside the address, but the engine requires the whole value
    // to match, so this example could never verify.
    let _ = term("alice@example.com", "[a-z]+");
}

#[test]
#[should_panic(expected = "cannot be written as JSON")]
fn decimal_rejects_nan() {
    let _ = decimal(f64::NAN);
}
