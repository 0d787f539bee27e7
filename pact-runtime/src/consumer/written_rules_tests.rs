//! What we write must mean the same to other implementations (issue 11, class 3): a
//! provider-state value in a response and a `values` matcher carry the rules the official
//! verifier needs to read them as we do. Each test asserts the written JSON and our own
//! verdict on correct and broken providers.

use serde_json::{Value, json};

use super::*;
use crate::generators::{GeneratorContext, generate_expected_response};
use crate::json_pattern;
use crate::matchers::{each_like, from_provider_state, integer, like, term, values};
use crate::matching::{match_request, match_response};
use crate::model::json::{pact_to_json, response_from_json};
use crate::model::{Body, Category, DocPath, HttpResponse, MatchingRule, Pact, SpecVersion};

fn rules_at(response: &HttpResponse, category: Category, path: &str) -> Vec<MatchingRule> {
    let path: DocPath = path.parse().expect("valid path");
    response
        .matching_rules
        .category(category)
        .and_then(|by_path| by_path.get(&path))
        .map(|list| list.rules.clone())
        .unwrap_or_default()
}

/// The response as a V3 or V4 pact file writes it.
fn written(response: &HttpResponse, version: SpecVersion) -> Value {
    let interaction = crate::model::HttpInteraction {
        response: response.clone(),
        ..Interaction::new("written").into_model()
    };
    let mut pact = Pact::new("c", "p");
    pact.interactions
        .push(crate::model::Interaction::Http(interaction));
    let json = pact_to_json(&pact, version).expect("writes");
    json["interactions"][0]["response"].clone()
}

fn with_body(expected: &HttpResponse, body: Value) -> HttpResponse {
    HttpResponse {
        body: Body::json(body),
        ..expected.clone()
    }
}

#[test]
fn a_provider_state_value_in_a_response_body_or_header_gets_a_type_rule() {
    let response = Response::ok()
        .header("X-Order-Id", from_provider_state("${id}", "1"))
        .header(
            "Location",
            from_provider_state("/orders/${id}", "/orders/1"),
        )
        .json(json_pattern!({
            "id": from_provider_state("${id}", 1),
            "owner": from_provider_state("${owner}", json!({"name": "x"})),
            "lines": each_like(json_pattern!({"order": from_provider_state("${id}", 1)}), 1),
        }))
        .into_model();

    for (category, path) in [
        (Category::Header, "$.X-Order-Id"),
        (Category::Header, "$.Location"),
        (Category::Body, "$.id"),
        (Category::Body, "$.owner"),
        (Category::Body, "$.lines[*].order"),
    ] {
        assert_eq!(
            rules_at(&response, category, path),
            [MatchingRule::Type],
            "{path}"
        );
    }
    for version in [SpecVersion::V3, SpecVersion::V4] {
        let json = written(&response, version);
        assert_eq!(
            json["matchingRules"]["body"]["$.id"],
            json!({"combine": "AND", "matchers": [{"match": "type"}]}),
            "{version:?}"
        );
        assert_eq!(
            json["matchingRules"]["header"]["X-Order-Id"],
            json!({"combine": "AND", "matchers": [{"match": "type"}]}),
            "{version:?}"
        );
    }
}

#[test]
fn a_rule_of_its_own_is_kept_and_requests_get_no_rule() {
    let response = Response::ok()
        .header(
            "x-code",
            from_provider_state("${code}", term("A-1", r"^[A-Z]-\d+$")),
        )
        .json(json_pattern!({
            "id": from_provider_state("${id}", integer(1)),
            "name": like(json_pattern!({"first": from_provider_state("${first}", "Al")})),
        }))
        .into_model();
    assert_eq!(
        rules_at(&response, Category::Body, "$.id"),
        [MatchingRule::Integer]
    );
    assert_eq!(
        rules_at(&response, Category::Header, "$.x-code"),
        [MatchingRule::Regex(r"^[A-Z]-\d+$".into())]
    );
    // Under a cascading `like` the explicit rule changes nothing, and says it to readers
    // that do not cascade.
    assert_eq!(
        rules_at(&response, Category::Body, "$.name.first"),
        [MatchingRule::Type]
    );

    // The mock server expects the request's example: a rule there would accept any path.
    let request = Request::get(from_provider_state("/orders/${id}", "/orders/1"))
        .header("X-Tenant", from_provider_state("${tenant}", "acme"))
        .json(json_pattern!({"id": from_provider_state("${id}", 1)}))
        .into_model();
    assert!(
        request.matching_rules.is_empty(),
        "{:?}",
        request.matching_rules
    );
}

#[test]
fn both_readings_of_a_provider_state_response_accept_a_correct_provider() {
    let expected = Response::ok()
        .header("Location", from_provider_state("/orders/${id}", "/orders/1"))
        .json(json_pattern!({"id": from_provider_state("${id}", 1), "paid": from_provider_state("${paid}", false)}))
        .into_model();
    // Ours: the state's values filled in first. The official verifier's: the example as
    // written, which only the type rules let through.
    let ours = generate_expected_response(
        &expected,
        &GeneratorContext::new()
            .provider_state_value("id", 42)
            .provider_state_value("paid", true),
    )
    .expect("generates")
    .value;
    let mut actual = with_body(&expected, json!({"id": 42, "paid": true}));
    actual
        .headers
        .insert("Location".into(), vec!["/orders/42".into()]);
    let mut broken = with_body(&expected, json!({"id": "42", "paid": "yes"}));
    broken
        .headers
        .insert("Location".into(), vec!["/orders/42".into()]);

    for reading in [&ours, &expected] {
        assert!(match_response(reading, &actual).is_empty());
        let found: Vec<String> = match_response(reading, &broken)
            .into_iter()
            .map(|m| m.path)
            .collect();
        assert_eq!(found, ["$.id", "$.paid"]);
    }
}

#[test]
fn values_writes_a_type_rule_on_every_value() {
    let response = Response::ok()
        .json(json_pattern!({
            "counts": values(json_pattern!({"apples": 3})),
            "teams": each_like(json_pattern!({"scores": values(json_pattern!({"a": integer(1)}))}), 1),
        }))
        .into_model();

    assert_eq!(
        rules_at(&response, Category::Body, "$.counts"),
        [MatchingRule::Values]
    );
    assert_eq!(
        rules_at(&response, Category::Body, "$.counts.*"),
        [MatchingRule::Type]
    );
    // The example value's own rule holds for every value, whatever its key.
    assert_eq!(
        rules_at(&response, Category::Body, "$.teams[*].scores.*"),
        [MatchingRule::Integer]
    );
    assert!(rules_at(&response, Category::Body, "$.teams[*].scores.a").is_empty());
    for version in [SpecVersion::V3, SpecVersion::V4] {
        let json = written(&response, version);
        assert_eq!(
            json["matchingRules"]["body"]["$.counts.*"],
            json!({"combine": "AND", "matchers": [{"match": "type"}]}),
            "{version:?}"
        );
        // Read back, the rules are the same.
        let read = response_from_json(&json, version, "ours.json", "$").expect("reads");
        assert_eq!(read.matching_rules, response.matching_rules, "{version:?}");
    }
}

#[test]
fn values_accepts_other_keys_and_values_of_the_type_and_nothing_else() {
    let response = Response::ok()
        .json(json_pattern!({"counts": values(json_pattern!({"apples": 3}))}))
        .into_model();
    for (body, ok) in [
        (json!({"counts": {"pears": 17, "figs": 0}}), true),
        (json!({"counts": {"apples": 3}}), true),
        (json!({"counts": {}}), true),
        (json!({"counts": {"pears": "17"}}), false),
        (json!({"counts": {"pears": {"n": 1}}}), false),
        (json!({"counts": [3]}), false),
    ] {
        let found = match_response(&response, &with_body(&response, body.clone()));
        assert_eq!(found.is_empty(), ok, "{body}: {found:?}");
    }
    // In a request too (where unexpected keys are otherwise refused).
    let request = Request::post("/counts")
        .json(json_pattern!({"counts": values(json_pattern!({"apples": 3}))}))
        .into_model();
    let actual = crate::model::HttpRequest {
        body: Body::json(json!({"counts": {"pears": 1, "kiwis": 2}})),
        ..request.clone()
    };
    assert!(match_request(&request, &actual).is_empty());
}
