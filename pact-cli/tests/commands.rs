//! The commands besides `verify`'s basics, run as processes: the drop-in flag check
//! against the official verifier's `--help`, reports, `stub` with a real client, `mock`
//! driven over its API by curl, and the broker commands against a stub broker serving
//! the Pact Broker's own contract.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use pact_runtime::model::Pact;
use pact_runtime::stub::StubServer;
use serde_json::{Value, json};

fn pact_bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pact"));
    for name in [
        "PACT_BROKER_BASE_URL",
        "PACT_BROKER_USERNAME",
        "PACT_BROKER_PASSWORD",
        "PACT_BROKER_TOKEN",
        "PACT_DESCRIPTION",
        "PACT_PROVIDER_STATE",
        "PACT_PROVIDER_NAME",
    ] {
        command.env_remove(name);
    }
    command.env("NO_COLOR", "1");
    command
}

async fn run(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || pact_bin().args(args).output().expect("run pact"))
        .await
        .expect("the command thread")
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A process started in the background, killed when dropped.
struct Background(Child);

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `pact args…` and returns it with the URL it prints on its first line.
fn spawn_serving(args: &[&str]) -> (Background, String) {
    let mut child = pact_bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn pact");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the first line");
    let url = line
        .split_whitespace()
        .last()
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    (Background(child), url)
}

fn shared_dir() -> PathBuf {
    std::env::var_os("PACT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

fn user_pact(dir: &Path, status_id: u64) -> PathBuf {
    let pact = json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": "user-service"},
        "interactions": [
            {"description": "a request for user 1", "request": {"method": "GET", "path": "/users/1"},
             "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                          "body": {"id": status_id, "name": "Alice"},
                          "matchingRules": {"$.body.name": {"match": "type"}}}},
            {"description": "a request for user 2", "providerState": "user 2 exists",
             "request": {"method": "GET", "path": "/users/2"},
             "response": {"status": 200, "body": {"id": 2, "name": "Bob"}}}
        ],
        "metadata": {"pactSpecification": {"version": "2.0.0"}}
    });
    let path = dir.join("web-app-user-service.json");
    std::fs::write(&path, pact.to_string()).expect("write pact");
    path
}

async fn http_get(url: &str) -> (u16, Value) {
    let url = url.to_owned();
    tokio::task::spawn_blocking(move || {
        let output = Command::new("curl")
            .args(["-s", "-w", "\n%{http_code}", &url])
            .output()
            .expect("curl is installed");
        let body = String::from_utf8_lossy(&output.stdout).into_owned();
        let (body, code) = body.rsplit_once('\n').unwrap_or(("", "0"));
        (
            code.trim().parse().unwrap_or(0),
            serde_json::from_str(body).unwrap_or(Value::Null),
        )
    })
    .await
    .expect("curl thread")
}

fn curl(args: &[&str]) -> (u16, Value) {
    let output = Command::new("curl")
        .args(["-s", "-w", "\n%{http_code}"])
        .args(args)
        .output()
        .expect("curl is installed");
    let body = String::from_utf8_lossy(&output.stdout).into_owned();
    let (body, code) = body.rsplit_once('\n').unwrap_or(("", "0"));
    (
        code.trim().parse().unwrap_or(0),
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

// ---- verify: the drop-in flag set ------------------------------------------------------

/// The long and short flags of the official verifier's `--help`.
fn official_flags() -> Vec<String> {
    let oracle = std::env::var_os("PACT_ORACLE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pact-oracle"));
    let binary = oracle.join("bin/pact");
    let output = Command::new(&binary)
        .args(["verifier", "--help"])
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "the official verifier is needed for the drop-in check: {} ({error}); set \
                 PACT_ORACLE_DIR to a virtualenv with pact-python-cli",
                binary.display()
            )
        });
    let help = String::from_utf8_lossy(&output.stdout);
    let mut flags = Vec::new();
    for line in help.lines() {
        let line = line.trim_start();
        if !line.starts_with('-') {
            continue;
        }
        // `-f, --file <file>    Description…`, `--no-colour  Description [alias: --no-color]`:
        // the flags before the description, and the aliases (a description may name
        // other flags, which are not flags of this line).
        let head = line.split("  ").next().unwrap_or_default();
        let aliases = line
            .split("[alias: ")
            .skip(1)
            .filter_map(|rest| rest.split(']').next());
        let tokens: Vec<&str> = head.split([',', ' ']).chain(aliases).collect();
        for token in tokens.into_iter().filter(|t| t.starts_with('-')) {
            let flag = token.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
            if flag.len() > 1 {
                flags.push(flag.to_owned());
            }
        }
    }
    assert!(
        flags.len() > 40,
        "too few flags parsed from the official help:\n{help}"
    );
    flags
}

#[tokio::test]
async fn every_flag_of_the_official_verifier_is_accepted() {
    let flags = official_flags();
    let help = run(strings(&["verify", "--help"])).await;
    assert_eq!(help.status.code(), Some(0), "{}", text(&help));
    let mut refused = Vec::new();
    for flag in &flags {
        if matches!(flag.as_str(), "--help" | "-v" | "--version") {
            continue;
        }
        // Each flag with a plausible value (an unused value of a boolean flag becomes a
        // pact path); parsing must not fail with "unexpected argument".
        let value = match flag.as_str() {
            "-p" | "--port" | "--request-timeout" | "--retries" => "1",
            "--log-level" | "-l" | "--loglevel" => "info",
            "--transport" => "http",
            "--otel-exporter-protocol" => "http",
            "--consumer-version-selectors" => r#"{"mainBranch": true}"#,
            "-H" | "--header" => "A=b",
            _ => "x",
        };
        let output = run(strings(&[
            "verify",
            flag,
            value,
            "--provider-name",
            "p",
            "--ignore-no-pacts-error",
        ]))
        .await;
        let said = text(&output);
        if said.contains("unexpected argument") || said.contains("invalid value") {
            refused.push(format!("{flag}: {said}"));
        }
    }
    assert!(refused.is_empty(), "refused:\n{}", refused.join("\n"));
    let version = run(strings(&["verify", "-v"])).await;
    assert_eq!(version.status.code(), Some(0));
    assert!(text(&version).starts_with("pact "), "{}", text(&version));
}

#[tokio::test]
async fn help_documents_exit_codes_for_every_command() {
    for (command, code) in [
        ("verify", "2  usage"),
        ("stub", "Exit codes"),
        ("mock", "POST   /mockserver"),
        ("publish", "401: unauthorised"),
        ("can-i-deploy", "3  unknown"),
        ("record-deployment", "Exit codes"),
        ("record-release", "Exit codes"),
    ] {
        let output = run(strings(&[command, "--help"])).await;
        assert_eq!(output.status.code(), Some(0), "{command}");
        assert!(text(&output).contains(code), "{command}: {}", text(&output));
    }
}

// ---- verify: official flags at work, reports -------------------------------------------

async fn start_provider() -> String {
    use axum::routing::get;
    let app = axum::Router::new()
        .route(
            "/users/1",
            get(|| async { axum::Json(json!({"id": 1, "name": "Zed"})) }),
        )
        .route(
            "/users/2",
            get(|| async { axum::Json(json!({"id": 2, "name": "Bob"})) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    port.to_string()
}

#[tokio::test]
async fn official_flags_verify_a_real_provider_and_write_json_and_junit_reports() {
    let port = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = user_pact(dir.path(), 1);
    let json_file = dir.path().join("report.json");
    let junit_file = dir.path().join("report.xml");
    let (json_arg, junit_arg) = (
        json_file.display().to_string(),
        junit_file.display().to_string(),
    );

    let passing = run(strings(&[
        "verify",
        "-f",
        pact.to_str().expect("utf-8"),
        "-n",
        "user-service",
        "-h",
        "127.0.0.1",
        "-p",
        &port,
        "--filter-no-state",
        "-H",
        "X-Test=1",
        "--request-timeout",
        "5000",
        "-j",
        &json_arg,
        "-x",
        &junit_arg,
        "--no-colour",
    ]))
    .await;
    let failing = run(strings(&[
        "verify",
        "-d",
        dir.path().to_str().expect("utf-8"),
        "-n",
        "user-service",
        "--hostname",
        "127.0.0.1",
        "--port",
        &port,
        "-c",
        "web-app",
        "--output",
        "json",
    ]))
    .await;
    let other_consumer = run(strings(&[
        "verify",
        "-f",
        pact.to_str().expect("utf-8"),
        "-n",
        "user-service",
        "-h",
        "127.0.0.1",
        "-p",
        &port,
        "--filter-consumer",
        "mobile",
    ]))
    .await;

    assert_eq!(passing.status.code(), Some(0), "{}", text(&passing));
    assert!(
        !text(&passing).contains('\u{1b}'),
        "no colour off a terminal"
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_file).expect("json report"))
            .expect("json");
    assert_eq!(report["ok"], true);
    assert_eq!(
        report["summary"]["passed"], 1,
        "only the stateless interaction: {report}"
    );
    let junit = std::fs::read_to_string(&junit_file).expect("junit report");
    assert!(
        junit.contains("<testcase name=\"a request for user 1\""),
        "{junit}"
    );
    assert!(!junit.contains("<failure"), "{junit}");

    // The directory holds the JSON report too; it is not a pact, so it is a load error.
    assert_eq!(failing.status.code(), Some(1), "{}", text(&failing));
    let document: Value = serde_json::from_slice(&failing.stdout).expect("--output json is JSON");
    assert_eq!(document["ok"], false);
    assert_eq!(document["summary"]["failed"], 0, "{document}");
    assert_eq!(
        other_consumer.status.code(),
        Some(1),
        "{}",
        text(&other_consumer)
    );
    assert!(
        text(&other_consumer).contains("consumer mobile"),
        "{}",
        text(&other_consumer)
    );
}

#[tokio::test]
async fn a_failing_interaction_is_a_junit_failure_and_json_names_the_mismatch() {
    let port = start_provider().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = user_pact(dir.path(), 7);
    let junit_file = dir.path().join("r.xml");

    let output = run(strings(&[
        "verify",
        pact.to_str().expect("utf-8"),
        "--provider",
        "user-service",
        "--provider-base-url",
        &format!("http://127.0.0.1:{port}"),
        "--filter-description",
        "user 1",
        "--output",
        "json",
        "--junit",
        junit_file.to_str().expect("utf-8"),
    ]))
    .await;

    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let interaction = &document["pacts"][0]["interactions"][0];
    assert_eq!(interaction["status"], "failed");
    assert!(
        interaction["mismatches"][0]
            .as_str()
            .is_some_and(|m| m.contains("$.id")),
        "{interaction}"
    );
    let junit = std::fs::read_to_string(&junit_file).expect("junit");
    assert!(junit.contains("<failure message="), "{junit}");
}

#[tokio::test]
async fn bad_input_is_one_line_and_no_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let not_json = dir.path().join("x.json");
    std::fs::write(&not_json, "{\"consumer\": ").expect("write");
    for (args, code) in [
        (vec!["verify", "-n", "p"], 2),
        (vec!["verify", "-f", "x.json"], 2),
        (
            vec![
                "verify",
                "-n",
                "p",
                "--consumer-version-selectors",
                "{\"mainbranch\":true}",
                "-b",
                "http://127.0.0.1:1",
            ],
            2,
        ),
        (vec!["stub", not_json.to_str().expect("utf-8")], 2),
        (vec!["stub", "/no/such/pact.json"], 2),
        (
            vec!["publish", "/no/such", "-a", "1", "-b", "http://127.0.0.1:1"],
            1,
        ),
        (
            vec!["can-i-deploy", "-a", "Foo", "-b", "http://127.0.0.1:1"],
            2,
        ),
        (
            vec![
                "can-i-deploy",
                "-a",
                "Foo",
                "--branch",
                "main",
                "--latest",
                "-b",
                "http://127.0.0.1:1",
            ],
            2,
        ),
    ] {
        let output = run(strings(&args)).await;
        let said = text(&output);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {said}");
        assert!(
            !said.contains("panicked") && !said.contains("RUST_BACKTRACE"),
            "{args:?}: {said}"
        );
    }
}

// ---- stub --------------------------------------------------------------------------------

#[tokio::test]
async fn stub_serves_a_pact_to_a_real_client_and_reloads_with_watch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = user_pact(dir.path(), 1);
    let (_stub, url) = spawn_serving(&[
        "stub",
        "--port",
        "0",
        "--watch",
        "--cors",
        pact.to_str().expect("utf-8"),
    ]);

    let (status, body) = http_get(&format!("{url}/users/1")).await;
    let (missing, explanation) = http_get(&format!("{url}/users/404")).await;

    assert_eq!((status, body), (200, json!({"id": 1, "name": "Alice"})));
    assert_eq!(missing, 404);
    assert_ne!(explanation, Value::Null, "a JSON explanation");

    user_pact(dir.path(), 99);
    let mut reloaded = Value::Null;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let (status, body) = http_get(&format!("{url}/users/1")).await;
        if status == 200 && body["id"] == 99 {
            reloaded = body;
            break;
        }
    }
    assert_eq!(
        reloaded["id"], 99,
        "the changed pact is served on the same URL"
    );
}

#[tokio::test]
async fn stub_filters_by_provider_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = user_pact(dir.path(), 1);
    let (_stub, url) = spawn_serving(&[
        "stub",
        "-p",
        "0",
        "-s",
        "^user 2 exists$",
        "-f",
        pact.to_str().expect("utf-8"),
    ]);

    assert_eq!(http_get(&format!("{url}/users/2")).await.0, 200);
    assert_eq!(http_get(&format!("{url}/users/1")).await.0, 404);
}

/// The user pact's JSON, as a broker or a web server would serve it.
fn user_pact_json(status_id: u64) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = user_pact(dir.path(), status_id);
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON")
}

/// A loopback web server on its own thread serving `body` to requests whose
/// `Authorization` is `wanted` (any request when `None`), 401 to the others; each
/// request's head is sent on the returned channel.
fn pact_server(
    body: String,
    wanted: Option<&'static str>,
) -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (heads, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            let authorised = wanted.is_none_or(|wanted| {
                head.lines()
                    .any(|line| line.eq_ignore_ascii_case(&format!("authorization: {wanted}")))
            });
            let (status, body) = if authorised {
                ("200 OK", body.as_str())
            } else {
                ("401 Unauthorized", "{}")
            };
            let _ = heads.send(head);
            let answer = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (url, received)
}

#[tokio::test]
async fn stub_serves_pacts_from_urls_with_basic_or_bearer_credentials() {
    let pact = user_pact_json(7).to_string();
    // base64("reader:s3cret")
    let (basic_url, _basic_heads) = pact_server(pact.clone(), Some("Basic cmVhZGVyOnMzY3JldA=="));
    let (bearer_url, _bearer_heads) = pact_server(pact.clone(), Some("Bearer t0ken"));
    let (open_url, open_heads) = pact_server(pact, None);

    let (_basic, basic) = spawn_serving(&[
        "stub",
        "--user",
        "reader:s3cret",
        &format!("{basic_url}/pacts/latest"),
    ]);
    let (_bearer, bearer) = spawn_serving(&[
        "stub",
        "-u",
        &format!("{bearer_url}/pacts/latest"),
        "--token",
        "t0ken",
    ]);
    let (_open, open) = spawn_serving(&["stub", "--url", &format!("{open_url}/pact.json")]);

    for url in [&basic, &bearer, &open] {
        let (status, body) = http_get(&format!("{url}/users/1")).await;
        assert_eq!(
            (status, body),
            (200, json!({"id": 7, "name": "Alice"})),
            "{url}"
        );
        assert_eq!(http_get(&format!("{url}/users/404")).await.0, 404, "{url}");
    }
    let head = open_heads.recv().expect("the pact was fetched");
    assert!(head.starts_with("GET /pact.json "), "{head}");
    assert!(
        !head.to_ascii_lowercase().contains("authorization"),
        "{head}"
    );
}

#[tokio::test]
async fn stub_refuses_to_start_when_a_url_cannot_be_read_naming_it_without_credentials() {
    let (guarded, _heads) = pact_server(user_pact_json(1).to_string(), Some("Bearer right"));
    let (garbage, _more) = pact_server("{\"consumer\": ".to_owned(), None);
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };

    for (args, named) in [
        (
            vec![
                "stub".to_owned(),
                "-u".to_owned(),
                format!("{guarded}/p"),
                "-t".to_owned(),
                "wrong".to_owned(),
            ],
            "unauthorised".to_owned(),
        ),
        (
            vec!["stub".to_owned(), format!("{garbage}/broken.json")],
            "broken.json".to_owned(),
        ),
        (
            vec![
                "stub".to_owned(),
                "-u".to_owned(),
                format!("http://me:secret@127.0.0.1:{dead}/p"),
            ],
            format!("127.0.0.1:{dead}"),
        ),
    ] {
        let output = run(args.clone()).await;
        let said = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {said}");
        assert!(said.contains(&named), "{args:?}: {said}");
        assert!(
            !said.contains("secret") && !said.contains("panicked"),
            "{said}"
        );
        assert_eq!(said.trim().lines().count(), 1, "one line: {said}");
    }
}

#[tokio::test]
async fn stub_serves_a_providers_pacts_from_a_broker() {
    let pact_path = "/pacts/provider/user-service/consumer/web-app/version/1";
    let broker = StubServer::builder([pact_runtime::model::json::pact_from_json(
        &json!({"consumer": {"name": "cli"}, "provider": {"name": "broker"}, "interactions": [
            {"description": "the index", "request": {"method": "GET", "path": "/",
                "headers": {"Authorization": "Bearer b-token"}},
             "response": {"status": 200, "headers": {"Content-Type": "application/hal+json"},
                "body": {"_links": {"pb:provider-pacts-for-verification":
                    {"href": "/pacts/provider/{provider}/for-verification", "templated": true}}}}},
            {"description": "the pacts for verification",
             "request": {"method": "POST", "path": "/pacts/provider/user-service/for-verification",
                "headers": {"Authorization": "Bearer b-token"}},
             "response": {"status": 200, "headers": {"Content-Type": "application/hal+json"},
                "body": {"_embedded": {"pacts": [
                    {"_links": {"self": {"href": pact_path, "name": "Pact between web-app and user-service"}},
                     "verificationProperties": {"pending": false}}]}}}},
            {"description": "the pact", "request": {"method": "GET", "path": pact_path,
                "headers": {"Authorization": "Bearer b-token"}},
             "response": {"status": 200, "headers": {"Content-Type": "application/hal+json"},
                "body": user_pact_json(42)}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}}),
        "broker",
    )
    .expect("pact")])
    .start()
    .await
    .expect("the stub broker");

    // Read the first line off the runtime's thread: the stub broker runs on it.
    let broker_url = broker.url().to_owned();
    let (_stub, url) = tokio::task::spawn_blocking(move || {
        spawn_serving(&[
            "stub",
            "-b",
            &broker_url,
            "-n",
            "user-service",
            "-t",
            "b-token",
        ])
    })
    .await
    .expect("the spawning thread");
    let without_provider = run(strings(&["stub", "-b", broker.url()])).await;

    let (status, body) = http_get(&format!("{url}/users/1")).await;
    assert_eq!((status, body), (200, json!({"id": 42, "name": "Alice"})));
    assert_eq!(
        without_provider.status.code(),
        Some(2),
        "{}",
        text(&without_provider)
    );
    assert!(
        text(&without_provider).contains("provider-name"),
        "{}",
        text(&without_provider)
    );
}

#[test]
fn stub_tls_is_trusted_by_a_client_given_the_printed_authority_and_only_then() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = user_pact(dir.path(), 5);
    let mut child = pact_bin()
        .args(["stub", "--tls", pact.to_str().expect("utf-8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pact");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let _stub = Background(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the first line");
    let url = line.split_whitespace().last().expect("a URL").to_owned();
    // Kept open to the end: a closed stderr would fail the stub's later messages.
    let mut errors = BufReader::new(stderr);
    let mut pem = String::new();
    while !pem.contains("-----END CERTIFICATE-----") {
        if errors.read_line(&mut pem).unwrap_or(0) == 0 {
            break;
        }
    }
    let pem = &pem[pem
        .find("-----BEGIN CERTIFICATE-----")
        .expect("a PEM on stderr")..];
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, pem).expect("write the CA");

    let trusted = curl(&[
        "--cacert",
        ca.to_str().expect("utf-8"),
        &format!("{url}/users/1"),
    ]);
    let untrusted = Command::new("curl")
        .args(["-s", "-o", "/dev/null", &format!("{url}/users/1")])
        .status()
        .expect("curl");
    let exported = Command::new("curl")
        .args(["-s", "-o", "/dev/null", &format!("{url}/users/1")])
        .env("CURL_CA_BUNDLE", &ca)
        .status()
        .expect("curl");

    assert!(url.starts_with("https://"), "{url}");
    assert_eq!(trusted, (200, json!({"id": 5, "name": "Alice"})));
    // curl's exit code 60: the peer's certificate cannot be authenticated.
    assert_eq!(untrusted.code(), Some(60));
    assert_eq!(
        exported.code(),
        Some(0),
        "the CA exported as CURL_CA_BUNDLE is trusted"
    );
}

// ---- mock ----------------------------------------------------------------------------------

#[test]
fn mock_is_driven_over_its_http_api_by_curl_and_writes_the_pact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pact_dir = dir.path().join("pacts");
    let (mut control, api) = spawn_serving(&[
        "mock",
        "--port",
        "0",
        "--pact-dir",
        pact_dir.to_str().expect("utf-8"),
    ]);
    let pact = json!({
        "consumer": {"name": "curl-app"}, "provider": {"name": "user-service"},
        "interactions": [{"description": "a request for user 1",
            "request": {"method": "GET", "path": "/users/1"},
            "response": {"status": 200, "body": {"id": 1}}}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
    .to_string();

    let (created, server) = curl(&[
        "-X",
        "POST",
        "-H",
        "Content-Type: application/json",
        "-d",
        &pact,
        &format!("{api}/mockserver"),
    ]);
    let mock_url = server["url"].as_str().expect("url").to_owned();
    let id = server["id"].to_string();
    let (_, before) = curl(&[&format!("{api}/mockserver/{id}/mismatches")]);
    let (hit, body) = curl(&[&format!("{mock_url}/users/1")]);
    let (_, listed) = curl(&[&format!("{api}/mockserver")]);
    let (_, after) = curl(&[&format!("{api}/mockserver/{id}/mismatches")]);
    let (written, file) = curl(&["-X", "POST", &format!("{api}/mockserver/{id}/pact")]);
    let (gone, _) = curl(&[&format!("{api}/mockserver/{id}/mismatches")]);
    let (bad, error) = curl(&[
        "-X",
        "POST",
        "-d",
        "{\"consumer\": 1}",
        &format!("{api}/mockserver"),
    ]);

    assert_eq!(created, 201, "{server}");
    assert_eq!(before["ok"], false, "not yet received: {before}");
    assert!(
        before["report"]
            .as_str()
            .is_some_and(|r| r.contains("a request for user 1")),
        "{before}"
    );
    assert_eq!((hit, body), (200, json!({"id": 1})));
    assert_eq!(listed["mockServers"][0]["consumer"], "curl-app");
    assert_eq!(after["ok"], true, "{after}");
    assert_eq!(written, 200, "{file}");
    let path = file["path"].as_str().expect("path");
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("pact written")).expect("json");
    assert_eq!(
        saved["interactions"][0]["description"],
        "a request for user 1"
    );
    assert_eq!(gone, 404);
    assert_eq!(bad, 400, "{error}");
    assert!(error["error"].as_str().is_some(), "{error}");

    // A mock server that saw a wrong request writes nothing.
    let (_, second) = curl(&["-X", "POST", "-d", &pact, &format!("{api}/mockserver")]);
    let second_url = second["url"].as_str().expect("url").to_owned();
    let (unexpected, _) = curl(&[&format!("{second_url}/users/2")]);
    let (refused, why) = curl(&[
        "-X",
        "POST",
        &format!("{api}/mockserver/{}/pact", second["id"]),
    ]);
    assert_eq!(unexpected, 500);
    assert_eq!(refused, 422, "{why}");

    let (stopped, _) = curl(&["-X", "POST", &format!("{api}/shutdown")]);
    assert_eq!(stopped, 200);
    let status = control.0.wait().expect("the mock process ends");
    assert_eq!(status.code(), Some(0));
}

// ---- broker commands -------------------------------------------------------------------------

fn broker_pact() -> Pact {
    let path = shared_dir()
        .join("pact-broker")
        .join("pact_broker_client_v2-pact_broker.json");
    pact_runtime::model::file::load(&path).expect("the broker's contract loads")
}

/// The broker's contract, only the interactions with these descriptions and states.
fn only(wanted: &[(&str, Option<&str>)]) -> Pact {
    let pact = broker_pact();
    let mut selected = Pact::new(pact.consumer.clone(), pact.provider.clone());
    for (description, state) in wanted {
        let found = pact
            .interactions
            .iter()
            .find(|i| {
                i.description() == *description
                    && i.provider_states().first().map(|s| s.name.as_str()) == *state
            })
            .unwrap_or_else(|| panic!("no interaction {description:?} given {state:?}"));
        selected.interactions.push(found.clone());
    }
    selected
}

async fn broker(pact: Pact) -> StubServer {
    StubServer::builder([pact])
        .serve_as_own_url("http://localhost:1234")
        .serve_as_own_url("http://127.0.0.1:9999")
        .serve_as_own_url("http://localhost:9876")
        .start()
        .await
        .expect("the stub broker starts")
}

#[tokio::test]
async fn publish_sends_the_pacts_with_version_branch_and_tags() {
    let stub = broker(only(&[
        (
            "a request for the index resource",
            Some("the pb:publish-contracts relations exists in the index resource"),
        ),
        ("a request to publish contracts", None),
    ]))
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let content = r#"{"consumer":{"name":"Foo"},"provider":{"name":"Bar"},"interactions":[{"description":"an example request","providerState":"a provider state","request":{"method":"GET","path":"/","headers":{}},"response":{"status":200,"headers":{"Content-Type":"application/hal+json"}}}],"metadata":{"pactSpecification":{"version":"2.0.0"}}}"#;
    std::fs::write(dir.path().join("Foo-Bar.json"), content).expect("write");

    let output = run(strings(&[
        "publish",
        dir.path().to_str().expect("utf-8"),
        "-a",
        "5556b8149bf8bac76bc30f50a8a2dd4c22c85f30",
        "--branch",
        "main",
        "--tag",
        "dev",
        "--build-url",
        "http://build",
        "-b",
        stub.url(),
    ]))
    .await;

    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("some message"), "{}", text(&output));
}

#[tokio::test]
async fn fc18_publish_fails_loudly_without_a_broker_and_with_a_refused_token() {
    let dir = tempfile::tempdir().expect("tempdir");
    user_pact(dir.path(), 1);
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let refusing = StubServer::builder([pact_runtime::model::json::pact_from_json(
        &json!({"consumer": {"name": "c"}, "provider": {"name": "broker"}, "interactions": [
            {"description": "any", "request": {"method": "GET", "path": "/"},
             "response": {"status": 401, "body": {"error": "bad token"}}}]}),
        "401 broker",
    )
    .expect("pact")])
    .start()
    .await
    .expect("stub");

    let unreachable = run(strings(&[
        "publish",
        dir.path().to_str().expect("utf-8"),
        "-a",
        "1",
        "-b",
        &format!("http://user:secret@127.0.0.1:{dead}"),
        "--retries",
        "0",
    ]))
    .await;
    let unauthorised = run(strings(&[
        "publish",
        dir.path().to_str().expect("utf-8"),
        "-a",
        "1",
        "-b",
        refusing.url(),
        "-k",
        "wrong-token",
    ]))
    .await;

    assert_eq!(unreachable.status.code(), Some(1), "{}", text(&unreachable));
    assert!(
        text(&unreachable).contains(&format!("127.0.0.1:{dead}")),
        "{}",
        text(&unreachable)
    );
    assert!(
        !text(&unreachable).contains("secret"),
        "credentials redacted: {}",
        text(&unreachable)
    );
    assert_eq!(
        unauthorised.status.code(),
        Some(1),
        "{}",
        text(&unauthorised)
    );
    assert!(
        text(&unauthorised).contains("unauthorised"),
        "{}",
        text(&unauthorised)
    );
    assert!(
        !text(&unauthorised).contains("wrong-token"),
        "{}",
        text(&unauthorised)
    );
}

#[tokio::test]
async fn can_i_deploy_has_distinct_exit_codes_for_yes_no_unknown_and_unreachable() {
    let answers = |deployable: Value| {
        json!({"consumer": {"name": "c"}, "provider": {"name": "broker"}, "interactions": [
            {"description": "matrix", "request": {"method": "GET", "path": "/matrix",
                "query": {"q[][pacticipant]": ["Foo"], "q[][version]": ["1"], "latest": ["true"], "latestby": ["cvp"]}},
             "response": {"status": 200, "headers": {"Content-Type": "application/hal+json"},
                "body": {"summary": {"deployable": deployable, "reason": "because"}, "matrix": []}}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}})
    };
    let mut codes = Vec::new();
    for (deployable, json_verdict) in [
        (json!(true), json!(true)),
        (json!(false), json!(false)),
        (Value::Null, Value::Null),
    ] {
        let pact = pact_runtime::model::json::pact_from_json(&answers(deployable), "matrix")
            .expect("pact");
        let stub = StubServer::builder([pact]).start().await.expect("stub");
        let output = run(strings(&[
            "can-i-deploy",
            "-a",
            "Foo",
            "-e",
            "1",
            "-b",
            stub.url(),
            "--output",
            "json",
        ]))
        .await;
        let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(document["deployable"], json_verdict, "{document}");
        codes.push(output.status.code());
    }
    let unreachable = run(strings(&[
        "can-i-deploy",
        "-a",
        "Foo",
        "--latest",
        "-b",
        "http://127.0.0.1:1",
        "--retries",
        "0",
    ]))
    .await;
    codes.push(unreachable.status.code());

    assert_eq!(codes, [Some(0), Some(1), Some(3), Some(4)]);
    assert!(
        text(&unreachable).contains("http://127.0.0.1:1"),
        "{}",
        text(&unreachable)
    );
}

/// A stub broker answering the matrix only for exactly this query (the stub's query
/// matching is by parameter, so a missing or extra parameter is a 404: a broker error).
async fn matrix_broker(query: Value, deployable: bool) -> StubServer {
    let pact = pact_runtime::model::json::pact_from_json(
        &json!({"consumer": {"name": "c"}, "provider": {"name": "broker"}, "interactions": [
            {"description": "matrix", "request": {"method": "GET", "path": "/matrix", "query": query},
             "response": {"status": 200, "headers": {"Content-Type": "application/hal+json"},
                "body": {"summary": {"deployable": deployable, "reason": "by branch"}, "matrix": [
                    {"consumer": {"name": "Foo", "version": {"number": "7"}},
                     "provider": {"name": "Bar", "version": {"number": "9"}},
                     "verificationResult": {"success": deployable}}]}}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}}),
        "matrix by branch",
    )
    .expect("pact");
    StubServer::builder([pact]).start().await.expect("stub")
}

#[tokio::test]
async fn can_i_deploy_asks_for_the_latest_version_on_a_branch() {
    let alone = matrix_broker(
        json!({"q[][pacticipant]": ["Foo"], "q[][branch]": ["main"], "q[][latest]": ["true"],
               "latest": ["true"], "latestby": ["cvp"]}),
        true,
    )
    .await;
    let to_production = matrix_broker(
        json!({"q[][pacticipant]": ["Foo"], "q[][branch]": ["feat/x"], "q[][latest]": ["true"],
               "environment": ["production"], "latestby": ["cvp"]}),
        false,
    )
    .await;
    let versioned_and_branched = matrix_broker(
        json!({"q[][pacticipant]": ["Foo", "Bar"], "q[][version]": ["7"],
               "q[][branch]": ["main"], "q[][latest]": ["true"], "latestby": ["cvpv"]}),
        true,
    )
    .await;

    let yes = run(strings(&[
        "can-i-deploy",
        "-a",
        "Foo",
        "--branch",
        "main",
        "-b",
        alone.url(),
    ]))
    .await;
    let no = run(strings(&[
        "can-i-deploy",
        "-a",
        "Foo",
        "--branch",
        "feat/x",
        "--to-environment",
        "production",
        "-b",
        to_production.url(),
        "--output",
        "json",
    ]))
    .await;
    let pair = run(strings(&[
        "can-i-deploy",
        "-a",
        "Foo",
        "-e",
        "7",
        "-a",
        "Bar",
        "--branch",
        "main",
        "-b",
        versioned_and_branched.url(),
    ]))
    .await;

    assert_eq!(yes.status.code(), Some(0), "{}", text(&yes));
    assert!(text(&yes).contains("by branch"), "{}", text(&yes));
    assert_eq!(no.status.code(), Some(1), "{}", text(&no));
    let document: Value = serde_json::from_slice(&no.stdout).expect("JSON");
    assert_eq!(document["deployable"], json!(false), "{document}");
    assert_eq!(pair.status.code(), Some(0), "{}", text(&pair));
}

#[tokio::test]
async fn record_deployment_and_release_follow_the_brokers_contract() {
    const STATE: &str = "version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment available for deployment";
    const RELEASE_STATE: &str = "version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment available for release";
    let index = (
        "a request for the index resource",
        Some(
            "the pb:pacticipant-version and pb:environments relations exist in the index resource",
        ),
    );
    let deploy = broker(only(&[
        index,
        ("a request for a pacticipant version", Some(STATE)),
        ("a request to record a deployment", Some(STATE)),
    ]))
    .await;
    let release = broker(only(&[
        index,
        ("a request for a pacticipant version", Some(RELEASE_STATE)),
        ("a request to record a release", Some(STATE)),
    ]))
    .await;
    let sha = "5556b8149bf8bac76bc30f50a8a2dd4c22c85f30";

    let deployed = run(strings(&[
        "record-deployment",
        "-a",
        "Foo",
        "-e",
        sha,
        "--environment",
        "test",
        "--application-instance",
        "blue",
        "-b",
        deploy.url(),
    ]))
    .await;
    let released = run(strings(&[
        "record-release",
        "-a",
        "Foo",
        "-e",
        sha,
        "--environment",
        "test",
        "-b",
        release.url(),
    ]))
    .await;
    let elsewhere = run(strings(&[
        "record-release",
        "-a",
        "Foo",
        "-e",
        sha,
        "--environment",
        "production",
        "-b",
        release.url(),
    ]))
    .await;

    assert_eq!(deployed.status.code(), Some(0), "{}", text(&deployed));
    assert_eq!(released.status.code(), Some(0), "{}", text(&released));
    assert_eq!(elsewhere.status.code(), Some(1), "{}", text(&elsewhere));
}

#[tokio::test]
async fn a_broker_url_whose_credentials_cut_the_host_short_is_a_usage_error_showing_no_secret() {
    let dir = tempfile::tempdir().expect("tempdir");
    user_pact(dir.path(), 1);
    let pacts = dir.path().to_str().expect("utf-8").to_owned();
    let secret = "XYZ-cli-s3cret";
    let urls = [
        format!("http://ci:pa/{secret}@127.0.0.1:9"),
        format!("http://ci:p#{secret}@127.0.0.1:9"),
        format!("http://ci:p?{secret}@127.0.0.1:9"),
        format!("http://ci:{secret}@127.0.0.1:9/x@y"),
    ];
    let mut outputs = Vec::new();

    for url in &urls {
        for command in [
            vec!["publish", pacts.as_str(), "-a", "1", "-b", url.as_str()],
            vec!["can-i-deploy", "-a", "Foo", "-e", "1", "-b", url.as_str()],
            vec![
                "record-deployment",
                "-a",
                "Foo",
                "-e",
                "1",
                "--environment",
                "test",
                "-b",
                url.as_str(),
            ],
        ] {
            outputs.push((command[0], run(strings(&command)).await));
        }
        let mut from_env = pact_bin();
        from_env
            .env("PACT_BROKER_BASE_URL", url)
            .args(["can-i-deploy", "-a", "Foo", "-e", "1"]);
        let output = tokio::task::spawn_blocking(move || from_env.output().expect("run pact"))
            .await
            .expect("the command thread");
        outputs.push(("can-i-deploy (PACT_BROKER_BASE_URL)", output));
    }

    for (command, output) in &outputs {
        let shown = text(output);
        assert_eq!(output.status.code(), Some(2), "{command}: {shown}");
        assert!(shown.contains("invalid broker URL"), "{command}: {shown}");
        assert!(!shown.contains(secret), "{command} leaked: {shown}");
    }
}

#[tokio::test]
async fn a_blank_version_branch_or_tag_is_a_usage_error_before_the_broker_is_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    user_pact(dir.path(), 1);
    let pacts = dir.path().to_str().expect("utf-8").to_owned();
    // Nothing listens on port 9: reaching for the broker would exit 1, not 2.
    let broker = "http://127.0.0.1:9";
    let cases = [
        vec!["publish", pacts.as_str(), "-a", "", "-b", broker],
        vec!["publish", pacts.as_str(), "-a", "   ", "-b", broker],
        vec![
            "publish",
            pacts.as_str(),
            "-a",
            "1",
            "--branch",
            " ",
            "-b",
            broker,
        ],
        vec!["publish", pacts.as_str(), "-a", "1", "-t", "", "-b", broker],
        vec![
            "verify",
            "--broker-url",
            broker,
            "--provider",
            "p",
            "--publish",
            "--provider-version",
            " ",
        ],
    ];

    for args in cases {
        let output = run(strings(&args)).await;
        let shown = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {shown}");
        assert!(shown.contains("empty or blank"), "{args:?}: {shown}");
    }
}
