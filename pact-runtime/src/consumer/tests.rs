use serde_json::json;

use super::*;
use crate::json_pattern;
use crate::matchers::{integer, like, term};
use crate::model::{Body, Category, DocPath, MatchingRule, ProviderState};

#[test]
fn request_patterns_become_examples_with_rules_in_their_categories() {
    let request = Request::new("put", term("/users/42", r"^/users/\d+$"))
        .query("role", "admin")
        .query("role", like("owner"))
        .header("X-Id", term("abc-1", r"^[a-z]+-\d+$"))
        .json(json_pattern!({"id": integer(42)}));

    let model = request.into_model();

    assert_eq!(model.method, "PUT");
    assert_eq!(model.path, "/users/42");
    assert_eq!(
        model.query.as_ref().map(|q| q["role"].clone()),
        Some(vec!["admin".to_owned(), "owner".to_owned()])
    );
    assert_eq!(model.headers["X-Id"], ["abc-1"]);
    assert_eq!(model.headers["Content-Type"], ["application/json"]);
    assert_eq!(model.body, Body::json(json!({"id": 42})));
    let rules = &model.matching_rules;
    assert_eq!(
        rules
            .category(Category::Path)
            .map(|c| c[&DocPath::root()].rules.clone()),
        Some(vec![MatchingRule::Regex(r"^/users/\d+$".to_owned())])
    );
    assert_eq!(
        rules
            .for_name(Category::Query, "role")
            .map(|l| l.rules.clone()),
        Some(vec![MatchingRule::Type])
    );
    assert_eq!(
        rules
            .for_name(Category::Header, "x-id")
            .map(|l| l.rules.clone()),
        Some(vec![MatchingRule::Regex(r"^[a-z]+-\d+$".to_owned())])
    );
    let body_id: DocPath = "$.id".parse().expect("path");
    assert_eq!(
        rules
            .category(Category::Body)
            .map(|c| c[&body_id].rules.clone()),
        Some(vec![MatchingRule::Integer])
    );
}

#[test]
fn an_explicit_content_type_header_wins_over_the_json_default() {
    let model = Response::created()
        .header("content-type", "application/hal+json")
        .json(json!({"a": 1}))
        .into_model();

    assert_eq!(model.status, 201);
    assert_eq!(model.headers.len(), 1);
    assert_eq!(model.headers["content-type"], ["application/hal+json"]);
    assert_eq!(model.body.content_type(), Some("application/hal+json"));
}

#[test]
fn a_request_without_query_has_none_and_text_bodies_keep_their_type() {
    let model = Request::post("/notes")
        .body("hello", "text/plain")
        .into_model();

    assert_eq!(model.query, None);
    assert_eq!(model.headers["Content-Type"], ["text/plain"]);
    assert_eq!(
        model.body,
        Body::Text {
            text: "hello".to_owned(),
            content_type: Some("text/plain".to_owned())
        }
    );
    assert!(model.matching_rules.is_empty());
}

#[test]
fn provider_states_keep_their_order_and_parameters() {
    let model = Interaction::new("a request")
        .given("first")
        .given_with_params("second", json!({"id": 42}))
        .into_model();

    let mut params = serde_json::Map::new();
    params.insert("id".to_owned(), json!(42));
    assert_eq!(
        model.common.provider_states,
        vec![
            ProviderState::new("first"),
            ProviderState {
                name: "second".to_owned(),
                params
            }
        ]
    );
    assert_eq!(model.request.method, "GET");
    assert_eq!(model.response.status, 200);
}

#[test]
#[should_panic(expected = "parameters must be a JSON object")]
fn provider_state_parameters_must_be_an_object() {
    let _ = Interaction::new("a request").given_with_params("state", json!([1]));
}
