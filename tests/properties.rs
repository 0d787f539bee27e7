//! Robustness properties: whatever a pact file or a provider sends, reading and matching
//! return an answer (a pact or an error, a list of mismatches) without panicking or
//! hanging. Case counts are modest so the suite stays fast in a debug build; the fuzz
//! targets in `fuzz/` run the same entry points for longer.

use pact_runtime::matching::{match_request, match_response};
use pact_runtime::model::json::pact_from_json;
use pact_runtime::model::{
    ArrayContainsVariant, Body, Category, Combine, DocPath, HttpRequest, HttpResponse,
    MatchingRule, MatchingRules, RuleList, StatusClass,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Any JSON value, a few levels deep; keys and strings are drawn from a small alphabet so
/// expected and actual documents share keys often enough to reach the rules.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-c0-9:.T+-]{0,12}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-c]{1,2}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Paths where rules land: the root, keys the generated documents use, wildcards.
fn any_path() -> impl Strategy<Value = DocPath> {
    prop::sample::select(vec![
        "$", "$.a", "$.b", "$.*", "$[*]", "$[0]", "$.a.b", "$.a[*]", "$.a[*].b", "$[*].a", "$.*.*",
        "$['a']", "$.c[1]",
    ])
    .prop_map(|p| p.parse().expect("the listed paths are valid"))
}

/// Patterns that are valid, invalid, Java-quoted, back-referencing or pathological.
fn any_regex() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "[a-z]+",
            "(unclosed",
            "\\Qa.b\\E",
            "(\\w)\\1",
            "(?=a)a",
            "(?<=a+)b",
            "a{2,1}",
            "(a{1000}){1000}",
            "((a+)+)\\1b",
            "\\",
            "",
            ".*",
            "\\d{1,4}",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,10}",
    ]
}

/// Java date patterns, sensible and not.
fn any_date_format() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        prop::sample::select(vec![
            "yyyy-MM-dd",
            "HH:mm:ss.fff",
            "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            "[[[",
            "''",
            "'",
            "EEE, dd MMM yyyy HH:mm:ss z",
            "yyyyMMddHHmmssSSSSSSSSS",
            "GGGGG",
            "]",
        ])
        .prop_map(|f| Some(f.to_owned())),
        "\\PC{0,12}".prop_map(Some),
    ]
}

fn any_simple_rule() -> impl Strategy<Value = MatchingRule> {
    prop_oneof![
        Just(MatchingRule::Equality),
        Just(MatchingRule::Type),
        Just(MatchingRule::Integer),
        Just(MatchingRule::Decimal),
        Just(MatchingRule::Number),
        Just(MatchingRule::Boolean),
        Just(MatchingRule::Null),
        Just(MatchingRule::Values),
        Just(MatchingRule::NotEmpty),
        Just(MatchingRule::Semver),
        any_regex().prop_map(MatchingRule::Regex),
        any::<usize>().prop_map(MatchingRule::MinType),
        any::<usize>().prop_map(MatchingRule::MaxType),
        (any::<usize>(), any::<usize>())
            .prop_map(|(min, max)| MatchingRule::MinMaxType { min, max }),
        any_date_format().prop_map(MatchingRule::Date),
        any_date_format().prop_map(MatchingRule::Time),
        any_date_format().prop_map(MatchingRule::Timestamp),
        "\\PC{0,4}".prop_map(MatchingRule::Include),
        "[a-z/+]{0,20}".prop_map(MatchingRule::ContentType),
        Just(MatchingRule::StatusCode(StatusClass::Success)),
        prop::collection::vec(any::<u16>(), 0..3)
            .prop_map(|codes| MatchingRule::StatusCode(StatusClass::Codes(codes))),
    ]
}

/// Any rule, the V4 collection matchers included (nesting one level deep).
fn any_rule() -> impl Strategy<Value = MatchingRule> {
    let variant = (
        0usize..6,
        prop::collection::vec((any_path(), any_simple_rule()), 0..3),
    )
        .prop_map(|(index, rules)| ArrayContainsVariant {
            index,
            rules: rules
                .into_iter()
                .map(|(path, rule)| (path, RuleList::one(rule)))
                .collect(),
        });
    prop_oneof![
        4 => any_simple_rule(),
        1 => prop::collection::vec(any_simple_rule(), 0..3).prop_map(MatchingRule::EachKey),
        1 => prop::collection::vec(any_simple_rule(), 0..3).prop_map(MatchingRule::EachValue),
        1 => prop::collection::vec(variant, 0..3).prop_map(MatchingRule::ArrayContains),
    ]
}

fn any_rules() -> impl Strategy<Value = MatchingRules> {
    let category = prop::sample::select(vec![
        Category::Body,
        Category::Body,
        Category::Header,
        Category::Query,
        Category::Path,
        Category::Status,
    ]);
    let entry = (
        category,
        any_path(),
        prop::collection::vec(any_rule(), 1..3),
        any::<bool>(),
    );
    prop::collection::vec(entry, 0..5).prop_map(|entries| {
        let mut rules = MatchingRules::new();
        for (category, path, list, or) in entries {
            let combine = if or { Combine::Or } else { Combine::And };
            rules.set(
                category,
                path,
                RuleList {
                    rules: list,
                    combine,
                },
            );
        }
        rules
    })
}

fn request(body: Value, rules: MatchingRules) -> HttpRequest {
    HttpRequest {
        method: "POST".to_owned(),
        path: "/a".to_owned(),
        query: Some([("a".to_owned(), vec!["1".to_owned()])].into()),
        headers: [("a".to_owned(), vec!["x, y".to_owned()])].into(),
        body: Body::json(body),
        matching_rules: rules,
        ..HttpRequest::default()
    }
}

fn response(body: Value, rules: MatchingRules) -> HttpResponse {
    HttpResponse {
        headers: [("a".to_owned(), vec!["1".to_owned()])].into(),
        body: Body::json(body),
        matching_rules: rules,
        ..HttpResponse::default()
    }
}

/// JSON shaped like a pact, with random values where the fields go.
fn pact_shaped() -> impl Strategy<Value = Value> {
    let version = prop::sample::select(vec!["1.0.0", "2.0.0", "3.0.0", "4.0", "9", ""]);
    let interaction = (
        any_json(),
        any_json(),
        any_json(),
        any_json(),
        prop::sample::select(vec![
            "Synchronous/HTTP",
            "Asynchronous/Messages",
            "Synchronous/Messages",
            "x",
        ]),
    )
        .prop_map(|(request, response, rules, contents, kind)| {
            json!({
                "type": kind,
                "description": "d",
                "providerStates": [{"name": "s", "params": rules}],
                "request": {"method": "GET", "path": "/", "body": request.clone(),
                            "matchingRules": {"body": {"$": {"matchers": [{"match": "type"}]}},
                                              "header": rules.clone()}},
                "response": {"status": 200, "body": response,
                             "matchingRules": rules.clone(), "generators": rules.clone()},
                "contents": contents,
                "matchingRules": rules,
            })
        });
    (
        version,
        prop::collection::vec(interaction, 0..3),
        any_json(),
    )
        .prop_map(|(version, interactions, extra)| {
            json!({
                "consumer": {"name": "c"},
                "provider": {"name": "p"},
                "interactions": interactions,
                "messages": extra,
                "metadata": {"pactSpecification": {"version": version}},
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn reading_any_json_as_a_pact_never_panics(value in any_json()) {
        let _ = pact_from_json(&value, "arbitrary");
    }

    #[test]
    fn reading_pact_shaped_json_never_panics(value in pact_shaped()) {
        let _ = pact_from_json(&value, "pact-shaped");
    }

    #[test]
    fn matching_any_bodies_under_any_rules_never_panics(
        expected in any_json(),
        actual in any_json(),
        rules in any_rules(),
    ) {
        let _ = match_request(&request(expected.clone(), rules.clone()), &request(actual.clone(), MatchingRules::new()));
        let _ = match_response(&response(expected, rules), &response(actual, MatchingRules::new()));
    }

    #[test]
    fn a_body_matches_itself_without_rules(value in any_json()) {
        let mismatches = match_request(
            &request(value.clone(), MatchingRules::new()),
            &request(value, MatchingRules::new()),
        );
        prop_assert!(mismatches.is_empty(), "{mismatches:?}");
    }
}
