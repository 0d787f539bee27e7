//! Issue 11, D3: a provider-state value that nobody supplied keeps the example in what the
//! verifier sends and expects (the official verifier's verdict), and says so.

use serde_json::json;

use super::*;
use crate::model::json::{request_from_json, response_from_json};
use crate::model::{Body, MessageContents, SpecVersion};

fn json_of(body: &Body) -> serde_json::Value {
    match body {
        Body::Json { value, .. } => value.clone(),
        other => panic!("not a JSON body: {other:?}"),
    }
}

fn ps(expression: &str) -> serde_json::Value {
    json!({"type": "ProviderState", "expression": expression})
}

/// A V3 request with provider-state generators in the path, a query parameter, a header
/// and the body; only `known` is supplied by the tests.
fn request() -> HttpRequest {
    request_from_json(
        &json!({
            "method": "GET",
            "path": "/orders/7",
            "query": {"tenant": ["t1"]},
            "headers": {"X-Trace": "abc"},
            "body": {"id": 7, "known": 1, "note": "x-1"},
            "generators": {
                "path": ps("/orders/${nope}"),
                "query": {"tenant": ps("${tenantId}")},
                "header": {"X-Trace": ps("trace-${trace}")},
                "body": {"$.id": ps("${nope}"), "$.known": ps("${known}"),
                         "$.note": ps("x-${note.deep}")}
            }
        }),
        SpecVersion::V3,
        "p.json",
        "$",
    )
    .expect("a valid request")
}

#[test]
fn a_request_keeps_every_example_whose_value_is_missing_and_names_each_place() {
    let context = GeneratorContext::new().provider_state_value("known", 99);

    let generated = generate_provider_request(&request(), &context).expect("generates");

    let request = generated.value;
    assert_eq!(request.path, "/orders/7");
    assert_eq!(request.query.expect("query")["tenant"], ["t1"]);
    assert_eq!(request.headers["X-Trace"], ["abc"]);
    assert_eq!(
        json_of(&request.body),
        json!({"id": 7, "known": 99, "note": "x-1"})
    );
    let kept: Vec<(String, String)> = generated
        .examples_kept
        .iter()
        .map(|kept| (kept.location.clone(), kept.name.clone()))
        .collect();
    assert_eq!(
        kept,
        [
            ("the path".to_owned(), "nope".to_owned()),
            ("query parameter 'tenant'".to_owned(), "tenantId".to_owned()),
            ("header 'X-Trace'".to_owned(), "trace".to_owned()),
            ("body $.id".to_owned(), "nope".to_owned()),
            ("body $.note".to_owned(), "note.deep".to_owned()),
        ]
    );
    assert_eq!(
        generated.examples_kept[0].to_string(),
        "provider state value `nope` not supplied by the state handler or params; the example \
         was used (the path, expression \"/orders/${nope}\")"
    );
}

#[test]
fn a_request_with_every_value_supplied_keeps_nothing() {
    let context = GeneratorContext::new()
        .provider_state_value("known", 1)
        .provider_state_value("nope", 8)
        .provider_state_value("tenantId", "t9")
        .provider_state_value("trace", "z")
        .provider_state_value("note", json!({"deep": 2}));

    let generated = generate_provider_request(&request(), &context).expect("generates");

    assert!(generated.examples_kept.is_empty());
    assert_eq!(generated.value.path, "/orders/8");
    assert_eq!(
        json_of(&generated.value.body),
        json!({"id": 8, "known": 1, "note": "x-2"})
    );
}

#[test]
fn the_strict_functions_still_refuse_a_missing_value() {
    let error = generate_request(
        &request(),
        GeneratorMode::Provider,
        &GeneratorContext::new(),
    )
    .expect_err("no values");
    assert!(matches!(
        error.failure,
        GenerateFailure::MissingProviderStateValue { .. }
    ));
}

#[test]
fn other_failures_are_still_errors_when_examples_are_kept() {
    let mut request = request();
    request.generators = crate::model::Generators::new();
    request.generators.add(
        crate::model::Category::Body,
        crate::model::DocPath::root().join_field("id"),
        crate::model::Generator::ProviderState {
            expression: "${id}".into(),
            data_type: crate::model::DataType::Integer,
        },
    );
    let context = GeneratorContext::new().provider_state_value("id", "not a number");

    let error = generate_provider_request(&request, &context).expect_err("not an integer");

    assert!(matches!(
        error.failure,
        GenerateFailure::ProviderStateConversion { .. }
    ));
}

#[test]
fn an_expected_response_keeps_examples_in_status_headers_and_body() {
    let response = response_from_json(
        &json!({
            "status": 200,
            "headers": {"Location": "/orders/1"},
            "body": {"id": 1, "total": 5},
            "generators": {
                "status": ps("${code}"),
                "header": {"Location": ps("/orders/${id}")},
                "body": {"$.id": ps("${id}"), "$.total": ps("${total}")}
            }
        }),
        SpecVersion::V3,
        "p.json",
        "$",
    )
    .expect("a valid response");
    let context = GeneratorContext::new().provider_state_value("total", 12);

    let generated = generate_expected_response(&response, &context).expect("generates");

    assert_eq!(generated.value.status, 200);
    assert_eq!(generated.value.headers["Location"], ["/orders/1"]);
    assert_eq!(
        json_of(&generated.value.body),
        json!({"id": 1, "total": 12})
    );
    let names: Vec<&str> = generated
        .examples_kept
        .iter()
        .map(|kept| kept.name.as_str())
        .collect();
    assert_eq!(names, ["code", "id", "id"]);
}

#[test]
fn an_expected_message_keeps_examples_in_contents_and_metadata() {
    let mut message = MessageContents {
        contents: Body::json(json!({"orderId": 3})),
        ..MessageContents::default()
    };
    message.metadata.insert("key".into(), json!("k-3"));
    message.generators.add(
        crate::model::Category::Body,
        crate::model::DocPath::root().join_field("orderId"),
        crate::model::Generator::ProviderState {
            expression: "${orderId}".into(),
            data_type: crate::model::DataType::Raw,
        },
    );
    message.generators.add(
        crate::model::Category::Metadata,
        crate::model::DocPath::root().join_field("key"),
        crate::model::Generator::ProviderState {
            expression: "k-${orderId}".into(),
            data_type: crate::model::DataType::Raw,
        },
    );

    let generated =
        generate_expected_message(&message, &GeneratorContext::new()).expect("generates");

    assert_eq!(generated.value, message);
    assert_eq!(generated.examples_kept.len(), 2);
    assert_eq!(generated.examples_kept[1].location, "metadata 'key'");
}
