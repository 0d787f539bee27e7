//! `pact verify` end to end: the built binary against a small provider on 127.0.0.1:0,
//! checking exit codes (FC-18) and what the report says.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use axum::Json;
use axum::extract::Path as UrlPath;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde_json::{Value, json};

/// A provider whose users all exist and whose state-change endpoint is broken.
async fn start_provider() -> String {
    let app = axum::Router::new()
        .route(
            "/users/{id}",
            get(|UrlPath(id): UrlPath<String>| async move { Json(json!({"id": id})) }),
        )
        .route(
            "/state",
            post(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "the database is down") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn interaction(description: &str, states: Value, id: &str, body_id: &str) -> Value {
    json!({
        "description": description,
        "providerStates": states,
        "request": {"method": "GET", "path": format!("/users/{id}")},
        "response": {"status": 200, "body": {"id": body_id}}
    })
}

fn write_pact(dir: &Path, interactions: Vec<Value>) -> PathBuf {
    let pact = json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": "user-service"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let path = dir.join("web-app-user-service.json");
    std::fs::write(&path, pact.to_string()).expect("write the pact");
    path
}

/// Runs `pact` with `args` (and extra environment) off the runtime thread, so the
/// in-process provider keeps answering.
async fn run_pact(args: Vec<String>, env: Vec<(&'static str, &'static str)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_pact"));
        command
            .args(args)
            .env_remove("PACT_DESCRIPTION")
            .env_remove("PACT_PROVIDER_STATE");
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().expect("run the pact binary")
    })
    .await
    .expect("the command thread")
}

fn verify_args(url: &str, pact: &Path, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "verify".into(),
        "--provider".into(),
        "user-service".into(),
        "--provider-base-url".into(),
        url.into(),
        "--timeout".into(),
        "5".into(),
    ];
    args.extend(extra.iter().map(|arg| (*arg).to_owned()));
    args.push(pact.display().to_string());
    args
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn a_passing_verification_exits_0() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), vec![interaction("user 1", json!([]), "1", "1")]);

    let output = run_pact(verify_args(&url, &pact, &[]), vec![]).await;

    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("1 passed, 0 failed"),
        "{}",
        stdout(&output)
    );
}

#[tokio::test]
async fn fc18_a_failing_interaction_exits_1() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(
        dir.path(),
        vec![
            interaction("user 1", json!([]), "1", "1"),
            interaction("user 2 with the wrong id", json!([]), "2", "3"),
        ],
    );

    let output = run_pact(verify_args(&url, &pact, &[]), vec![]).await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("✘ user 2 with the wrong id"), "{text}");
    assert!(text.contains("1 passed, 1 failed"), "{text}");
}

#[tokio::test]
async fn fc18_a_state_change_url_answering_500_reports_state_change_failed_and_exits_1() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(
        dir.path(),
        vec![interaction(
            "user 1",
            json!([{"name": "user 1 exists"}]),
            "1",
            "1",
        )],
    );
    let state_url = format!("{url}/state");

    let output = run_pact(
        verify_args(&url, &pact, &["--state-change-url", &state_url]),
        vec![],
    )
    .await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("state change failed: \"user 1 exists\": "),
        "{text}"
    );
    assert!(text.contains("500 Internal Server Error"), "{text}");
}

#[tokio::test]
async fn the_description_filter_is_read_from_the_environment() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(
        dir.path(),
        vec![
            interaction("user 1", json!([]), "1", "1"),
            interaction("user 2 with the wrong id", json!([]), "2", "3"),
        ],
    );

    let output = run_pact(
        verify_args(&url, &pact, &[]),
        vec![("PACT_DESCRIPTION", "^user 1$")],
    )
    .await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("(1 interaction left out by the filters)"),
        "{text}"
    );
}

#[tokio::test]
async fn an_invalid_filter_in_the_environment_is_a_settings_error_exiting_2() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), vec![interaction("user 1", json!([]), "1", "1")]);

    let output = run_pact(
        verify_args(&url, &pact, &[]),
        vec![("PACT_PROVIDER_STATE", "user (1")],
    )
    .await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(
        text.contains("error: invalid PACT_PROVIDER_STATE filter /user (1/"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("verification not run: 1 error above")
            && !text.contains("0 passed"),
        "no summary of zeros after a settings error: {text}"
    );
}

#[tokio::test]
async fn a_filter_flag_that_selects_nothing_exits_1() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), vec![interaction("user 1", json!([]), "1", "1")]);

    let output = run_pact(
        verify_args(&url, &pact, &["--filter-description", "nothing like this"]),
        vec![],
    )
    .await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("no interaction matches the filters"),
        "{text}"
    );
}

#[tokio::test]
async fn a_filter_flag_selects_a_description_that_reads_as_another_regex_exactly() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(
        dir.path(),
        vec![
            interaction("user 1 (v2)", json!([]), "1", "1"),
            interaction("user 1 v2 with the wrong id", json!([]), "2", "3"),
            interaction("user [2]", json!([]), "2", "2"),
        ],
    );

    for (flag, left_out) in [
        ("user 1 (v2)", "2 interactions"),
        ("user [2]", "2 interactions"),
    ] {
        let output = run_pact(
            verify_args(&url, &pact, &["--filter-description", flag]),
            vec![],
        )
        .await;

        let text = stdout(&output);
        // `user 1 (v2)` as a regex also selects "user 1 v2 …", which fails.
        let expected = if flag == "user 1 (v2)" { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(expected), "{flag}: {text}");
        assert!(text.contains(&format!("✔ {flag} (")), "{flag}: {text}");
        if expected == 0 {
            assert!(
                text.contains(&format!("({left_out} left out by the filters)")),
                "{flag}: {text}"
            );
        }
    }
    let invalid = run_pact(
        verify_args(&url, &pact, &["--filter-description", "user 1 (v3"]),
        vec![],
    )
    .await;
    let text = stdout(&invalid);
    assert_eq!(invalid.status.code(), Some(2), "{text}");
    assert!(
        text.contains("error: invalid description filter /user 1 (v3/: regex parse error"),
        "{text}"
    );
}

#[tokio::test]
async fn an_unreadable_ca_file_and_missing_arguments_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), vec![]);
    let missing = dir.path().join("missing.pem").display().to_string();

    let bad_ca = run_pact(
        verify_args("https://localhost:1", &pact, &["--ca-file", &missing]),
        vec![],
    )
    .await;
    let no_provider = run_pact(vec!["verify".into(), pact.display().to_string()], vec![]).await;

    assert_eq!(bad_ca.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad_ca.stderr).contains("cannot read the CA file"),
        "{bad_ca:?}"
    );
    assert_eq!(no_provider.status.code(), Some(2));
}

#[tokio::test]
async fn a_pact_url_that_answers_404_exits_1_naming_the_url() {
    let url = start_provider().await;
    let pact_url = format!("{url}/pacts/missing.json");

    let mut args = verify_args(&url, Path::new("unused"), &[]);
    args.pop();
    args.push(pact_url.clone());
    let output = run_pact(args, vec![]).await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "cannot fetch the pact at {pact_url}: HTTP 404 Not Found"
        )),
        "{text}"
    );
}

#[tokio::test]
async fn the_help_documents_the_exit_codes() {
    let output = run_pact(vec!["verify".into(), "--help".into()], vec![]).await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0));
    assert!(text.contains("Exit codes:"), "{text}");
    assert!(text.contains("1  verification failed"), "{text}");
    assert!(text.contains("2  usage or settings error"), "{text}");
    assert!(text.contains("--state-change-url"), "{text}");
}

#[tokio::test]
async fn a_pact_read_leniently_passes_and_its_warnings_name_the_json_paths() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    // Field case FC-09: a PHP writer's `[]` for an empty category of matching rules, and a
    // header value written as a number.
    let mut lenient = interaction("user 1", json!([]), "1", "1");
    lenient["response"]["matchingRules"] = json!({
        "body": [],
        "header": {"content-type": {"combine": "AND", "matchers": [{"match": "regex", "regex": "json"}]}}
    });
    lenient["request"]["headers"] = json!({"X-Count": 3});
    let pact = write_pact(dir.path(), vec![lenient]);

    let output = run_pact(verify_args(&url, &pact, &[]), vec![]).await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains(
            "  warning: interactions[0].response.matchingRules.body: expected an object of matching rules, found []: read as no rules\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  warning: interactions[0].request.headers.X-Count: expected a string, found a number: read as the text `3`\n"
        ),
        "{text}"
    );
    assert!(text.contains("1 passed, 0 failed"), "{text}");
}

#[tokio::test]
async fn an_empty_pact_file_exits_1_saying_empty_file() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = dir.path().join("web-app-user-service.json");
    std::fs::write(&pact, " \n\t\n").expect("write an empty file");

    let output = run_pact(verify_args(&url, &pact, &[]), vec![]).await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!("{}: empty file", pact.display())),
        "{text}"
    );
}

#[tokio::test]
async fn a_truncated_pact_file_exits_1_naming_the_line_column_and_json_path() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = dir.path().join("web-app-user-service.json");
    std::fs::write(
        &pact,
        "{\"consumer\": {\"name\": \"web-app\"},\n \"interactions\": [{\"description\": \"user 1\",\n  \"request\": {\"path\": \"/users/1\"",
    )
    .expect("write a truncated file");

    let output = run_pact(verify_args(&url, &pact, &[]), vec![]).await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains(&format!(
            "{}: truncated JSON: unexpected end of the file at line 3 column",
            pact.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("inside interactions[0].request.path"),
        "{text}"
    );
}

#[tokio::test]
async fn a_pact_file_with_an_unpaired_surrogate_exits_1_naming_its_json_path() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), vec![interaction("user 1", json!([]), "1", "1")]);
    let text = std::fs::read_to_string(&pact).expect("read the pact");
    std::fs::write(&pact, text.replace("\"user 1\"", "\"user \\ud800\"")).expect("write");

    let output = run_pact(verify_args(&url, &pact, &[]), vec![]).await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("interactions[0].description: unpaired surrogate `\\ud800`"),
        "{text}"
    );
}

/// A V4 pact with one asynchronous message, `a user created event` on topic `users`.
fn write_message_pact(dir: &Path) -> PathBuf {
    let pact = json!({
        "consumer": {"name": "user-events"},
        "provider": {"name": "user-service"},
        "interactions": [{
            "type": "Asynchronous/Messages",
            "description": "a user created event",
            "contents": {"content": {"id": 42}, "contentType": "application/json", "encoded": false},
            "metadata": {"topic": "users"}
        }],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    });
    let path = dir.join("user-events-user-service.json");
    std::fs::write(&path, pact.to_string()).expect("write the pact");
    path
}

/// A provider not written in Rust: its message endpoint answers with the event and
/// `{"topic": "users"}` as base64 JSON in `Pact-Message-Metadata`.
async fn start_message_provider() -> String {
    let app = axum::Router::new().route(
        "/_pact/messages",
        post(|Json(body): Json<Value>| async move {
            assert_eq!(body["description"], "a user created event");
            (
                [("Pact-Message-Metadata", "eyJ0b3BpYyI6InVzZXJzIn0=")],
                Json(json!({"id": 42})),
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn messages_are_verified_through_the_message_endpoint() {
    let url = start_message_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_message_pact(dir.path());

    let output = run_pact(
        verify_args(&url, &pact, &["--message-endpoint", "/_pact/messages"]),
        vec![],
    )
    .await;

    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("✔ a user created event"), "{text}");
}

/// A provider written for the official verifier, without a message endpoint of its own:
/// a message is a POST to its base URL under `/base`, answered with the event and
/// `topic` in `Pact-Message-Metadata` (base64 JSON).
/// `metadata` is the header's value.
async fn start_base_url_message_provider(metadata: &'static str) -> (String, u16) {
    let app = axum::Router::new().route(
        "/base",
        post(move || async move {
            (
                [("Pact-Message-Metadata", metadata)],
                Json(json!({"id": 42})),
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    ("127.0.0.1".to_owned(), port)
}

#[tokio::test]
async fn with_the_official_flags_messages_are_posted_to_the_base_url_and_a_wrong_one_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_message_pact(dir.path());
    let args = |host: &str, port: u16| -> Vec<String> {
        let port = port.to_string();
        [
            "verify",
            "-n",
            "user-service",
            "-h",
            host,
            "-p",
            &port,
            "--base-path",
            "/base",
        ]
        .iter()
        .map(|arg| (*arg).to_owned())
        .chain([pact.display().to_string()])
        .collect()
    };
    let (host, good) =
        start_base_url_message_provider("eyJ0b3BpYyI6InVzZXJzIn0=" /* {"topic":"users"} */).await;
    let (_, bad) =
        start_base_url_message_provider("eyJ0b3BpYyI6Im5vcGUifQ==" /* {"topic":"nope"} */).await;

    let passed = run_pact(args(&host, good), vec![]).await;
    let failed = run_pact(args(&host, bad), vec![]).await;

    assert_eq!(passed.status.code(), Some(0), "{}", stdout(&passed));
    assert!(
        stdout(&passed).contains("✔ a user created event"),
        "{}",
        stdout(&passed)
    );
    let text = stdout(&failed);
    assert_eq!(failed.status.code(), Some(1), "{text}");
    assert!(text.contains("nope"), "{text}");
    assert!(text.contains("0 passed, 1 failed"), "{text}");
}

#[tokio::test]
async fn a_provider_not_answering_the_message_post_fails_naming_the_flag() {
    let url = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let messages = write_message_pact(dir.path());

    for extra in [&[][..], &["--no-pacts-is-ok"][..]] {
        let output = run_pact(verify_args(&url, &messages, extra), vec![]).await;

        let text = stdout(&output);
        assert_eq!(output.status.code(), Some(1), "{extra:?}: {text}");
        assert!(text.contains("404"), "{text}");
        assert!(text.contains("--message-endpoint"), "{text}");
    }
}

#[tokio::test]
async fn a_run_that_verified_nothing_exits_1_unless_no_pacts_is_ok() {
    let url = start_provider().await;
    let empty = tempfile::tempdir().expect("tempdir");
    let http = tempfile::tempdir().expect("tempdir");
    let http = write_pact(
        http.path(),
        vec![interaction("user 1", json!([]), "1", "1")],
    );
    let filter = ["--filter-description", "nothing like this"];

    // The CLI always has a base URL, so messages are asked of it, never skipped: the run
    // that verifies nothing is the filtered one.
    let filtered = run_pact(verify_args(&url, &http, &filter), vec![]).await;
    let no_pacts = run_pact(verify_args(&url, empty.path(), &[]), vec![]).await;
    let no_pacts_ok = run_pact(
        // The official verifier's name for the flag.
        verify_args(&url, empty.path(), &["--ignore-no-pacts-error"]),
        vec![],
    )
    .await;
    let filtered_ok = run_pact(
        verify_args(&url, &http, &[&filter[..], &["--no-pacts-is-ok"]].concat()),
        vec![],
    )
    .await;

    let text = stdout(&filtered);
    assert_eq!(filtered.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with("error: no interaction matches the filters"),
        "{text}"
    );
    let text = stdout(&no_pacts);
    assert_eq!(no_pacts.status.code(), Some(1), "{text}");
    assert!(
        text.contains("no pact for provider \"user-service\""),
        "{text}"
    );
    for ok in [&no_pacts_ok, &filtered_ok] {
        assert_eq!(ok.status.code(), Some(0), "{}", stdout(ok));
    }
}

fn last_line(text: &str) -> &str {
    text.trim_end().lines().last().unwrap_or_default()
}

#[tokio::test]
async fn a_run_filtered_to_nothing_ends_saying_how_many_interactions_were_filtered_out() {
    let url = start_provider().await;
    let one = tempfile::tempdir().expect("tempdir");
    let one = write_pact(one.path(), vec![interaction("user 1", json!([]), "1", "1")]);
    let three = tempfile::tempdir().expect("tempdir");
    let three = write_pact(
        three.path(),
        ["1", "2", "3"]
            .iter()
            .map(|id| interaction(&format!("user {id}"), json!([]), id, id))
            .collect(),
    );
    let filter = ["--filter-description", "nothing like this"];
    let allowed = [&filter[..], &["--no-pacts-is-ok"]].concat();

    let filtered_one = run_pact(verify_args(&url, &one, &filter), vec![]).await;
    let filtered_three = run_pact(verify_args(&url, &three, &filter), vec![]).await;
    let filtered_allowed = run_pact(verify_args(&url, &three, &allowed), vec![]).await;

    let text = stdout(&filtered_one);
    assert_eq!(filtered_one.status.code(), Some(1), "{text}");
    assert_eq!(
        last_line(&text),
        "verification failed: no interaction verified (1 filtered out)"
    );
    let text = stdout(&filtered_three);
    assert_eq!(filtered_three.status.code(), Some(1), "{text}");
    assert_eq!(
        last_line(&text),
        "verification failed: no interaction verified (3 filtered out)"
    );
    let text = stdout(&filtered_allowed);
    assert_eq!(filtered_allowed.status.code(), Some(0), "{text}");
    assert_eq!(
        last_line(&text),
        "verification passed: no interaction verified (3 filtered out, allowed by --no-pacts-is-ok)"
    );
}

#[tokio::test]
async fn an_empty_pact_directory_allowed_by_no_pacts_is_ok_prints_no_failure_mark() {
    let url = start_provider().await;
    let empty = tempfile::tempdir().expect("tempdir");
    let also_empty = tempfile::tempdir().expect("tempdir");
    let dir = empty.path().display().to_string();
    let other = also_empty.path().display().to_string();

    let allowed = run_pact(
        verify_args(&url, empty.path(), &["--no-pacts-is-ok", "--dir", &other]),
        vec![],
    )
    .await;
    let refused = run_pact(verify_args(&url, empty.path(), &[]), vec![]).await;

    let text = stdout(&allowed);
    assert_eq!(allowed.status.code(), Some(0), "{text}");
    assert!(!text.contains('✘'), "{text}");
    assert!(!text.contains("not loaded"), "{text}");
    for named in [&dir, &other] {
        assert!(
            text.contains(&format!(
                "no pact for provider \"user-service\" in {named} (allowed: no interactions to verify)"
            )),
            "{text}"
        );
    }
    assert_eq!(
        last_line(&text),
        "verification passed: no interaction verified (no pact found, allowed by --no-pacts-is-ok)"
    );
    let text = stdout(&refused);
    assert_eq!(refused.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("✘ {dir}")), "{text}");
    assert_eq!(
        last_line(&text),
        "verification failed: no interaction verified (no pact found)"
    );
}

#[tokio::test]
async fn a_message_endpoint_path_without_a_base_url_is_a_usage_error_naming_the_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_message_pact(dir.path()).display().to_string();
    let args = |extra: &[&str]| -> Vec<String> {
        ["verify", "-n", "user-service", "--timeout", "2"]
            .iter()
            .chain(extra)
            .map(|arg| (*arg).to_owned())
            .chain([pact.clone()])
            .collect()
    };

    for endpoint in ["/x", "/_pact/messages", "messages"] {
        let output = run_pact(args(&["--message-endpoint", endpoint]), vec![]).await;

        let error = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{endpoint}: {error}");
        assert!(
            error.contains(&format!("--message-endpoint {endpoint} is a path")),
            "{error}"
        );
        assert!(error.contains("--hostname and --port"), "{error}");
        assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    }
    let url = start_message_provider().await;
    let full_url = run_pact(
        args(&["--message-endpoint", &format!("{url}/_pact/messages")]),
        vec![],
    )
    .await;
    let with_port = run_pact(args(&["--message-endpoint", "/x", "-p", "9"]), vec![]).await;

    assert_eq!(full_url.status.code(), Some(0), "{}", stdout(&full_url));
    assert_eq!(with_port.status.code(), Some(1), "{}", stdout(&with_port));
}

/// A provider that takes `delay` to answer each user.
async fn start_slow_provider(delay: std::time::Duration) -> String {
    let app = axum::Router::new().route(
        "/users/{id}",
        get(move |UrlPath(id): UrlPath<String>| async move {
            tokio::time::sleep(delay).await;
            Json(json!({"id": id}))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn a_long_run_prints_no_progress_line_when_stderr_is_not_a_terminal() {
    // Longer than the progress line's one-second delay, so a terminal would get one.
    let url = start_slow_provider(std::time::Duration::from_millis(450)).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(
        dir.path(),
        ["1", "2", "3"]
            .iter()
            .map(|id| interaction(&format!("user {id}"), json!([]), id, id))
            .collect(),
    );

    for extra in [&[][..], &["--output", "json"][..]] {
        let started = std::time::Instant::now();
        let output = run_pact(verify_args(&url, &pact, extra), vec![]).await;

        let error = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(started.elapsed() > std::time::Duration::from_millis(1300));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{extra:?}: {}",
            stdout(&output)
        );
        assert!(!error.contains('\r'), "{extra:?}: {error:?}");
        assert!(!error.contains("verifying"), "{extra:?}: {error:?}");
        assert!(!stdout(&output).contains('\r'), "{extra:?}");
    }
}
