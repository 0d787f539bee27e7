//! Field cases from `$PACT_SHARED_DIR/field-cases.md` that cross the model and the engine:
//! each is read from pact JSON, as a user's pact file would be, and matched.

use pact_runtime::matching::match_response;
use pact_runtime::model::SpecVersion;
use pact_runtime::model::spec::response_from_json;
use serde_json::json;

/// FC-05: a rule on a key that contains a dot or an `@`.
fn odata_case(rule_path: &str) -> Vec<String> {
    let expected = json!({
        "status": 200,
        "headers": {"Content-Type": "application/json"},
        "body": {"@odata.context": "http://host-a/$metadata#E", "x": 1},
        "matchingRules": {"body": {rule_path: {"matchers": [{"match": "type"}]}}}
    });
    let actual = json!({
        "status": 200,
        "headers": {"Content-Type": "application/json"},
        "body": {"@odata.context": "http://host-b/$metadata#E", "x": 1}
    });
    let expected = response_from_json(&expected, SpecVersion::V3, "fc-05", "expected")
        .expect("the pact loads");
    let actual = response_from_json(&actual, SpecVersion::V3, "fc-05", "actual").expect("loads");
    match_response(&expected, &actual)
        .into_iter()
        .map(|m| m.message)
        .collect()
}

#[test]
fn fc05_a_rule_in_bracket_notation_applies_to_a_key_with_dots() {
    assert_eq!(odata_case("$['@odata.context']"), Vec::<String>::new());
}

#[test]
fn fc05_a_rule_that_splits_a_dotted_key_fails_the_interaction_and_says_why() {
    let messages = odata_case("$.@odata.context");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("never applies") && m.contains("$['@odata.context']")),
        "{messages:?}"
    );
}
