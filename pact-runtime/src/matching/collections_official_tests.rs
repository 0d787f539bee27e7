//! `eachKey` and `eachValue` as the official core (pact-js 17, pact-python 3+) writes them
//! (issue 11, class 2): the example beside the rules as a JSON-encoded string in `value`,
//! often beside other rules in one list. The rules apply to every key or value of the
//! actual map; the example's keys and values are never required.

use serde_json::{Value, json};

use crate::matching::{match_request, match_response};
use crate::model::json::response_from_json;
use crate::model::{Body, HttpResponse, SpecVersion};

/// What `match.each_value_matches(example, rules=[…])` writes.
fn each_value(rules: Value, example: &Value) -> Value {
    json!({"match": "eachValue", "rules": rules, "value": example.to_string()})
}

/// What `match.each_key_matches(example, rules=[…])` writes.
fn each_key(rules: Value, example: &Value) -> Value {
    json!({"match": "eachKey", "rules": rules, "value": example.to_string()})
}

fn and(matchers: Value) -> Value {
    json!({"combine": "AND", "matchers": matchers})
}

/// A V4 response as the official core writes it.
fn response(body: Value, rules: Value) -> HttpResponse {
    let json = json!({
        "status": 200,
        "headers": {"Content-Type": ["application/json"]},
        "body": {"content": body, "contentType": "application/json", "encoded": false},
        "matchingRules": {"body": rules}
    });
    response_from_json(&json, SpecVersion::V4, "pact-python.json", "$.response")
        .expect("the official core's response reads")
}

fn actual(expected: &HttpResponse, body: Value) -> HttpResponse {
    HttpResponse {
        body: Body::json(body),
        ..expected.clone()
    }
}

/// The mismatch messages of each body, in order.
fn verdicts(expected: &HttpResponse, bodies: &[Value]) -> Vec<Vec<String>> {
    bodies
        .iter()
        .map(|body| {
            match_response(expected, &actual(expected, body.clone()))
                .into_iter()
                .map(|m| m.message())
                .collect()
        })
        .collect()
}

fn passes(expected: &HttpResponse, bodies: &[Value]) {
    for (body, found) in bodies.iter().zip(verdicts(expected, bodies)) {
        assert_eq!(found, Vec::<String>::new(), "{body}");
    }
}

fn fails(expected: &HttpResponse, cases: &[(Value, &str)]) {
    let bodies: Vec<Value> = cases.iter().map(|(body, _)| body.clone()).collect();
    for ((body, message), found) in cases.iter().zip(verdicts(expected, &bodies)) {
        assert!(
            found.iter().any(|m| m == message),
            "{body}: expected {message:?} among {found:?}"
        );
    }
}

#[test]
fn each_value_with_a_type_rule_beside_it_takes_other_keys_and_counts() {
    let example = json!({"apples": 3});
    let expected = response(
        json!({"counts": example}),
        json!({"$.counts": and(json!([{"match": "type"}, each_value(json!([{"match": "integer"}]), &example)]))}),
    );
    passes(
        &expected,
        &[
            json!({"counts": {"pears": 17, "figs": 0}}),
            json!({"counts": {"apples": 1000}}),
            json!({"counts": {}}),
        ],
    );
    fails(
        &expected,
        &[
            (
                json!({"counts": {"pears": "17"}}),
                r#"$.counts.pears: expected an integer, found "17""#,
            ),
            (
                json!({"counts": {"figs": 1.5}}),
                "$.counts.figs: expected an integer, found 1.5",
            ),
            (
                json!({"counts": [3]}),
                "$.counts: expected an object (like {\"apples\":3}), found an array [3]",
            ),
        ],
    );
}

#[test]
fn each_key_applies_its_rules_to_keys_and_leaves_values_free() {
    let example = json!({"abc": "x"});
    let expected = response(
        json!({"names": example}),
        json!({"$.names": and(json!([each_key(json!([{"match": "regex", "regex": "^[a-z]+$"}]), &example)]))}),
    );
    passes(
        &expected,
        &[
            json!({"names": {"abc": "y", "zed": 1, "q": [1]}}),
            json!({"names": {"other": {"deep": true}}}),
            json!({"names": {}}),
        ],
    );
    fails(
        &expected,
        &[
            (
                json!({"names": {"ABC": "x"}}),
                r#"$.names.ABC: key "ABC": expected a value matching /^[a-z]+$/, found "ABC""#,
            ),
            (
                json!({"names": {"a-b": 1, "ok": 2}}),
                r#"$.names.a-b: key "a-b": expected a value matching /^[a-z]+$/, found "a-b""#,
            ),
            (
                json!({"names": ["abc"]}),
                r#"$.names: expected an object (eachKey), found an array ["abc"]"#,
            ),
        ],
    );
}

#[test]
fn rules_written_for_the_values_of_an_each_key_map_still_apply_to_every_key() {
    let example = json!({"en": {"text": "Hello", "id": 1}});
    let expected = response(
        json!({"greetings": example}),
        json!({
            "$.greetings": and(json!([each_key(json!([{"match": "regex", "regex": "^[a-z]{2}$"}]), &example)])),
            "$.greetings.*.text": and(json!([{"match": "regex", "regex": "^[A-Z].*"}]))
        }),
    );
    passes(
        &expected,
        &[
            json!({"greetings": {"fr": {"text": "Bonjour", "id": 7}}}),
            json!({"greetings": {"de": {"text": "Hallo", "id": 2, "extra": []}, "en": {"text": "Hi", "id": 9}}}),
        ],
    );
    fails(
        &expected,
        &[
            (
                json!({"greetings": {"fr": {"text": "bonjour", "id": 7}}}),
                "$.greetings.fr.text: expected a value matching /^[A-Z].*/, found \"bonjour\"",
            ),
            // Below a rule, the example gives the shape by type.
            (
                json!({"greetings": {"fr": {"text": "Salut", "id": "7"}}}),
                "$.greetings.fr.id: expected a number (like 1), found a string \"7\"",
            ),
        ],
    );
}

#[test]
fn each_value_on_nested_maps_and_arrays_of_maps_compares_by_its_rules_only() {
    let nested = json!({"a": {"n": 1, "s": "x"}});
    let lists = json!({"a": [{"id": 1}]});
    let expected = response(
        json!({"nested": nested, "lists": lists}),
        json!({
            "$.nested": and(json!([each_value(json!([{"match": "type"}]), &nested)])),
            "$.lists": and(json!([each_value(json!([{"match": "type"}]), &lists)]))
        }),
    );
    passes(
        &expected,
        &[json!({
            "nested": {"b": {"n": 2, "s": "y"}, "c": {"n": 3, "s": "z", "more": 1}},
            "lists": {"b": [{"id": 2}, {"id": 3}], "c": []}
        })],
    );
    fails(
        &expected,
        &[
            (
                json!({"nested": {"b": {"n": "2", "s": "y"}}, "lists": {}}),
                "$.nested.b.n: expected a number (like 1), found a string \"2\"",
            ),
            (
                json!({"nested": {}, "lists": {"b": [{"id": "2"}]}}),
                "$.lists.b[0].id: expected a number (like 1), found a string \"2\"",
            ),
            (
                json!({"nested": {"b": "flat"}, "lists": {}}),
                "$.nested.b: expected an object (like {\"n\":1,\"s\":\"x\"}), found a string \"flat\"",
            ),
        ],
    );
}

#[test]
fn each_value_inside_each_like_applies_to_every_element_s_map() {
    let counts = json!({"a": 1});
    let expected = response(
        json!({"items": [{"counts": counts}]}),
        json!({
            "$.items": and(json!([{"match": "type", "min": 1}])),
            "$.items[*].counts": and(json!([each_value(json!([{"match": "integer"}]), &counts)]))
        }),
    );
    passes(
        &expected,
        &[json!({"items": [{"counts": {"x": 5, "y": 6}}, {"counts": {}}, {"counts": {"a": 0}}]})],
    );
    fails(
        &expected,
        &[
            (
                json!({"items": [{"counts": {"x": 1}}, {"counts": {"x": 1.5}}]}),
                "$.items[1].counts.x: expected an integer, found 1.5",
            ),
            (
                json!({"items": []}),
                "$.items: expected an array with at least 1 item (min = 1), found 0",
            ),
        ],
    );
}

#[test]
fn each_key_and_each_value_in_one_list_both_apply() {
    let example = json!({"ab": 1});
    let expected = response(
        json!({"m": example}),
        json!({"$.m": and(json!([
            each_key(json!([{"match": "regex", "regex": "^[a-z]+$"}]), &example),
            each_value(json!([{"match": "integer"}]), &example)
        ]))}),
    );
    passes(
        &expected,
        &[json!({"m": {"cd": 2, "ef": 3}}), json!({"m": {}})],
    );
    fails(
        &expected,
        &[
            (
                json!({"m": {"CD": 2}}),
                r#"$.m.CD: key "CD": expected a value matching /^[a-z]+$/, found "CD""#,
            ),
            (
                json!({"m": {"cd": "2"}}),
                r#"$.m.cd: expected an integer, found "2""#,
            ),
        ],
    );
}

#[test]
fn in_a_request_the_map_under_each_value_is_still_free_of_the_example_keys() {
    // Requests reject unexpected keys elsewhere; the map an eachValue judges has no
    // fixed keys.
    let example = json!({"apples": 3});
    let rules =
        json!({"$.counts": and(json!([each_value(json!([{"match": "integer"}]), &example)]))});
    let request = crate::model::json::request_from_json(
        &json!({
            "method": "POST", "path": "/",
            "headers": {"Content-Type": ["application/json"]},
            "body": {"content": {"counts": example, "n": 1}, "contentType": "application/json", "encoded": false},
            "matchingRules": {"body": rules}
        }),
        SpecVersion::V4,
        "pact-python.json",
        "$.request",
    )
    .expect("reads");
    let with = |body: Value| crate::model::HttpRequest {
        body: Body::json(body),
        ..request.clone()
    };
    let ok = match_request(
        &request,
        &with(json!({"counts": {"pears": 1, "figs": 2}, "n": 1})),
    );
    assert!(ok.is_empty(), "{ok:?}");
    let extra = match_request(&request, &with(json!({"counts": {}, "n": 1, "x": 2})));
    assert_eq!(
        extra.iter().map(|m| m.message()).collect::<Vec<_>>(),
        ["$.x: unexpected key \"x\" in request body"]
    );
}
