//! `#[pact_provider(broker = …)]` end to end: the generated tests verify the pacts a stub
//! Pact Broker selects (one passing, one pending and failing) and publish the results only
//! when asked, to a results endpoint that records what it receives.
//!
//! The broker's address, the provider version and the credentials reach the generated
//! tests through the environment, as they do on CI. The environment is process-wide, so
//! each generated test runs in a child process of this binary with an environment of its
//! own, started by [`each_generated_test_against_the_stub_broker`]: an `#[ignore]`d test
//! per function runs its trials as `provider_main!` would. The stub's interactions are written from the broker's
//! documented API (pacts-for-verification, the pact resource's
//! `pb:publish-verification-results` link), as in `broker.rs`.

use std::process::Command;
use std::sync::{Arc, Mutex};

use pact_runtime::__private::ProviderHarness;
use pact_runtime::broker::ConsumerVersionSelector as Select;
use pact_runtime::libtest_mimic::Arguments;
use pact_runtime::prelude::*;
use pact_runtime::stub::StubServer;
use serde_json::{Value, json};

const PROVIDER_URL_ENV: &str = "HARNESS_BROKER_PROVIDER_URL";

fn provider_url() -> String {
    std::env::var(PROVIDER_URL_ENV).expect("started by the parent test with the provider's URL")
}

/// The `#[pact_provider]` functions, run by the `#[ignore]`d tests of the same name below.
mod providers {
    use super::*;

    #[pact_provider(
        provider = "p",
        broker = true,
        selectors = [Select::main_branch()],
        include_pending = true,
        publish_results = true
    )]
    pub async fn publishes_because_the_attribute_says_so() -> Verifier {
        Verifier::new("p", provider_url())
    }

    #[pact_provider(broker = true, selectors = [Select::main_branch()], include_pending = true)]
    pub async fn publishes_only_when_the_environment_says_so() -> Verifier {
        Verifier::new("p", provider_url())
    }

    #[pact_provider(
        broker = true,
        selectors = [Select::main_branch()],
        include_pending = true,
        publish_results = false
    )]
    pub fn never_publishes_when_the_attribute_says_not_to() -> Verifier {
        Verifier::new("p", provider_url())
    }
}

/// Runs a generated function's trials as `provider_main!` would, failing when it would.
fn run_harness(harness: ProviderHarness) {
    let args = Arguments {
        test_threads: Some(1),
        nocapture: true,
        ..Arguments::default()
    };
    let outcome = harness.run_with(&args);
    assert!(!outcome.has_failed(), "{:?}", outcome.failures);
}

#[test]
#[ignore = "run in a child process by each_generated_test_against_the_stub_broker"]
fn publishes_because_the_attribute_says_so() {
    run_harness(providers::publishes_because_the_attribute_says_so());
}

#[test]
#[ignore = "run in a child process by each_generated_test_against_the_stub_broker"]
fn publishes_only_when_the_environment_says_so() {
    run_harness(providers::publishes_only_when_the_environment_says_so());
}

#[test]
#[ignore = "run in a child process by each_generated_test_against_the_stub_broker"]
fn never_publishes_when_the_attribute_says_not_to() {
    run_harness(providers::never_publishes_when_the_attribute_says_not_to());
}

/// Records each request's path and JSON body; answers `201 {}`.
async fn results_recorder() -> (String, Arc<Mutex<Vec<(String, Value)>>>) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let received = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&received);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = Vec::new();
            let mut chunk = [0u8; 8192];
            let (head_end, length) = loop {
                let n = stream.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break (buffer.len(), 0);
                }
                buffer.extend_from_slice(&chunk[..n]);
                if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length:"))
                        .and_then(|value| value.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    break (end + 4, length);
                }
            };
            while buffer.len() < head_end + length {
                let n = stream.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
            let path = head.split(' ').nth(1).unwrap_or("").to_owned();
            let body = serde_json::from_slice(&buffer[head_end..]).unwrap_or(Value::Null);
            seen.lock().expect("lock").push((path, body));
            let _ = stream
                .write_all(b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                .await;
        }
    });
    (url, received)
}

/// The pact resource of `consumer` as the broker serves it, its results link pointing at
/// the recorder.
fn served_pact(consumer: &str, path: &str, results: &str) -> Value {
    json!({
        "description": format!("a request for the pact of {consumer}"),
        "request": {"method": "GET", "path": format!("/pacts/provider/p/consumer/{consumer}")},
        "response": {"status": 200, "headers": {"Content-Type": "application/hal+json"}, "body": {
            "consumer": {"name": consumer}, "provider": {"name": "p"},
            "interactions": [{"_id": format!("{consumer}-1"), "description": format!("{consumer} calls {path}"),
                              "request": {"method": "GET", "path": path},
                              "response": {"status": 200, "body": {"ok": true}}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}},
            "_links": {"pb:publish-verification-results": {"href": format!("{results}/results/{consumer}")}}
        }}
    })
}

fn pact_of(interactions: Value) -> pact_runtime::model::Pact {
    pact_runtime::model::json::pact_from_json(
        &json!({
            "consumer": {"name": "pact-rs"}, "provider": {"name": "Pact Broker"},
            "interactions": interactions,
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        }),
        "documented",
    )
    .expect("valid pact")
}

/// A stub broker whose every request must carry the token: the generated test can only
/// have read it from `PACT_BROKER_TOKEN`.
async fn stub_broker(results: &str) -> StubServer {
    let auth = json!({"Authorization": "Bearer harness-token"});
    let broker = pact_of(json!([
        {"description": "the index", "request": {"method": "GET", "path": "/", "headers": auth},
         "response": {"status": 200, "body": {"_links": {"pb:provider-pacts-for-verification":
            {"href": "/pacts/provider/{provider}/for-verification", "templated": true}}}}},
        {"description": "the pacts for verification",
         "request": {"method": "POST", "path": "/pacts/provider/p/for-verification", "headers": auth,
            "body": {"consumerVersionSelectors": [{"mainBranch": true}], "includePendingStatus": true}},
         "response": {"status": 200, "body": {"_embedded": {"pacts": [
            {"_links": {"self": {"href": "/pacts/provider/p/consumer/c_ok", "name": "Pact between c_ok and p"}},
             "verificationProperties": {"pending": false}},
            {"_links": {"self": {"href": "/pacts/provider/p/consumer/c_pending", "name": "Pact between c_pending and p"}},
             "verificationProperties": {"pending": true, "notices": [{"when": "before_verification", "text": "c_pending is pending"}]}}
         ]}}}},
        served_pact("c_ok", "/hello", results),
        served_pact("c_pending", "/missing", results),
    ]));
    StubServer::builder([broker])
        .start()
        .await
        .expect("the stub broker starts")
}

/// A provider that answers `GET /hello` only.
async fn hello_provider() -> StubServer {
    let pact = pact_of(json!([{
        "description": "hello", "request": {"method": "GET", "path": "/hello"},
        "response": {"status": 200, "body": {"ok": true}}
    }]));
    StubServer::builder([pact])
        .start()
        .await
        .expect("the provider starts")
}

/// Runs one generated test in a child process with `env`; its exit status and output.
fn run_child(test: &str, env: &[(&str, &str)]) -> (bool, String) {
    let mut command = Command::new(std::env::current_exe().expect("this test binary"));
    command.args([
        "--ignored",
        "--exact",
        test,
        "--nocapture",
        "--test-threads=1",
    ]);
    for variable in [
        "PACT_BROKER_BASE_URL",
        "PACT_BROKER_USERNAME",
        "PACT_BROKER_PASSWORD",
        "PACT_BROKER_TOKEN",
        "PACT_PUBLISH_RESULTS",
        "PACT_PROVIDER_VERSION",
        "PACT_PROVIDER_BRANCH",
        "PACT_BUILD_URL",
    ] {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied());
    let output = command.output().expect("the child runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success() && text.contains("1 passed"), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_generated_test_against_the_stub_broker() {
    let (results, received) = results_recorder().await;
    let broker = stub_broker(&results).await;
    let provider = hello_provider().await;
    let base = [
        ("PACT_BROKER_BASE_URL", broker.url()),
        ("PACT_BROKER_TOKEN", "harness-token"),
        ("PACT_PROVIDER_VERSION", "1.2.3"),
        (PROVIDER_URL_ENV, provider.url()),
    ];
    let run = |test: &'static str, extra: &'static [(&'static str, &'static str)]| {
        let env: Vec<(&str, &str)> = base.iter().chain(extra).copied().collect();
        let env: Vec<(String, String)> = env
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        async move {
            tokio::task::spawn_blocking(move || {
                let env: Vec<(&str, &str)> =
                    env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                run_child(test, &env)
            })
            .await
            .expect("the child's thread")
        }
    };
    let take = || std::mem::take(&mut *received.lock().expect("lock"));

    // Not asked: the pending failure does not fail the run, and nothing is published.
    for (test, extra) in [
        ("publishes_only_when_the_environment_says_so", &[][..]),
        (
            "publishes_only_when_the_environment_says_so",
            &[("PACT_PUBLISH_RESULTS", "false")][..],
        ),
        (
            "never_publishes_when_the_attribute_says_not_to",
            &[("PACT_PUBLISH_RESULTS", "true")][..],
        ),
    ] {
        let (passed, output) = run(test, extra).await;
        assert!(passed, "{test} {extra:?}:\n{output}");
        assert!(output.contains("c_pending is pending"), "{output}");
        assert!(!output.contains("published"), "{test} {extra:?}:\n{output}");
        assert_eq!(take(), [], "{test} {extra:?} published:\n{output}");
    }

    // Asked, by the attribute or by the environment: one result per pact, the pending
    // failure published as a failure, for the version from the environment.
    for (test, extra) in [
        ("publishes_because_the_attribute_says_so", &[][..]),
        (
            "publishes_only_when_the_environment_says_so",
            &[
                ("PACT_PUBLISH_RESULTS", "true"),
                ("PACT_BUILD_URL", "http://ci/9"),
            ][..],
        ),
    ] {
        let (passed, output) = run(test, extra).await;
        assert!(passed, "{test} {extra:?}:\n{output}");
        assert!(
            output.contains("published 2 verification result(s)"),
            "{output}"
        );
        let mut published = take();
        published.sort_by(|a, b| a.0.cmp(&b.0));
        let summary: Vec<(&str, Option<bool>, Option<&str>)> = published
            .iter()
            .map(|(path, body)| {
                (
                    path.as_str(),
                    body["success"].as_bool(),
                    body["providerApplicationVersion"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("/results/c_ok", Some(true), Some("1.2.3")),
                ("/results/c_pending", Some(false), Some("1.2.3")),
            ],
            "{test} {extra:?}"
        );
        let build_url = extra
            .iter()
            .find(|(k, _)| *k == "PACT_BUILD_URL")
            .map(|(_, v)| *v);
        assert_eq!(published[0].1["buildUrl"].as_str(), build_url, "{test}");
    }

    // Asked without a version: the test fails before anything is sent.
    let (passed, output) = run(
        "publishes_because_the_attribute_says_so",
        &[("PACT_PROVIDER_VERSION", "")],
    )
    .await;
    assert!(!passed, "{output}");
    assert!(
        output.contains("needs the provider's version: set PACT_PROVIDER_VERSION"),
        "{output}"
    );
    assert_eq!(take(), []);
}
