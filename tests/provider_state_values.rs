//! Provider-state values keep their JSON type end to end (issue 11, class 1): pacts as
//! pact-js and pact-python (the official core) write `fromProviderState`, verified
//! against a provider that sends the state's values with their own types.

mod provider_support;

use axum::Json;
use axum::extract::{Path as UrlPath, RawQuery};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::get;
use pact_runtime::model::ProviderState;
use pact_runtime::provider::{PactSource, StateValues, Verifier};
use provider_support::{failure_of, write_pact};
use serde_json::{Value, json};

/// How the provider writes an order: correctly, or with the id as a string.
#[derive(Clone, Copy)]
enum Orders {
    Correct,
    IdAsText,
}

/// `GET /orders/{id}`: the order with that id, `X-Order-Id` naming it, and the query
/// echoed back.
async fn start(orders: Orders) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    let app = axum::Router::new().route(
        "/orders/{id}",
        get(
            move |UrlPath(id): UrlPath<u64>, RawQuery(query): RawQuery, headers: HeaderMap| async move {
                let tenant = headers
                    .get("x-tenant")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-")
                    .to_owned();
                let id_value = match orders {
                    Orders::Correct => json!(id),
                    Orders::IdAsText => json!(id.to_string()),
                };
                (
                    [("x-order-id", id.to_string())],
                    Json(json!({
                        "id": id_value,
                        "paid": id % 2 == 0,
                        "customer": {"name": "Ann", "since": 2019},
                        "label": format!("order-{id}"),
                        "query": query.unwrap_or_default(),
                        "tenant": tenant,
                    })),
                )
                    .into_response()
            },
        ),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// The interaction as the official core writes it for `fromProviderState` (a `type` rule
/// and a generator without `dataType`) on the path, a query parameter, a header and body
/// fields of several JSON types. `v4` chooses the V4 layout of bodies and headers.
fn official_pact(v4: bool) -> Value {
    let type_rule = json!({"combine": "AND", "matchers": [{"match": "type"}]});
    let ps = |expression: &str| json!({"type": "ProviderState", "expression": expression});
    let body = json!({
        "id": 1, "paid": false, "customer": {"name": "x"}, "label": "order-1"
    });
    let (body, headers) = if v4 {
        (
            json!({"content": body, "contentType": "application/json", "encoded": false}),
            json!({"Content-Type": ["application/json"], "X-Order-Id": ["1"]}),
        )
    } else {
        (
            body,
            json!({"Content-Type": "application/json", "X-Order-Id": "1"}),
        )
    };
    let mut interaction = json!({
        "description": "an order by id",
        "providerStates": [{"name": "an order exists", "params": {"orderId": 1}}],
        "request": {
            "method": "GET",
            "path": "/orders/1",
            "query": {"tenant": ["1"]},
            "headers": {"X-Tenant": "1"},
            "matchingRules": {
                "path": type_rule,
                "query": {"tenant": type_rule},
                "header": {"X-Tenant": type_rule}
            },
            "generators": {
                "path": ps("/orders/${orderId}"),
                "query": {"tenant": ps("${tenant}")},
                "header": {"X-Tenant": ps("${tenant}")}
            }
        },
        "response": {
            "status": 200,
            "headers": headers,
            "body": body,
            "matchingRules": {
                "body": {"$.id": type_rule, "$.paid": type_rule, "$.customer": type_rule,
                         "$.label": type_rule},
                "header": {"X-Order-Id": type_rule}
            },
            "generators": {
                "body": {"$.id": ps("${orderId}"), "$.paid": ps("${paid}"),
                         "$.customer": ps("${customer}"), "$.label": ps("order-${orderId}")},
                "header": {"X-Order-Id": ps("${orderId}")}
            }
        }
    });
    if v4 {
        interaction["type"] = json!("Synchronous/HTTP");
        interaction["request"]["headers"] = json!({"X-Tenant": ["1"]});
    }
    json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": "orders"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": if v4 { "4.0" } else { "3.0.0" }}}
    })
}

/// The state handler creates order 42 (paid) for tenant 7.
fn verifier(url: &str) -> Verifier {
    Verifier::new("orders", url).state("an order exists", |_state: ProviderState| async {
        let Value::Object(values) = json!({
            "orderId": 42, "paid": true, "customer": {"name": "Ann"}, "tenant": 7
        }) else {
            unreachable!("an object literal");
        };
        Ok::<StateValues, String>(values)
    })
}

#[tokio::test]
async fn numbers_booleans_and_objects_from_the_state_pass_their_type_rules_in_v3_and_v4() {
    let url = start(Orders::Correct).await;
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, v4) in [("v3.json", false), ("v4.json", true)] {
        let pact = write_pact(dir.path(), file, &official_pact(v4));

        let report = verifier(&url).verify(&[PactSource::file(pact)]).await;

        assert!(report.is_ok(), "{file}:\n{report}");
    }
}

#[tokio::test]
async fn the_state_values_reach_the_path_query_and_headers_as_text() {
    let url = start(Orders::Correct).await;
    let dir = tempfile::tempdir().expect("tempdir");
    // The provider echoes the query and the tenant header into its body: an equality
    // rule on them shows what it received.
    let mut pact = official_pact(true);
    let response = &mut pact["interactions"][0]["response"];
    response["body"]["content"]["query"] = json!("tenant=7");
    response["body"]["content"]["tenant"] = json!("7");
    let pact = write_pact(dir.path(), "echo.json", &pact);

    let report = verifier(&url).verify(&[PactSource::file(pact)]).await;

    assert!(report.is_ok(), "{report}");
}

#[tokio::test]
async fn a_provider_sending_the_id_as_text_fails_on_that_field_only() {
    let url = start(Orders::IdAsText).await;
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, v4) in [("v3.json", false), ("v4.json", true)] {
        let pact = write_pact(dir.path(), file, &official_pact(v4));

        let report = verifier(&url).verify(&[PactSource::file(pact)]).await;

        assert!(!report.is_ok(), "{file} passed:\n{report}");
        let text = report.to_string();
        assert!(text.contains("$.id"), "{file}:\n{text}");
        assert!(
            !text.contains("$.paid") && !text.contains("$.customer"),
            "{file}:\n{text}"
        );
    }
}

/// A verifier whose state handler supplies nothing: only the state's parameters
/// (`orderId: 1`) are known.
fn verifier_supplying_nothing(url: &str) -> Verifier {
    Verifier::new("orders", url).state("an order exists", |_state: ProviderState| async {
        Ok::<StateValues, String>(StateValues::new())
    })
}

/// The report's warnings of the only interaction, rendered.
fn warnings_of(report: &pact_runtime::provider::VerificationReport) -> Vec<String> {
    report
        .interactions()
        .flat_map(|result| result.warnings.iter().map(ToString::to_string))
        .collect()
}

#[tokio::test]
async fn values_nobody_supplied_keep_the_example_in_query_header_and_response_and_say_so() {
    let url = start(Orders::Correct).await;
    let dir = tempfile::tempdir().expect("tempdir");
    for (file, v4) in [("v3.json", false), ("v4.json", true)] {
        let pact = write_pact(dir.path(), file, &official_pact(v4));

        let report = verifier_supplying_nothing(&url)
            .verify(&[PactSource::file(pact)])
            .await;

        // The official verdict: the examples are sent (tenant 1), and the response's
        // examples (paid false, customer {"name": "x"}) are judged by their type rules.
        assert!(report.is_ok(), "{file}:\n{report}");
        let warnings = warnings_of(&report);
        for (place, name) in [
            ("the request, query parameter 'tenant'", "tenant"),
            ("the request, header 'X-Tenant'", "tenant"),
            ("the expected response, body $.paid", "paid"),
            ("the expected response, body $.customer", "customer"),
        ] {
            let wanted = format!(
                "{place}: provider state value `{name}` not supplied by the state handler or \
                 params; the example was used"
            );
            assert!(
                warnings.iter().any(|warning| warning.starts_with(&wanted)),
                "{file}: no {wanted:?} in {warnings:#?}"
            );
        }
        assert!(
            !warnings.iter().any(|warning| warning.contains("`orderId`")),
            "{file}: the params supplied orderId: {warnings:#?}"
        );
        assert!(report.to_string().contains("not supplied"), "{report}");
    }
}

#[tokio::test]
async fn a_missing_value_in_the_path_or_request_body_sends_the_example() {
    let url = start(Orders::Correct).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut pact = official_pact(true);
    let request = &mut pact["interactions"][0]["request"];
    request["generators"]["path"] =
        json!({"type": "ProviderState", "expression": "/orders/${nope}"});
    request["body"] =
        json!({"content": {"ref": 5}, "contentType": "application/json", "encoded": false});
    request["generators"]["body"] =
        json!({"$.ref": {"type": "ProviderState", "expression": "${alsoNope}"}});
    // The label, compared by equality, tells which order the provider was asked for.
    let response = &mut pact["interactions"][0]["response"];
    response["generators"]["body"]
        .as_object_mut()
        .expect("body generators")
        .remove("$.label");
    response["matchingRules"]["body"]
        .as_object_mut()
        .expect("body rules")
        .remove("$.label");
    let pact = write_pact(dir.path(), "path.json", &pact);

    let report = verifier(&url).verify(&[PactSource::file(pact)]).await;

    // The example path /orders/1 reached the provider (label "order-1").
    assert!(report.is_ok(), "{report}");
    let warnings = warnings_of(&report);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("the request, the path: provider state value `nope`")),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("the request, body $.ref: provider state value `alsoNope`")),
        "{warnings:#?}"
    );
}

/// A generator that cannot convert its value (an integer wanted, text given) fails the
/// interaction before the provider is called, naming the part it was generating.
#[tokio::test]
async fn a_generator_failure_names_the_request_or_the_expected_response() {
    let url = start(Orders::Correct).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let integer = |expression: &str| json!({"type": "ProviderState", "expression": expression, "dataType": "INTEGER"});
    let cases = [
        (
            "response body",
            "response",
            "body",
            "$.id",
            "the expected response",
        ),
        (
            "response header",
            "response",
            "header",
            "X-Order-Id",
            "the expected response",
        ),
        (
            "request header",
            "request",
            "header",
            "X-Tenant",
            "the request",
        ),
        ("request query", "request", "query", "tenant", "the request"),
    ];
    for (name, part, category, key, wanted) in cases {
        let mut pact = official_pact(true);
        pact["interactions"][0][part]["generators"][category][key] = integer("${label}");
        let pact = write_pact(dir.path(), &format!("{name}.json"), &pact);
        let verifier =
            Verifier::new("orders", &url).state("an order exists", |_state: ProviderState| async {
                let Value::Object(values) = json!({"label": "not a number"}) else {
                    unreachable!("an object literal");
                };
                Ok::<StateValues, String>(values)
            });

        let report = verifier.verify(&[PactSource::file(pact)]).await;

        let failure = failure_of(&report, "an order by id");
        assert!(
            failure.starts_with(&format!("cannot generate {wanted}: ")),
            "{name}: {failure}"
        );
        assert!(failure.contains("is not an integer"), "{name}: {failure}");
    }
}
