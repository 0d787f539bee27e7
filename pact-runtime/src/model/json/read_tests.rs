use serde_json::json;

use super::*;

/// A V3 pact around one interaction, with `version` declared.
fn v3_with(interaction: Value) -> Value {
    json!({
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

fn v4_with(interaction: Value) -> Value {
    json!({
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

fn warnings_of(doc: &Value) -> Vec<(String, String)> {
    let loaded = pact_from_json_with_warnings(doc, "a.json").expect("read leniently");
    assert!(
        loaded.warnings.iter().all(|w| w.source_name == "a.json"),
        "{:?}",
        loaded.warnings
    );
    loaded
        .warnings
        .into_iter()
        .map(|w| (w.at, w.message))
        .collect()
}

/// Asserts one warning at `at` whose message contains `says`.
fn assert_warns(doc: &Value, at: &str, says: &str) {
    let warnings = warnings_of(doc);
    assert!(
        warnings
            .iter()
            .any(|(w_at, w)| w_at == at && w.contains(says)),
        "expected a warning at {at} saying {says:?}, got {warnings:#?}"
    );
}

fn http(request: Value, response: Value) -> Value {
    json!({"description": "d", "request": request, "response": response})
}

#[test]
fn fc09_empty_arrays_for_matching_rules_are_read_as_no_rules_with_a_warning() {
    let rules = json!({
        "body": [],
        "header": {"x-test": {"combine": "AND", "matchers": [{"match": "regex", "regex": "\\d{1,4}"}]}},
        "status": []
    });
    let doc = v3_with(http(
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "headers": {"X-TEST": "1"}, "matchingRules": rules}),
    ));

    let pact = pact_from_json(&doc, "a.json").expect("FC-09: the pact parses");

    let Interaction::Http(interaction) = &pact.interactions[0] else {
        panic!("an HTTP interaction");
    };
    assert_eq!(interaction.response.matching_rules.categories().count(), 1);
    assert_warns(
        &doc,
        "interactions[0].response.matchingRules.body",
        "found []: read as no rules",
    );
    assert_warns(
        &doc,
        "interactions[0].response.matchingRules.status",
        "found []",
    );
    let whole = v3_with(http(
        json!({"method": "GET", "path": "/", "matchingRules": []}),
        json!({"status": 200}),
    ));
    assert_warns(&whole, "interactions[0].request.matchingRules", "found []");
}

#[test]
fn header_values_in_other_shapes_are_read_as_text_with_a_warning() {
    let doc = v3_with(http(
        json!({"method": "GET", "path": "/", "headers": {"Content-Length": 12, "X-Flag": true}}),
        json!({"status": 200, "headers": []}),
    ));
    assert_warns(
        &doc,
        "interactions[0].request.headers.Content-Length",
        "found a number: read as the text `12`",
    );
    assert_warns(
        &doc,
        "interactions[0].request.headers.X-Flag",
        "found a boolean",
    );
    assert_warns(
        &doc,
        "interactions[0].response.headers",
        "found []: read as no headers",
    );

    let v4 = v4_with(json!({
        "type": "Synchronous/HTTP", "description": "d",
        "request": {"method": "GET", "path": "/", "headers": {"Accept": "text/plain"}},
        "response": {"status": 200, "headers": {"A": ["1"]}}
    }));
    assert_warns(
        &v4,
        "interactions[0].request.headers.Accept",
        "expected an array of values (V4), found a string",
    );
    assert_eq!(warnings_of(&v4).len(), 1, "an array is the V4 form");
}

#[test]
fn v3_rules_in_other_shapes_are_read_with_a_warning_each() {
    let rules = json!({"body": {
        "$.a": {"matchers": [{"match": "type"}]},
        "$.b": {"match": "type"},
        "$.c": {"combine": "AND", "matchers": [{"regex": "x"}]},
        "$.d": {"combine": "AND", "matchers": [{"match": "type", "min": "2"}]}
    }});
    let doc = v3_with(http(
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "body": {}, "matchingRules": rules}),
    ));
    let at = "interactions[0].response.matchingRules.body";

    assert_warns(&doc, &format!("{at}.$.a"), "without `combine`: read as AND");
    assert_warns(
        &doc,
        &format!("{at}.$.b"),
        "read as a list of that one matcher",
    );
    assert_warns(
        &doc,
        &format!("{at}.$.c.matchers[0]"),
        "without `match`: read as `regex`",
    );
    assert_warns(
        &doc,
        &format!("{at}.$.d.matchers[0].min"),
        "found the string \"2\"",
    );

    let v2_keys = v3_with(http(
        json!({"method": "GET", "path": "/"}),
        json!({"status": 200, "matchingRules": {"$.body.a": {"match": "type"}}}),
    ));
    assert_warns(
        &v2_keys,
        "interactions[0].response.matchingRules",
        "V2 paths",
    );
}

#[test]
fn v2_rules_in_their_own_form_give_no_warning() {
    let doc = json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [http(
            json!({"method": "GET", "path": "/", "query": "a=1"}),
            json!({"status": 200, "body": {"a": 1}, "matchingRules": {"$.body.a": {"min": 1}, "$.body.b": {"regex": "x"}}}),
        )],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    });

    assert_eq!(warnings_of(&doc), Vec::<(String, String)>::new());
}

#[test]
fn what_a_pact_leaves_out_or_spells_the_older_way_is_read_with_a_warning() {
    let no_version = json!({
        "consumer": {"name": "c"}, "provider": {"name": "p"},
        "interactions": [http(json!({"path": "/"}), json!({}))]
    });
    assert_warns(
        &no_version,
        "metadata",
        "no `pactSpecification.version`: read as V2",
    );
    assert_warns(&no_version, "interactions[0].request.method", "read as GET");
    assert_warns(
        &no_version,
        "interactions[0].response.status",
        "read as 200",
    );

    let older = v3_with(json!({
        "description": "d", "providerState": "s",
        "request": {"method": "GET", "path": "/", "query": "a=1&b=2"},
        "response": {"status": 200}
    }));
    assert_warns(
        &older,
        "interactions[0].providerState",
        "read as `providerStates` with one state",
    );
    assert_warns(
        &older,
        "interactions[0].request.query",
        "read as a V2 query string",
    );

    let v4_body = v4_with(json!({
        "type": "Synchronous/HTTP", "description": "d",
        "request": {"method": "POST", "path": "/", "body": {"plain": "json"}},
        "response": {"status": 200, "body": {"content": "AQI=", "contentType": "application/octet-stream", "encoded": true}}
    }));
    assert_warns(
        &v4_body,
        "interactions[0].request.body",
        "read as the body itself",
    );
    assert_warns(
        &v4_body,
        "interactions[0].response.body.encoded",
        "read as base64",
    );
}

#[test]
fn a_pact_in_the_specifications_forms_gives_no_warning() {
    let doc = v4_with(json!({
        "type": "Synchronous/HTTP", "description": "d", "pending": false,
        "providerStates": [{"name": "s", "params": {"id": 1}}],
        "request": {"method": "GET", "path": "/", "query": {"a": ["1"]}, "headers": {"Accept": ["application/json"]}},
        "response": {
            "status": 200,
            "body": {"content": {"a": 1}, "contentType": "application/json", "encoded": false},
            "matchingRules": {"body": {"$.a": {"combine": "AND", "matchers": [{"match": "integer"}]}}}
        }
    }));

    assert_eq!(warnings_of(&doc), Vec::<(String, String)>::new());
}

#[test]
fn json_that_is_not_a_pact_says_what_is_missing() {
    let cases = [
        (
            json!({}),
            "no `consumer`, no `provider`, no `interactions` or `messages`",
        ),
        (
            json!({"consumer": {"name": "c"}, "provider": {"name": "p"}}),
            "no `interactions` or `messages`",
        ),
        (
            json!({"consumer": {"name": "c"}, "interactions": []}),
            "no `provider`",
        ),
        (
            json!({"provider": {"name": "p"}, "messages": []}),
            "no `consumer`",
        ),
        (
            json!([1, 2]),
            "expected an object with `consumer`, `provider` and `interactions`, found an array",
        ),
        (
            json!("pact"),
            "expected an object with `consumer`, `provider` and `interactions`, found a string",
        ),
    ];
    for (doc, missing) in cases {
        let error = pact_from_json(&doc, "a.json").expect_err("not a pact");

        assert_eq!(
            error.to_string(),
            format!("a.json: not a pact file: {missing}"),
            "{doc}"
        );
    }
}

/// Pacts holding one interaction the writer spells otherwise, one for each reader an
/// interaction can be read again with: a V3 HTTP interaction and a V3 message whose rule
/// list has no `combine` (written with `"combine": "AND"`), and a V4 interaction with a
/// header given as a string (written as an array). Each with the list it sits in.
fn normalised_spellings() -> Vec<(Value, &'static str)> {
    let rules = json!({"body": {"$.id": {"matchers": [{"match": "type"}]}}});
    vec![
        (
            v3_with(json!({
                "description": "v3 http",
                "request": {"method": "GET", "path": "/"},
                "response": {"status": 200, "body": {"id": 1}, "matchingRules": rules},
            })),
            "interactions",
        ),
        (
            json!({
                "consumer": {"name": "c"},
                "provider": {"name": "p"},
                "messages": [{
                    "description": "v3 message",
                    "contents": {"id": 1},
                    "metadata": {"contentType": "application/json"},
                    "matchingRules": rules,
                }],
                "metadata": {"pactSpecification": {"version": "3.0.0"}}
            }),
            "messages",
        ),
        (
            v4_with(json!({
                "type": "Synchronous/HTTP",
                "description": "v4 http",
                "key": "k1",
                "pending": false,
                "request": {"method": "GET", "path": "/", "headers": {"Accept": "text/plain"}},
                "response": {"status": 200},
            })),
            "interactions",
        ),
    ]
}

#[test]
fn an_unchanged_interaction_is_written_back_as_its_file_spelled_it_whichever_reader_read_it() {
    for (doc, list) in normalised_spellings() {
        let pact = pact_from_json(&doc, "a.json").expect("reads");
        let written = crate::model::json::pact_to_json(&pact, pact.spec_version).expect("writes");
        let from_model = super::super::write::interaction_with_unknown_to_json(
            &pact.interactions[0],
            pact.spec_version,
        )
        .expect("writes");

        assert_ne!(
            from_model, doc[list][0],
            "the writer respells {list} of {doc}"
        );
        assert_eq!(written[list][0], doc[list][0], "{list} of {doc}");
    }
}

#[test]
fn a_changed_interaction_is_written_from_the_model_in_the_writers_spelling() {
    for (doc, list) in normalised_spellings() {
        let mut pact = pact_from_json(&doc, "a.json").expect("reads");
        let unchanged = pact.clone();
        match &mut pact.interactions[0] {
            Interaction::Http(i) => i.common.description.push_str(" changed"),
            Interaction::AsyncMessage(i) => i.common.description.push_str(" changed"),
            Interaction::SyncMessage(i) => i.common.description.push_str(" changed"),
        }
        let written = crate::model::json::pact_to_json(&pact, pact.spec_version).expect("writes");
        let from_model = super::super::write::interaction_with_unknown_to_json(
            &pact.interactions[0],
            pact.spec_version,
        )
        .expect("writes");

        assert_eq!(written[list][0], from_model, "{list} of {doc}");
        assert_ne!(written[list][0], doc[list][0], "{list} of {doc}");
        assert_ne!(pact, unchanged);
    }
}

#[test]
fn an_interaction_the_writer_spells_as_its_file_did_is_written_the_same_either_way() {
    let doc = v4_with(json!({
        "type": "Synchronous/HTTP",
        "description": "plain",
        "key": "k1",
        "pending": false,
        "request": {"method": "GET", "path": "/"},
        "response": {"status": 204},
    }));
    let pact = pact_from_json(&doc, "a.json").expect("reads");
    let from_model = super::super::write::interaction_with_unknown_to_json(
        &pact.interactions[0],
        SpecVersion::V4,
    )
    .expect("writes");
    let written = crate::model::json::pact_to_json(&pact, SpecVersion::V4).expect("writes");

    assert_eq!(from_model, doc["interactions"][0]);
    assert_eq!(written["interactions"][0], doc["interactions"][0]);
}

mod owned_documents {
    use super::*;

    fn documents() -> Vec<Value> {
        vec![
            v3_with(json!({
                "description": "a",
                "request": {"method": "GET", "path": "/a", "headers": {"X": 1}},
                "response": {"status": 200, "body": {"id": 1}},
                "x-extra": true
            })),
            v4_with(json!({
                "type": "Asynchronous/Messages",
                "description": "m",
                "contents": {"content": {"id": 1}, "contentType": "application/json"},
                "metadata": {"topic": "t"},
                "matchingRules": {"content": {"$.id": {"combine": "AND", "matchers": [{"match": "type"}]}}}
            })),
            json!({
                "consumer": {"name": "c"},
                "provider": {"name": "p"},
                "messages": [{"description": "v3", "contents": "text", "metaData": {"a": "b"}}],
                "interactions": [{"description": "h", "request": {"path": "/"}, "response": {}}]
            }),
        ]
    }

    #[test]
    fn a_document_read_by_value_gives_the_pact_and_warnings_of_one_read_by_reference() {
        for doc in documents() {
            let by_reference = pact_from_json_with_warnings(&doc, "a.json").expect("reads");
            let by_value = owned_pact_from_json(doc.clone(), "a.json").expect("reads");

            assert_eq!(by_value.pact, by_reference.pact, "{doc}");
            assert_eq!(by_value.warnings, by_reference.warnings, "{doc}");
            for interaction in &by_value.pact.interactions {
                let as_read = interaction.common().unknown.as_read().expect("kept");
                assert!(as_read.original.get("description").is_some(), "{doc}");
            }
        }
    }

    #[test]
    fn lists_that_are_not_arrays_are_named_by_their_key() {
        for (key, value, found) in [
            ("interactions", json!(3), "a number"),
            ("interactions", json!({"a": 1}), "an object"),
            ("messages", json!("m"), "a string"),
        ] {
            let mut doc = json!({"consumer": {"name": "c"}, "provider": {"name": "p"}});
            doc[key] = value;

            let error = owned_pact_from_json(doc, "a.json").expect_err("not a list");

            assert_eq!(
                error.to_string(),
                format!("a.json: {key}: expected an array, found {found}")
            );
        }
    }

    #[test]
    fn a_document_that_is_no_object_is_not_a_pact() {
        for (doc, found) in [(json!([]), "an array"), (json!("x"), "a string")] {
            let error = owned_pact_from_json(doc, "a.json").expect_err("no pact");

            assert!(
                matches!(&error, LoadError::NotAPact { missing, .. } if missing.ends_with(found)),
                "{error}"
            );
        }
    }
}
