//! `--consumer-version-selectors '{"mainBranch": true}'`: the broker's documented
//! selector JSON read into the library's [`ConsumerVersionSelector`](pact_runtime::broker::ConsumerVersionSelector) builders, so a typo
//! in a key is a usage error here rather than a selector the broker silently ignores.

use pact_runtime::broker::ConsumerVersionSelector as Select;
use serde_json::{Map, Value};

const KEYS: &str = "mainBranch, branch, matchingBranch, deployedOrReleased, deployed, \
                    released, environment, tag, latest, consumer, fallbackTag, fallbackBranch";

fn text<'a>(map: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value)),
        Some(other) => Err(format!("`{key}` must be a string, found {other}")),
    }
}

fn flag(map: &Map<String, Value>, key: &str) -> Result<bool, String> {
    match map.get(key) {
        None => Ok(false),
        Some(Value::Bool(value)) => Ok(*value),
        Some(other) => Err(format!("`{key}` must be true or false, found {other}")),
    }
}

/// Parses one selector object.
pub(super) fn parse(json: &str) -> Result<Select, String> {
    let value: Value =
        serde_json::from_str(json).map_err(|error| format!("not JSON ({error}): {json}"))?;
    let Value::Object(map) = value else {
        return Err(format!("a selector is a JSON object, found {json}"));
    };
    if let Some(unknown) = map.keys().find(|key| !KEYS.split(", ").any(|k| k == *key)) {
        return Err(format!("unknown selector key `{unknown}` (known: {KEYS})"));
    }
    let environment = text(&map, "environment")?;
    let mut bases = Vec::new();
    if flag(&map, "mainBranch")? {
        bases.push(Select::main_branch());
    }
    if let Some(branch) = text(&map, "branch")? {
        bases.push(Select::branch(branch));
    }
    if flag(&map, "matchingBranch")? {
        bases.push(Select::matching_branch());
    }
    if flag(&map, "deployedOrReleased")? {
        bases.push(Select::deployed_or_released());
    }
    if flag(&map, "deployed")? {
        bases.push(Select::deployed());
    }
    if flag(&map, "released")? {
        bases.push(Select::released());
    }
    if let Some(tag) = text(&map, "tag")? {
        bases.push(Select::tag(tag));
    }
    let environment_is_base = bases.is_empty() && environment.is_some();
    if environment_is_base && let Some(name) = environment {
        bases.push(Select::environment(name));
    }
    let mut selector = match bases.len() {
        1 => bases.remove(0),
        0 => return Err(format!("a selector needs one of {KEYS}: {json}")),
        _ => {
            return Err(format!(
                "one selector selects one way (mainBranch, branch, matchingBranch, \
                 deployedOrReleased, deployed, released or tag); give several selectors \
                 instead: {json}"
            ));
        }
    };
    if flag(&map, "latest")? {
        selector = selector.latest();
    }
    if let Some(consumer) = text(&map, "consumer")? {
        selector = selector.consumer(consumer);
    }
    if let Some(tag) = text(&map, "fallbackTag")? {
        selector = selector.fallback_tag(tag);
    }
    if let Some(branch) = text(&map, "fallbackBranch")? {
        selector = selector.fallback_branch(branch);
    }
    if !environment_is_base && let Some(name) = environment {
        selector = selector.in_environment(name);
    }
    Ok(selector)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documented_selectors_read_back_as_the_same_json() {
        for selector in [
            json!({"mainBranch": true}),
            json!({"branch": "feat-x", "fallbackBranch": "main", "consumer": "web-app"}),
            json!({"matchingBranch": true}),
            json!({"deployedOrReleased": true}),
            json!({"deployed": true, "environment": "production"}),
            json!({"released": true}),
            json!({"environment": "test"}),
            json!({"tag": "prod", "latest": true, "fallbackTag": "main"}),
        ] {
            let parsed = parse(&selector.to_string()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed.to_json(), selector);
        }
    }

    #[test]
    fn typos_wrong_types_and_ambiguous_selectors_are_errors() {
        for (bad, says) in [
            (
                r#"{"mainbranch": true}"#,
                "unknown selector key `mainbranch`",
            ),
            (r#"{"tag": 1}"#, "`tag` must be a string"),
            (
                r#"{"latest": "yes", "tag": "x"}"#,
                "`latest` must be true or false",
            ),
            (r#"{"latest": true}"#, "a selector needs one of"),
            (
                r#"{"tag": "a", "branch": "b"}"#,
                "one selector selects one way",
            ),
            (r#"["mainBranch"]"#, "a selector is a JSON object"),
            (r#"{"mainBranch": tru"#, "not JSON"),
        ] {
            let error = parse(bad).expect_err(bad);
            assert!(error.contains(says), "{bad}: {error}");
        }
    }
}
