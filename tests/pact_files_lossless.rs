//! A rewrite or a merge never changes what it did not touch.
//!
//! Pacts written by the official implementation (pact-python 4.2.0 on the official Rust
//! core, in `fixtures/official/`; some with V4 plugin fields, markup, transports,
//! comments, keys, body hints and keys of no version added by hand at every level) are
//! read through our public file API, then:
//! - written again in their own version: the JSON must be what was read;
//! - merged with a new interaction: every interaction the file had must be the JSON it
//!   was, as a Pact Broker refuses a pact whose published interactions changed.
//!
//! Random unknown keys at random places of a pact get the same two checks.

use std::path::{Path, PathBuf};

use pact_runtime::model::file::{self, WriteMode};
use pact_runtime::model::json::{pact_from_json, pact_to_json};
use pact_runtime::model::{
    AsyncMessage, Body, HttpInteraction, HttpRequest, HttpResponse, Interaction, InteractionCommon,
    MessageContents, Pact, SpecVersion,
};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn official_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/official")
}

fn official_pacts() -> Vec<(PathBuf, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(official_dir())
        .expect("the official fixtures")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures missing: {files:?}");
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("read the fixture");
            let value = serde_json::from_str(&text).expect("the fixture is JSON");
            (path, value)
        })
        .collect()
}

/// The interactions of a pact document by description (V3 message pacts: `messages`).
fn interactions_by_description(doc: &Value) -> Map<String, Value> {
    ["interactions", "messages"]
        .iter()
        .filter_map(|key| doc.get(*key).and_then(Value::as_array))
        .flatten()
        .map(|i| {
            (
                i["description"].as_str().expect("a description").to_owned(),
                i.clone(),
            )
        })
        .collect()
}

/// The document without `metadata.pactSpecification` and the writers' own entries, which
/// a writer sets rather than keeps.
fn without_writer_metadata(mut doc: Value) -> Value {
    if let Some(metadata) = doc.get_mut("metadata").and_then(Value::as_object_mut) {
        metadata.remove("pactRuntime");
    }
    doc
}

#[test]
fn every_official_v3_and_v4_pact_written_again_in_its_version_is_the_json_it_was() {
    for (path, original) in official_pacts() {
        let pact = file::load(&path).unwrap_or_else(|e| panic!("{e}"));
        if pact.spec_version < SpecVersion::V3 {
            continue;
        }

        let written = pact_to_json(&pact, pact.spec_version).expect("writable");

        assert_eq!(
            written,
            original,
            "{}: rewritten\n{}",
            path.display(),
            serde_json::to_string_pretty(&written).unwrap_or_default()
        );
    }
}

/// The one exception: the official core writes V2 rules the V2 specification does not
/// have (`"match": "integer"`), which our V2 writer refuses rather than write a V2 file
/// that V2 readers cannot read. A merge still keeps those interactions as they were (see
/// below): only a rewrite from the model refuses.
#[test]
fn an_official_v2_pact_with_v3_matchers_is_refused_by_the_v2_writer_naming_the_matcher() {
    let pact = file::load(official_dir().join("py-consumer-v2-py-provider.json")).expect("loads");

    let error = pact_to_json(&pact, SpecVersion::V2).expect_err("V2 has no integer matcher");

    assert!(error.to_string().contains("the integer matcher"), "{error}");
}

#[test]
fn a_changed_interaction_is_written_from_the_model_and_keeps_its_unknown_fields() {
    let path = official_dir().join("py-consumer-v4-plugins-py-provider.json");
    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    let mut pact = file::load(&path).expect("loads");
    let Some(Interaction::Http(changed)) = pact
        .interactions
        .iter_mut()
        .find(|i| i.description() == "a create with a generated id")
    else {
        panic!("the interaction");
    };
    changed.response.status = 202;

    let written = pact_to_json(&pact, SpecVersion::V4).expect("writable");

    let before = interactions_by_description(&original);
    let after = interactions_by_description(&written);
    let changed = &after["a create with a generated id"];
    assert_eq!(changed["response"]["status"], 202);
    for key in [
        "pluginConfiguration",
        "interactionMarkup",
        "transport",
        "x-future-interaction",
        "comments",
        "key",
    ] {
        assert_eq!(
            changed[key], before["a create with a generated id"][key],
            "{key}"
        );
    }
    assert_eq!(changed["request"]["body"]["contentTypeHint"], "TEXT");
    assert_eq!(changed["response"]["x-future-response"], json!([0]));
    assert_eq!(changed["providerStates"][0]["x-future-state"], "s");
    // What the model spells its own way is spelled so in a changed interaction.
    assert_eq!(
        changed["request"]["matchingRules"]["body"]["$.at"]["matchers"][0]["match"],
        "timestamp"
    );
    for (description, interaction) in &before {
        if description != "a create with a generated id" {
            assert_eq!(after.get(description), Some(interaction), "{description}");
        }
    }
}

#[test]
fn the_hand_added_v4_fields_are_read_as_unknown_and_not_as_data() {
    let path = official_dir().join("py-consumer-v4-plugins-py-provider.json");

    let pact = file::load(&path).expect("loads");

    let interaction = &pact.interactions[0];
    let unknown = &interaction.common().unknown;
    for key in [
        "pluginConfiguration",
        "interactionMarkup",
        "transport",
        "x-future-interaction",
    ] {
        assert!(unknown.fields().contains_key(key), "{key}: {unknown:?}");
    }
    assert!(
        !unknown.fields().contains_key("comments"),
        "comments are modelled"
    );
    let body_hint = unknown
        .child("request")
        .and_then(|request| request.child("body"))
        .map(|body| body.fields().get("contentTypeHint"));
    assert_eq!(body_hint, Some(Some(&json!("TEXT"))));
    assert_eq!(
        pact.unknown.fields().get("x-future-root"),
        Some(&json!({"anything": [1, 2.5, null, true]}))
    );
    assert_eq!(
        pact.unknown.child("consumer").map(|c| c.fields().len()),
        Some(1)
    );
    assert_eq!(interaction.common().key.as_deref(), Some("key-0"));
    assert_eq!(
        pact.metadata.get("x-unknown-metadata"),
        Some(&json!("kept"))
    );
}

/// A new interaction of the right kind for the file.
fn new_interaction(pact: &Pact) -> Interaction {
    let common = InteractionCommon {
        description: "a new interaction merged in by pact-rs".to_owned(),
        ..InteractionCommon::default()
    };
    let is_messages = pact
        .interactions
        .iter()
        .all(|i| matches!(i, Interaction::AsyncMessage(_)));
    if is_messages && pact.spec_version < SpecVersion::V4 {
        Interaction::AsyncMessage(AsyncMessage {
            common,
            message: MessageContents {
                contents: Body::json(json!({"new": true})),
                ..MessageContents::default()
            },
        })
    } else {
        Interaction::Http(HttpInteraction {
            common,
            request: HttpRequest {
                path: "/new".to_owned(),
                ..HttpRequest::default()
            },
            response: HttpResponse {
                status: 204,
                ..HttpResponse::default()
            },
        })
    }
}

#[test]
fn merging_a_new_interaction_into_an_official_pact_leaves_its_interactions_unchanged() {
    for (path, original) in official_pacts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join(path.file_name().expect("a file name"));
        std::fs::copy(&path, &target).expect("copy the fixture");
        let read = file::load(&target).unwrap_or_else(|e| panic!("{e}"));
        let new = Pact {
            interactions: vec![new_interaction(&read)],
            ..Pact::new(read.consumer.clone(), read.provider.clone())
        };

        let written_path = file::write(&new, dir.path(), read.spec_version, WriteMode::Merge)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));

        assert_eq!(written_path, target, "merged into the same file");
        let merged: Value =
            serde_json::from_str(&std::fs::read_to_string(&target).expect("read the merged file"))
                .expect("JSON");
        let before = interactions_by_description(&original);
        let after = interactions_by_description(&merged);
        assert_eq!(after.len(), before.len() + 1, "{}", path.display());
        for (description, interaction) in &before {
            assert_eq!(
                after.get(description),
                Some(interaction),
                "{}: interaction {description:?} changed",
                path.display()
            );
        }
        assert!(after.contains_key("a new interaction merged in by pact-rs"));
        // Everything but the interactions and our writer's own metadata is kept too.
        let strip = |doc: &Value| {
            let mut doc = without_writer_metadata(doc.clone());
            if let Some(object) = doc.as_object_mut() {
                object.remove("interactions");
                object.remove("messages");
            }
            doc
        };
        assert_eq!(strip(&merged), strip(&original), "{}", path.display());
    }
}

#[test]
fn merging_the_same_interaction_again_keeps_the_files_copy_with_its_unknown_fields() {
    let path = official_dir().join("py-consumer-v4-plugins-py-provider.json");
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("py-consumer-v4-plugins-py-provider.json");
    std::fs::copy(&path, &target).expect("copy");
    let mut read = file::load(&target).expect("loads");
    // What a consumer test would produce: the same interactions, without what the model
    // does not know.
    for interaction in &mut read.interactions {
        if let Interaction::Http(http) = interaction {
            http.common.unknown = Default::default();
        }
    }
    read.unknown = Default::default();

    file::write(&read, dir.path(), SpecVersion::V4, WriteMode::Merge).expect("merges");

    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(&target).expect("read")).expect("JSON");
    assert_eq!(
        without_writer_metadata(merged),
        original,
        "same interactions: nothing changes but our writer's entry"
    );
}

/// Where random keys go: objects of a pact that the reader walks.
fn object_paths(doc: &Value) -> Vec<Vec<String>> {
    let mut paths = vec![
        vec![],
        vec!["consumer".to_owned()],
        vec!["provider".to_owned()],
    ];
    let Some(items) = doc["interactions"].as_array() else {
        return paths;
    };
    for (i, item) in items.iter().enumerate() {
        let base = vec!["interactions".to_owned(), i.to_string()];
        paths.push(base.clone());
        for part in ["request", "response"] {
            if item.get(part).is_some_and(Value::is_object) {
                let mut p = base.clone();
                p.push(part.to_owned());
                paths.push(p.clone());
                if item[part].get("body").is_some_and(Value::is_object) {
                    p.push("body".to_owned());
                    paths.push(p);
                }
            }
        }
        if let Some(states) = item.get("providerStates").and_then(Value::as_array) {
            for s in 0..states.len() {
                let mut p = base.clone();
                p.extend(["providerStates".to_owned(), s.to_string()]);
                paths.push(p);
            }
        }
    }
    paths
}

fn object_at<'a>(doc: &'a mut Value, path: &[String]) -> &'a mut Map<String, Value> {
    let mut here = doc;
    for step in path {
        here = match here {
            Value::Array(items) => &mut items[step.parse::<usize>().expect("an index")],
            Value::Object(map) => map.get_mut(step).expect("a key on the path"),
            _ => panic!("not a container"),
        };
    }
    here.as_object_mut().expect("an object")
}

fn unknown_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z ]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn v4_base() -> Value {
    let path = official_dir().join("py-consumer-v4-py-provider.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_unknown_keys_survive_a_rewrite_and_a_merge(
        additions in prop::collection::vec(
            (any::<prop::sample::Index>(), "x-[a-z]{1,6}", unknown_value()),
            1..6,
        )
    ) {
        let mut doc = v4_base();
        let paths = object_paths(&doc);
        for (index, key, value) in &additions {
            let path = index.get(&paths).clone();
            object_at(&mut doc, &path).insert(key.clone(), value.clone());
        }

        let pact = pact_from_json(&doc, "random").expect("reads");
        let rewritten = pact_to_json(&pact, SpecVersion::V4).expect("writes");
        prop_assert_eq!(&rewritten, &doc);

        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("py-consumer-v4-py-provider.json");
        std::fs::write(&target, doc.to_string()).expect("write");
        let new = Pact {
            interactions: vec![new_interaction(&pact)],
            ..Pact::new(pact.consumer.clone(), pact.provider.clone())
        };
        file::write(&new, dir.path(), SpecVersion::V4, WriteMode::Merge).expect("merges");
        let merged: Value = serde_json::from_str(
            &std::fs::read_to_string(&target).expect("read"),
        ).expect("JSON");
        let before = interactions_by_description(&doc);
        let after = interactions_by_description(&merged);
        for (description, interaction) in &before {
            prop_assert_eq!(after.get(description), Some(interaction));
        }
        prop_assert_eq!(merged.get("x-future-root"), doc.get("x-future-root"));
        for (key, value) in doc.as_object().expect("an object") {
            if key.starts_with("x-") {
                prop_assert_eq!(merged.get(key), Some(value));
            }
        }
    }
}

#[test]
fn the_official_pacts_load_without_warnings() {
    for (path, _) in official_pacts() {
        let loaded = file::load_with_warnings(&path).unwrap_or_else(|e| panic!("{e}"));

        assert_eq!(loaded.warnings, Vec::new(), "{}", path.display());
    }
}

// Merging never respells what it did not touch (issue 11, fault 4): the file's
// interactions are written from its text, so numbers keep their digits and spelling
// (`1.50`, `1e3`, `-0`, integers beyond 64 bits) and strings their escapes, anywhere in an
// interaction: bodies, rules, generators, provider state params, message metadata.

const CONSUMER: &str = "spelling-consumer";
const PROVIDER: &str = "spelling-provider";

/// Pact files as another tool may write them (keys in any order, any layout), each with
/// the `"key": token` pairs its interactions must keep after a merge.
fn spelled_pacts() -> Vec<(&'static str, String, Vec<&'static str>)> {
    let head =
        format!(r#""consumer": {{"name": "{CONSUMER}"}}, "provider": {{"name": "{PROVIDER}"}}"#);
    vec![
        (
            "V2 HTTP",
            format!(
                r#"{{{head}, "interactions": [{{
  "description": "a quote", "providerState": "prices exist",
  "request": {{"method": "POST", "path": "/quotes",
    "headers": {{"Content-Type": "application/json"}},
    "body": {{"amount": 1.50, "ids": [123456789012345678901234567890, -0]}}}},
  "response": {{"status": 200, "headers": {{"Content-Type": "application/json"}},
    "body": {{"rate": 1e3, "small": 2.50E-4, "label": "caf\u00e9 \ud83d\ude00"}},
    "matchingRules": {{"$.body.rate": {{"match": "type"}},
      "$.body.label": {{"match": "regex", "regex": "^caf\u00e9"}}}}}}
}}], "metadata": {{"pactSpecification": {{"version": "2.0.0"}}}}}}"#
            ),
            vec![
                r#""amount": 1.50"#,
                "123456789012345678901234567890,",
                "-0\n",
                r#""rate": 1e3"#,
                r#""small": 2.50E-4"#,
                r#""label": "caf\u00e9 \ud83d\ude00""#,
                r#""regex": "^caf\u00e9""#,
            ],
        ),
        (
            "V3 HTTP",
            format!(
                r#"{{"metadata": {{"pactSpecification": {{"version": "3.0.0"}}}}, {head},
"interactions": [{{"response": {{"status": 201,
    "headers": {{"Content-Type": "application/json"}},
    "body": {{"id": 98765432109876543210, "weight": 0.250, "ratio": -1.0E+2}},
    "matchingRules": {{"body": {{"$.weight": {{"matchers": [{{"match": "decimal"}}]}},
      "$.id": {{"combine": "AND", "matchers": [{{"match": "integer"}}]}}}}}},
    "generators": {{"body": {{"$.weight": {{"type": "RandomDecimal", "digits": 4}}}}}}}},
  "request": {{"method": "PUT", "path": "/parcels/1", "query": {{"size": ["1.50"]}}}},
  "providerStates": [{{"name": "a parcel exists",
    "params": {{"id": 98765432109876543210, "price": 9.90, "name": "Zo\u00eb"}}}}],
  "description": "a parcel update"}}]}}"#
            ),
            vec![
                r#""id": 98765432109876543210"#,
                r#""weight": 0.250"#,
                r#""ratio": -1.0E+2"#,
                r#""price": 9.90"#,
                r#""name": "Zo\u00eb""#,
            ],
        ),
        (
            "V3 messages",
            format!(
                r#"{{{head}, "messages": [{{"description": "an order event",
  "metadata": {{"contentType": "application/json", "retries": 3.0, "ttl": 1e6}},
  "contents": {{"total": 10.00, "lines": [{{"qty": 2E0, "sku": "\u0041-1"}}]}},
  "matchingRules": {{"body": {{"$.total": {{"matchers": [{{"match": "number"}}]}}}}}},
  "providerStates": [{{"name": "an order", "params": {{"n": 1.0}}}}]}}],
  "metadata": {{"pactSpecification": {{"version": "3.0.0"}}}}}}"#
            ),
            vec![
                r#""retries": 3.0"#,
                r#""ttl": 1e6"#,
                r#""total": 10.00"#,
                r#""qty": 2E0"#,
                r#""sku": "\u0041-1""#,
                r#""n": 1.0"#,
            ],
        ),
        (
            "V4 HTTP and messages",
            format!(
                r#"{{{head}, "metadata": {{"pactSpecification": {{"version": "4.0"}}}},
"interactions": [
 {{"type": "Synchronous/HTTP", "description": "a price", "pending": false,
  "request": {{"method": "GET", "path": "/price"}},
  "response": {{"status": 200, "headers": {{"Content-Type": ["application/json"]}},
    "body": {{"contentType": "application/json", "encoded": false,
      "content": {{"price": 1.50, "big": 123456789012345678901234567890, "exp": 1e3,
        "neg": -0.0, "u": "caf\u00e9"}}}},
    "matchingRules": {{"body": {{"$.price": {{"combine": "AND",
      "matchers": [{{"match": "decimal"}}]}}}}}}}},
  "comments": {{"testname": "t", "x-score": 0.50}}, "transport": "http"}},
 {{"type": "Asynchronous/Messages", "description": "a price event", "pending": false,
  "contents": {{"contentType": "application/json", "encoded": false,
    "content": {{"at": 1.7e9}}}},
  "metadata": {{"contentType": "application/json", "partition": 7.50e-1}},
  "pluginConfiguration": {{"x": {{"threshold": 0.100}}}}}},
 {{"type": "Synchronous/Messages", "description": "a price request", "pending": false,
  "request": {{"contents": {{"contentType": "application/json", "encoded": false,
    "content": {{"q": 1.000}}}}}},
  "response": [{{"contents": {{"contentType": "application/json", "encoded": false,
    "content": {{"a": 100E-2}}}}}}]}}
]}}"#
            ),
            vec![
                r#""price": 1.50"#,
                r#""big": 123456789012345678901234567890"#,
                r#""exp": 1e3"#,
                r#""neg": -0.0"#,
                r#""u": "caf\u00e9""#,
                r#""x-score": 0.50"#,
                r#""at": 1.7e9"#,
                r#""partition": 7.50e-1"#,
                r#""threshold": 0.100"#,
                r#""q": 1.000"#,
                r#""a": 100E-2"#,
            ],
        ),
    ]
}

/// `text` as the pact file of [`CONSUMER`] and [`PROVIDER`] in `dir`, with an HTTP
/// interaction (a message one in a V3 message pact) `description` merged into it; the
/// file's text after the merge.
fn merge_into(dir: &Path, text: &str, description: &str) -> String {
    let target = dir.join(format!("{CONSUMER}-{PROVIDER}.json"));
    std::fs::write(&target, text).expect("write the pact file");
    let read = file::load(&target).unwrap_or_else(|e| panic!("{e}"));
    let mut interaction = new_interaction(&read);
    match &mut interaction {
        Interaction::Http(http) => http.common.description = description.to_owned(),
        Interaction::AsyncMessage(message) => message.common.description = description.to_owned(),
        Interaction::SyncMessage(_) => unreachable!("new_interaction makes none"),
    }
    let new = Pact {
        interactions: vec![interaction],
        ..Pact::new(CONSUMER, PROVIDER)
    };
    let written = file::write(&new, dir, read.spec_version, WriteMode::Merge)
        .unwrap_or_else(|e| panic!("{description}: {e}"));
    assert_eq!(written, target);
    std::fs::read_to_string(&target).expect("read the merged file")
}

/// The text of each element of the top-level `interactions` or `messages` array of a pact
/// file we wrote (two spaces of indentation per level).
fn element_texts(text: &str) -> Vec<String> {
    let mut elements = Vec::new();
    let mut current: Option<String> = None;
    let mut inside = false;
    for line in text.lines() {
        if line == "  \"interactions\": [" || line == "  \"messages\": [" {
            inside = true;
        } else if inside && (line == "  ]" || line == "  ],") {
            inside = false;
        } else if inside {
            let element = current.get_or_insert_with(String::new);
            element.push_str(line);
            element.push('\n');
            if line == "    }" || line == "    }," {
                elements.extend(current.take());
            }
        }
    }
    elements
}

#[test]
fn a_merge_keeps_every_number_and_string_of_the_files_interactions_as_spelled() {
    for (name, text, kept) in spelled_pacts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let original: Value = serde_json::from_str(&text).expect("the fixture is JSON");

        let merged = merge_into(dir.path(), &text, "a new interaction");

        for pair in &kept {
            assert!(merged.contains(pair), "{name}: {pair} lost in\n{merged}");
        }
        // Nothing else changed either: the interactions read back as the same JSON.
        let merged_value: Value = serde_json::from_str(&merged).expect("JSON");
        let before = interactions_by_description(&original);
        let after = interactions_by_description(&merged_value);
        assert_eq!(after.len(), before.len() + 1, "{name}");
        for (description, interaction) in &before {
            assert_eq!(after.get(description), Some(interaction), "{name}");
        }
    }
}

#[test]
fn merging_again_leaves_the_merged_files_interactions_byte_identical() {
    let official = official_pacts()
        .into_iter()
        .map(|(path, _)| {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path).expect("read");
            // The official pacts name other pacticipants: the file must be theirs.
            let text = text
                .replacen(
                    &format!("\"name\": {}", json!(pact_names(&text).0)),
                    &format!("\"name\": {}", json!(CONSUMER)),
                    1,
                )
                .replacen(
                    &format!("\"name\": {}", json!(pact_names(&text).1)),
                    &format!("\"name\": {}", json!(PROVIDER)),
                    1,
                );
            (name, text)
        })
        .collect::<Vec<_>>();
    let spelled = spelled_pacts()
        .into_iter()
        .map(|(name, text, _)| (name.to_owned(), text));
    for (name, text) in spelled.chain(official) {
        let dir = tempfile::tempdir().expect("tempdir");
        let once = merge_into(dir.path(), &text, "first new interaction");
        let twice = merge_into(dir.path(), &once, "second new interaction");

        let mut kept = element_texts(&twice);
        let before = kept.len();
        kept.retain(|element| !element.contains("\"second new interaction\""));
        assert_eq!(kept.len(), before - 1, "{name}: one element added");
        // The element before the added one may only gain or lose its trailing comma.
        let trim = |elements: Vec<String>| -> Vec<String> {
            elements
                .into_iter()
                .map(|e| e.trim_end_matches([',', '\n']).to_owned())
                .collect()
        };
        assert_eq!(trim(kept), trim(element_texts(&once)), "{name}");
        // The same interaction merged once more changes not a byte.
        let thrice = merge_into(dir.path(), &twice, "second new interaction");
        assert_eq!(thrice, twice, "{name}");
    }
}

/// The consumer and provider names of a pact file's text.
fn pact_names(text: &str) -> (String, String) {
    let doc: Value = serde_json::from_str(text).expect("JSON");
    let name = |who: &str| doc[who]["name"].as_str().expect("a name").to_owned();
    (name("consumer"), name("provider"))
}

#[test]
fn a_file_we_wrote_keeps_its_interactions_byte_identical_through_a_merge() {
    let body = json!({
        "max": u64::MAX,
        "min": i64::MIN,
        "half": 0.5,
        "tiny": 1e-300,
        "huge": 1.7976931348623157e308,
        "neg_zero": -0.0,
        "text": "Zoë \"quoted\" \\ 🍔 \n\t\u{1}",
        "nested": [[1.25, {"deep": [2.5e-10]}], {}],
    });
    for version in [SpecVersion::V2, SpecVersion::V3, SpecVersion::V4] {
        let dir = tempfile::tempdir().expect("tempdir");
        let interaction = |description: &str| {
            Interaction::Http(HttpInteraction {
                common: InteractionCommon {
                    description: description.to_owned(),
                    ..InteractionCommon::default()
                },
                request: HttpRequest {
                    path: "/numbers".to_owned(),
                    body: Body::json(body.clone()),
                    ..HttpRequest::default()
                },
                response: HttpResponse {
                    status: 200,
                    body: Body::json(body.clone()),
                    ..HttpResponse::default()
                },
            })
        };
        let first = Pact {
            interactions: vec![interaction("b written first"), interaction("d also first")],
            ..Pact::new(CONSUMER, PROVIDER)
        };
        let path = file::write(&first, dir.path(), version, WriteMode::Merge).expect("writes");
        let written = std::fs::read_to_string(&path).expect("read");

        let second = Pact {
            interactions: vec![interaction("a merged later"), interaction("c merged later")],
            ..Pact::new(CONSUMER, PROVIDER)
        };
        file::write(&second, dir.path(), version, WriteMode::Merge).expect("merges");
        let merged = std::fs::read_to_string(&path).expect("read");

        let old = element_texts(&written);
        let new = element_texts(&merged);
        assert_eq!(new.len(), 4, "{version}");
        // Sorted by description: a, b, c, d; b and d are the file's, commas included.
        assert_eq!(new[1], old[0], "{version}");
        assert_eq!(new[3].trim_end(), old[1].trim_end(), "{version}");
        // And the whole file is what writing all four at once writes.
        let all = Pact {
            interactions: [first.interactions, second.interactions].concat(),
            ..Pact::new(CONSUMER, PROVIDER)
        };
        let fresh = tempfile::tempdir().expect("tempdir");
        let path = file::write(&all, fresh.path(), version, WriteMode::Overwrite).expect("writes");
        assert_eq!(
            std::fs::read_to_string(path).expect("read"),
            merged,
            "{version}"
        );
    }
}

/// A JSON number as a person or another tool may spell it, within what serde_json reads
/// (a magnitude that fits an f64).
fn spelled_number() -> impl Strategy<Value = String> {
    "-?(0|[1-9][0-9]{0,40})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,2})?"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_number_spellings_survive_a_merge(
        numbers in prop::collection::vec(spelled_number(), 1..8)
    ) {
        let members = numbers
            .iter()
            .enumerate()
            .map(|(i, n)| format!("\"k{i:02}\": {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            r#"{{"consumer": {{"name": "{CONSUMER}"}}, "provider": {{"name": "{PROVIDER}"}},
"metadata": {{"pactSpecification": {{"version": "4.0"}}}},
"interactions": [{{"type": "Synchronous/HTTP", "description": "numbers",
  "request": {{"method": "GET", "path": "/n"}},
  "response": {{"status": 200, "body": {{"contentType": "application/json",
    "encoded": false, "content": {{{members}, "list": [{list}]}}}}}}}}]}}"#,
            list = numbers.join(", "),
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let merged = merge_into(dir.path(), &text, "another");
        for (i, n) in numbers.iter().enumerate() {
            let pair = format!("\"k{i:02}\": {n}");
            prop_assert!(merged.contains(&pair), "{} lost", pair);
            let element = format!("\n              {n}");
            prop_assert!(merged.contains(&element), "{} lost in the list", n);
        }
    }
}
