//! Tests of pact file load, merge and atomic write (field cases FC-12, FC-13, FC-14).

use serde_json::json;

use super::*;
use crate::model::{
    AsyncMessage, Body, HttpInteraction, HttpResponse, Interaction, InteractionCommon,
    ProviderState,
};

fn http(description: &str, state: Option<&str>, status: u16) -> Interaction {
    Interaction::Http(HttpInteraction {
        common: InteractionCommon {
            description: description.to_owned(),
            provider_states: state.map(ProviderState::new).into_iter().collect(),
            ..InteractionCommon::default()
        },
        response: HttpResponse {
            status,
            body: Body::json(json!({"name": "Zoë", "emoji": "🍔"})),
            ..HttpResponse::default()
        },
        ..HttpInteraction::default()
    })
}

fn message(description: &str) -> Interaction {
    Interaction::AsyncMessage(AsyncMessage {
        common: InteractionCommon {
            description: description.to_owned(),
            ..InteractionCommon::default()
        },
        ..AsyncMessage::default()
    })
}

fn pact_with(interactions: Vec<Interaction>) -> Pact {
    Pact {
        interactions,
        ..Pact::new("svc-a", "svc-b")
    }
}

fn descriptions(path: &Path) -> Vec<(String, Vec<String>)> {
    load(path)
        .expect("the written pact loads")
        .interactions
        .iter()
        .map(|i| {
            (
                i.description().to_owned(),
                i.provider_states().iter().map(|s| s.name.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn merging_identifies_interactions_by_description_and_states() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write_one =
        |i: Vec<Interaction>| write(&pact_with(i), dir.path(), SpecVersion::V4, WriteMode::Merge);
    write_one(vec![http("get order", Some("order exists"), 200)]).expect("D1");
    write_one(vec![http("list orders", Some("order exists"), 200)]).expect("D2");
    let path =
        write_one(vec![message("order created"), message("order cancelled")]).expect("M1 M2");
    let before = std::fs::read(&path).expect("file");

    let conflict = write_one(vec![http("get order", Some("order exists"), 500)])
        .expect_err("D3 conflicts with D1");
    assert!(
        conflict
            .to_string()
            .contains("conflicting interaction \"get order\" given \"order exists\""),
        "{conflict}"
    );
    assert_eq!(
        std::fs::read(&path).expect("file"),
        before,
        "a conflict leaves the file as it was"
    );

    write_one(vec![http("get order", Some("no order"), 404)]).expect("D4");
    assert_eq!(
        descriptions(&path),
        vec![
            ("get order".to_owned(), vec!["no order".to_owned()]),
            ("get order".to_owned(), vec!["order exists".to_owned()]),
            ("list orders".to_owned(), vec!["order exists".to_owned()]),
            ("order cancelled".to_owned(), vec![]),
            ("order created".to_owned(), vec![]),
        ]
    );

    write(
        &pact_with(vec![http("get order", Some("order exists"), 500)]),
        dir.path(),
        SpecVersion::V4,
        WriteMode::Overwrite,
    )
    .expect("overwrite replaces the file");
    assert_eq!(descriptions(&path).len(), 1);
}

#[test]
fn rewriting_the_same_non_ascii_interaction_keeps_one_unchanged_copy() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pact = pact_with(vec![http("Anfrage für Größe €", None, 200)]);
    let mut texts = Vec::new();
    for _ in 0..3 {
        let path = write(&pact, dir.path(), SpecVersion::V4, WriteMode::Merge).expect("write");
        texts.push(std::fs::read_to_string(path).expect("UTF-8 file"));
    }
    assert_eq!(texts[0], texts[2]);
    let loaded = load(dir.path().join("svc-a-svc-b.json")).expect("load");
    assert_eq!(loaded.interactions.len(), 1);
    assert_eq!(loaded.interactions[0].description(), "Anfrage für Größe €");
    assert!(texts[0].contains("Zoë") && texts[0].contains("🍔"));
}

#[test]
fn parallel_writers_lose_nothing_and_leave_no_temporary_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::thread::scope(|scope| {
        for n in 0..10 {
            let dir = dir.path();
            scope.spawn(move || {
                let pact = pact_with(vec![http(&format!("i-{n}"), None, 200)]);
                write(&pact, dir, SpecVersion::V4, WriteMode::Merge).expect("parallel write");
            });
        }
    });
    let names: Vec<String> = descriptions(&dir.path().join("svc-a-svc-b.json"))
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    assert_eq!(names, (0..10).map(|n| format!("i-{n}")).collect::<Vec<_>>());
    let entries: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(entries.len(), 1, "only the pact file remains");
}

#[test]
fn writing_v2_refuses_what_v2_cannot_express() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = write(
        &pact_with(vec![message("order created")]),
        dir.path(),
        SpecVersion::V2,
        WriteMode::Merge,
    )
    .expect_err("messages need V3");
    assert!(err.to_string().contains("message interactions"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[test]
fn malformed_pact_names_the_file_and_json_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{"consumer":{"name":"a"},"provider":{"name":"b"},"interactions":[
            {"description":"x","request":{"method":"GET","path":"/"},"response":{"status":200}},
            {"description":"y","request":{"method":5,"path":"/"},"response":{"status":200}}]}"#,
    )
    .expect("write");
    let err = load(&path).expect_err("method is a number");
    let text = err.to_string();
    assert!(text.contains("bad.json"), "{text}");
    assert!(
        text.contains("interactions[1].request.method: expected a string, found a number"),
        "{text}"
    );
}

#[test]
fn names_cannot_be_empty_or_escape_the_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = write(
        &Pact::new("", "b"),
        dir.path(),
        SpecVersion::V4,
        WriteMode::Merge,
    )
    .expect_err("empty consumer");
    assert_eq!(
        err.to_string(),
        "cannot write a pact whose consumer name is empty"
    );
    let path = write(
        &Pact::new("../a", "b/c"),
        dir.path(),
        SpecVersion::V4,
        WriteMode::Merge,
    )
    .expect("written");
    assert_eq!(path, dir.path().join(".._a-b_c.json"));
}
