//! Field cases from `$PACT_SHARED_DIR/field-cases.md` that cross the model and the engine:
//! each is read from pact JSON, as a user's pact file would be, and matched.

use pact_runtime::matching::{match_response, response_rule_warnings};
use pact_runtime::model::SpecVersion;
use pact_runtime::model::json::response_from_json;
use serde_json::json;

/// FC-05: a rule on a key that contains a dot or an `@`; the mismatch messages and the
/// warnings the reports show.
fn odata_case(rule_path: &str) -> (Vec<String>, Vec<String>) {
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
    let messages = match_response(&expected, &actual)
        .into_iter()
        .map(|m| m.message())
        .collect();
    let warnings = response_rule_warnings(&expected)
        .iter()
        .map(ToString::to_string)
        .collect();
    (messages, warnings)
}

#[test]
fn fc05_a_rule_in_bracket_notation_applies_to_a_key_with_dots() {
    assert_eq!(odata_case("$['@odata.context']"), (Vec::new(), Vec::new()));
}

#[test]
fn fc05_a_rule_that_splits_a_dotted_key_fails_the_interaction_and_says_why() {
    let (messages, warnings) = odata_case("$.@odata.context");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("never applies") && m.contains("$['@odata.context']")),
        "{messages:?}"
    );
    assert_eq!(
        warnings,
        [
            "response body $.@odata.context: the matching rule selects nothing in the expected \
             response body, so it never applies to it; the key \"@odata.context\" must be written \
             in bracket notation, e.g. $['@odata.context']"
        ]
    );
}

#[test]
fn fc05_any_rule_path_that_reaches_nothing_is_warned_about_never_silently_ignored() {
    // The warning shows the path as the engine writes it.
    for (path, shown) in [
        ("$.odata.context", "$.odata.context"),
        ("$.x.y", "$.x.y"),
        ("$['@odata']", "$.@odata"),
    ] {
        let (_, warnings) = odata_case(path);
        assert_eq!(
            warnings,
            [format!(
                "response body {shown}: the matching rule selects nothing in the expected \
                 response body, so it never applies to it"
            )],
            "rule at {path}"
        );
    }
}
