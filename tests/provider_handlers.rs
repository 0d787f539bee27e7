//! The forms a provider's handlers take (async closures, closures returning an `async`
//! block, `async fn` items; infallible or returning any error) and the typed
//! per-interaction errors they fail with, each keeping the handler's own error as its
//! source.

mod provider_support;

use std::error::Error as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use pact_runtime::model::ProviderState;
use pact_runtime::provider::{
    Bytes, HookContext, HookKind, InteractionError, MessageContext, Next, Outcome, PactSource,
    Panicked, ProviderMessage, StateValues, VerificationReport, Verifier, http,
};
use provider_support::{Log, interaction, pact_json, start, write_pact};
use serde_json::{Value, json};

/// The handlers' own error type, tagged with the handler that returned it.
#[derive(Debug, PartialEq)]
struct Broken(&'static str);

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "broken {}", self.0)
    }
}

impl std::error::Error for Broken {}

/// One interaction needing "user 42 exists", whose request path comes from the state.
fn user_pact() -> Value {
    pact_json(
        "user-service",
        vec![json!({
            "description": "a request for user 42",
            "providerStates": [{"name": "user 42 exists", "params": {"id": "1"}}],
            "request": {
                "method": "GET",
                "path": "/users/1",
                "generators": {"path": {"type": "ProviderState", "expression": "/users/${id}", "dataType": "STRING"}}
            },
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"id": "42", "name": "Alice"}
            }
        })],
    )
}

async fn verify(verifier: Verifier, pact: &Value) -> VerificationReport {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write_pact(dir.path(), "pact.json", pact);
    verifier.verify(&[PactSource::file(file)]).await
}

/// The errors of the only interaction of `report`.
fn errors_of(report: &VerificationReport) -> Vec<InteractionError> {
    let result = report.interactions().next().expect("one interaction");
    match &result.outcome {
        Outcome::Failed { errors, .. } => errors.clone(),
        other => panic!("expected a failure, got {other:?}\n{report}"),
    }
}

/// The `Broken` tag at the source of `error`.
fn broken_source(error: &InteractionError) -> Option<&'static str> {
    error
        .source()
        .and_then(|source| source.downcast_ref::<Broken>())
        .map(|broken| broken.0)
}

static BEFORE_EACH_RUNS: AtomicUsize = AtomicUsize::new(0);

async fn count_before_each(_context: HookContext) -> Result<(), Broken> {
    BEFORE_EACH_RUNS.fetch_add(1, Ordering::SeqCst);
    Ok(())
}

#[tokio::test]
async fn async_closures_plain_closures_and_async_fns_all_serve_as_handlers() {
    let provider = start().await;
    let log = Log::default();
    let (setup_log, teardown_log, after_log, filter_log) =
        (log.clone(), log.clone(), log.clone(), log.clone());

    let verifier = Verifier::new("user-service", &provider.url)
        .before_each(count_before_each)
        .state_with_teardown(
            "user 42 exists",
            // an async closure, its argument inferred, its capture moved in once
            async move |state| {
                setup_log.push(format!("setup {}", state.name));
                StateValues::from_iter([("id".to_owned(), json!("42"))])
            },
            // a closure returning an async block
            move |state: ProviderState| {
                teardown_log.push(format!("teardown {}", state.name));
                async { Ok::<(), String>(()) }
            },
        )
        .request_filter(async move |request: http::Request<Bytes>, next: Next| {
            filter_log.push(format!("filter {}", request.uri().path()));
            next.run(request).await
        })
        .after_each(async move |context| {
            after_log.push(format!("after {}", context.description));
        });
    let report = verify(verifier, &user_pact()).await;

    report.assert_ok();
    assert_eq!(
        log.entries(),
        [
            "setup user 42 exists",
            "filter /users/42",
            "teardown user 42 exists",
            "after a request for user 42",
        ]
    );
    assert!(BEFORE_EACH_RUNS.load(Ordering::SeqCst) >= 1);
}

#[tokio::test]
async fn an_error_of_each_handler_kind_is_typed_and_keeps_the_handlers_error() {
    let provider = start().await;
    let base = || Verifier::new("user-service", &provider.url);
    let ok_state = async |_state| StateValues::from_iter([("id".to_owned(), json!("42"))]);
    let cases = [
        (
            base().state("user 42 exists", async |_state| {
                Err::<(), _>(Broken("setup"))
            }),
            "setup",
        ),
        (
            base().state_with_teardown("user 42 exists", ok_state, async |_state| {
                Err::<(), _>(Broken("teardown"))
            }),
            "teardown",
        ),
        (
            base()
                .state("user 42 exists", ok_state)
                .before_each(async |_context| Err::<(), _>(Broken("before"))),
            "before",
        ),
        (
            base()
                .state("user 42 exists", ok_state)
                .after_each(async |_context| Err::<(), _>(Broken("after"))),
            "after",
        ),
        (
            base()
                .state("user 42 exists", ok_state)
                .request_filter(async |_request, _next| {
                    Err::<http::Response<Bytes>, _>(Broken("filter"))
                }),
            "filter",
        ),
    ];

    for (verifier, tag) in cases {
        let report = verify(verifier, &user_pact()).await;

        let errors = errors_of(&report);
        assert_eq!(errors.len(), 1, "{tag}: {report}");
        let error = &errors[0];
        let kind_matches = match (tag, error) {
            ("setup", InteractionError::StateSetup { state, .. })
            | ("teardown", InteractionError::StateTeardown { state, .. }) => {
                state == "user 42 exists"
            }
            ("before", InteractionError::Hook { hook, .. }) => *hook == HookKind::BeforeEach,
            ("after", InteractionError::Hook { hook, .. }) => *hook == HookKind::AfterEach,
            ("filter", InteractionError::RequestFilter { .. }) => true,
            _ => false,
        };
        assert!(kind_matches, "{tag}: {error:?}");
        assert_eq!(broken_source(error), Some(tag), "{tag}: {error:?}");
        assert!(
            report.to_string().contains(&format!("broken {tag}")),
            "{report}"
        );
    }
}

#[tokio::test]
async fn a_panicking_handler_fails_with_a_panicked_source() {
    let provider = start().await;
    let verifier = Verifier::new("user-service", &provider.url)
        .state("user 42 exists", async |_state: ProviderState| -> () {
            panic!("no database")
        });

    let report = verify(verifier, &user_pact()).await;

    let errors = errors_of(&report);
    let InteractionError::StateSetup { source, .. } = &errors[0] else {
        panic!("{errors:?}");
    };
    assert_eq!(
        source
            .downcast_ref::<Panicked>()
            .map(|p| p.message.as_str()),
        Some("no database")
    );
    assert_eq!(
        errors[0].to_string(),
        "state change failed: \"user 42 exists\": panicked: no database"
    );
}

#[tokio::test]
async fn a_provider_that_is_not_there_is_unreachable_with_the_client_error_as_source() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let plain = interaction("a request", json!([]), "/users/1", json!({}));

    let report = verify(
        Verifier::new("user-service", &url),
        &pact_json("user-service", vec![plain]),
    )
    .await;

    let errors = errors_of(&report);
    assert!(
        matches!(&errors[0], InteractionError::Unreachable { url: at, .. } if at.starts_with(&url)),
        "{errors:?}"
    );
    assert!(errors[0].source().is_some(), "{errors:?}");
    assert!(
        errors[0]
            .to_string()
            .starts_with("cannot reach the provider at "),
        "{}",
        errors[0]
    );
}

#[tokio::test]
async fn https_to_a_plain_http_provider_is_a_tls_error() {
    let provider = start().await;
    let https = provider.url.replacen("http://", "https://", 1);
    let plain = interaction("a request", json!([]), "/users/1", json!({}));

    let report = verify(
        Verifier::new("user-service", &https),
        &pact_json("user-service", vec![plain]),
    )
    .await;

    let errors = errors_of(&report);
    assert!(
        matches!(&errors[0], InteractionError::Tls { .. }),
        "{errors:?}"
    );
    assert!(errors[0].source().is_some(), "{errors:?}");
}

fn message_pact(description: &str) -> Value {
    json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": "user-service"},
        "messages": [{
            "description": description,
            "contents": {"id": 42},
            "metadata": {"contentType": "application/json"}
        }],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    })
}

#[tokio::test]
async fn message_producers_may_be_async_closures_and_fail_typed() {
    let produced = Log::default();
    let log = produced.clone();
    let passing = Verifier::for_messages("user-service").message(
        "a user created event",
        async move |context: MessageContext| {
            log.push(context.description);
            ProviderMessage::json(&json!({"id": 42}))
        },
    );
    let failing = Verifier::for_messages("user-service")
        .message("a user created event", async |_context: MessageContext| {
            Err::<ProviderMessage, _>(Broken("producer"))
        });
    let blocking = Verifier::for_messages("user-service")
        .message("a user created event", |_context: MessageContext| {
            Err::<ProviderMessage, _>(Broken("blocking producer"))
        });

    let passed = verify(passing, &message_pact("a user created event")).await;
    let failed = verify(failing, &message_pact("a user created event")).await;
    let failed_blocking = verify(blocking, &message_pact("a user created event")).await;

    passed.assert_ok();
    assert_eq!(produced.entries(), ["a user created event"]);
    for (report, tag) in [(failed, "producer"), (failed_blocking, "blocking producer")] {
        let errors = errors_of(&report);
        assert!(
            matches!(&errors[0], InteractionError::Producer { description, .. } if description == "a user created event"),
            "{errors:?}"
        );
        assert_eq!(broken_source(&errors[0]), Some(tag));
    }
}

#[tokio::test]
async fn a_message_without_a_producer_is_typed_as_such() {
    let verifier = Verifier::for_messages("user-service")
        .message("another event", |_context: MessageContext| {
            ProviderMessage::json(&json!({"id": 1}))
        });

    let report = verify(verifier, &message_pact("a user created event")).await;

    let errors = errors_of(&report);
    assert!(
        matches!(&errors[0], InteractionError::NoProducer { description } if description == "a user created event"),
        "{errors:?}"
    );
}

fn price_request_pact() -> Value {
    json!({
        "consumer": {"name": "web-app"},
        "provider": {"name": "user-service"},
        "interactions": [{
            "type": "Synchronous/Messages",
            "description": "a price request",
            "request": {"contents": {"content": {"sku": "A1"}, "contentType": "application/json", "encoded": false}},
            "response": [
                {"contents": {"content": {"sku": "A1", "price": 10}, "contentType": "application/json", "encoded": false}}
            ]
        }],
        "metadata": {"pactSpecification": {"version": "4.0"}}
    })
}

#[tokio::test]
async fn synchronous_producers_may_be_async_closures_and_fail_typed() {
    let prices = std::sync::Arc::new(std::collections::HashMap::from([("A1", 10)]));
    let passing = Verifier::for_messages("user-service").sync_message(
        "a price request",
        async move |_context: MessageContext, request: ProviderMessage| {
            let sku = request.deserialize::<Value>()?["sku"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            let price = prices.get(sku.as_str()).copied().unwrap_or_default();
            ProviderMessage::json(&json!({"sku": sku, "price": price}))
        },
    );
    let failing = Verifier::for_messages("user-service").sync_message(
        "a price request",
        async |_context: MessageContext, _request: ProviderMessage| {
            Err::<ProviderMessage, _>(Broken("sync producer"))
        },
    );

    let passed = verify(passing, &price_request_pact()).await;
    let failed = verify(failing, &price_request_pact()).await;

    passed.assert_ok();
    let errors = errors_of(&failed);
    assert!(
        matches!(&errors[0], InteractionError::Producer { description, .. } if description == "a price request"),
        "{errors:?}"
    );
    assert_eq!(broken_source(&errors[0]), Some("sync producer"));
}
