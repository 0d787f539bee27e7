use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use super::*;
use crate::matching::check_value;
use crate::model::{
    Body, Category, DataType, DocPath, Generator, HttpInteraction, HttpRequest, HttpResponse,
    MatchingRule, MessageContents, UuidFormat,
};

fn p(path: &str) -> DocPath {
    path.parse().expect("valid path")
}

/// 2024-02-29T07:05:09Z.
fn fixed_clock() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_190_309)
}

fn response_with(body: Value, generators: &[(&str, Generator)]) -> HttpResponse {
    let mut response = HttpResponse {
        body: Body::json(body),
        ..HttpResponse::default()
    };
    for (path, generator) in generators {
        response
            .generators
            .add(Category::Body, p(path), generator.clone());
    }
    response
}

fn body_of(response: &HttpResponse) -> Value {
    match &response.body {
        Body::Json { value, .. } => value.clone(),
        other => panic!("expected a JSON body, got {other:?}"),
    }
}

#[test]
fn random_values_have_the_shape_their_generator_promises() {
    let expected = response_with(
        json!({"int": 0, "dec": 0.5, "hex": "0", "str": "", "re": "", "uuid": "", "simple": "",
               "urn": "", "upper": "", "bool": null}),
        &[
            ("$.int", Generator::RandomInt { min: 5, max: 7 }),
            ("$.dec", Generator::RandomDecimal { digits: 6 }),
            ("$.hex", Generator::RandomHexadecimal { digits: 12 }),
            ("$.str", Generator::RandomString { size: 9 }),
            (
                "$.re",
                Generator::Regex {
                    regex: r"^[A-Z]{2}-\d{3}$".into(),
                },
            ),
            (
                "$.uuid",
                Generator::Uuid {
                    format: UuidFormat::LowerCaseHyphenated,
                },
            ),
            (
                "$.simple",
                Generator::Uuid {
                    format: UuidFormat::Simple,
                },
            ),
            (
                "$.upper",
                Generator::Uuid {
                    format: UuidFormat::UpperCaseHyphenated,
                },
            ),
            (
                "$.urn",
                Generator::Uuid {
                    format: UuidFormat::Urn,
                },
            ),
            ("$.bool", Generator::RandomBoolean),
        ],
    );

    for _ in 0..25 {
        let body = body_of(
            &generate_response(&expected, GeneratorMode::Consumer, &GeneratorContext::new())
                .expect("generates"),
        );

        let int = body["int"].as_i64().expect("an integer");
        assert!((5..=7).contains(&int), "{int}");
        assert!(
            body["dec"].as_f64().is_some_and(|d| d.fract() != 0.0),
            "{}",
            body["dec"]
        );
        let matches = |key: &str, regex: &str| {
            let text = body[key].as_str().unwrap_or_default();
            assert!(
                regex::Regex::new(regex).expect("regex").is_match(text),
                "{key}: {text:?} !~ /{regex}/"
            );
        };
        matches("hex", "^[0-9a-f]{12}$");
        matches("str", "^[A-Za-z0-9]{9}$");
        matches("re", r"^[A-Z]{2}-\d{3}$");
        matches(
            "uuid",
            "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        );
        matches("simple", "^[0-9a-f]{32}$");
        matches(
            "upper",
            "^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$",
        );
        matches(
            "urn",
            "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        );
        assert!(body["bool"].is_boolean());
    }
}

#[test]
fn dates_follow_their_format_and_expression_against_a_fixed_clock() {
    let expected = response_with(
        json!({"d": "", "t": "", "dt": "", "plain": "", "custom": ""}),
        &[
            (
                "$.d",
                Generator::Date {
                    format: Some("yyyy-MM-dd".into()),
                    expression: Some("+ 1 day".into()),
                },
            ),
            (
                "$.t",
                Generator::Time {
                    format: Some("HH:mm".into()),
                    expression: Some("- 2 hours".into()),
                },
            ),
            (
                "$.dt",
                Generator::DateTime {
                    format: None,
                    expression: Some("tomorrow @ midnight".into()),
                },
            ),
            (
                "$.plain",
                Generator::Date {
                    format: None,
                    expression: None,
                },
            ),
            (
                "$.custom",
                Generator::DateTime {
                    format: Some("EEE, dd MMM yyyy HH:mm:ss.SSSXXX".into()),
                    expression: Some("now".into()),
                },
            ),
        ],
    );
    let context = GeneratorContext::new().now(fixed_clock());

    let body = body_of(
        &generate_response(&expected, GeneratorMode::Consumer, &context).expect("generates"),
    );

    assert_eq!(
        body,
        json!({"d": "2024-03-01", "t": "05:05", "dt": "2024-03-01T00:00:00Z",
               "plain": "2024-02-29", "custom": "Thu, 29 Feb 2024 07:05:09.000Z"})
    );
    // What is generated without a format is what the matchers read without one.
    let timestamp = MatchingRule::Timestamp(None);
    assert_eq!(
        check_value(&timestamp, &body["dt"], &body["dt"], false),
        Ok(())
    );
    let date = MatchingRule::Date(None);
    assert_eq!(
        check_value(&date, &body["plain"], &body["plain"], false),
        Ok(())
    );
}

#[test]
fn an_invalid_date_format_or_expression_is_an_error_naming_the_path_and_generator() {
    let expected = response_with(
        json!({"t": ""}),
        &[(
            "$.t",
            Generator::Time {
                format: Some("HH:mm:ss.fff".into()),
                expression: None,
            },
        )],
    );
    let error = generate_response(&expected, GeneratorMode::Consumer, &GeneratorContext::new())
        .expect_err("f is not a pattern letter");
    assert_eq!(
        error.to_string(),
        "cannot generate body $.t with the Time generator: invalid date format \"HH:mm:ss.fff\": unknown pattern letter 'f' at position 9"
    );

    let expected = response_with(
        json!({"d": ""}),
        &[(
            "$.d",
            Generator::Date {
                format: None,
                expression: Some("+ 1 eon".into()),
            },
        )],
    );
    let error = generate_response(&expected, GeneratorMode::Consumer, &GeneratorContext::new())
        .expect_err("eon is not a unit");
    assert!(matches!(
        error.failure,
        GenerateFailure::InvalidDateExpression { .. }
    ));
    assert_eq!(error.generator, "Date");
}

#[test]
fn wildcards_reach_every_element_and_missing_paths_are_left_alone() {
    let expected = response_with(
        json!({"items": [{"id": 1}, {"id": 2}, {"id": 3}], "map": {"a": {"n": 0}, "b": {"n": 0}}}),
        &[
            ("$.items[*].id", Generator::RandomInt { min: 100, max: 100 }),
            ("$.map.*.n", Generator::RandomInt { min: 7, max: 7 }),
            ("$.absent.id", Generator::RandomInt { min: 1, max: 1 }),
            ("$.items[5].id", Generator::RandomInt { min: 1, max: 1 }),
        ],
    );

    let body = body_of(
        &generate_response(&expected, GeneratorMode::Consumer, &GeneratorContext::new())
            .expect("generates"),
    );

    assert_eq!(
        body,
        json!({"items": [{"id": 100}, {"id": 100}, {"id": 100}], "map": {"a": {"n": 7}, "b": {"n": 7}}})
    );
}

fn fc15_request() -> HttpRequest {
    let mut request = HttpRequest {
        path: "/api/users/100".into(),
        ..HttpRequest::default()
    };
    request.generators.add(
        Category::Path,
        DocPath::root(),
        Generator::ProviderState {
            expression: "/api/users/${id}".into(),
            data_type: DataType::String,
        },
    );
    request
}

#[test]
fn fc15_provider_state_values_are_injected_into_the_path_in_provider_mode_only() {
    let context = GeneratorContext::new().provider_state_value("id", "6000");

    let provider =
        generate_request(&fc15_request(), GeneratorMode::Provider, &context).expect("generates");
    let consumer =
        generate_request(&fc15_request(), GeneratorMode::Consumer, &context).expect("generates");

    assert_eq!(provider.path, "/api/users/6000");
    assert_eq!(consumer.path, "/api/users/100");
}

#[test]
fn fc15_a_missing_provider_state_value_is_an_error_naming_it() {
    let error = generate_request(
        &fc15_request(),
        GeneratorMode::Provider,
        &GeneratorContext::new(),
    )
    .expect_err("no id");

    assert_eq!(
        error.to_string(),
        "cannot generate the path with the ProviderState generator: the provider state has no value `id` (expression \"/api/users/${id}\")"
    );
}

#[test]
fn fc15_an_expression_without_placeholders_is_accepted_with_a_warning_naming_the_interaction() {
    let mut request = fc15_request();
    request.generators.add(
        Category::Path,
        DocPath::root(),
        Generator::ProviderState {
            expression: "/api/users/{id}".into(),
            data_type: DataType::String,
        },
    );
    let interaction = crate::model::Interaction::Http(HttpInteraction {
        common: crate::model::InteractionCommon {
            description: "a request for a user".into(),
            ..Default::default()
        },
        request: request.clone(),
        response: HttpResponse::default(),
    });

    let generated = generate_request(&request, GeneratorMode::Provider, &GeneratorContext::new())
        .expect("accepted");
    let warnings = warnings(&interaction);

    assert_eq!(generated.path, "/api/users/{id}");
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].to_string(),
        "interaction \"a request for a user\": the provider-state expression \"/api/users/{id}\" at the path has no ${…} placeholder, so it always gives the same value"
    );
}

#[test]
fn headers_query_and_status_get_generated_values() {
    let mut request = HttpRequest::default();
    request
        .headers
        .insert("x-trace".into(), vec!["a".into(), "b".into()]);
    request.query = Some([("id".to_owned(), vec!["1".to_owned()])].into());
    request.generators.add(
        Category::Header,
        p("$.X-Trace"),
        Generator::RandomInt { min: 3, max: 3 },
    );
    request.generators.add(
        Category::Query,
        p("$.id"),
        Generator::ProviderState {
            expression: "${id}".into(),
            data_type: DataType::Integer,
        },
    );
    request
        .generators
        .add(Category::Header, p("$.X-New"), Generator::RandomBoolean);
    let context = GeneratorContext::new().provider_state_value("id", 42);

    let generated =
        generate_request(&request, GeneratorMode::Provider, &context).expect("generates");

    assert_eq!(generated.headers["x-trace"], ["3", "3"]);
    assert!(matches!(
        generated.headers["X-New"][0].as_str(),
        "true" | "false"
    ));
    assert_eq!(generated.query.expect("query")["id"], ["42"]);

    let mut response = HttpResponse::default();
    response.generators.add(
        Category::Status,
        DocPath::root(),
        Generator::RandomInt { min: 201, max: 201 },
    );
    let generated = generate_response(&response, GeneratorMode::Consumer, &GeneratorContext::new())
        .expect("generates");
    assert_eq!(generated.status, 201);

    response.generators.add(
        Category::Status,
        DocPath::root(),
        Generator::RandomInt { min: 7, max: 7 },
    );
    let error = generate_response(&response, GeneratorMode::Consumer, &GeneratorContext::new())
        .expect_err("7 is no status");
    assert_eq!(
        error.failure,
        GenerateFailure::InvalidStatus { value: "7".into() }
    );
}

#[test]
fn the_mock_server_url_applies_in_consumer_mode_and_needs_the_url() {
    let mut response = HttpResponse::default();
    response.headers.insert(
        "Location".into(),
        vec!["http://localhost:8080/orders/7".into()],
    );
    response.generators.add(
        Category::Header,
        p("$.Location"),
        Generator::MockServerUrl {
            example: "http://localhost:8080/orders/7".into(),
            regex: r".*(/orders/\d+)$".into(),
        },
    );

    let consumer = generate_response(
        &response,
        GeneratorMode::Consumer,
        &GeneratorContext::new().mock_server_url("http://127.0.0.1:5000"),
    )
    .expect("generates");
    let provider = generate_response(&response, GeneratorMode::Provider, &GeneratorContext::new())
        .expect("left alone");
    let error = generate_response(&response, GeneratorMode::Consumer, &GeneratorContext::new())
        .expect_err("no URL");

    assert_eq!(
        consumer.headers["Location"],
        ["http://127.0.0.1:5000/orders/7"]
    );
    assert_eq!(
        provider.headers["Location"],
        ["http://localhost:8080/orders/7"]
    );
    assert_eq!(error.failure, GenerateFailure::MissingMockServerUrl);
    assert_eq!(error.location, "header 'Location'");
}

#[test]
fn form_and_text_bodies_and_message_metadata_are_generated() {
    let mut response = HttpResponse {
        body: Body::Text {
            text: "a=1&b=x+y".into(),
            content_type: Some("application/x-www-form-urlencoded".into()),
        },
        ..HttpResponse::default()
    };
    response.generators.add(
        Category::Body,
        p("$.a"),
        Generator::RandomInt { min: 9, max: 9 },
    );
    let generated = generate_response(&response, GeneratorMode::Consumer, &GeneratorContext::new())
        .expect("generates");
    assert_eq!(generated.body.to_bytes(), b"a=9&b=x+y");

    let mut response = HttpResponse {
        body: Body::Text {
            text: "old".into(),
            content_type: Some("text/plain".into()),
        },
        ..HttpResponse::default()
    };
    response.generators.add(
        Category::Body,
        DocPath::root(),
        Generator::RandomHexadecimal { digits: 4 },
    );
    let generated = generate_response(&response, GeneratorMode::Consumer, &GeneratorContext::new())
        .expect("generates");
    assert_eq!(generated.body.to_bytes().len(), 4);

    let mut message = MessageContents {
        contents: Body::json(json!({"id": 1})),
        ..MessageContents::default()
    };
    message.metadata.insert("key".into(), json!("k"));
    message.generators.add(
        Category::Metadata,
        p("$.key"),
        Generator::RandomInt { min: 5, max: 5 },
    );
    message.generators.add(
        Category::Content,
        p("$.id"),
        Generator::RandomInt { min: 6, max: 6 },
    );
    let generated = generate_message(&message, GeneratorMode::Provider, &GeneratorContext::new())
        .expect("generates");
    assert_eq!(generated.metadata["key"], json!(5));
    assert_eq!(generated.contents, Body::json(json!({"id": 6})));
}

#[test]
fn an_empty_range_is_an_error_not_a_panic() {
    let expected = response_with(
        json!({"n": 1}),
        &[("$.n", Generator::RandomInt { min: 5, max: 1 })],
    );
    let error = generate_response(&expected, GeneratorMode::Consumer, &GeneratorContext::new())
        .expect_err("empty range");
    assert_eq!(
        error.to_string(),
        "cannot generate body $.n with the RandomInt generator: the range 5..=1 is empty"
    );
}

/// A body with `one` = `value` and a `MockServerURL` generator on it written with `example`.
fn body_with_mock_server_url(value: Value, example: &str, regex: &str) -> HttpResponse {
    let mut response = HttpResponse {
        body: Body::from_bytes(
            json!({ "one": value }).to_string().as_bytes(),
            Some("application/json"),
        ),
        ..HttpResponse::default()
    };
    response.generators.add(
        Category::Body,
        p("$.one"),
        Generator::MockServerUrl {
            example: example.into(),
            regex: regex.into(),
        },
    );
    response
}

fn generated_one(response: &HttpResponse, base: &str) -> Result<Value, GeneratorError> {
    let context = GeneratorContext::new().mock_server_url(base);
    let generated = generate_response(response, GeneratorMode::Consumer, &context)?;
    let body: Value = serde_json::from_slice(&generated.body.to_bytes()).expect("JSON body");
    Ok(body["one"].clone())
}

#[test]
fn the_mock_server_url_is_generated_from_the_generators_own_example() {
    // The value at the location need not be a URL (compatibility suite V4 generators:
    // `"one": "a"` with the example `http://1234:8080/a`), nor the same URL.
    let cases = [
        (
            json!("a"),
            "http://1234:8080/a",
            ".*(/a)",
            "http://somewhere.world/a",
        ),
        (
            json!("http://localhost:1/elsewhere"),
            "http://localhost:8080/orders/7",
            r".*(/orders/\d+)$",
            "http://somewhere.world/orders/7",
        ),
        (
            json!(42),
            "http://x:1/p?q=1",
            r".*(/p\?q=1)",
            "http://somewhere.world/p?q=1",
        ),
    ];
    for (value, example, regex, expected) in cases {
        let response = body_with_mock_server_url(value, example, regex);
        assert_eq!(
            generated_one(&response, "http://somewhere.world").expect("generates"),
            json!(expected),
            "{example} with {regex}"
        );
    }
}

#[test]
fn a_mock_server_url_generator_without_example_uses_the_value_and_one_that_does_not_match_fails() {
    let without_example = body_with_mock_server_url(
        json!("http://localhost:9/orders/3"),
        "",
        r".*(/orders/\d+)$",
    );
    assert_eq!(
        generated_one(&without_example, "http://127.0.0.1:5").expect("generates"),
        json!("http://127.0.0.1:5/orders/3")
    );

    let not_matching = body_with_mock_server_url(json!("a"), "http://h:1/b", ".*(/a)");
    let error = generated_one(&not_matching, "http://127.0.0.1:5").expect_err("no match");
    assert!(
        matches!(error.failure, GenerateFailure::MockServerUrlNoMatch { .. }),
        "{error:?}"
    );
}
