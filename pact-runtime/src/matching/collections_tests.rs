//! Cases from the V4 compatibility suite (`features/V4/matching_rules.feature`, with the
//! fixtures `arraycontains-`, `eachkey-` and `eachvalue-matcher-v4.json` inlined) and the
//! edges around them.

use serde_json::{Value, json};

use crate::matching::{Mismatch, match_request, match_response};
use crate::model::json::request_from_json;
use crate::model::{Body, HttpRequest, HttpResponse, SpecVersion};

/// A V4 request with `body` and body rules `rules` (as the pact file writes them).
fn request(body: Value, rules: Value) -> HttpRequest {
    let json = json!({
        "method": "POST",
        "path": "/",
        "headers": {"Content-Type": "application/json"},
        "body": {"content": body, "contentType": "application/json", "encoded": false},
        "matchingRules": {"body": rules}
    });
    request_from_json(&json, SpecVersion::V4, "test", "request").expect("a valid request")
}

fn with_body(expected: &HttpRequest, body: Value) -> HttpRequest {
    HttpRequest {
        body: Body::json(body),
        ..expected.clone()
    }
}

fn messages(mismatches: Vec<Mismatch>) -> Vec<String> {
    mismatches.into_iter().map(|m| m.message()).collect()
}

fn regex(pattern: &str) -> Value {
    json!({"match": "regex", "regex": pattern})
}

fn each_key_rules() -> Value {
    json!({"$": {"combine": "AND", "matchers": [
        {"match": "eachKey", "rules": [regex("[a-z]+")], "value": "one"}
    ]}})
}

fn each_value_rules() -> Value {
    json!({"$": {"combine": "AND", "matchers": [
        {"match": "eachValue", "rules": [regex("[a-z]+")], "value": "one"}
    ]}})
}

#[test]
fn each_key_accepts_any_keys_that_match_the_rules() {
    let expected = request(json!({"one": "a", "two": "b"}), each_key_rules());
    let actual = with_body(
        &expected,
        json!({"one": "a", "two": "b", "three": "c", "four": "d"}),
    );
    assert_eq!(
        messages(match_request(&expected, &actual)),
        Vec::<String>::new()
    );
}

#[test]
fn each_key_reports_a_key_that_does_not_match() {
    let expected = request(json!({"one": "a", "two": "b"}), each_key_rules());
    let actual = with_body(
        &expected,
        json!({"one": "a", "two": "b", "three": "c", "100": "d"}),
    );
    assert_eq!(
        messages(match_request(&expected, &actual)),
        [r#"$['100']: key "100": expected a value matching /[a-z]+/, found "100""#]
    );
}

#[test]
fn each_key_does_not_compare_the_values_of_expected_keys() {
    let expected = request(json!({"one": "a", "two": {"x": 1}}), each_key_rules());
    for body in [
        json!({"one": "z"}),
        json!({"one": 5, "two": "b"}),
        json!({"two": [1, 2], "three": null}),
    ] {
        let actual = with_body(&expected, body.clone());
        assert_eq!(
            messages(match_request(&expected, &actual)),
            Vec::<String>::new(),
            "{body}"
        );
    }
}

#[test]
fn each_value_accepts_any_values_that_match_the_rules() {
    let expected = request(json!({"one": "a", "two": "b"}), each_value_rules());
    let actual = with_body(
        &expected,
        json!({"one": "a", "three": "b", "four": "c", "five": "d"}),
    );
    assert_eq!(
        messages(match_request(&expected, &actual)),
        Vec::<String>::new()
    );
}

#[test]
fn each_value_reports_every_value_that_does_not_match() {
    let expected = request(json!({"one": "a", "two": "b"}), each_value_rules());
    let actual = with_body(
        &expected,
        json!({"one": "", "two": "b", "three": "c", "four": "100"}),
    );
    assert_eq!(
        messages(match_request(&expected, &actual)),
        [
            r#"$.four: expected a value matching /[a-z]+/, found "100""#,
            r#"$.one: expected a value matching /[a-z]+/, found """#,
        ]
    );
}

#[test]
fn each_value_applies_to_array_elements_and_a_more_specific_rule_wins() {
    let rules = json!({
        "$.tags": {"matchers": [{"match": "eachValue", "rules": [{"match": "type"}]}]},
        "$.tags[1]": {"matchers": [{"match": "integer"}]}
    });
    let expected = request(json!({"tags": ["a"]}), rules);
    let ok = with_body(&expected, json!({"tags": ["x", 2, "y"]}));
    assert_eq!(
        messages(match_request(&expected, &ok)),
        Vec::<String>::new()
    );
    let bad = with_body(&expected, json!({"tags": ["x", "2", 3]}));
    assert_eq!(
        messages(match_request(&expected, &bad)),
        [
            r#"$.tags[1]: expected an integer, found "2""#,
            r#"$.tags[2]: expected a string (like "a"), found a number 3"#,
        ]
    );
}

#[test]
fn collection_rules_on_the_wrong_kind_of_value_are_mismatches() {
    let expected = request(json!({"one": "a"}), each_key_rules());
    let actual = with_body(&expected, json!(["one"]));
    assert_eq!(
        messages(match_request(&expected, &actual)),
        [r#"expected an object (eachKey), found an array ["one"]"#]
    );
}

fn siren() -> Value {
    let action = |name: &str, title: &str, method: &str| {
        json!({"name": name, "title": title, "method": method,
               "href": "http://api.x.io/orders/42/items"})
    };
    json!({
        "class": ["order"],
        "actions": [
            action("add-item", "Add Item", "POST"),
            action("delete-item", "Delete Item", "DELETE"),
        ]
    })
}

fn array_contains_rules() -> Value {
    let variant = |index: usize, name: &str, method: &str| {
        json!({"index": index, "generators": {}, "rules": {
            "$.name": {"combine": "AND", "matchers": [regex(name)]},
            "$.method": {"combine": "AND", "matchers": [regex(method)]},
            "$.*": {"combine": "AND", "matchers": [{"match": "type"}]}
        }})
    };
    json!({"$.actions": {"combine": "AND", "matchers": [{
        "match": "arrayContains",
        "variants": [variant(0, r"add\-item", "POST"), variant(1, r"delete\-item", "DELETE")]
    }]}})
}

fn with_actions(actions: Value) -> Value {
    let mut body = siren();
    body["actions"] = actions;
    body
}

#[test]
fn array_contains_finds_variants_in_any_order_among_other_elements() {
    let expected = request(siren(), array_contains_rules());
    let actions = siren()["actions"].clone();
    let reordered = json!([
        actions[1],
        actions[0],
        {"name": "update-item", "title": "Update Item", "method": "PUT",
         "href": "http://api.x.io/orders/42/items"}
    ]);
    let actual = with_body(&expected, with_actions(reordered));
    assert_eq!(
        messages(match_request(&expected, &actual)),
        Vec::<String>::new()
    );
}

#[test]
fn array_contains_reports_a_variant_that_is_not_found() {
    let expected = request(siren(), array_contains_rules());
    let actions = siren()["actions"].clone();
    let update = json!({"name": "update-item", "title": "Update Item", "method": "PUT",
                        "href": "http://api.x.io/orders/42/items"});
    let actual = with_body(&expected, with_actions(json!([actions[0], update])));
    let found = messages(match_request(&expected, &actual));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            r#"$.actions: variant at index 1 ({"href":"http://api.x.io/orders/42/items","method":"DELETE","name":"delete-item","title":"Delete Item"}) was not found in the actual list (closest: element ["#
        ),
        "{}",
        found[0]
    );
}

#[test]
fn array_contains_with_an_index_outside_the_example_never_passes() {
    let rules =
        json!({"$": {"matchers": [{"match": "arrayContains", "variants": [{"index": 3}]}]}});
    let expected = HttpResponse {
        body: Body::json(json!([1])),
        ..HttpResponse::default()
    };
    let mut expected = expected;
    let parsed = request(json!([1]), rules);
    expected.matching_rules = parsed.matching_rules;
    let actual = HttpResponse {
        body: Body::json(json!([1, 2])),
        ..HttpResponse::default()
    };
    assert_eq!(
        messages(match_response(&expected, &actual)),
        ["arrayContains variant refers to index 3, but the expected array has 1 element(s)"]
    );
}
