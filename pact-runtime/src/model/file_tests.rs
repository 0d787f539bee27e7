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

fn bytes(bytes: &[u8], content_type: &str) -> Body {
    Body::Binary {
        bytes: bytes.to_vec(),
        content_type: Some(content_type.to_owned()),
    }
}

/// An HTTP interaction with a binary request and response body.
fn binary_http(description: &str) -> Interaction {
    Interaction::Http(HttpInteraction {
        common: InteractionCommon {
            description: description.to_owned(),
            ..InteractionCommon::default()
        },
        request: crate::model::HttpRequest {
            method: "POST".to_owned(),
            path: "/b".to_owned(),
            body: bytes(&[0, 255, 1, 2], "application/octet-stream"),
            ..crate::model::HttpRequest::default()
        },
        response: HttpResponse {
            body: bytes(&[0x89, b'P', b'N', b'G', 0xff], "image/png"),
            ..HttpResponse::default()
        },
    })
}

fn binary_message(description: &str) -> Interaction {
    Interaction::AsyncMessage(AsyncMessage {
        common: InteractionCommon {
            description: description.to_owned(),
            ..InteractionCommon::default()
        },
        message: crate::model::MessageContents {
            contents: bytes(&[0xca, 0xfe, 0x00], "application/x-protobuf"),
            ..crate::model::MessageContents::default()
        },
    })
}

fn bodies(interaction: &Interaction) -> Vec<Body> {
    match interaction {
        Interaction::Http(http) => vec![http.request.body.clone(), http.response.body.clone()],
        Interaction::AsyncMessage(message) => vec![message.message.contents.clone()],
        Interaction::SyncMessage(sync) => std::iter::once(&sync.request)
            .chain(&sync.response)
            .map(|m| m.contents.clone())
            .collect(),
    }
}

#[test]
fn binary_bodies_read_back_as_bytes_and_merge_again_in_every_version() {
    let cases = [
        (SpecVersion::V2, binary_http("upload")),
        (SpecVersion::V3, binary_http("upload")),
        (SpecVersion::V4, binary_http("upload")),
        (SpecVersion::V3, binary_message("event")),
        (SpecVersion::V4, binary_message("event")),
    ];
    for (version, interaction) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let pact = pact_with(vec![interaction.clone()]);
        let path = write(&pact, dir.path(), version, WriteMode::Merge).expect("first write");
        let first = std::fs::read(&path).expect("file");

        let loaded = load(&path).expect("the written pact loads");
        write(&pact, dir.path(), version, WriteMode::Merge)
            .unwrap_or_else(|e| panic!("{version}: the same test again merges: {e}"));

        assert_eq!(
            bodies(&loaded.interactions[0]),
            bodies(&interaction),
            "{version}: the bodies read back as the bytes written"
        );
        assert_eq!(
            std::fs::read(&path).expect("file"),
            first,
            "{version}: rewriting changes nothing"
        );
    }
}

#[test]
fn a_v3_file_with_a_base64_body_under_a_binary_content_type_reads_as_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("other-tool.json");
    std::fs::write(
        &path,
        r#"{"consumer":{"name":"a"},"provider":{"name":"b"},
            "interactions":[{"description":"x",
              "request":{"method":"POST","path":"/",
                "headers":{"Content-Type":"application/octet-stream"},"body":"AP8BAg=="},
              "response":{"status":200,"headers":{"Content-Type":"text/plain"},"body":"AP8BAg=="}}],
            "metadata":{"pactSpecification":{"version":"3.0.0"}}}"#,
    )
    .expect("write");

    let pact = load(&path).expect("loads");

    let Interaction::Http(http) = &pact.interactions[0] else {
        panic!("an HTTP interaction");
    };
    assert_eq!(
        http.request.body,
        bytes(&[0, 255, 1, 2], "application/octet-stream")
    );
    assert_eq!(
        http.response.body,
        Body::Text {
            text: "AP8BAg==".to_owned(),
            content_type: Some("text/plain".to_owned())
        },
        "under a text content type a string is text"
    );
}

#[test]
fn bytes_v2_cannot_tell_from_text_are_refused_naming_the_interaction() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut interaction = binary_http("upload");
    if let Interaction::Http(http) = &mut interaction {
        http.request.body = bytes(&[0xff, 0xfe], "text/plain");
    }

    let error = write(
        &pact_with(vec![interaction]),
        dir.path(),
        SpecVersion::V2,
        WriteMode::Merge,
    )
    .expect_err("not UTF-8 under text/plain");

    assert!(
        error.to_string().starts_with(
            "cannot write V2 pact: interaction \"upload\" uses a body of bytes that are not UTF-8 under the text content type `text/plain`"
        ),
        "{error}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[test]
fn identical_interactions_of_one_pact_are_written_once_in_every_mode() {
    for (mode, existing) in [
        (WriteMode::Merge, false),
        (WriteMode::Merge, true),
        (WriteMode::Overwrite, true),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        if existing {
            write(
                &pact_with(vec![http("other", None, 200)]),
                dir.path(),
                SpecVersion::V4,
                WriteMode::Merge,
            )
            .expect("an existing file");
        }
        let twice = pact_with(vec![
            http("get order", Some("order exists"), 200),
            http("get order", Some("order exists"), 200),
        ]);

        let path = write(&twice, dir.path(), SpecVersion::V4, mode).expect("written");

        let found: Vec<String> = descriptions(&path).into_iter().map(|(d, _)| d).collect();
        let expected: &[&str] = if existing && mode == WriteMode::Merge {
            &["get order", "other"]
        } else {
            &["get order"]
        };
        assert_eq!(found, expected, "{mode:?}, existing file: {existing}");
    }
}

#[test]
fn two_different_interactions_of_one_pact_with_one_identity_are_an_error() {
    for (mode, existing) in [
        (WriteMode::Merge, false),
        (WriteMode::Merge, true),
        (WriteMode::Overwrite, true),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("svc-a-svc-b.json");
        if existing {
            write(
                &pact_with(vec![http("other", None, 200)]),
                dir.path(),
                SpecVersion::V4,
                WriteMode::Merge,
            )
            .expect("an existing file");
        }
        let before = std::fs::read(&path).ok();
        let clash = pact_with(vec![
            http("get order", Some("order exists"), 200),
            http("get order", Some("order exists"), 404),
        ]);

        let error = write(&clash, dir.path(), SpecVersion::V4, mode).expect_err("a duplicate");

        assert!(matches!(error, WriteError::Duplicate { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!(
                "duplicate interaction \"get order\" given \"order exists\" for {}: two interactions of the same test share description and provider states but differ; rename one of them",
                path.display()
            )
        );
        assert_eq!(std::fs::read(&path).ok(), before, "nothing is written");
    }
}

#[test]
fn merging_into_the_file_of_other_pacticipants_with_the_same_file_name_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = Pact {
        interactions: vec![http("one", None, 200)],
        ..Pact::new("a-b", "c")
    };
    let path = write(&first, dir.path(), SpecVersion::V4, WriteMode::Merge).expect("first");
    let before = std::fs::read(&path).expect("file");
    let second = Pact {
        interactions: vec![http("two", None, 200)],
        ..Pact::new("a", "b-c")
    };

    let error = write(&second, dir.path(), SpecVersion::V4, WriteMode::Merge)
        .expect_err("another pair's file");

    assert!(
        matches!(error, WriteError::OtherPacticipants { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "cannot merge the pact of consumer \"a\" and provider \"b-c\" into {}: that file is the pact of consumer \"a-b\" and provider \"c\"; give the pacticipants names that do not map to the same file name, or write one of the pacts to another output directory",
            path.display()
        )
    );
    assert_eq!(std::fs::read(&path).expect("file"), before);
    write(&second, dir.path(), SpecVersion::V4, WriteMode::Overwrite)
        .expect("overwrite mode replaces the file");
    assert_eq!(load(&path).expect("loads").consumer, "a");
}

#[test]
fn merging_into_a_file_of_another_specification_version_is_an_error_in_either_order() {
    for (file_version, version) in [
        (SpecVersion::V3, SpecVersion::V4),
        (SpecVersion::V4, SpecVersion::V3),
        (SpecVersion::V2, SpecVersion::V4),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write(
            &pact_with(vec![http("one", None, 200)]),
            dir.path(),
            file_version,
            WriteMode::Merge,
        )
        .expect("first");
        let before = std::fs::read(&path).expect("file");
        let second = pact_with(vec![http("two", None, 200)]);

        let error = write(&second, dir.path(), version, WriteMode::Merge)
            .expect_err("another version's file");

        assert_eq!(
            error.to_string(),
            format!(
                "cannot merge a {version} pact into {}: that file is a {file_version} pact; write every test of this consumer and provider in one specification version, or delete the file (or write with WriteMode::Overwrite, PACT_OVERWRITE=true) to replace it",
                path.display()
            )
        );
        assert_eq!(std::fs::read(&path).expect("file"), before);
        write(&second, dir.path(), version, WriteMode::Overwrite).expect("overwrite replaces");
        assert_eq!(load(&path).expect("loads").spec_version, version);
    }
}

fn marker(dir: &Path) -> serde_json::Value {
    let text = std::fs::read(dir.join(RUN_MARKER)).expect("the run marker");
    serde_json::from_slice(&text).expect("the marker is JSON")
}

#[test]
fn once_per_run_replaces_on_the_runs_first_write_and_merges_after() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        &pact_with(vec![http("stale", None, 200)]),
        dir.path(),
        SpecVersion::V4,
        WriteMode::Merge,
    )
    .expect("an earlier run's file");
    assert!(
        !dir.path().join(RUN_MARKER).exists(),
        "merge mode keeps no marker"
    );

    write_once_per_run(
        &pact_with(vec![http("a", None, 200)]),
        dir.path(),
        SpecVersion::V4,
        "run-1",
    )
    .expect("first write of run 1");
    write_once_per_run(
        &pact_with(vec![http("b", None, 200)]),
        dir.path(),
        SpecVersion::V4,
        "run-1",
    )
    .expect("second write of run 1");
    let run_1: Vec<String> = descriptions(&path).into_iter().map(|(d, _)| d).collect();
    let other = Pact {
        interactions: vec![http("x", None, 200)],
        ..Pact::new("svc-a", "svc-c")
    };
    write_once_per_run(&other, dir.path(), SpecVersion::V4, "run-1").expect("another file");
    let marker_of_run_1 = marker(dir.path());
    write_once_per_run(
        &pact_with(vec![http("c", None, 200)]),
        dir.path(),
        SpecVersion::V4,
        "run-2",
    )
    .expect("first write of run 2");

    assert_eq!(run_1, ["a", "b"]);
    assert_eq!(
        marker_of_run_1,
        json!({"run": "run-1", "files": ["svc-a-svc-b.json", "svc-a-svc-c.json"]})
    );
    assert_eq!(descriptions(&path), [("c".to_owned(), vec![])]);
    assert_eq!(
        marker(dir.path()),
        json!({"run": "run-2", "files": ["svc-a-svc-b.json"]})
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [".pact-run", "svc-a-svc-b.json", "svc-a-svc-c.json"],
        "no temporary file is left"
    );
}

#[test]
fn a_damaged_run_marker_counts_as_another_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(
        &pact_with(vec![http("stale", None, 200)]),
        dir.path(),
        SpecVersion::V4,
        WriteMode::Merge,
    )
    .expect("an earlier run's file");
    std::fs::write(dir.path().join(RUN_MARKER), b"{not json").expect("a damaged marker");

    write_once_per_run(
        &pact_with(vec![http("a", None, 200)]),
        dir.path(),
        SpecVersion::V4,
        "run",
    )
    .expect("written");

    assert_eq!(descriptions(&path), [("a".to_owned(), vec![])]);
    assert_eq!(
        marker(dir.path()),
        json!({"run": "run", "files": ["svc-a-svc-b.json"]})
    );
}
