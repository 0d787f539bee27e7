//! Bodies of every kind, status rules, V4 interaction fields, generators in every
//! category, and DSL-built pacts written and read back in V4, V3 and V2.

use serde_json::json;

use super::*;
use crate::generators::{GeneratorContext, GeneratorMode, generate_response};
use crate::json_pattern;
use crate::matchers::{
    content_type, each_like, from_provider_state, integer, like, mock_server_url, random_integer,
    status_code, term,
};
use crate::matching::{match_request, match_response};
use crate::model::json::{pact_from_json, pact_to_json};
use crate::model::{
    Body, Category, DataType, DocPath, Generator, HttpRequest, MatchingRule, Pact, SpecVersion,
    StatusClass, WriteError,
};

fn p(path: &str) -> DocPath {
    path.parse().expect("valid path")
}

fn rule_at(
    rules: &crate::model::MatchingRules,
    category: Category,
    path: &str,
) -> Vec<MatchingRule> {
    rules
        .category(category)
        .and_then(|by_path| by_path.get(&p(path)))
        .map(|list| list.rules.clone())
        .unwrap_or_default()
}

#[test]
fn a_form_body_is_encoded_in_order_with_rules_on_its_values() {
    let model = Request::post("/login")
        .form([
            ("user", like("alice")),
            ("note", "a b&c".into()),
            ("user", "bob".into()),
        ])
        .into_model();

    assert_eq!(
        model.headers["Content-Type"],
        ["application/x-www-form-urlencoded"]
    );
    assert_eq!(model.body.to_bytes(), b"user=alice&note=a+b%26c&user=bob");
    assert_eq!(
        rule_at(&model.matching_rules, Category::Body, "$.user"),
        [MatchingRule::Type]
    );
    let actual = HttpRequest {
        body: Body::Text {
            text: "note=a%20b%26c&user=carol&user=bob".into(),
            content_type: Some("application/x-www-form-urlencoded".into()),
        },
        ..model.clone()
    };
    assert!(match_request(&model, &actual).is_empty());
}

#[test]
fn a_multipart_body_has_named_parts_and_matches_any_boundary() {
    let model = Request::post("/photos")
        .multipart(Multipart::new().text("title", like("Holiday")).file(
            "photo",
            "beach.png",
            "image/png",
            b"PNGDATA".to_vec(),
        ))
        .into_model();

    let content_type = model.headers["Content-Type"][0].clone();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let text = String::from_utf8(model.body.to_bytes()).expect("text");
    assert!(text.contains("Content-Disposition: form-data; name=\"photo\"; filename=\"beach.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA"));
    assert_eq!(
        rule_at(&model.matching_rules, Category::Body, "$.title"),
        [MatchingRule::Type]
    );

    let other = "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"b.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\nContent-Type: text/plain\r\n\r\nSki trip\r\n--XyZ--\r\n";
    let mut actual = model.clone();
    actual.headers.insert(
        "Content-Type".into(),
        vec!["multipart/form-data; boundary=XyZ".into()],
    );
    actual.body = Body::Text {
        text: other.into(),
        content_type: Some("multipart/form-data; boundary=XyZ".into()),
    };
    assert!(
        match_request(&model, &actual).is_empty(),
        "{:?}",
        match_request(&model, &actual)
    );
}

#[test]
fn text_xml_and_binary_bodies_carry_their_content_types() {
    let text = Response::ok().text("hello").into_model();
    let xml = Response::ok().xml("<a>1</a>").into_model();
    let bytes = Response::ok()
        .bytes(vec![0xff, 0x00], "application/octet-stream")
        .into_model();

    assert_eq!(
        text.body,
        Body::Text {
            text: "hello".into(),
            content_type: Some("text/plain".into())
        }
    );
    assert_eq!(xml.headers["Content-Type"], ["application/xml"]);
    assert_eq!(bytes.body.content_type(), Some("application/octet-stream"));
    assert!(text.matching_rules.is_empty() && xml.matching_rules.is_empty());
}

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R',
];

#[test]
fn a_binary_body_matched_by_content_type_accepts_other_bytes_of_that_type() {
    let expected = Response::ok()
        .binary(content_type("image/png", PNG))
        .into_model();
    let mut other_png = PNG.to_vec();
    other_png.extend_from_slice(b"different pixels");
    let actual = crate::model::HttpResponse {
        body: Body::Binary {
            bytes: other_png,
            content_type: Some("image/png".into()),
        },
        ..expected.clone()
    };

    assert_eq!(
        rule_at(&expected.matching_rules, Category::Body, "$"),
        [MatchingRule::ContentType("image/png".into())]
    );
    assert!(match_response(&expected, &actual).is_empty());
}

#[test]
fn a_status_rule_lands_in_the_status_category_and_accepts_its_class() {
    let expected = Response::status_matching(status_code(StatusClass::Success, 201)).into_model();
    let actual = crate::model::HttpResponse {
        status: 204,
        ..Default::default()
    };

    assert_eq!(expected.status, 201);
    assert_eq!(
        rule_at(&expected.matching_rules, Category::Status, "$"),
        [MatchingRule::StatusCode(StatusClass::Success)]
    );
    assert!(match_response(&expected, &actual).is_empty());
}

#[test]
#[should_panic(
    expected = "status_matching(): the example status must be an integer from 200 to 599"
)]
fn status_matching_refuses_a_non_status_example() {
    let _ = Response::status_matching(like(42));
}

#[test]
fn pending_comments_key_and_test_name_reach_the_model() {
    let model = Interaction::new("a request")
        .pending(true)
        .comment("first")
        .comment("second")
        .test_name("fetches_a_user")
        .key("k-1")
        .into_model();

    assert!(model.common.pending);
    assert_eq!(model.common.key.as_deref(), Some("k-1"));
    assert_eq!(
        serde_json::Value::Object(model.common.comments),
        json!({"text": ["first", "second"], "testname": "fetches_a_user"})
    );
}

#[test]
fn generators_land_in_the_category_and_path_of_their_pattern() {
    let request = Request::get(from_provider_state("/users/${id}", "/users/1"))
        .query("page", from_provider_state("${page}", 2))
        .header("X-Tenant", from_provider_state("${tenant}", "acme"))
        .json(json_pattern!({"items": each_like(json_pattern!({"n": random_integer(1, 9)}), 1)}))
        .into_model();

    let at = |category, path: &str| {
        request
            .generators
            .category(category)
            .and_then(|by_path| by_path.get(&p(path)))
            .cloned()
    };
    let state = |expression: &str, data_type| Generator::ProviderState {
        expression: expression.into(),
        data_type,
    };
    assert_eq!(
        at(Category::Path, "$"),
        Some(state("/users/${id}", DataType::String))
    );
    assert_eq!(
        at(Category::Query, "$.page"),
        Some(state("${page}", DataType::Integer))
    );
    assert_eq!(
        at(Category::Header, "$.X-Tenant"),
        Some(state("${tenant}", DataType::String))
    );
    assert_eq!(
        at(Category::Body, "$.items[*].n"),
        Some(Generator::RandomInt { min: 1, max: 9 })
    );
    assert_eq!(request.path, "/users/1");
    assert_eq!(
        request.query.as_ref().map(|q| q["page"].clone()),
        Some(vec!["2".to_owned()])
    );
}

#[test]
fn a_dsl_built_response_is_generated_by_the_generators_module() {
    let expected = Response::created()
        .header(
            "Location",
            mock_server_url("http://localhost:8080/orders/7", r".*(/orders/\d+)$"),
        )
        .json(json_pattern!({"id": random_integer(100, 100)}))
        .into_model();
    let context = GeneratorContext::new().mock_server_url("http://127.0.0.1:5000");

    let generated =
        generate_response(&expected, GeneratorMode::Consumer, &context).expect("generates");

    assert_eq!(
        generated.headers["Location"],
        ["http://127.0.0.1:5000/orders/7"]
    );
    assert_eq!(generated.body, Body::json(json!({"id": 100})));
    // The generated response still satisfies the contract it came from.
    assert!(match_response(&expected, &generated).is_empty());
}

fn pact_with(interaction: Interaction) -> Pact {
    let mut pact = Pact::new("web-app", "user-service");
    pact.interactions
        .push(crate::model::Interaction::Http(interaction.into_model()));
    pact
}

fn v3_compatible() -> Interaction {
    Interaction::new("a request for user 1")
        .given_with_params("a user exists", json!({"id": 1}))
        .request(
            Request::get(from_provider_state("/users/${id}", "/users/1"))
                .query("fields", term("name", "^[a-z,]+$"))
                .header("Accept", "application/json"),
        )
        .response(
            Response::ok()
                .header(
                    "Location",
                    mock_server_url("http://localhost:8080/users/1", r".*(/users/\d+)$"),
                )
                .json(json_pattern!({
                    "id": integer(1),
                    "name": like("Alice"),
                    "roles": each_like(json_pattern!({"n": random_integer(1, 9)}), 1),
                })),
        )
}

fn round_trip(pact: &Pact, version: SpecVersion) -> Pact {
    let json = pact_to_json(pact, version).expect("writes");
    let mut read = pact_from_json(&json, "round trip").expect("reads back");
    read.spec_version = pact.spec_version;
    read
}

#[test]
fn a_dsl_built_pact_round_trips_through_v4_and_v3() {
    let pact = pact_with(v3_compatible());

    assert_eq!(round_trip(&pact, SpecVersion::V4), pact);
    assert_eq!(round_trip(&pact, SpecVersion::V3), pact);
}

#[test]
fn v4_only_features_round_trip_in_v4_and_are_refused_by_v3() {
    let pact = pact_with(
        v3_compatible()
            .pending(true)
            .comment("why this matters")
            .response(Response::status_matching(status_code(
                StatusClass::Success,
                200,
            ))),
    );

    assert_eq!(round_trip(&pact, SpecVersion::V4), pact);
    let error = pact_to_json(&pact, SpecVersion::V3).expect_err("V3 has no pending");
    assert!(
        matches!(
            error,
            WriteError::Unsupported {
                version: SpecVersion::V3,
                ..
            }
        ),
        "{error}"
    );

    let status_only = pact_with(
        Interaction::new("status").response(Response::status_matching(status_code(
            StatusClass::Error,
            404,
        ))),
    );
    let error = pact_to_json(&status_only, SpecVersion::V3).expect_err("V3 has no status rules");
    assert_eq!(
        error.to_string(),
        "cannot write V3 pact: interaction \"status\" uses status matching rules"
    );
}

#[test]
fn v2_refuses_generators_and_writes_plain_matchers() {
    let error =
        pact_to_json(&pact_with(v3_compatible()), SpecVersion::V2).expect_err("no V2 generators");
    assert!(
        matches!(
            error,
            WriteError::Unsupported {
                version: SpecVersion::V2,
                ..
            }
        ),
        "{error}"
    );

    let plain = pact_with(
        Interaction::new("plain")
            .given("a user exists")
            .request(Request::get(term("/users/1", r"^/users/\d+$")))
            .response(
                Response::ok()
                    .json(json_pattern!({"name": like("Alice"), "tags": each_like("a", 1)})),
            ),
    );
    assert_eq!(round_trip(&plain, SpecVersion::V2), plain);
}
