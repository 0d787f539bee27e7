//! Pact files from consumer tests: parallel writers in one process and in two (FC-12),
//! overwrite mode once per run (in one process and across the test binaries of one run),
//! conflicting and duplicate interactions, binary bodies in every version, and the
//! environment switches.
//!
//! Tests that need a second process run this test binary again
//! (`std::env::current_exe()`) with a filter selecting one `#[ignore]`d child test and an
//! environment variable giving it its work; the child is never run on its own.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use pact_runtime::consumer::{Interaction, Request, Response};
use pact_runtime::mock_server::MockServerError;
use pact_runtime::mock_server::{EnvConfig, MockServer};
use pact_runtime::model::file::RUN_MARKER;
use pact_runtime::model::{Body, Pact, SpecVersion, WriteError, WriteMode};
use serde_json::{Value, json};

/// Set for the child writer: the pact directory it writes into.
const CHILD_PACT_DIR: &str = "PACT_TESTS_CHILD_PACT_DIR";
/// Set for the child writer: the directory where it says it is ready and waits for go.
const CHILD_SIGNAL_DIR: &str = "PACT_TESTS_CHILD_SIGNAL_DIR";
/// Set for the child that starts a server under an invalid `PACT_OVERWRITE`.
const CHILD_EXPECTS_ENV_ERROR: &str = "PACT_TESTS_CHILD_EXPECTS_ENV_ERROR";
/// Set for an overwrite-mode child: the prefix of its interactions' descriptions.
const CHILD_PREFIX: &str = "PACT_TESTS_CHILD_PREFIX";

const WRITERS: usize = 16;
const INTERACTIONS_PER_WRITER: usize = 10;

fn pact() -> Pact {
    Pact::new("svc-a", "svc-b")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("the pact file exists");
    serde_json::from_str(&text).expect("the pact file is valid JSON")
}

fn descriptions(pact: &Value) -> Vec<String> {
    pact["interactions"]
        .as_array()
        .expect("interactions")
        .iter()
        .map(|i| i["description"].as_str().expect("a description").to_owned())
        .collect()
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("a readable dir")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// One consumer test: a server with `count` interactions named `{prefix}-{k}`, each
/// received once, then `finish`.
fn consumer_test(
    dir: &Path,
    prefix: &str,
    count: usize,
    mode: Option<WriteMode>,
) -> Result<PathBuf, MockServerError> {
    let mut builder = MockServer::builder(pact()).output_dir(dir);
    if let Some(mode) = mode {
        builder = builder.write_mode(mode);
    }
    let server = builder.start()?;
    for k in 0..count {
        Interaction::new(format!("{prefix}-{k}"))
            .given("items exist")
            .request(Request::get(format!("/{prefix}/{k}")))
            .response(Response::ok().json(json!({"item": k})))
            .mount(&server);
    }
    let client = reqwest::blocking::Client::new();
    for k in 0..count {
        let status = client
            .get(server.url_for(&format!("/{prefix}/{k}")))
            .send()
            .expect("the mock server answers")
            .status();
        assert_eq!(status.as_u16(), 200);
    }
    server.finish().map(|file| file.path)
}

/// `WRITERS` consumer tests on as many threads, started together, each writing
/// `INTERACTIONS_PER_WRITER` interactions into `dir`.
fn parallel_writers(dir: &Path, process: &str) {
    let barrier = Barrier::new(WRITERS);
    std::thread::scope(|scope| {
        for writer in 0..WRITERS {
            let barrier = &barrier;
            scope.spawn(move || {
                barrier.wait();
                consumer_test(
                    dir,
                    &format!("{process}-t{writer:02}"),
                    INTERACTIONS_PER_WRITER,
                    None,
                )
                .expect("the consumer test passes and its pact is written");
            });
        }
    });
}

fn wait_for(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// This binary again, running only the ignored child test `name`.
fn child(name: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("the path of this test binary"));
    command.args(["--ignored", "--exact", name, "--nocapture"]);
    command
}

fn assert_one_child_test_passed(output: &Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("test result: ok. 1 passed"),
        "the child test failed or did not run:\n{stdout}\n{stderr}"
    );
}

#[test]
fn sixteen_writers_here_and_sixteen_in_a_second_process_lose_no_interaction() {
    // Arrange
    let pacts = tempfile::tempdir().expect("tempdir");
    let signals = tempfile::tempdir().expect("tempdir");
    let second_process = child("second_process_writes_the_same_pact_when_told_to_go")
        .env(CHILD_PACT_DIR, pacts.path())
        .env(CHILD_SIGNAL_DIR, signals.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the second process starts");
    wait_for(&signals.path().join("ready"));

    // Act
    std::fs::write(signals.path().join("go"), b"").expect("the go signal");
    parallel_writers(pacts.path(), "p1");
    let output = second_process
        .wait_with_output()
        .expect("the second process ends");

    // Assert
    assert_one_child_test_passed(&output);
    assert_eq!(file_names(pacts.path()), ["svc-a-svc-b.json"]);
    let pact = read_json(&pacts.path().join("svc-a-svc-b.json"));
    let found = descriptions(&pact);
    let mut expected: Vec<String> = ["p1", "p2"]
        .iter()
        .flat_map(|process| {
            (0..WRITERS).flat_map(move |writer| {
                (0..INTERACTIONS_PER_WRITER).map(move |k| format!("{process}-t{writer:02}-{k}"))
            })
        })
        .collect();
    expected.sort();
    assert_eq!(found, expected, "every interaction, sorted");
    assert_eq!(pact["metadata"]["pactSpecification"]["version"], "4.0");
}

#[test]
#[ignore = "the second process of sixteen_writers_here_and_sixteen_in_a_second_process_lose_no_interaction"]
fn second_process_writes_the_same_pact_when_told_to_go() {
    let pacts = PathBuf::from(std::env::var_os(CHILD_PACT_DIR).expect("run by the parent test"));
    let signals =
        PathBuf::from(std::env::var_os(CHILD_SIGNAL_DIR).expect("run by the parent test"));
    std::fs::write(signals.join("ready"), b"").expect("the ready signal");
    wait_for(&signals.join("go"));
    parallel_writers(&pacts, "p2");
}

/// A pact file as an earlier run left it: one interaction, `stale`. Written directly,
/// not through a mock server, so this process's record of written files does not know it.
fn left_by_an_earlier_run(dir: &Path) {
    let earlier = Pact {
        interactions: vec![pact_runtime::model::Interaction::Http(
            Interaction::new("stale")
                .request(Request::get("/stale"))
                .into_model(),
        )],
        ..pact()
    };
    pact_runtime::model::file::write(&earlier, dir, SpecVersion::V4, WriteMode::Merge)
        .expect("the earlier pact is on disk");
}

#[test]
fn overwrite_mode_replaces_the_file_on_the_first_write_of_the_run_then_merges() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    left_by_an_earlier_run(dir.path());
    let path = dir.path().join("svc-a-svc-b.json");

    // Act
    consumer_test(dir.path(), "first", 2, Some(WriteMode::Overwrite))
        .expect("the first test of the run writes");
    let after_first = descriptions(&read_json(&path));
    consumer_test(dir.path(), "second", 1, Some(WriteMode::Overwrite))
        .expect("the second test of the run writes");
    let after_second = descriptions(&read_json(&path));

    // Assert
    assert_eq!(after_first, ["first-0", "first-1"]);
    assert_eq!(after_second, ["first-0", "first-1", "second-0"]);
}

#[test]
fn overwrite_set_through_the_environment_config_behaves_as_the_builder_option() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    left_by_an_earlier_run(dir.path());
    let config = EnvConfig::parse(|name| (name == "PACT_OVERWRITE").then(|| OsString::from("1")))
        .expect("a valid switch");
    let server = MockServer::builder(pact())
        .output_dir(dir.path())
        .env_config(config)
        .start()
        .expect("the mock server starts");
    Interaction::new("fresh")
        .request(Request::get("/fresh"))
        .response(Response::ok())
        .mount(&server);
    reqwest::blocking::get(server.url_for("/fresh")).expect("the mock server answers");

    // Act
    let written = server.finish().expect("the pact is written");

    // Assert
    assert_eq!(descriptions(&read_json(&written.path)), ["fresh"]);
}

#[test]
fn without_overwrite_an_earlier_runs_interactions_stay() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    left_by_an_earlier_run(dir.path());

    // Act
    let path =
        consumer_test(dir.path(), "new", 1, Some(WriteMode::Merge)).expect("the test writes");

    // Assert
    assert_eq!(descriptions(&read_json(&path)), ["new-0", "stale"]);
}

#[test]
fn merge_is_the_default_and_keeps_what_the_file_had() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    consumer_test(dir.path(), "one", 1, None).expect("the first test writes");

    // Act
    let path = consumer_test(dir.path(), "two", 1, None).expect("the second test writes");

    // Assert
    assert_eq!(descriptions(&read_json(&path)), ["one-0", "two-0"]);
    assert_eq!(file_names(dir.path()), ["svc-a-svc-b.json"]);
}

#[test]
fn the_same_interaction_with_other_content_is_an_error_naming_the_file() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let path = consumer_test(dir.path(), "item", 1, None).expect("the first test writes");
    let before = std::fs::read(&path).expect("the pact file");
    let server = MockServer::builder(pact())
        .output_dir(dir.path())
        .start()
        .expect("the mock server starts");
    Interaction::new("item-0")
        .given("items exist")
        .request(Request::get("/item/0"))
        .response(Response::ok().json(json!({"item": "changed"})))
        .mount(&server);
    reqwest::blocking::get(server.url_for("/item/0")).expect("the mock server answers");

    // Act
    let result = server.finish();

    // Assert
    match result {
        Err(error @ MockServerError::Write(WriteError::Conflict { .. })) => {
            let message = error.to_string();
            let expected_start = format!(
                "cannot write the pact file: conflicting interaction \"item-0\" given \"items exist\" in {}: ",
                path.display()
            );
            assert!(message.starts_with(&expected_start), "{message}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        std::fs::read(&path).expect("the pact file"),
        before,
        "the file is untouched"
    );
}

#[test]
fn an_invalid_pact_overwrite_fails_the_start_naming_the_variable() {
    // Arrange
    let command = child("starting_a_server_fails_on_the_invalid_switch_it_was_given")
        .env("PACT_OVERWRITE", "yes")
        .env(CHILD_EXPECTS_ENV_ERROR, "1")
        .output();

    // Act
    let output = command.expect("the child process runs");

    // Assert
    assert_one_child_test_passed(&output);
}

#[test]
#[ignore = "the child process of an_invalid_pact_overwrite_fails_the_start_naming_the_variable"]
fn starting_a_server_fails_on_the_invalid_switch_it_was_given() {
    assert!(
        std::env::var_os(CHILD_EXPECTS_ENV_ERROR).is_some(),
        "run by the parent test, which sets PACT_OVERWRITE=yes"
    );

    let result = MockServer::builder(pact()).start();

    match result {
        Err(error @ MockServerError::Env(_)) => assert_eq!(
            error.to_string(),
            "cannot start the mock server: environment variable PACT_OVERWRITE=\"yes\" is not valid: expected true, false, 1 or 0"
        ),
        other => panic!("expected an environment error, got {other:?}"),
    }
}

#[test]
fn a_pact_is_written_to_the_directory_given_by_the_environment_config() {
    // Arrange
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("nested").join("pacts");
    let server = MockServer::builder(pact())
        .env_config(EnvConfig::new().output_dir(&dir))
        .start()
        .expect("the mock server starts");

    // Act
    let written = server.finish().expect("nothing was expected");

    // Assert
    assert_eq!(written.path, dir.join("svc-a-svc-b.json"));
    let unique: BTreeSet<String> = file_names(&dir).into_iter().collect();
    assert_eq!(unique.len(), 1);
}

/// A consumer test with a binary request and response body, in `version`.
fn binary_consumer_test(dir: &Path, version: SpecVersion) -> Result<PathBuf, MockServerError> {
    let server = MockServer::builder(pact())
        .output_dir(dir)
        .spec_version(version)
        .start()?;
    Interaction::new("an upload")
        .given("uploads are open")
        .request(Request::post("/b").bytes(vec![0, 255, 1, 2], "application/octet-stream"))
        .response(Response::ok().bytes(vec![0x89, b'P', b'N', b'G', 0xff], "image/png"))
        .mount(&server);
    // JSON given as bytes: V1-V3 store the JSON itself, which must merge on the next run.
    Interaction::new("a JSON download")
        .request(Request::get("/j"))
        .response(Response::ok().bytes(br#"{"a": 1}"#.to_vec(), "application/json"))
        .mount(&server);
    let json = reqwest::blocking::get(server.url_for("/j")).expect("the mock server answers");
    assert_eq!(json.status().as_u16(), 200);
    let response = reqwest::blocking::Client::new()
        .post(server.url_for("/b"))
        .header("Content-Type", "application/octet-stream")
        .body(vec![0u8, 255, 1, 2])
        .send()
        .expect("the mock server answers");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.bytes().expect("a body").as_ref(),
        [0x89, b'P', b'N', b'G', 0xff]
    );
    server.finish().map(|file| file.path)
}

#[test]
fn a_consumer_test_with_binary_bodies_passes_twice_into_one_directory_in_every_version() {
    for version in [SpecVersion::V2, SpecVersion::V3, SpecVersion::V4] {
        // Arrange
        let dir = tempfile::tempdir().expect("tempdir");
        let path = binary_consumer_test(dir.path(), version)
            .unwrap_or_else(|e| panic!("{version}: the first run writes: {e}"));
        let first = std::fs::read(&path).expect("the pact file");

        // Act
        let second = binary_consumer_test(dir.path(), version);

        // Assert
        second.unwrap_or_else(|e| panic!("{version}: the second run merges: {e}"));
        assert_eq!(
            std::fs::read(&path).expect("the pact file"),
            first,
            "{version}: the second run changes nothing"
        );
        let pact = pact_runtime::model::file::load(&path).expect("the pact loads");
        let http_named = |description: &str| {
            pact.interactions
                .iter()
                .find_map(|interaction| match interaction {
                    pact_runtime::model::Interaction::Http(http)
                        if http.common.description == description =>
                    {
                        Some(http)
                    }
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{version}: an interaction {description:?}"))
        };
        let http = http_named("an upload");
        let json_body: serde_json::Value =
            serde_json::from_slice(&http_named("a JSON download").response.body.to_bytes())
                .expect("the JSON download's body is JSON");
        assert_eq!(json_body, json!({"a": 1}), "{version}");
        assert_eq!(
            http.request.body,
            Body::Binary {
                bytes: vec![0, 255, 1, 2],
                content_type: Some("application/octet-stream".to_owned())
            },
            "{version}: the verifier would send these bytes"
        );
        assert_eq!(
            http.response.body.to_bytes(),
            [0x89, b'P', b'N', b'G', 0xff],
            "{version}"
        );
    }
}

#[test]
fn two_interactions_of_one_test_with_one_description_and_state_fail_the_write() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::builder(pact())
        .output_dir(dir.path())
        .start()
        .expect("the mock server starts");
    for (path, item) in [("/x", 1), ("/y", 2)] {
        Interaction::new("an item")
            .given("items exist")
            .request(Request::get(path))
            .response(Response::ok().json(json!({ "item": item })))
            .mount(&server);
        reqwest::blocking::get(server.url_for(path)).expect("the mock server answers");
    }

    // Act
    let result = server.finish();

    // Assert
    match result {
        Err(error @ MockServerError::Write(WriteError::Duplicate { .. })) => assert_eq!(
            error.to_string(),
            format!(
                "cannot write the pact file: duplicate interaction \"an item\" given \"items exist\" for {}: two interactions of the same test share description and provider states but differ; rename one of them",
                dir.path().join("svc-a-svc-b.json").display()
            )
        ),
        other => panic!("expected a duplicate, got {other:?}"),
    }
    assert!(file_names(dir.path()).is_empty(), "nothing is written");
}

fn marker(dir: &Path) -> Value {
    read_json(&dir.join(RUN_MARKER))
}

#[cfg(unix)]
#[test]
fn in_overwrite_mode_two_test_binaries_of_one_run_both_keep_their_interactions() {
    // Arrange: an earlier run's file, and two processes of one parent (as `cargo test`
    // runs two test binaries), started together.
    let pacts = tempfile::tempdir().expect("tempdir");
    let signals = tempfile::tempdir().expect("tempdir");
    left_by_an_earlier_run(pacts.path());
    let children: Vec<_> = ["b1", "b2"]
        .into_iter()
        .map(|prefix| {
            child("overwrite_mode_child_writes_its_interactions_when_told_to_go")
                .env(CHILD_PACT_DIR, pacts.path())
                .env(CHILD_SIGNAL_DIR, signals.path())
                .env(CHILD_PREFIX, prefix)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("the child process starts")
        })
        .collect();
    wait_for(&signals.path().join("ready-b1"));
    wait_for(&signals.path().join("ready-b2"));

    // Act
    std::fs::write(signals.path().join("go"), b"").expect("the go signal");
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().expect("the child process ends"))
        .collect();

    // Assert
    for output in &outputs {
        assert_one_child_test_passed(output);
    }
    let path = pacts.path().join("svc-a-svc-b.json");
    assert_eq!(
        descriptions(&read_json(&path)),
        ["b1-0", "b1-1", "b1-2", "b2-0", "b2-1", "b2-2"],
        "the run's first write replaced the earlier run's file, the second merged"
    );
    assert_eq!(marker(pacts.path())["files"], json!(["svc-a-svc-b.json"]));
}

#[test]
#[ignore = "a child process of in_overwrite_mode_two_test_binaries_of_one_run_both_keep_their_interactions"]
fn overwrite_mode_child_writes_its_interactions_when_told_to_go() {
    let pacts = PathBuf::from(std::env::var_os(CHILD_PACT_DIR).expect("run by the parent test"));
    let signals =
        PathBuf::from(std::env::var_os(CHILD_SIGNAL_DIR).expect("run by the parent test"));
    let prefix = std::env::var(CHILD_PREFIX).expect("run by the parent test");
    std::fs::write(signals.join(format!("ready-{prefix}")), b"").expect("the ready signal");
    wait_for(&signals.join("go"));
    consumer_test(&pacts, &prefix, 3, Some(WriteMode::Overwrite))
        .expect("the consumer test passes and its pact is written");
}

#[test]
fn a_run_marker_left_by_another_run_is_replaced_by_the_first_write_of_this_run() {
    // Arrange
    let dir = tempfile::tempdir().expect("tempdir");
    left_by_an_earlier_run(dir.path());
    std::fs::write(
        dir.path().join(RUN_MARKER),
        json!({"run": "an earlier run", "files": ["svc-a-svc-b.json"]}).to_string(),
    )
    .expect("the earlier run's marker");

    // Act
    let path =
        consumer_test(dir.path(), "fresh", 1, Some(WriteMode::Overwrite)).expect("the test writes");

    // Assert
    assert_eq!(descriptions(&read_json(&path)), ["fresh-0"]);
    if cfg!(unix) {
        let marker = marker(dir.path());
        assert_ne!(marker["run"], "an earlier run", "{marker}");
        assert_eq!(marker["files"], json!(["svc-a-svc-b.json"]));
    }
}
