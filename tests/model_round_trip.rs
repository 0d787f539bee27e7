//! Round trips through the pact model: read → write in the same version → read is the
//! identity for every request, response and message shape in the specification's cases,
//! and a hand-written V4 pact using every V4 feature is rewritten byte for byte.

use std::path::Path;

use pact_runtime::model::json::{
    pact_from_json, pact_to_json, request_from_json, response_from_json,
};
use pact_runtime::model::{
    AsyncMessage, HttpInteraction, Interaction, InteractionCommon, Pact, SpecVersion, WriteError,
};
use pact_tests::{json_files, read_json, shared_dir};
use serde_json::Value;

const VERSIONS: &[(&str, SpecVersion)] = &[
    ("v1", SpecVersion::V1),
    ("v1.1", SpecVersion::V1_1),
    ("v2", SpecVersion::V2),
    ("v3", SpecVersion::V3),
    ("v4", SpecVersion::V4),
];

fn round_trip(pact: &Pact, version: SpecVersion, source: &str) -> Pact {
    let json = pact_to_json(pact, version).unwrap_or_else(|e| panic!("{source}: {e}"));
    pact_from_json(&json, source).unwrap_or_else(|e| panic!("{source}: re-reading: {e}"))
}

/// The pact a specification case's `side` ("expected" or "actual") describes.
fn pact_of_case(case: &Value, side: &str, kind: &str, version: SpecVersion, source: &str) -> Pact {
    let value = &case[side];
    let common = InteractionCommon {
        description: format!("{side} of {source}"),
        ..InteractionCommon::default()
    };
    let interaction = match kind {
        "request" => Interaction::Http(HttpInteraction {
            common,
            request: request_from_json(value, version, source, side).expect("request"),
            ..HttpInteraction::default()
        }),
        "response" => Interaction::Http(HttpInteraction {
            common,
            response: response_from_json(value, version, source, side).expect("response"),
            ..HttpInteraction::default()
        }),
        _ => {
            // A message case: its contents and metadata, read through a one-message pact
            // in the case's own version.
            let message = serde_json::json!({
                "consumer": {"name": "c"}, "provider": {"name": "p"},
                "messages": [{
                    "description": "m",
                    "contents": value.get("contents").cloned().unwrap_or(Value::Null),
                    "metadata": value.get("metadata").cloned().unwrap_or(Value::Null),
                    "matchingRules": value.get("matchingRules").cloned().unwrap_or(Value::Null),
                }],
                "metadata": {"pactSpecification": {"version": "3.0.0"}}
            });
            let read = pact_from_json(&message, source).expect("message case");
            let Some(Interaction::AsyncMessage(AsyncMessage { message, .. })) =
                read.interactions.into_iter().next()
            else {
                panic!("{source}: a message");
            };
            Interaction::AsyncMessage(AsyncMessage { common, message })
        }
    };
    Pact {
        interactions: vec![interaction],
        spec_version: version,
        ..Pact::new("consumer", "provider")
    }
}

#[test]
fn every_specification_case_shape_survives_a_round_trip_in_its_own_version() {
    let spec = shared_dir().join("pact-specification");
    let mut checked = 0;
    for &(dir, version) in VERSIONS {
        for file in json_files(&spec.join(dir).join("testcases")) {
            let relative = file.strip_prefix(&spec).expect("under the spec dir");
            let source = relative.display().to_string();
            let kind = relative
                .components()
                .nth(2)
                .and_then(|c| c.as_os_str().to_str())
                .expect("request, response or message")
                .to_owned();
            let case = read_json(&file);
            for side in ["expected", "actual"] {
                let mut pact = pact_of_case(&case, side, &kind, version, &source);
                if kind == "message" {
                    pact.spec_version = SpecVersion::V3.max(version);
                }
                // We write V2 at the lowest; V2 has no raw V1 query semantics.
                let write_version = pact.spec_version.max(SpecVersion::V2);
                let again = round_trip(&pact, write_version, &source);
                pact.spec_version = write_version;
                if version < SpecVersion::V2 {
                    for interaction in &mut pact.interactions {
                        if let Interaction::Http(http) = interaction {
                            http.request.raw_query = None;
                        }
                    }
                }
                assert_eq!(again, pact, "{source} ({side}) changed in a round trip");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2 * 803, "every case's two sides were checked");
}

fn every_feature_fixture() -> (String, Pact) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/v4-every-feature.json");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let pact = pact_runtime::model::file::load(&path).unwrap_or_else(|e| panic!("{e}"));
    (text, pact)
}

#[test]
fn a_v4_pact_with_every_feature_is_rewritten_byte_for_byte() {
    let (text, pact) = every_feature_fixture();
    assert_eq!(pact.interactions.len(), 4);
    let json = pact_to_json(&pact, SpecVersion::V4).expect("V4 can express it");
    let written = serde_json::to_string_pretty(&json).expect("JSON") + "\n";
    assert_eq!(written, text);
}

#[test]
fn base64_and_plain_message_contents_both_reach_the_model_as_the_same_bytes() {
    let (_, pact) = every_feature_fixture();
    let Interaction::SyncMessage(sync) = &pact.interactions[3] else {
        panic!("the fourth interaction is a synchronous message");
    };
    assert_eq!(sync.request.contents.to_bytes(), b"MATThellotcpMATT");
    assert_eq!(sync.response[0].contents.to_bytes(), b"MATThellotcpMATT");
}

#[test]
fn writing_an_older_version_names_the_feature_it_cannot_express() {
    let (_, pact) = every_feature_fixture();
    let err = pact_to_json(&pact, SpecVersion::V3).expect_err("V3 has no pending flag");
    let WriteError::Unsupported {
        interaction,
        feature,
        ..
    } = &err
    else {
        panic!("unexpected error {err}");
    };
    assert_eq!(interaction, "a request for orders");
    assert_eq!(feature, "pending interactions");

    let only_http: Pact = Pact {
        interactions: vec![pact.interactions[1].clone()],
        ..pact.clone()
    };
    let err = pact_to_json(&only_http, SpecVersion::V2).expect_err("V2 has no contentType matcher");
    assert!(err.to_string().contains("the contentType matcher"), "{err}");
    let only_sync: Pact = Pact {
        interactions: vec![pact.interactions[3].clone()],
        ..pact
    };
    let err = pact_to_json(&only_sync, SpecVersion::V3).expect_err("V3 has no sync messages");
    assert!(
        err.to_string().contains("synchronous message interactions"),
        "{err}"
    );
}
