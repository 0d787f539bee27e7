//! The inputs of workload 3 (`large_body_match`), shared by the workload itself,
//! `engine_match` and `dump_pacts`: the `post many items` interaction and the actual body.

use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::matchers::each_like;
use pact_runtime::model::{
    Body, Category, DocPath, Headers, HttpInteraction, HttpRequest, MatchingRule, Pact, PathToken,
};
use serde_json::{Value, json};

/// The consumer name every workload uses.
pub(crate) const CONSUMER: &str = "anchor-consumer";
/// The provider name every workload uses.
pub(crate) const PROVIDER: &str = "anchor-provider";
/// The request path of `post many items`.
pub(crate) const PATH: &str = "/items/bulk";
/// The compact size of the 10,000-element actual body, fixed by WORKLOADS.md.
pub(crate) const TEN_THOUSAND_BYTES: usize = 497_781;
/// The element count whose body size WORKLOADS.md fixes.
pub(crate) const DEFAULT_ELEMENTS: usize = 10_000;

/// An empty pact between the workloads' consumer and provider.
pub(crate) fn pact() -> Pact {
    Pact::new(CONSUMER, PROVIDER)
}

/// `post many items`: the body is `each_like(element, min)`, so the example repeats the
/// element `min` times, with `$` -> type min `min` and `$[*].*` -> type.
pub(crate) fn interaction(min: usize) -> HttpInteraction {
    let element = json!({"id": 1, "name": "item", "tags": ["a", "b"]});
    let mut model = Interaction::new("post many items")
        .request(
            Request::post(PATH)
                .header("Content-Type", "application/json")
                .json(each_like(element, min)),
        )
        .response(Response::ok().json(json!({"accepted": true})))
        .into_model();
    // The DSL puts rules on the nodes of a pattern; `$[*].*` (any field of any element)
    // has no pattern node, so it is added to the model directly.
    let every_field = DocPath::root()
        .join(PathToken::StarIndex)
        .join(PathToken::StarField);
    model
        .request
        .matching_rules
        .add(Category::Body, every_field, MatchingRule::Type);
    model
}

/// The actual body as JSON: `elements` objects, `{"id":i,"name":"item-i",
/// "tags":["t{i mod 10}","u{i mod 7}"]}`.
pub(crate) fn actual_items(elements: usize) -> Value {
    Value::Array(
        (0..elements)
            .map(|i| {
                json!({
                    "id": i,
                    "name": format!("item-{i}"),
                    "tags": [format!("t{}", i % 10), format!("u{}", i % 7)],
                })
            })
            .collect(),
    )
}

/// The actual body, compact JSON bytes.
pub(crate) fn actual_body(elements: usize) -> Vec<u8> {
    actual_items(elements).to_string().into_bytes()
}

/// The actual request as the mock server decodes it from the wire.
pub(crate) fn actual_request(body: &[u8]) -> HttpRequest {
    let content_type = "application/json";
    let mut headers = Headers::new();
    headers.insert("content-type".to_owned(), vec![content_type.to_owned()]);
    HttpRequest {
        method: "POST".to_owned(),
        path: PATH.to_owned(),
        headers,
        body: Body::from_bytes(body, Some(content_type)),
        ..HttpRequest::default()
    }
}

#[cfg(test)]
mod tests {
    use pact_runtime::matching::match_request;

    use super::*;

    #[test]
    fn the_ten_thousand_element_body_has_the_documented_size() {
        assert_eq!(actual_body(DEFAULT_ELEMENTS).len(), TEN_THOUSAND_BYTES);
    }

    #[test]
    fn the_expected_body_repeats_the_element_min_times_under_the_documented_rules() {
        let request = interaction(3).request;
        let Body::Json { value, .. } = &request.body else {
            panic!("a JSON body, found {:?}", request.body);
        };
        assert_eq!(value.as_array().map(Vec::len), Some(3));
        let body_rules = request
            .matching_rules
            .category(Category::Body)
            .expect("body rules");
        let paths: Vec<String> = body_rules.keys().map(ToString::to_string).collect();
        assert_eq!(paths, ["$", "$[*].*"]);
        assert_eq!(
            body_rules[&DocPath::root()].rules,
            [MatchingRule::MinType(3)]
        );
    }

    #[test]
    fn the_actual_request_matches_and_a_short_one_does_not() {
        let expected = interaction(10).request;
        assert!(match_request(&expected, &actual_request(&actual_body(10))).is_empty());
        assert!(!match_request(&expected, &actual_request(&actual_body(9))).is_empty());
    }
}
