//! The example's contract loop under `cargo test`: the consumer tests write the pact, the
//! user service is verified against it, and the committed pact is what the tests write.

use std::path::{Path, PathBuf};

use pact_examples::contract::{self, PACT_FILE};
use pact_runtime::model::{self, Pact};

/// Set to `1` to rewrite `examples/pacts/web-app-user-service.json` from the consumer
/// tests instead of failing when it is out of date.
const UPDATE_ENV: &str = "UPDATE_PACTS";

/// Runs the consumer tests into a fresh directory and returns the pact they wrote.
async fn consumer_pact(dir: &Path) -> PathBuf {
    let outcomes = contract::write_pact(dir).await;
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|(test, outcome)| {
            outcome
                .as_ref()
                .err()
                .map(|error| format!("{}: {error}", test.name()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "consumer tests failed:\n{}",
        failures.join("\n")
    );
    dir.join(PACT_FILE)
}

/// The pact without its metadata, which names the writer's version and would make the
/// committed file stale on every release.
fn contract_of(path: &Path) -> Pact {
    let mut pact = model::file::load(path)
        .unwrap_or_else(|error| panic!("cannot load {}: {error}", path.display()));
    pact.metadata.clear();
    pact
}

/// Which interactions differ, by description, so the failure says what changed.
fn differences(committed: &Pact, fresh: &Pact) -> String {
    let mut lines = Vec::new();
    for interaction in &fresh.interactions {
        let description = interaction.description();
        match committed
            .interactions
            .iter()
            .find(|old| old.description() == description)
        {
            None => lines.push(format!("  + {description} (not in the committed pact)")),
            Some(old) if old != interaction => lines.push(format!("  ~ {description} (changed)")),
            Some(_) => {}
        }
    }
    for interaction in &committed.interactions {
        let description = interaction.description();
        if !fresh
            .interactions
            .iter()
            .any(|new| new.description() == description)
        {
            lines.push(format!("  - {description} (no consumer test writes it)"));
        }
    }
    if lines.is_empty() {
        lines.push("  (the names, specification version or order differ)".to_owned());
    }
    lines.join("\n")
}

fn update_requested() -> bool {
    match std::env::var(UPDATE_ENV).as_deref() {
        Ok("1") => true,
        Ok("0") | Ok("") | Err(std::env::VarError::NotPresent) => false,
        Ok(other) => panic!("{UPDATE_ENV} must be 1 or 0, not {other:?}"),
        Err(std::env::VarError::NotUnicode(value)) => {
            panic!("{UPDATE_ENV} must be 1 or 0, not {value:?}")
        }
    }
}

#[tokio::test]
async fn the_user_service_honours_the_pact_the_web_app_tests_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = consumer_pact(dir.path()).await;

    let report = contract::verify_provider(&pact)
        .await
        .expect("the user service starts");

    report.assert_ok();
    assert_eq!(report.interactions().count(), 5, "{report}");
}

#[tokio::test]
async fn the_committed_pact_is_what_the_consumer_tests_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = consumer_pact(dir.path()).await;
    let committed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("pacts")
        .join(PACT_FILE);
    if update_requested() {
        // Contents only: the writer's temporary-file permissions are not the repository's.
        let text = std::fs::read(&fresh).expect("read the fresh pact");
        std::fs::write(&committed, text)
            .unwrap_or_else(|error| panic!("cannot update {}: {error}", committed.display()));
    }
    let refresh =
        format!("refresh it with `{UPDATE_ENV}=1 cargo test -p pact-examples --test contract`");
    assert!(
        committed.is_file(),
        "examples/pacts/{PACT_FILE} is missing; {refresh}"
    );

    let expected = contract_of(&fresh);
    let actual = contract_of(&committed);

    assert!(
        actual == expected,
        "examples/pacts/{PACT_FILE} is out of date with the consumer tests; {refresh}\n{}",
        differences(&actual, &expected)
    );
}
