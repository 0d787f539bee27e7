//! Rule paths against the expected body: which of them select nothing.
//!
//! A rule whose path selects no node of the expected body is a mistake in the pact (a
//! misspelt key, an index past the example, an XML prefix the body never declares), and
//! its rules silently never apply. Two answers, both pure data for the callers to render:
//! - [`unreached_rules`]: a [`Warning`] per body rule path that selects nothing in the
//!   expected body, JSON or XML (other bodies have no paths below `$`). The mock server's
//!   and the verifier's reports show them, and log them with `tracing::warn!`. They are not
//!   mismatches: the specification's own cases carry such rules and expect a match (`matches
//!   with floats` has `$.product.price` on an array body).
//! - [`split_key_rules`]: a mismatch for the one case where the intent is certain. A key
//!   that contains a dot, like OData's `@odata.context`, must be written in bracket
//!   notation (`$['@odata.context']`); written dotted (`$.@odata.context`) the path names
//!   two nested keys that do not exist, and the value would be compared by equality
//!   without anyone noticing (field case FC-05). When the dotted segments of a rule path
//!   spell a key of the expected body, the rule is reported as a mismatch naming the
//!   bracket form (and warned about like any other rule that reaches nothing).

use serde_json::{Map, Value};

use super::content_type::{BodyKind, kind_of};
use super::rules::Rules;
use super::{Mismatch, MismatchKind, xml_paths};
use crate::Warning;
use crate::model::{Body, DocPath, PathToken};

/// One warning for each rule path of `rules` that selects nothing in `expected`, located at
/// `{what} {path}` (`what` names the body: "response body"). JSON and XML bodies are
/// walked; other bodies, and an XML body that does not parse, give none.
pub(crate) fn unreached_rules(expected: &Body, rules: Rules<'_>, what: &str) -> Vec<Warning> {
    if rules.paths().next().is_none() || expected.is_missing() {
        return Vec::new();
    }
    let warning = |path: &DocPath, hint: Option<String>| {
        let mut message = format!(
            "the matching rule selects nothing in the expected {what}, so it never applies to it"
        );
        if let Some(hint) = hint {
            message.push_str("; ");
            message.push_str(&hint);
        }
        Warning::new(format!("{what} {path}"), message)
    };
    match expected {
        Body::Json { value, .. } => rules
            .paths()
            .filter(|path| !reaches(value, &path.tokens()[1..]))
            .map(|path| {
                let hint = split_key(value, &path.tokens()[1..]).map(|key| {
                    format!(
                        "the key \"{key}\" must be written in bracket notation, e.g. $['{key}']"
                    )
                });
                warning(path, hint)
            })
            .collect(),
        _ if kind_of(expected) == BodyKind::Xml => {
            let Ok(text) = String::from_utf8(expected.to_bytes()) else {
                return Vec::new();
            };
            xml_paths::unreached(&text, rules)
                .into_iter()
                .map(|(path, undeclared)| {
                    let hint = (!undeclared.is_empty()).then(|| {
                        let list: Vec<String> = undeclared.iter().map(|p| format!("`{p}`")).collect();
                        let plural = if list.len() == 1 { "" } else { "es" };
                        format!(
                            "the prefix{plural} {} {} not declared in the expected {what}: a prefix in a rule path means the namespace it has there",
                            list.join(", "),
                            if list.len() == 1 { "is" } else { "are" }
                        )
                    });
                    warning(path, hint)
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// True when `tokens` (a rule path without its root) select a node of `node`: a key it
/// has, an index it has, or, for a wildcard, any of its children.
fn reaches(node: &Value, tokens: &[PathToken]) -> bool {
    let Some((token, rest)) = tokens.split_first() else {
        return true;
    };
    match (token, node) {
        (PathToken::Field(name), Value::Object(map)) => {
            map.get(name).is_some_and(|child| reaches(child, rest))
        }
        (PathToken::Index(index), Value::Array(items)) => {
            items.get(*index).is_some_and(|child| reaches(child, rest))
        }
        (PathToken::StarField, Value::Object(map)) => {
            map.values().any(|child| reaches(child, rest))
        }
        // `*` also stands for an index in the paths other implementations write.
        (PathToken::StarField | PathToken::StarIndex, Value::Array(items)) => {
            items.iter().any(|child| reaches(child, rest))
        }
        _ => false,
    }
}

/// One mismatch for each body rule path whose dotted segments spell a key of `expected`.
pub(crate) fn split_key_rules(expected: &Value, rules: Rules<'_>, what: &str) -> Vec<Mismatch> {
    rules
        .paths()
        .filter_map(|path| {
            split_key(expected, &path.tokens()[1..]).map(|key| mismatch(path, &key, what))
        })
        .collect()
}

/// Follows `tokens` through `node`; where a field is missing, returns the key of that object
/// that the field and the fields after it spell when joined with dots.
fn split_key(node: &Value, tokens: &[PathToken]) -> Option<String> {
    let (token, rest) = tokens.split_first()?;
    match (token, node) {
        (PathToken::Field(name), Value::Object(map)) => match map.get(name) {
            Some(child) => split_key(child, rest),
            None => dotted_key(map, name, rest),
        },
        (PathToken::StarField, Value::Object(map)) => {
            map.values().find_map(|child| split_key(child, rest))
        }
        (PathToken::StarField | PathToken::StarIndex, Value::Array(items)) => {
            items.iter().find_map(|child| split_key(child, rest))
        }
        (PathToken::Index(index), Value::Array(items)) => {
            items.get(*index).and_then(|child| split_key(child, rest))
        }
        _ => None,
    }
}

fn dotted_key(map: &Map<String, Value>, first: &str, rest: &[PathToken]) -> Option<String> {
    let mut key = first.to_owned();
    for token in rest {
        let PathToken::Field(name) = token else {
            return None;
        };
        key.push('.');
        key.push_str(name);
        if map.contains_key(&key) {
            return Some(key);
        }
    }
    None
}

fn mismatch(path: &DocPath, key: &str, what: &str) -> Mismatch {
    let description = format!(
        "this matching rule never applies: the expected {what} has the key \"{key}\", which a rule path must write in bracket notation, e.g. $['{key}']"
    );
    Mismatch::described(MismatchKind::Body, path.to_string(), description)
        .expected(serde_json::Value::String(format!("$['{key}']")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::{Category, MatchingRule, MatchingRules, RuleList};

    fn split(body: &Value, paths: &[&str]) -> Vec<Mismatch> {
        let mut rules = MatchingRules::new();
        for path in paths {
            rules.set(
                Category::Body,
                path.parse().expect("valid path"),
                RuleList::one(MatchingRule::Type),
            );
        }
        split_key_rules(
            body,
            Rules::new(rules.category(Category::Body)),
            "response body",
        )
    }

    fn unreached(body: &Body, paths: &[&str]) -> Vec<String> {
        let mut rules = MatchingRules::new();
        for path in paths {
            rules.set(
                Category::Body,
                path.parse().expect("valid path"),
                RuleList::one(MatchingRule::Type),
            );
        }
        unreached_rules(
            body,
            Rules::new(rules.category(Category::Body)),
            "request body",
        )
        .into_iter()
        .map(|warning| warning.to_string())
        .collect()
    }

    fn xml(text: &str) -> Body {
        Body::Text {
            text: text.to_owned(),
            content_type: Some("application/xml".to_owned()),
        }
    }

    const NOTHING: &str =
        "the matching rule selects nothing in the expected request body, so it never applies to it";

    #[test]
    fn json_rule_paths_that_select_nothing_are_warned_about_one_each() {
        let body = Body::json(json!({"items": [{"id": 1}], "name": "x", "empty": []}));
        let found = unreached(
            &body,
            &[
                "$.missing",
                "$.items[1].id",
                "$.items[*].price",
                "$.name.first",
                "$.empty[*].id",
                "$[0]",
            ],
        );
        // In the map's order (paths sort by their tokens, fields before indexes).
        assert_eq!(
            found,
            [
                format!("request body $.empty[*].id: {NOTHING}"),
                format!("request body $.items[1].id: {NOTHING}"),
                format!("request body $.items[*].price: {NOTHING}"),
                format!("request body $.missing: {NOTHING}"),
                format!("request body $.name.first: {NOTHING}"),
                format!("request body $[0]: {NOTHING}"),
            ]
        );
    }

    #[test]
    fn json_rule_paths_that_select_something_give_no_warning() {
        let body =
            Body::json(json!({"items": [{"id": 1}], "a": {"b": null}, "@odata.context": "u"}));
        let paths = [
            "$",
            "$.items",
            "$.items[0].id",
            "$.items[*].id",
            "$.*",
            "$.*[*].*",
            "$.items.*.id",
            "$.a.b",
            "$['@odata.context']",
        ];
        assert_eq!(unreached(&body, &paths), Vec::<String>::new());
        assert_eq!(
            unreached(&Body::json(json!([{"id": 1}])), &["$[0].id", "$[*].*"]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_split_dotted_key_is_warned_about_with_the_bracket_form() {
        let body = Body::json(json!({"@odata.context": "http://host-a/$metadata#E", "x": 1}));
        assert_eq!(
            unreached(&body, &["$.@odata.context"]),
            [format!(
                "request body $.@odata.context: {NOTHING}; the key \"@odata.context\" must be \
                 written in bracket notation, e.g. $['@odata.context']"
            )]
        );
    }

    #[test]
    fn xml_rule_paths_that_select_nothing_are_warned_about_in_every_notation() {
        let body = xml(
            r#"<animals><alligator name="Mary"><colour>red</colour></alligator><cat/></animals>"#,
        );
        let reached = [
            "$.animals",
            "$.animals.alligator",
            "$.animals.alligator[0].@name",
            "$.animals.alligator.colour.#text",
            "$.animals[0].alligator['@name']",
            "$.animals[1]",
            "$[1]",
            "$.animals.*['@name']",
            "$[*].*",
            "$.animals.cat.#text",
        ];
        assert_eq!(unreached(&body, &reached), Vec::<String>::new());
        let nothing = [
            "$.animals.0",
            "$.animals.alligator[1]",
            "$.animals.alligator.@age",
            "$.animals.dog",
            "$.zoo",
        ];
        assert_eq!(
            unreached(&body, &nothing),
            [
                format!("request body $.animals['0']: {NOTHING}"),
                format!("request body $.animals.alligator.@age: {NOTHING}"),
                format!("request body $.animals.alligator[1]: {NOTHING}"),
                format!("request body $.animals.dog: {NOTHING}"),
                format!("request body $.zoo: {NOTHING}"),
            ]
        );
    }

    #[test]
    fn xml_rule_paths_with_prefixes_select_by_the_expected_documents_bindings() {
        let body = xml(
            r#"<ns1:order xmlns:ns1="urn:orders"><ns1:item ns1:id="1">a</ns1:item></ns1:order>"#,
        );
        let reached = [
            "$.ns1:order.ns1:item[*].@ns1:id",
            "$.ns1:order.ns1:item.#text",
            "$.order.item.@id",
            "$['urn:orders:order']",
            "$['{urn:orders}order']['{urn:orders}item']",
        ];
        assert_eq!(unreached(&body, &reached), Vec::<String>::new());
        assert_eq!(
            unreached(
                &body,
                &["$.ns9:order.ns8:item", "$.ns1:order.ns1:item.@id2"]
            ),
            [
                format!("request body $.ns1:order.ns1:item.@id2: {NOTHING}"),
                format!(
                    "request body $.ns9:order.ns8:item: {NOTHING}; the prefixes `ns9`, `ns8` are \
                     not declared in the expected request body: a prefix in a rule path means the \
                     namespace it has there"
                ),
            ]
        );
        // A declared prefix bound to another namespace than the node's selects nothing,
        // but is not undeclared.
        let two = xml(r#"<a:r xmlns:a="urn:a" xmlns:b="urn:b"><a:v/></a:r>"#);
        assert_eq!(
            unreached(&two, &["$.a:r.b:v"]),
            [format!("request body $.a:r.b:v: {NOTHING}")]
        );
    }

    #[test]
    fn bodies_without_paths_and_bodies_without_rules_give_no_warnings() {
        let text = Body::Text {
            text: "hello".to_owned(),
            content_type: Some("text/plain".to_owned()),
        };
        assert_eq!(unreached(&text, &["$.a"]), Vec::<String>::new());
        assert_eq!(unreached(&Body::Missing, &["$.a"]), Vec::<String>::new());
        assert_eq!(unreached(&xml("<a"), &["$.b"]), Vec::<String>::new());
        assert_eq!(
            unreached(&Body::json(json!({"a": 1})), &[]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_dotted_key_written_without_brackets_is_reported_with_the_bracket_form() {
        let body = json!({"@odata.context": "http://host-a/$metadata#E", "x": 1});
        let found = split(&body, &["$.@odata.context"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "$.@odata.context");
        assert!(
            found[0].message().contains("e.g. $['@odata.context']"),
            "{}",
            found[0].message()
        );
    }

    #[test]
    fn the_bracket_form_and_nested_dotted_keys_under_wildcards_are_found() {
        let body = json!({"items": [{"a.b": 1}]});
        assert!(split(&body, &["$.items[*]['a.b']"]).is_empty());
        assert_eq!(split(&body, &["$.items[*].a.b"]).len(), 1);
    }

    #[test]
    fn other_rules_that_reach_nothing_are_left_alone() {
        // As in the specification case `matches with floats`: a rule for `$.product.price`
        // on an array body is harmless.
        let body = json!([{"product": {"price": 500.55}}]);
        assert!(
            split(
                &body,
                &["$.product.price", "$.missing", "$[0].product.price"]
            )
            .is_empty()
        );
    }
}
