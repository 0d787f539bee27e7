//! Provider-state values keep their JSON type (issue 11, class 1): generators as pact-js
//! and pact-python (the official core) write them, without `dataType`, read and applied
//! to requests and to the response the verifier expects.

use serde_json::{Map, Value, json};

use super::*;
use crate::matching::match_response;
use crate::model::json::{request_from_json, response_from_json};
use crate::model::{Body, DataType, HttpResponse, SpecVersion};

fn state(values: Value) -> GeneratorContext {
    let Value::Object(values) = values else {
        panic!("state values are an object");
    };
    GeneratorContext::new().provider_state_values(values)
}

/// A V4 response as the official core writes `fromProviderState(expression, example)`
/// for each `(field, expression, example)`: the example, a `type` rule and a generator
/// without `dataType`.
fn official_v4_response(fields: &[(&str, &str, Value)]) -> HttpResponse {
    let mut body = Map::new();
    let mut rules = Map::new();
    let mut generators = Map::new();
    for (field, expression, example) in fields {
        body.insert((*field).to_owned(), example.clone());
        rules.insert(
            format!("$.{field}"),
            json!({"combine": "AND", "matchers": [{"match": "type"}]}),
        );
        generators.insert(
            format!("$.{field}"),
            json!({"type": "ProviderState", "expression": expression}),
        );
    }
    let response = json!({
        "status": 200,
        "headers": {"Content-Type": ["application/json"]},
        "body": {"content": body, "contentType": "application/json", "encoded": false},
        "matchingRules": {"body": rules},
        "generators": {"body": generators}
    });
    response_from_json(&response, SpecVersion::V4, "pact-js.json", "$.response")
        .expect("the official core's response reads")
}

fn with_body(value: Value) -> HttpResponse {
    let mut response = HttpResponse {
        body: Body::json(value),
        ..HttpResponse::default()
    };
    response
        .headers
        .insert("Content-Type".into(), vec!["application/json".into()]);
    response
}

#[test]
fn a_generator_without_a_data_type_is_read_as_raw_in_every_spec_version() {
    let generator = json!({"type": "ProviderState", "expression": "${orderId}"});
    let v3 = json!({"status": 200, "body": {"id": 1}, "generators": {"body": {"$.id": generator}}});
    let v2_style_path = json!({"method": "GET", "path": "/orders/1",
        "generators": {"path": {"type": "ProviderState", "expression": "/orders/${orderId}"}}});
    let read = response_from_json(&v3, SpecVersion::V3, "v3.json", "$").expect("reads");
    let request =
        request_from_json(&v2_style_path, SpecVersion::V3, "v3.json", "$").expect("reads");
    for generator in [
        read.generators
            .category(crate::model::Category::Body)
            .map(|g| &g[&"$.id".parse().expect("path")]),
        request
            .generators
            .category(crate::model::Category::Path)
            .map(|g| &g[&crate::model::DocPath::root()]),
    ] {
        assert!(
            matches!(
                generator,
                Some(Generator::ProviderState {
                    data_type: DataType::Raw,
                    ..
                })
            ),
            "{generator:?}"
        );
    }
}

#[test]
fn a_data_type_is_read_whatever_its_case_and_an_unknown_one_is_an_error() {
    for (written, expected) in [
        ("integer", DataType::Integer),
        ("Boolean", DataType::Boolean),
        ("STRING", DataType::String),
        ("raw", DataType::Raw),
    ] {
        let response = json!({"status": 200, "body": {"id": 1}, "generators": {"body": {
            "$.id": {"type": "ProviderState", "expression": "${id}", "dataType": written}}}});
        let read = response_from_json(&response, SpecVersion::V3, "p.json", "$").expect("reads");
        let body = read
            .generators
            .category(crate::model::Category::Body)
            .expect("body generators");
        assert!(
            matches!(body.values().next(), Some(Generator::ProviderState { data_type, .. }) if *data_type == expected),
            "{written}"
        );
    }
    let response = json!({"status": 200, "generators": {"body": {
        "$.id": {"type": "ProviderState", "expression": "${id}", "dataType": "NUMBER"}}}});
    let error = response_from_json(&response, SpecVersion::V3, "p.json", "$").expect_err("NUMBER");
    assert!(error.to_string().contains("dataType"), "{error}");
}

#[test]
fn a_whole_value_expression_keeps_the_json_type_of_the_state_value() {
    let expected = official_v4_response(&[
        ("id", "${orderId}", json!(1)),
        ("price", "${price}", json!(0.5)),
        ("paid", "${paid}", json!(false)),
        ("customer", "${customer}", json!({"name": "x"})),
        ("lines", "${lines}", json!([])),
        ("note", "${note}", json!("n")),
        ("missing", "${gone}", Value::Null),
    ]);
    let context = state(json!({"orderId": 42, "price": 9.75, "paid": true,
        "customer": {"name": "Ann", "vip": true}, "lines": [1, 2], "note": "rush", "gone": null}));

    let generated = generate_expected_response(&expected, &context)
        .expect("generates")
        .value;

    assert_eq!(
        generated.body,
        Body::json(json!({"id": 42, "price": 9.75, "paid": true,
            "customer": {"name": "Ann", "vip": true}, "lines": [1, 2], "note": "rush",
            "missing": null}))
    );
}

#[test]
fn an_expression_embedded_in_text_gives_a_string() {
    let expected = official_v4_response(&[
        ("label", "order-${orderId}", json!("order-1")),
        (
            "link",
            "/orders/${orderId}/lines/${line}",
            json!("/orders/1/lines/1"),
        ),
        ("spaced", " ${orderId}", json!(" 1")),
    ]);
    let context = state(json!({"orderId": 42, "line": {"n": 3}}));

    let generated = generate_expected_response(&expected, &context)
        .expect("generates")
        .value;

    assert_eq!(
        generated.body,
        Body::json(
            json!({"label": "order-42", "link": "/orders/42/lines/{\"n\":3}",
            "spaced": " 42"})
        )
    );
}

#[test]
fn a_correct_provider_passes_the_type_rules_beside_provider_state_values() {
    let expected = official_v4_response(&[
        ("id", "${orderId}", json!(1)),
        ("paid", "${paid}", json!(false)),
        ("customer", "${customer}", json!({"name": "x"})),
    ]);
    let context = state(json!({"orderId": 42, "paid": true, "customer": {"name": "Ann"}}));
    let generated = generate_expected_response(&expected, &context)
        .expect("generates")
        .value;

    for (actual, verdict) in [
        (
            json!({"id": 42, "paid": true, "customer": {"name": "Ann"}}),
            true,
        ),
        // The type rules accept other values of the same type, as the official verifier.
        (
            json!({"id": 7, "paid": false, "customer": {"name": "Bo", "x": 1}}),
            true,
        ),
        (
            json!({"id": "42", "paid": true, "customer": {"name": "Ann"}}),
            false,
        ),
        (
            json!({"id": 42, "paid": "true", "customer": {"name": "Ann"}}),
            false,
        ),
        (json!({"id": 42, "paid": true, "customer": "Ann"}), false),
    ] {
        let mismatches = match_response(&generated, &with_body(actual.clone()));
        assert_eq!(mismatches.is_empty(), verdict, "{actual}: {mismatches:?}");
    }
}

#[test]
fn an_explicit_data_type_still_converts() {
    let mut expected = with_body(json!({"a": 1, "b": "1", "c": 1, "d": "x"}));
    for (field, data_type) in [
        ("a", DataType::String),
        ("b", DataType::Integer),
        ("c", DataType::Decimal),
        ("d", DataType::Boolean),
    ] {
        expected.generators.add(
            crate::model::Category::Body,
            format!("$.{field}").parse().expect("path"),
            Generator::ProviderState {
                expression: format!("${{{field}}}"),
                data_type,
            },
        );
    }
    let context = state(json!({"a": 42, "b": "17", "c": 2, "d": "TRUE"}));

    let generated = generate_expected_response(&expected, &context)
        .expect("generates")
        .value;

    assert_eq!(
        generated.body,
        Body::json(json!({"a": "42", "b": 17, "c": 2.0, "d": true}))
    );
}

#[test]
fn the_expected_response_gets_provider_state_values_only() {
    let mut expected = with_body(json!({"id": 1, "code": "A1", "n": 5, "when": "2000-01-01"}));
    let body = |path: &str| path.parse().expect("path");
    let generators = [
        (
            "$.id",
            Generator::ProviderState {
                expression: "${id}".into(),
                data_type: DataType::Raw,
            },
        ),
        (
            "$.code",
            Generator::Regex {
                regex: "[A-Z][0-9]".into(),
            },
        ),
        ("$.n", Generator::RandomInt { min: 100, max: 200 }),
        (
            "$.when",
            Generator::Date {
                format: None,
                expression: Some("+ 1 day".into()),
            },
        ),
    ];
    for (path, generator) in generators {
        expected
            .generators
            .add(crate::model::Category::Body, body(path), generator);
    }
    expected
        .headers
        .insert("Location".into(), vec!["/orders/1".into()]);
    expected.generators.add(
        crate::model::Category::Header,
        body("$.Location"),
        Generator::ProviderState {
            expression: "/orders/${id}".into(),
            data_type: DataType::Raw,
        },
    );
    expected.headers.insert("X-Count".into(), vec!["1".into()]);
    expected.generators.add(
        crate::model::Category::Header,
        body("$.X-Count"),
        Generator::ProviderState {
            expression: "${id}".into(),
            data_type: DataType::Raw,
        },
    );
    expected.generators.add(
        crate::model::Category::Status,
        crate::model::DocPath::root(),
        Generator::RandomInt { min: 500, max: 500 },
    );

    let generated = generate_expected_response(&expected, &state(json!({"id": 42})))
        .expect("generates")
        .value;

    // A random value or the date of the run is nothing the provider can know: the
    // example stays. A header is text, so the number is written as text.
    assert_eq!(
        generated.body,
        Body::json(json!({"id": 42, "code": "A1", "n": 5, "when": "2000-01-01"}))
    );
    assert_eq!(generated.headers["Location"], ["/orders/42"]);
    assert_eq!(generated.headers["X-Count"], ["42"]);
    assert_eq!(generated.status, 200);
}
