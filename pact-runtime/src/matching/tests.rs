use serde_json::json;

use crate::model::{Body, DocPath, Headers, MatchingRule, MatchingRules};

use super::*;

fn header(name: &str, value: &str) -> Headers {
    Headers::from([(name.to_owned(), vec![value.to_owned()])])
}

fn messages(mismatches: Vec<Mismatch>) -> Vec<String> {
    mismatches.into_iter().map(|m| m.message()).collect()
}

#[test]
fn identical_requests_match() {
    let request = HttpRequest {
        method: "POST".to_owned(),
        path: "/users".to_owned(),
        headers: header("Content-Type", "application/json"),
        body: Body::json(json!({"name": "Mary"})),
        ..HttpRequest::default()
    };
    assert!(match_request(&request, &request.clone()).is_empty());
}

#[test]
fn every_part_of_a_request_is_reported() {
    let expected = HttpRequest {
        method: "POST".to_owned(),
        path: "/users".to_owned(),
        query: Some([("page".to_owned(), vec!["1".to_owned()])].into()),
        headers: header("Accept", "application/json"),
        body: Body::json(json!({"name": "Mary"})),
        ..HttpRequest::default()
    };
    let actual = HttpRequest {
        method: "GET".to_owned(),
        path: "/people".to_owned(),
        query: Some([("page".to_owned(), vec!["2".to_owned()])].into()),
        headers: header("Accept", "text/html"),
        body: Body::json(json!({"name": "Mary", "foo": 1})),
        ..HttpRequest::default()
    };
    let found = match_request(&expected, &actual);
    let kinds: Vec<MismatchKind> = found.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            MismatchKind::Method,
            MismatchKind::Path,
            MismatchKind::Query,
            MismatchKind::Header,
            MismatchKind::Body
        ]
    );
    assert_eq!(
        messages(found),
        [
            "expected method POST but was GET",
            "expected path '/users' but was '/people'",
            r#"expected query parameter 'page' to be ["1"] but was ["2"]"#,
            "expected header 'Accept' to be 'application/json' but was 'text/html'",
            r#"$.foo: unexpected key "foo" in request body"#,
        ]
    );
}

#[test]
fn an_empty_expected_object_behaves_per_direction() {
    // FC-04: `{}` accepts any object in a response, but not in a request.
    let expected_response = HttpResponse {
        headers: header("Content-Type", "application/json"),
        body: Body::json(json!({})),
        ..HttpResponse::default()
    };
    let actual_response = HttpResponse {
        headers: header("Content-Type", "application/json"),
        body: Body::json(json!({"foo": "bar"})),
        ..HttpResponse::default()
    };
    assert!(match_response(&expected_response, &actual_response).is_empty());
    let expected_request = HttpRequest {
        headers: header("Content-Type", "application/json"),
        body: Body::json(json!({})),
        ..HttpRequest::default()
    };
    let actual_request = HttpRequest {
        headers: header("Content-Type", "application/json"),
        body: Body::json(json!({"foo": "bar"})),
        ..HttpRequest::default()
    };
    assert_eq!(
        messages(match_request(&expected_request, &actual_request)),
        [r#"$.foo: unexpected key "foo" in request body"#]
    );
}

#[test]
fn a_list_valued_response_header_matches_itself_in_either_form() {
    // FC-02, for a response.
    let expected = HttpResponse {
        headers: header(
            "Access-Control-Expose-Headers",
            "Content-Length, Content-Type, Expires",
        ),
        ..HttpResponse::default()
    };
    let actual = HttpResponse {
        headers: header(
            "Access-Control-Expose-Headers",
            "Content-Length,Content-Type,Expires",
        ),
        ..HttpResponse::default()
    };
    assert!(match_response(&expected, &actual).is_empty());
}

#[test]
fn a_text_body_uses_a_regex_rule_at_the_root() {
    let mut rules = MatchingRules::new();
    rules.add(
        Category::Body,
        DocPath::root(),
        MatchingRule::Regex("alligator named .{4}".into()),
    );
    let text = |t: &str| Body::Text {
        text: t.to_owned(),
        content_type: Some("text/plain".to_owned()),
    };
    let expected = HttpResponse {
        body: text("alligator named mary"),
        matching_rules: rules,
        ..HttpResponse::default()
    };
    let ok = HttpResponse {
        body: text("alligator named fred"),
        ..HttpResponse::default()
    };
    assert!(match_response(&expected, &ok).is_empty());
    let wrong = HttpResponse {
        body: text("alligator named brent"),
        ..HttpResponse::default()
    };
    assert_eq!(
        messages(match_response(&expected, &wrong)),
        [
            r#"response body: expected a value matching /alligator named .{4}/, found "alligator named brent""#
        ]
    );
}

#[test]
fn messages_allow_unexpected_keys_and_check_metadata() {
    let mut expected = MessageContents {
        contents: Body::json(json!({"name": "Mary"})),
        ..MessageContents::default()
    };
    expected.metadata.insert("topic".to_owned(), json!("users"));
    let mut actual = MessageContents {
        contents: Body::json(json!({"name": "Mary", "age": 3})),
        ..MessageContents::default()
    };
    actual.metadata.insert("topic".to_owned(), json!("users"));
    assert!(match_message(&expected, &actual).is_empty());
    actual.metadata.insert("topic".to_owned(), json!("orders"));
    assert_eq!(
        messages(match_message(&expected, &actual)),
        [r#"expected metadata 'topic' to be "users" but was "orders""#]
    );
}

#[test]
fn v3_message_rules_in_the_body_category_apply_to_the_contents() {
    let mut rules = MatchingRules::new();
    rules.add(
        Category::Body,
        "$.name".parse().expect("valid path"),
        MatchingRule::Type,
    );
    let expected = MessageContents {
        contents: Body::json(json!({"name": "Mary"})),
        matching_rules: rules,
        ..MessageContents::default()
    };
    let actual = MessageContents {
        contents: Body::json(json!({"name": "Harry"})),
        ..MessageContents::default()
    };
    assert!(match_message(&expected, &actual).is_empty());
}
