//! Every pact under `$PACT_SHARED_DIR/pact-broker/` (written by the official Pact Broker
//! client) and every pact file among `$PACT_SHARED_DIR/pact-compatibility-suite/fixtures/`
//! loads without error and survives a round trip: read → write in the same version → read
//! gives an equal model.

use std::path::{Path, PathBuf};

use pact_runtime::model::{SpecVersion, file, json};
use pact_tests::shared_dir;

/// The `*.json` files of `dir` that are pact documents (they name a consumer and a provider).
fn pact_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter(|path| {
            let text = std::fs::read_to_string(path).expect("readable fixture");
            serde_json::from_str::<serde_json::Value>(&text)
                .is_ok_and(|json| json.get("consumer").is_some() && json.get("provider").is_some())
        })
        .collect();
    files.sort();
    files
}

fn assert_round_trips(path: &Path) {
    let pact = file::load(path).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !pact.interactions.is_empty(),
        "{} has interactions",
        path.display()
    );
    // We write V2 at the lowest; V1.x files are compared through V2.
    let version = pact.spec_version.max(SpecVersion::V2);
    let json =
        json::pact_to_json(&pact, version).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let again = json::pact_from_json(&json, &path.display().to_string())
        .unwrap_or_else(|e| panic!("re-reading the written form of {}: {e}", path.display()));
    let mut expected = pact.clone();
    expected.spec_version = version;
    assert_eq!(
        again,
        expected,
        "{} changed in a round trip",
        path.display()
    );
}

#[test]
fn every_pact_written_by_the_official_broker_client_loads_and_round_trips() {
    let files = pact_files(&shared_dir().join("pact-broker"));
    assert!(
        files.len() >= 2,
        "expected the broker client's pacts, found {files:?}"
    );
    for path in &files {
        assert_round_trips(path);
    }
}

#[test]
fn every_pact_among_the_compatibility_suite_fixtures_loads_and_round_trips() {
    let files = pact_files(&shared_dir().join("pact-compatibility-suite/fixtures"));
    assert!(!files.is_empty(), "expected pact files among the fixtures");
    for path in &files {
        assert_round_trips(path);
    }
}

#[test]
fn broker_client_pact_is_read_with_its_states_queries_and_v2_rules() {
    let path = shared_dir().join("pact-broker/pact_broker_client-pact_broker.json");
    let pact = file::load(&path).expect("loads");
    assert_eq!(pact.consumer, "Pact Broker Client");
    assert_eq!(pact.provider, "Pact Broker");
    assert_eq!(pact.spec_version, SpecVersion::V2);
    let first = &pact.interactions[0];
    assert_eq!(first.description(), "a request for the index resource");
    assert_eq!(
        first.provider_states()[0].name,
        "the pb:pacticipant-branch relation exists in the index resource"
    );
    let pact_runtime::model::Interaction::Http(http) = first else {
        panic!("an HTTP interaction");
    };
    let rules = http
        .response
        .matching_rules
        .category(pact_runtime::model::Category::Body)
        .expect("body rules");
    let path_text: Vec<String> = rules.keys().map(ToString::to_string).collect();
    assert_eq!(
        path_text,
        vec!["$._links.pb:pacticipant-branch.href".to_owned()]
    );
}
