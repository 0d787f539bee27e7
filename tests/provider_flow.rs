//! The per-interaction flow of the verifier: the order of hooks, state changes, request
//! filter and teardown; provider-state values in the request (FC-15); state-change URLs;
//! custom headers; pending interactions; filters; concurrency.

mod provider_support;

use std::sync::atomic::Ordering;

use pact_runtime::model::ProviderState;
use pact_runtime::provider::{
    HookContext, InteractionError, Next, PactSource, StateChangeUrl, StateValues, Status, Verifier,
    VerifyError,
};
use provider_support::{Log, failure_of, interaction, pact_json, start, write_pact};
use serde_json::{Value, json};

type Request = http::Request<bytes::Bytes>;

fn logging_state(
    log: &Log,
    what: &'static str,
) -> impl Fn(ProviderState) -> std::future::Ready<Result<(), String>> + Clone + Send + Sync + 'static
{
    let log = log.clone();
    move |state: ProviderState| {
        log.push(format!(
            "{what} {} {}",
            state.name,
            Value::Object(state.params)
        ));
        std::future::ready(Ok(()))
    }
}

fn logging_hook(
    log: &Log,
    what: &'static str,
) -> impl Fn(HookContext) -> std::future::Ready<Result<(), String>> + Clone + Send + Sync + 'static
{
    let log = log.clone();
    move |context: HookContext| {
        log.push(format!("{what} {}", context.description));
        std::future::ready(Ok(()))
    }
}

/// A pact whose request path comes from the provider state (`/users/${id}`) and whose
/// response needs a header only the request filter adds.
fn ordered_pact() -> Value {
    pact_json(
        "user-service",
        vec![json!({
            "description": "a request for user 42",
            "providerStates": [
                {"name": "user 42 exists", "params": {"id": "1"}},
                {"name": "an admin exists"}
            ],
            "request": {
                "method": "GET",
                "path": "/users/1",
                "generators": {"path": {"type": "ProviderState", "expression": "/users/${id}", "dataType": "STRING"}}
            },
            "response": {
                "status": 200,
                "headers": {"X-Filtered": "yes"},
                "body": {"id": "42", "name": "Alice"}
            }
        })],
    )
}

#[tokio::test]
async fn each_step_of_an_interaction_runs_in_the_documented_order() {
    let provider = start().await;
    let log = provider.log.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &ordered_pact());
    let filter_log = log.clone();

    let report = Verifier::new("user-service", &provider.url)
        .before_each(logging_hook(&log, "before-each"))
        .after_each(logging_hook(&log, "after-each"))
        .state_with_teardown(
            "user 42 exists",
            {
                let log = log.clone();
                move |state: ProviderState| {
                    log.push(format!(
                        "setup {} {}",
                        state.name,
                        Value::Object(state.params)
                    ));
                    let mut values = StateValues::new();
                    values.insert("id".into(), "42".into());
                    std::future::ready(Ok::<_, String>(values))
                }
            },
            logging_state(&log, "teardown"),
        )
        .state_with_teardown(
            "an admin exists",
            logging_state(&log, "setup"),
            logging_state(&log, "teardown"),
        )
        .header("X-Tenant", "acme")
        .request_filter(move |request: Request, next: Next| {
            let log = filter_log.clone();
            async move {
                log.push(format!(
                    "filter {} {} x-tenant={:?}",
                    request.method(),
                    request.uri().path(),
                    request.headers()["x-tenant"]
                ));
                let mut response = next.run(request).await?;
                log.push(format!("filter saw {}", response.status()));
                response
                    .headers_mut()
                    .insert("x-filtered", http::HeaderValue::from_static("yes"));
                Ok::<_, InteractionError>(response)
            }
        })
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    assert_eq!(
        log.entries(),
        [
            "before-each a request for user 42",
            r#"setup user 42 exists {"id":"1"}"#,
            "setup an admin exists {}",
            r#"filter GET /users/42 x-tenant="acme""#,
            "provider GET /users/42 auth=-",
            "filter saw 200 OK",
            "teardown an admin exists {}",
            r#"teardown user 42 exists {"id":"1"}"#,
            "after-each a request for user 42",
        ]
    );
}

#[tokio::test]
async fn a_failing_before_each_hook_fails_the_interaction_and_nothing_else_runs() {
    let provider = start().await;
    let log = provider.log.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &ordered_pact());

    let report = Verifier::new("user-service", &provider.url)
        .before_each(|_context: HookContext| async { Err::<(), _>("no database") })
        .after_each(logging_hook(&log, "after-each"))
        .state("user 42 exists", logging_state(&log, "setup"))
        .verify(&[PactSource::file(pact)])
        .await;

    assert!(!report.is_ok(), "{report}");
    assert_eq!(
        failure_of(&report, "a request for user 42"),
        "before-each hook failed: no database"
    );
    assert_eq!(log.entries(), Vec::<String>::new());
}

#[tokio::test]
async fn a_failing_state_skips_the_request_and_only_states_set_up_are_torn_down() {
    let provider = start().await;
    let log = provider.log.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &ordered_pact());

    let report = Verifier::new("user-service", &provider.url)
        .state_with_teardown(
            "user 42 exists",
            logging_state(&log, "setup"),
            logging_state(&log, "teardown"),
        )
        .state_with_teardown(
            "an admin exists",
            |_state: ProviderState| async { Err::<(), _>("the admin table is locked") },
            logging_state(&log, "teardown"),
        )
        .after_each(logging_hook(&log, "after-each"))
        .verify(&[PactSource::file(pact)])
        .await;

    assert_eq!(
        failure_of(&report, "a request for user 42"),
        "state change failed: \"an admin exists\": the admin table is locked"
    );
    assert_eq!(
        log.entries(),
        [
            r#"setup user 42 exists {"id":"1"}"#,
            r#"teardown user 42 exists {"id":"1"}"#,
            "after-each a request for user 42",
        ]
    );
}

/// FC-15's pact: the path comes from the provider state.
fn fc15_pact(param_id: &str) -> Value {
    pact_json(
        "user-service",
        vec![json!({
            "description": "a request for a user",
            "providerStates": [{"name": "a user exists", "params": {"id": param_id}}],
            "request": {
                "method": "GET",
                "path": "/api/users/100",
                "generators": {"path": {"type": "ProviderState", "expression": "/api/users/${id}", "dataType": "STRING"}}
            },
            "response": {"status": 200, "body": {"id": "6000"}}
        })],
    )
}

#[tokio::test]
async fn fc15_values_returned_by_the_state_handler_are_injected_into_the_path() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &fc15_pact("1"));

    let report = Verifier::new("user-service", &provider.url)
        .state("a user exists", |_state: ProviderState| async {
            let mut values = StateValues::new();
            values.insert("id".into(), "6000".into());
            Ok::<_, String>(values)
        })
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    assert_eq!(provider.log.entries(), ["provider GET /api/users/6000"]);
}

#[tokio::test]
async fn fc15_without_returned_values_the_states_params_are_used() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &fc15_pact("6000"));

    let report = Verifier::new("user-service", &provider.url)
        .state("a user exists", |_state: ProviderState| async {
            Ok::<(), String>(())
        })
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    assert_eq!(provider.log.entries(), ["provider GET /api/users/6000"]);
}

#[tokio::test]
async fn fc15_a_failing_state_handler_fails_with_state_change_failed_and_sends_nothing() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &fc15_pact("6000"));

    let report = Verifier::new("user-service", &provider.url)
        .state("a user exists", |_state: ProviderState| async {
            Err::<(), _>("cannot insert")
        })
        .verify(&[PactSource::file(pact)])
        .await;

    assert!(!report.is_ok());
    let message = failure_of(&report, "a request for a user");
    assert!(message.starts_with("state change failed"), "{message}");
    assert_eq!(provider.log.entries(), Vec::<String>::new());
}

#[tokio::test]
async fn the_default_state_handler_takes_states_without_their_own_handler() {
    let provider = start().await;
    let log = provider.log.clone();
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &ordered_pact());

    let report = Verifier::new("user-service", &provider.url)
        .state("an admin exists", logging_state(&log, "own handler:"))
        .default_state(logging_state(&log, "default handler:"))
        .verify(&[PactSource::file(pact)])
        .await;

    // The response misses the filter's header; only the state calls matter here.
    assert!(
        report.interactions().all(|i| i.warnings.is_empty()),
        "{report}"
    );
    assert_eq!(
        log.entries()[..2],
        [
            r#"default handler: user 42 exists {"id":"1"}"#,
            "own handler: an admin exists {}",
        ]
    );
}

#[tokio::test]
async fn a_state_change_url_receives_the_official_json_body_for_setup_and_teardown() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &fc15_pact("1"));

    let report = Verifier::new("user-service", &provider.url)
        .state_change_url(StateChangeUrl::new(format!("{}/state", provider.url)).with_teardown())
        .verify(&[PactSource::file(pact)])
        .await;

    // The endpoint answers {"id": "6000"}: those values reach the path generator.
    report.assert_ok();
    assert_eq!(
        provider.log.entries(),
        [
            r#"state-change query= body={"action":"setup","params":{"id":"1"},"state":"a user exists"}"#,
            "provider GET /api/users/6000",
            r#"state-change query= body={"action":"teardown","params":{"id":"1"},"state":"a user exists"}"#,
        ]
    );
}

#[tokio::test]
async fn a_state_change_url_can_take_the_state_as_query_parameters() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &fc15_pact("6000"));

    let report = Verifier::new("user-service", &provider.url)
        .state_change_url(StateChangeUrl::new(format!("{}/state", provider.url)).as_query())
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    assert_eq!(
        provider.log.entries()[0],
        "state-change query=state=a%20user%20exists&action=setup&id=6000 body="
    );
}

#[tokio::test]
async fn a_state_change_url_answering_500_fails_the_interaction_without_its_request() {
    let provider = start().await;
    provider.answer_state_changes_with(500);
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &fc15_pact("6000"));

    let report = Verifier::new("user-service", &provider.url)
        .state_change_url(format!("{}/state", provider.url))
        .verify(&[PactSource::file(pact)])
        .await;

    let message = failure_of(&report, "a request for a user");
    assert!(
        message.starts_with("state change failed: \"a user exists\": "),
        "{message}"
    );
    assert!(
        message.contains("500 Internal Server Error the database is down"),
        "{message}"
    );
    assert_eq!(provider.log.entries().len(), 1, "only the state change");
}

#[tokio::test]
async fn a_custom_header_replaces_the_pacts_header_of_the_same_name() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut request = interaction("a request", json!([]), "/users/7", json!({"id": "7"}));
    request["request"]["headers"] = json!({"Authorization": "Bearer from-the-pact"});
    let pact = write_pact(
        dir.path(),
        "pact.json",
        &pact_json("user-service", vec![request]),
    );

    let report = Verifier::new("user-service", &provider.url)
        .header("authorization", "Bearer fresh")
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    assert_eq!(
        provider.log.entries(),
        ["provider GET /users/7 auth=Bearer fresh"]
    );
}

#[tokio::test]
async fn a_request_filter_error_fails_the_interaction_naming_the_filter() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(
        dir.path(),
        "pact.json",
        &pact_json(
            "user-service",
            vec![interaction("a request", json!([]), "/users/7", json!({}))],
        ),
    );

    let report = Verifier::new("user-service", &provider.url)
        .request_filter(|_request: Request, _next: Next| async {
            Err::<http::Response<bytes::Bytes>, _>("no token available")
        })
        .verify(&[PactSource::file(pact)])
        .await;

    assert_eq!(
        failure_of(&report, "a request"),
        "request filter failed: no token available"
    );
    assert_eq!(provider.log.entries(), Vec::<String>::new());
}

#[tokio::test]
async fn pending_interactions_and_pending_pacts_are_verified_and_reported_without_failing() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut failing = interaction(
        "a new feature",
        json!([]),
        "/users/8",
        json!({"id": "not 8"}),
    );
    failing["pending"] = json!(true);
    let mut v4 = pact_json(
        "user-service",
        vec![
            failing,
            interaction("an old feature", json!([]), "/users/9", json!({"id": "9"})),
        ],
    );
    v4["metadata"] = json!({"pactSpecification": {"version": "4.0"}});
    for interaction in v4["interactions"].as_array_mut().expect("array") {
        interaction["type"] = json!("Synchronous/HTTP");
    }
    let v4 = write_pact(dir.path(), "v4.json", &v4);
    let pending_pact = write_pact(
        dir.path(),
        "pending.json",
        &pact_json(
            "user-service",
            vec![interaction(
                "a wip request",
                json!([]),
                "/users/1",
                json!({"id": "2"}),
            )],
        ),
    );

    let report = Verifier::new("user-service", &provider.url)
        .verify(&[
            PactSource::file(v4),
            PactSource::file(pending_pact).pending(),
        ])
        .await;

    report.assert_ok();
    let statuses: Vec<(String, Status)> = report
        .interactions()
        .map(|i| (i.description.clone(), i.status()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("a new feature".to_owned(), Status::Pending),
            ("an old feature".to_owned(), Status::Passed),
            ("a wip request".to_owned(), Status::Pending),
        ]
    );
    assert!(report.pacts[1].pending);
    let text = report.to_string();
    assert!(
        text.contains("pact pending.json (web-app → user-service) [pending]:"),
        "{text}"
    );
    assert!(
        text.ends_with("1 passed, 0 failed, 0 skipped, 2 pending (failures tolerated)\n"),
        "{text}"
    );
}

fn three_users() -> Value {
    pact_json(
        "user-service",
        vec![
            interaction(
                "a request for user 1",
                json!([]),
                "/users/1",
                json!({"id": "1"}),
            ),
            interaction(
                "a request for user 2",
                json!([{"name": "user 2 exists"}]),
                "/users/2",
                json!({"id": "2"}),
            ),
            interaction(
                "a request for user 3",
                json!([]),
                "/users/3",
                json!({"id": "3"}),
            ),
        ],
    )
}

#[tokio::test]
async fn description_and_state_filters_select_interactions_and_count_the_rest() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &three_users());

    let by_description = Verifier::new("user-service", &provider.url)
        .filter_description("user [13]$")
        .verify(&[PactSource::file(&pact)])
        .await;
    let by_state = Verifier::new("user-service", &provider.url)
        .filter_provider_state("^user 2")
        .verify(&[PactSource::file(&pact)])
        .await;

    by_description.assert_ok();
    let names: Vec<&str> = by_description
        .interactions()
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(names, ["a request for user 1", "a request for user 3"]);
    assert_eq!(by_description.pacts[0].filtered_out, 1);
    assert!(
        by_description
            .to_string()
            .contains("(1 interaction left out by the filters)")
    );
    let names: Vec<&str> = by_state
        .interactions()
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(names, ["a request for user 2"]);
}

#[tokio::test]
async fn filters_that_select_nothing_fail_the_verification_instead_of_passing_silently() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &three_users());

    let report = Verifier::new("user-service", &provider.url)
        .filter_description("no such interaction")
        .verify(&[PactSource::file(pact)])
        .await;

    assert!(!report.is_ok());
    assert!(
        matches!(
            report.errors.as_slice(),
            [VerifyError::NothingSelected { .. }]
        ),
        "{report}"
    );
    assert!(
        report.to_string().contains(
            "error: no interaction matches the filters (description /no such interaction/); nothing was verified"
        ),
        "{report}"
    );
}

#[tokio::test]
async fn an_invalid_filter_regex_is_a_clear_error_and_nothing_is_verified() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let pact = write_pact(dir.path(), "pact.json", &three_users());

    let report = Verifier::new("user-service", &provider.url)
        .filter_provider_state("user (2")
        .verify(&[PactSource::file(pact)])
        .await;

    assert!(!report.is_ok());
    assert!(report.pacts.is_empty());
    assert!(
        report
            .to_string()
            .starts_with("error: invalid provider state filter /user (2/: "),
        "{report}"
    );
    assert_eq!(provider.log.entries(), Vec::<String>::new());
}

#[tokio::test]
async fn bounded_concurrency_runs_stateless_interactions_together_and_keeps_pact_order() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut interactions: Vec<Value> = (1..=12)
        .map(|n| {
            interaction(
                &format!("slow {n}"),
                json!([]),
                &format!("/slow/{n}"),
                json!({"id": n}),
            )
        })
        .collect();
    interactions.insert(
        3,
        interaction(
            "with a state",
            json!([{"name": "user 5 exists"}]),
            "/users/5",
            json!({"id": "5"}),
        ),
    );
    let pact = write_pact(
        dir.path(),
        "pact.json",
        &pact_json("user-service", interactions),
    );

    let report = Verifier::new("user-service", &provider.url)
        .concurrency(4)
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    let max = provider.max_in_flight.load(Ordering::SeqCst);
    assert!(
        (2..=4).contains(&max),
        "at most 4 at once, more than 1: {max}"
    );
    let names: Vec<&str> = report
        .interactions()
        .map(|i| i.description.as_str())
        .collect();
    assert_eq!(
        names[..5],
        ["slow 1", "slow 2", "slow 3", "with a state", "slow 4"]
    );
    assert_eq!(names.len(), 13);
}

#[tokio::test]
async fn without_concurrency_interactions_run_one_at_a_time() {
    let provider = start().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let interactions: Vec<Value> = (1..=4)
        .map(|n| {
            interaction(
                &format!("slow {n}"),
                json!([]),
                &format!("/slow/{n}"),
                json!({"id": n}),
            )
        })
        .collect();
    let pact = write_pact(
        dir.path(),
        "pact.json",
        &pact_json("user-service", interactions),
    );

    let report = Verifier::new("user-service", &provider.url)
        .verify(&[PactSource::file(pact)])
        .await;

    report.assert_ok();
    assert_eq!(provider.max_in_flight.load(Ordering::SeqCst), 1);
}
