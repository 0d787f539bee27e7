//! Message pacts on the provider side end to end: in-process producers (plain and async
//! closures, synchronous messages with several responses), the message endpoint of a
//! provider not written in Rust (a small axum app with the official verifier's
//! convention), pacts mixing HTTP and messages, and verifications that verified nothing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine as _;
use pact_runtime::matching::MismatchKind;
use pact_runtime::prelude::*;
use pact_runtime::provider::{
    HookContext, MessageContext, Outcome, PactSource, ProviderMessage, Status, VerificationReport,
};
use serde_json::{Value, json};

fn write_pact(dir: &Path, file: &str, pact: &Value) -> PathBuf {
    let path = dir.join(file);
    let text = serde_json::to_string_pretty(pact).expect("pact serialises");
    std::fs::write(&path, text).expect("write the pact file");
    path
}

fn v4_pact(interactions: Value) -> Value {
    json!({
        "consumer": {"name": "user-events"},
        "provider": {"name": "user-service"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

fn async_message(description: &str, content: Value, metadata: Value) -> Value {
    json!({
        "type": "Asynchronous/Messages",
        "description": description,
        "contents": {"content": content, "contentType": "application/json", "encoded": false},
        "metadata": metadata
    })
}

/// The user created event of most tests: an integer id, any name, a topic by regex.
fn user_created() -> Value {
    let mut message = async_message(
        "a user created event",
        json!({"id": 42, "name": "Alice"}),
        json!({"topic": "users.created"}),
    );
    message["providerStates"] = json!([{"name": "a user is created", "params": {"id": 7}}]);
    message["matchingRules"] = json!({
        "content": {
            "$.id": {"combine": "AND", "matchers": [{"match": "integer"}]},
            "$.name": {"combine": "AND", "matchers": [{"match": "type"}]}
        },
        "metadata": {"topic": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^users\\.\\w+$"}]}}
    });
    message
}

async fn verify(verifier: Verifier, pact: &Value) -> VerificationReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_pact(dir.path(), "user-events-user-service.json", pact);
    verifier.verify(&[PactSource::file(path)]).await
}

fn outcome_of<'r>(report: &'r VerificationReport, description: &str) -> &'r Outcome {
    &report
        .interactions()
        .find(|result| result.description == description)
        .unwrap_or_else(|| panic!("no result for {description:?} in:\n{report}"))
        .outcome
}

fn failure_of(report: &VerificationReport, description: &str) -> (String, Vec<String>) {
    match outcome_of(report, description) {
        outcome @ Outcome::Failed { mismatches, .. } => (
            outcome.error_message().unwrap_or_default(),
            mismatches.iter().map(|m| m.message()).collect(),
        ),
        other => panic!("expected {description:?} to fail, got {other:?}\n{report}"),
    }
}

fn user_event(context: &MessageContext) -> Result<ProviderMessage, serde_json::Error> {
    let id = context
        .values
        .get("id")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    Ok(
        ProviderMessage::json(&json!({"id": id, "name": "Bob"}))?
            .metadata("topic", "users.created"),
    )
}

#[tokio::test]
async fn a_producer_whose_message_honours_the_pact_passes_after_its_states_and_hooks() {
    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let (state_log, hook_log, producer_log) = (log.clone(), log.clone(), log.clone());
    let verifier = Verifier::for_messages("user-service")
        .state("a user is created", move |state: ProviderState| {
            state_log
                .lock()
                .expect("log")
                .push(format!("state {}", state.name));
            async { Ok::<_, String>(serde_json::Map::from_iter([("id".into(), json!(9))])) }
        })
        .before_each(move |context: HookContext| {
            hook_log
                .lock()
                .expect("log")
                .push(format!("before {}", context.description));
            async { Ok::<_, String>(()) }
        })
        .message("a user created event", move |context: MessageContext| {
            producer_log
                .lock()
                .expect("log")
                .push(format!("produce {:?}", context.values));
            user_event(&context)
        });

    let report = verify(verifier, &v4_pact(json!([user_created()]))).await;

    report.assert_ok();
    assert_eq!(
        *log.lock().expect("log"),
        [
            "before a user created event",
            "state a user is created",
            // The state's parameter, overridden by what its handler returned.
            "produce {\"id\": Number(9)}",
        ]
    );
    assert!(
        report
            .to_string()
            .contains("  ✔ a user created event (given a user is created)")
    );
}

#[tokio::test]
async fn an_async_producer_is_awaited() {
    let verifier = Verifier::for_messages("user-service").message(
        "a user created event",
        |context: MessageContext| async move {
            tokio::task::yield_now().await;
            user_event(&context)
        },
    );

    let report = verify(verifier, &v4_pact(json!([user_created()]))).await;

    report.assert_ok();
}

#[tokio::test]
async fn a_producer_error_fails_the_interaction_with_the_error() {
    let failing = Verifier::for_messages("user-service")
        .message("a user created event", |_context: MessageContext| {
            Err::<ProviderMessage, _>("the outbox is closed")
        });
    let failing_async = Verifier::for_messages("user-service")
        .message("a user created event", |_context: MessageContext| async {
            Err::<ProviderMessage, _>("kafka is down")
        });

    let report = verify(failing, &v4_pact(json!([user_created()]))).await;
    let report_async = verify(failing_async, &v4_pact(json!([user_created()]))).await;

    assert!(!report.is_ok());
    assert_eq!(
        failure_of(&report, "a user created event").0,
        "the producer of \"a user created event\" failed: the outbox is closed"
    );
    assert_eq!(
        failure_of(&report_async, "a user created event").0,
        "the producer of \"a user created event\" failed: kafka is down"
    );
}

#[tokio::test]
async fn wrong_contents_and_wrong_or_missing_metadata_are_mismatches() {
    let wrong_topic = Verifier::for_messages("user-service").message(
        "a user created event",
        |_context: MessageContext| {
            ProviderMessage::json(&json!({"id": 1, "name": "Bob"}))
                .map(|message| message.metadata("topic", "orders.created"))
        },
    );
    let no_topic = Verifier::for_messages("user-service")
        .message("a user created event", |_context: MessageContext| {
            ProviderMessage::json(&json!({"id": 1, "name": "Bob"}))
        });
    let wrong_type = Verifier::for_messages("user-service").message(
        "a user created event",
        |_context: MessageContext| {
            ProviderMessage::json(&json!({"id": "1", "name": "Bob"}))
                .map(|message| message.metadata("topic", "users.created"))
        },
    );

    let pact = v4_pact(json!([user_created()]));
    let (wrong_topic, no_topic, wrong_type) = (
        verify(wrong_topic, &pact).await,
        verify(no_topic, &pact).await,
        verify(wrong_type, &pact).await,
    );

    let kinds = |report: &VerificationReport| -> Vec<MismatchKind> {
        match outcome_of(report, "a user created event") {
            Outcome::Failed { mismatches, .. } => mismatches.iter().map(|m| m.kind).collect(),
            other => panic!("expected a failure, got {other:?}"),
        }
    };
    assert_eq!(kinds(&wrong_topic), vec![MismatchKind::Metadata]);
    assert!(
        failure_of(&wrong_topic, "a user created event").1[0].contains("orders.created"),
        "{wrong_topic}"
    );
    assert_eq!(
        failure_of(&no_topic, "a user created event").1,
        ["expected metadata 'topic' with \"users.created\" but it was missing"]
    );
    assert_eq!(kinds(&wrong_type), vec![MismatchKind::Body]);
    assert!(wrong_type.to_string().contains("$.id"), "{wrong_type}");
}

#[tokio::test]
async fn metadata_spelled_metadata_or_meta_data_is_verified_alike() {
    for key in ["metadata", "metaData"] {
        let pact = json!({
            "consumer": {"name": "user-events"},
            "provider": {"name": "user-service"},
            "messages": [{
                "description": "a user deleted event",
                "contents": {"id": 42},
                key: {"contentType": "application/json", "topic": "users.deleted"}
            }],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        });
        let right = Verifier::for_messages("user-service").message(
            "a user deleted event",
            |_context: MessageContext| {
                ProviderMessage::json(&json!({"id": 42}))
                    .map(|m| m.metadata("topic", "users.deleted"))
            },
        );
        let wrong = Verifier::for_messages("user-service").message(
            "a user deleted event",
            |_context: MessageContext| {
                ProviderMessage::json(&json!({"id": 42})).map(|m| m.metadata("topic", "users.gone"))
            },
        );

        let right = verify(right, &pact).await;
        let wrong = verify(wrong, &pact).await;

        assert!(right.is_ok(), "{key}: {right}");
        assert_eq!(
            failure_of(&wrong, "a user deleted event").1,
            ["expected metadata 'topic' to be \"users.deleted\" but was \"users.gone\""],
            "{key}"
        );
    }
}

#[tokio::test]
async fn a_message_without_a_producer_fails_naming_its_description() {
    let pact = v4_pact(json!([
        user_created(),
        async_message("a user deleted event", json!({"id": 1}), json!({}))
    ]));
    let verifier = Verifier::for_messages("user-service")
        .message("a user created event", |context: MessageContext| {
            user_event(&context)
        });

    let report = verify(verifier, &pact).await;

    assert!(!report.is_ok());
    assert!(matches!(
        outcome_of(&report, "a user created event"),
        Outcome::Passed
    ));
    let (error, _) = failure_of(&report, "a user deleted event");
    assert!(
        error.starts_with("no producer for the message \"a user deleted event\": register one with `Verifier::message`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_producer_registered_for_the_other_kind_of_message_fails_saying_which_to_use() {
    let verifier = Verifier::for_messages("user-service").sync_message(
        "a user created event",
        |_context: MessageContext, _request: ProviderMessage| {
            Ok::<_, String>(ProviderMessage::text("no"))
        },
    );

    let report = verify(verifier, &v4_pact(json!([user_created()]))).await;

    let (error, _) = failure_of(&report, "a user created event");
    assert!(
        error.contains("register it with `Verifier::message`"),
        "{error}"
    );
}

#[tokio::test]
async fn text_and_binary_contents_are_matched_by_their_content_type() {
    let pact = v4_pact(json!([
        {
            "type": "Asynchronous/Messages",
            "description": "a greeting",
            "contents": {"content": "hello Alice", "contentType": "text/plain", "encoded": false}
        },
        {
            "type": "Asynchronous/Messages",
            "description": "an avatar",
            "contents": {"content": "AAEC/w==", "contentType": "application/octet-stream", "encoded": "base64"}
        }
    ]));
    let honest = |greeting: &'static str, avatar: &'static [u8]| {
        Verifier::for_messages("user-service")
            .message("a greeting", move |_context: MessageContext| {
                Ok::<_, String>(ProviderMessage::text(greeting))
            })
            .message("an avatar", move |_context: MessageContext| {
                Ok::<_, String>(ProviderMessage::bytes(avatar, "application/octet-stream"))
            })
    };

    let right = verify(honest("hello Alice", &[0, 1, 2, 255]), &pact).await;
    let wrong = verify(honest("hello Bob", &[0, 1, 2, 254]), &pact).await;

    assert!(right.is_ok(), "{right}");
    assert_eq!(
        wrong.interactions().filter(|i| i.is_failed()).count(),
        2,
        "{wrong}"
    );
    assert!(
        failure_of(&wrong, "a greeting").1[0].contains("hello Bob"),
        "{wrong}"
    );
}

fn user_lookup() -> Value {
    json!({
        "type": "Synchronous/Messages",
        "description": "a user lookup",
        "request": {"contents": {"content": {"id": 42}, "contentType": "application/json", "encoded": false}},
        "response": [
            {"contents": {"content": {"id": 42, "name": "Alice"}, "contentType": "application/json", "encoded": false}},
            {"contents": {"content": {"done": true}, "contentType": "application/json", "encoded": false}}
        ]
    })
}

/// A lookup producer: the user the request names, then `{"done": done}`.
fn lookup(
    done: bool,
) -> impl Fn(MessageContext, ProviderMessage) -> Result<Vec<ProviderMessage>, String>
+ Send
+ Sync
+ 'static {
    move |_context: MessageContext, request: ProviderMessage| {
        let id = request.deserialize::<Value>().map_err(|e| e.to_string())?["id"].clone();
        Ok(vec![
            ProviderMessage::json_value_of(json!({"id": id, "name": "Alice"})),
            ProviderMessage::json_value_of(json!({"done": done})),
        ])
    }
}

/// A synchronous message that expects no response (`"response": []`, which the V4 model
/// allows): the producer is still called with the request, and what it answers is not
/// compared (the consumer reads no response), as pact-reference's matcher does.
#[tokio::test]
async fn a_synchronous_message_without_responses_calls_the_producer_and_accepts_any_answer() {
    let pact = v4_pact(json!([{
        "type": "Synchronous/Messages",
        "description": "a purge command",
        "request": {"contents": {"content": {"command": "purge"}, "contentType": "application/json", "encoded": false}},
        "response": []
    }]));
    let requests = Arc::new(Mutex::new(Vec::new()));
    let producer = |answers: usize| {
        let requests = Arc::clone(&requests);
        move |_context: MessageContext, request: ProviderMessage| {
            let command = request.deserialize::<Value>().map_err(|e| e.to_string())?;
            requests.lock().map_err(|e| e.to_string())?.push(command);
            Ok::<_, String>(vec![ProviderMessage::text("purged"); answers])
        }
    };
    let failing = Verifier::for_messages("user-service").sync_message(
        "a purge command",
        |_context: MessageContext, _request: ProviderMessage| {
            Err::<Vec<ProviderMessage>, _>("the queue is down".to_owned())
        },
    );

    let mut reports = Vec::new();
    for answers in [0, 1, 2] {
        let verifier = Verifier::for_messages("user-service")
            .sync_message("a purge command", producer(answers));
        reports.push(verify(verifier, &pact).await);
    }
    let failed = verify(failing, &pact).await;

    for report in &reports {
        assert!(report.is_ok(), "{report}");
    }
    assert_eq!(
        *requests.lock().expect("not poisoned"),
        vec![json!({"command": "purge"}); 3],
        "the producer gets the request every time"
    );
    assert!(
        failure_of(&failed, "a purge command")
            .0
            .contains("the queue is down"),
        "a producer's error still fails it:\n{failed}"
    );
}

#[tokio::test]
async fn a_synchronous_message_gets_the_request_and_each_of_two_responses_is_matched() {
    let right = Verifier::for_messages("user-service").sync_message("a user lookup", lookup(true));
    let wrong = Verifier::for_messages("user-service").sync_message("a user lookup", lookup(false));
    let short = Verifier::for_messages("user-service").sync_message(
        "a user lookup",
        |_context: MessageContext, _request: ProviderMessage| async {
            Ok::<_, String>(ProviderMessage::json_value_of(
                json!({"id": 42, "name": "Alice"}),
            ))
        },
    );

    let pact = v4_pact(json!([user_lookup()]));
    let (right, wrong, short) = (
        verify(right, &pact).await,
        verify(wrong, &pact).await,
        verify(short, &pact).await,
    );

    assert!(right.is_ok(), "{right}");
    assert_eq!(
        failure_of(&wrong, "a user lookup").1,
        ["$.done: response 2 of 2: expected true, found false"]
    );
    assert!(
        wrong
            .to_string()
            .contains("$.done  response 2 of 2: expected true, found false"),
        "{wrong}"
    );
    assert_eq!(
        failure_of(&short, "a user lookup").1,
        ["expected 2 response messages, but the producer returned 1"]
    );
}

async fn health() -> Json<Value> {
    Json(json!({"status": "up"}))
}

async fn start_http_provider() -> String {
    let app = axum::Router::new().route("/health", get(health));
    serve(app).await
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn mixed_pact() -> Value {
    v4_pact(json!([
        {
            "type": "Synchronous/HTTP",
            "description": "a request for the health check",
            "request": {"method": "GET", "path": "/health"},
            "response": {"status": 200, "body": {"content": {"status": "up"}, "contentType": "application/json", "encoded": false}}
        },
        user_created(),
        user_lookup()
    ]))
}

#[tokio::test]
async fn one_verifier_verifies_a_pact_mixing_http_and_messages() {
    let url = start_http_provider().await;
    let verifier = Verifier::new("user-service", url)
        .message("a user created event", |context: MessageContext| {
            user_event(&context)
        })
        .sync_message("a user lookup", lookup(true))
        .concurrency(4);

    let report = verify(verifier, &mixed_pact()).await;

    report.assert_ok();
    assert_eq!(report.verified(), 3);
    assert!(
        report
            .to_string()
            .ends_with("verification: 3 interactions, 3 passed, 0 failed, 0 skipped\n"),
        "{report}"
    );
}

#[tokio::test]
async fn filters_and_pending_apply_to_messages_as_to_http() {
    let url = start_http_provider().await;
    let mut pact = mixed_pact();
    pact["interactions"][2]["pending"] = json!(true);
    let verifier = Verifier::new("user-service", url)
        .message("a user created event", |context: MessageContext| {
            user_event(&context)
        })
        .sync_message("a user lookup", lookup(false))
        .filter_description("^a user");

    let report = verify(verifier, &pact).await;

    assert!(report.is_ok(), "{report}");
    let statuses: Vec<(&str, Status)> = report
        .interactions()
        .map(|i| (i.description.as_str(), i.status()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("a user created event", Status::Passed),
            ("a user lookup", Status::Pending)
        ]
    );
    assert_eq!(report.pacts[0].filtered_out, 1);
}

/// A provider written for the official verifier: its messages answer a POST to the base
/// URL (under `/api` too, for a base path), the topic in `Pact-Message-Metadata`.
async fn start_message_provider(topic: &'static str) -> String {
    let message = move || async move {
        let metadata =
            base64::engine::general_purpose::STANDARD.encode(json!({"topic": topic}).to_string());
        (
            [("Pact-Message-Metadata", metadata)],
            Json(json!({"id": 1, "name": "Bob"})),
        )
    };
    let app = axum::Router::new()
        .route("/health", get(health))
        .route("/", post(message))
        .route("/api", post(message))
        .route("/api/health", get(health));
    serve(app).await
}

#[tokio::test]
async fn a_messages_only_verifier_skips_http_and_an_http_verifier_asks_its_base_url_for_messages() {
    let url = start_http_provider().await;
    let good = start_message_provider("users.created").await;
    let broken = start_message_provider("nope").await;
    let http_only = v4_pact(json!([mixed_pact()["interactions"][0].clone()]));
    let messages_only = v4_pact(json!([user_created()]));
    let http_and_event = v4_pact(json!([
        mixed_pact()["interactions"][0].clone(),
        user_created()
    ]));

    let no_http = verify(Verifier::for_messages("user-service"), &http_only).await;
    let answered = verify(Verifier::new("user-service", good.clone()), &messages_only).await;
    let with_base_path = verify(
        Verifier::new("user-service", format!("{good}/api")),
        &http_and_event,
    )
    .await;
    let wrong_topic = verify(Verifier::new("user-service", broken), &http_and_event).await;
    // A provider without a message endpoint answers 404: a failure, never a skip.
    let unanswered = verify(Verifier::new("user-service", url), &http_and_event).await;

    assert!(!no_http.is_ok(), "{no_http}");
    assert!(
        no_http
            .to_string()
            .starts_with("error: nothing was verified (1 interaction skipped); "),
        "{no_http}"
    );
    assert!(
        no_http
            .to_string()
            .contains(": skipped, an HTTP interaction"),
        "{no_http}"
    );
    answered.assert_ok();
    assert_eq!(answered.verified(), 1);
    with_base_path.assert_ok();
    assert_eq!(with_base_path.verified(), 2);
    for report in [&wrong_topic, &unanswered] {
        assert!(!report.is_ok(), "{report}");
        assert!(
            report
                .to_string()
                .ends_with("1 passed, 1 failed, 0 skipped\n"),
            "{report}"
        );
    }
    assert!(wrong_topic.to_string().contains("nope"), "{wrong_topic}");
    assert!(
        unanswered.to_string().contains("404")
            && unanswered
                .to_string()
                .contains("`Verifier::message_endpoint`"),
        "{unanswered}"
    );
}

#[tokio::test]
async fn a_verification_filtered_to_nothing_or_finding_no_pacts_fails_unless_allowed() {
    let empty_dir = tempfile::tempdir().expect("tempdir");
    let pact = v4_pact(json!([user_created()]));
    let filtered = |allow: bool| {
        let verifier = Verifier::for_messages("user-service")
            .message("a user created event", |context: MessageContext| {
                user_event(&context)
            })
            .filter_description("nothing like this");
        if allow {
            verifier.allow_no_interactions()
        } else {
            verifier
        }
    };
    // No producer and no base URL or endpoint to ask: the messages are skipped.
    let skipped = |allow: bool| {
        let verifier = Verifier::for_messages("user-service");
        if allow {
            verifier.allow_no_interactions()
        } else {
            verifier
        }
    };
    let no_pacts = |allow: bool| {
        let verifier = Verifier::for_messages("user-service");
        let verifier = if allow {
            verifier.allow_no_interactions()
        } else {
            verifier
        };
        let sources = [PactSource::dir(empty_dir.path())];
        async move { verifier.verify(&sources).await }
    };

    let (filtered_fails, filtered_allowed) = (
        verify(filtered(false), &pact).await,
        verify(filtered(true), &pact).await,
    );
    let (skipped_fails, skipped_allowed) = (
        verify(skipped(false), &pact).await,
        verify(skipped(true), &pact).await,
    );
    let (none_fails, none_allowed) = (no_pacts(false).await, no_pacts(true).await);

    assert!(!filtered_fails.is_ok());
    assert!(
        filtered_fails
            .to_string()
            .contains("no interaction matches the filters"),
        "{filtered_fails}"
    );
    assert!(!skipped_fails.is_ok());
    assert!(!none_fails.is_ok());
    assert!(
        none_fails
            .to_string()
            .contains("no pact for provider \"user-service\""),
        "{none_fails}"
    );
    for allowed in [&filtered_allowed, &skipped_allowed, &none_allowed] {
        assert!(allowed.is_ok(), "{allowed}");
        assert!(!allowed.to_string().contains("error:"), "{allowed}");
    }
    // Skipped interactions are still shown and counted when allowed.
    assert!(
        skipped_allowed
            .to_string()
            .ends_with("0 passed, 0 failed, 1 skipped\n"),
        "{skipped_allowed}"
    );
}

/// A provider not written in Rust, as the official verifier expects it: messages from a
/// POST endpoint, metadata in `Pact-Message-Metadata`.
async fn start_message_endpoint(requests: Arc<Mutex<Vec<Value>>>, topic: &'static str) -> String {
    let endpoint = move |Json(body): Json<Value>| {
        let requests = requests.clone();
        async move {
            requests.lock().expect("log").push(body.clone());
            let metadata = base64::engine::general_purpose::STANDARD
                .encode(json!({"topic": topic}).to_string());
            let mut headers = HeaderMap::new();
            headers.insert("Pact-Message-Metadata", metadata.parse().expect("ASCII"));
            match body["description"].as_str() {
                Some("a user created event") => {
                    let id = body["providerStates"][0]["params"]["id"].clone();
                    (
                        StatusCode::OK,
                        headers,
                        Json(json!({"id": id, "name": "Bob"})),
                    )
                        .into_response()
                }
                Some("a user lookup") => {
                    let id = body["request"]["contents"]["content"]["id"].clone();
                    (
                        StatusCode::OK,
                        headers,
                        Json(json!({"id": id, "name": "Alice"})),
                    )
                        .into_response()
                }
                _ => (StatusCode::NOT_FOUND, "no such message").into_response(),
            }
        }
    };
    let app = axum::Router::new()
        .route("/health", get(health))
        .route("/_pact/messages", post(endpoint));
    serve(app).await
}

#[tokio::test]
async fn a_message_endpoint_with_the_official_convention_is_verified() {
    let requests: Arc<Mutex<Vec<Value>>> = Arc::default();
    let url = start_message_endpoint(requests.clone(), "users.created").await;
    let mut lookup = user_lookup();
    lookup["response"].as_array_mut().expect("responses").pop();
    let pact = v4_pact(json!([
        mixed_pact()["interactions"][0].clone(),
        user_created(),
        lookup
    ]));

    let report = verify(
        Verifier::new("user-service", url).message_endpoint("/_pact/messages"),
        &pact,
    )
    .await;

    report.assert_ok();
    let requests = requests.lock().expect("log").clone();
    assert_eq!(
        requests[0],
        json!({"description": "a user created event", "providerStates": [{"name": "a user is created", "params": {"id": 7}}]})
    );
    assert_eq!(
        requests[1]["request"]["contents"],
        json!({"content": {"id": 42}, "contentType": "application/json", "encoded": false})
    );
}

#[tokio::test]
async fn a_message_endpoint_failure_or_wrong_metadata_fails_the_interaction() {
    let requests: Arc<Mutex<Vec<Value>>> = Arc::default();
    let url = start_message_endpoint(requests, "orders.created").await;
    let pact = v4_pact(json!([
        user_created(),
        async_message("an unknown event", json!({}), json!({}))
    ]));

    let report = verify(
        Verifier::for_messages("user-service").message_endpoint(format!("{url}/_pact/messages")),
        &pact,
    )
    .await;

    assert!(
        failure_of(&report, "a user created event").1[0].contains("metadata 'topic'"),
        "{report}"
    );
    let (error, _) = failure_of(&report, "an unknown event");
    assert!(
        error.contains("answered 404 Not Found for \"an unknown event\": no such message"),
        "{error}"
    );
}

#[tokio::test]
async fn an_in_process_producer_wins_over_the_message_endpoint() {
    let requests: Arc<Mutex<Vec<Value>>> = Arc::default();
    let url = start_message_endpoint(requests.clone(), "users.created").await;

    let report = verify(
        Verifier::for_messages("user-service")
            .message_endpoint(format!("{url}/_pact/messages"))
            .message("a user created event", |context: MessageContext| {
                user_event(&context)
            }),
        &v4_pact(json!([user_created()])),
    )
    .await;

    report.assert_ok();
    assert!(requests.lock().expect("log").is_empty());
}

#[tokio::test]
async fn a_message_endpoint_path_needs_a_base_url() {
    let report = Verifier::for_messages("user-service")
        .message_endpoint("/_pact/messages")
        .verify(&[])
        .await;

    assert!(!report.is_ok());
    assert!(
        report
            .to_string()
            .contains("the message endpoint `/_pact/messages`"),
        "{report}"
    );
}

/// `provider_main!`'s way of running a generated function, for a test to look at.
fn run_harness(
    harness: pact_runtime::__private::ProviderHarness,
) -> pact_runtime::__private::HarnessOutcome {
    let args = pact_runtime::libtest_mimic::Arguments {
        test_threads: Some(1),
        quiet: true,
        logfile: Some(pact_tests::inner_trials_log()),
        ..Default::default()
    };
    harness.run_with(&args)
}

#[pact_provider(pact = "fixtures/messages/user-events-message-service.json")]
async fn mixing_http_and_messages() -> Verifier {
    let url = start_http_provider().await;
    Verifier::new("message-service", url)
        .state("a user is created", |_state: ProviderState| async {
            Ok::<(), String>(())
        })
        .message("a user created event", |context: MessageContext| {
            user_event(&context)
        })
        .sync_message("a user lookup", lookup(true))
}

#[test]
fn the_macro_verifies_a_pact_mixing_http_and_messages_one_trial_each() {
    let outcome = run_harness(mixing_http_and_messages());

    assert!(!outcome.has_failed(), "{:?}", outcome.failures);
    let verified = outcome.reports[0].verified();
    assert!(verified >= 3, "{verified}");
    assert_eq!(outcome.conclusion.num_passed, verified as u64);
}

mod nothing_verified {
    use super::*;

    #[pact_provider(pact = "fixtures/messages/only-messages-message-service.json")]
    pub fn everything_skipped() -> Verifier {
        // With a base URL the messages would be asked of it; without one or a producer,
        // they are skipped.
        Verifier::for_messages("message-service")
    }

    #[pact_provider(pact = "fixtures/messages/only-messages-message-service.json")]
    pub fn everything_skipped_allowed() -> Verifier {
        Verifier::for_messages("message-service").allow_no_interactions()
    }
}

#[test]
fn the_macro_fails_a_run_in_which_everything_was_skipped() {
    let outcome = run_harness(nothing_verified::everything_skipped());

    assert_eq!(outcome.conclusion.num_ignored, 1);
    assert_eq!(outcome.conclusion.num_failed, 1);
    let (name, message) = &outcome.failures[0];
    assert_eq!(name, "everything_skipped::nothing verified");
    assert!(
        message.starts_with("nothing was verified (1 interaction skipped)"),
        "{message}"
    );
}

#[test]
fn the_macro_passes_a_run_that_allows_verifying_nothing() {
    let outcome = run_harness(nothing_verified::everything_skipped_allowed());

    assert!(!outcome.has_failed(), "{:?}", outcome.failures);
    assert_eq!(outcome.conclusion.num_ignored, 1);
}

fn explode(message: &str) -> Result<ProviderMessage, String> {
    panic!("{message}")
}

/// The user-created event, whose producer, state or hook panics, then an event that passes.
fn event_then_plain() -> Value {
    v4_pact(json!([
        user_created(),
        async_message("a plain event", json!({"ok": true}), json!({}))
    ]))
}

fn plain(_context: MessageContext) -> Result<ProviderMessage, String> {
    Ok(ProviderMessage::json_value_of(json!({"ok": true})))
}

#[tokio::test]
async fn a_panicking_producer_state_handler_or_hook_fails_its_interaction_and_the_rest_runs() {
    let sync_producer = Verifier::for_messages("user-service")
        .message("a user created event", |_context: MessageContext| {
            explode("the queue is down")
        })
        .message("a plain event", plain);
    let async_producer = Verifier::for_messages("user-service")
        .message(
            "a user created event",
            |_context: MessageContext| async move {
                tokio::task::yield_now().await;
                explode("the broker went away")
            },
        )
        .message("a plain event", plain);
    let state_handler = Verifier::for_messages("user-service")
        .state("a user is created", |_state: ProviderState| async {
            if true {
                panic!("no database");
            }
            Ok::<(), String>(())
        })
        .message("a user created event", |context: MessageContext| {
            user_event(&context)
        })
        .message("a plain event", plain);
    let hook = Verifier::for_messages("user-service")
        .before_each(|context: HookContext| async move {
            if context.description == "a user created event" {
                panic!("the hook tripped");
            }
            Ok::<(), String>(())
        })
        .message("a user created event", |context: MessageContext| {
            user_event(&context)
        })
        .message("a plain event", plain);

    for (verifier, said) in [
        (
            sync_producer,
            "the producer of \"a user created event\" panicked: the queue is down",
        ),
        (
            async_producer,
            "the producer of \"a user created event\" panicked: the broker went away",
        ),
        (
            state_handler,
            "\"a user is created\": panicked: no database",
        ),
        (hook, "before-each hook failed: panicked: the hook tripped"),
    ] {
        let report = verify(verifier, &event_then_plain()).await;

        assert!(!report.is_ok(), "{report}");
        match outcome_of(&report, "a user created event").error_message() {
            Some(error) => assert!(error.contains(said), "{error}"),
            other => panic!("{said}: {other:?}"),
        }
        assert!(
            matches!(outcome_of(&report, "a plain event"), Outcome::Passed),
            "{report}"
        );
        assert!(
            report
                .to_string()
                .ends_with("1 passed, 1 failed, 0 skipped\n"),
            "{report}"
        );
    }
}

#[tokio::test]
async fn a_sync_producer_returning_more_responses_than_expected_fails() {
    let pact = v4_pact(json!([user_lookup()]));
    let respond = lookup(true);
    let verifier = Verifier::for_messages("user-service").sync_message(
        "a user lookup",
        move |context: MessageContext, request: ProviderMessage| {
            let mut responses = respond(context, request)?;
            responses.push(ProviderMessage::text("one too many"));
            Ok::<_, String>(responses)
        },
    );

    let report = verify(verifier, &pact).await;

    assert!(!report.is_ok(), "{report}");
    assert!(
        report
            .to_string()
            .contains("expected 2 response messages, but the producer returned 3"),
        "{report}"
    );
}

/// F5: a message provider test needs only the prelude (`ProviderMessage`, `MessageContext`
/// beside `Verifier`), for a passing and a failing producer alike.
mod prelude_only {
    use pact_runtime::prelude::{MessageContext, PactSource, ProviderMessage, Verifier};
    use serde_json::json;

    /// A producer of the pact's event whose `id` is `id` (the pact's rule wants an integer).
    fn verifier(id: serde_json::Value) -> Verifier {
        Verifier::for_messages("user-service").message(
            "a user created event",
            move |context: MessageContext| {
                let topic = if context.description.contains("created") {
                    "users.created"
                } else {
                    "users.other"
                };
                Ok::<_, String>(
                    ProviderMessage::json_value_of(json!({"id": id, "name": "Bob"}))
                        .metadata("topic", topic),
                )
            },
        )
    }

    #[tokio::test]
    async fn a_message_provider_is_verified_with_the_prelude_names_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut message = super::user_created();
        message["providerStates"] = json!([]);
        let path = super::write_pact(
            dir.path(),
            "user-events-user-service.json",
            &super::v4_pact(json!([message])),
        );

        let passing = verifier(json!(7)).verify(&[PactSource::file(&path)]).await;
        let failing = verifier(json!("7"))
            .verify(&[PactSource::file(&path)])
            .await;

        assert!(passing.is_ok(), "{passing}");
        assert_eq!(passing.verified(), 1);
        assert!(!failing.is_ok(), "{failing}");
    }
}
