//! HTTP provider steps: a real provider on loopback that answers with the responses of the
//! scenario's interactions, pact files written for chosen interactions, and the
//! [`Verifier`] run against the provider with state handlers, hooks and a request filter
//! (the Pact Broker steps are in `broker`).

use std::sync::{Arc, Mutex};

use pact_runtime::matching::MismatchKind;
use pact_runtime::model::{
    HttpInteraction, HttpResponse, Interaction, InteractionCommon, Pact, ProviderState,
    SpecVersion, WriteMode,
};
use pact_runtime::provider::{
    HookContext, InteractionError, MessageContext, Next, Outcome, PactSource, ProviderMessage,
    Status, VerificationReport, Verifier,
};

use super::fixtures::{self, add_headers, body_from_cell};
use super::http_consumer::interaction;
use super::{StepCall, StepDef, StepResult, World};

/// The provider of a scenario and its verification.
#[derive(Default)]
pub struct State {
    /// The provider's base URL.
    url: Option<String>,
    /// The provider's task, stopped with the scenario.
    task: Option<tokio::task::JoinHandle<()>>,
    /// Pact files to verify.
    pacts: Vec<std::path::PathBuf>,
    /// What happened, in order: `setup:<state>`, `request`, `teardown:<state>`.
    events: Arc<Mutex<Vec<String>>>,
    /// The headers of every request the provider received.
    requests: Arc<Mutex<Vec<http::HeaderMap>>>,
    /// Every state callback call with its state: (`setup` or `teardown`, state).
    state_calls: Arc<Mutex<Vec<(String, ProviderState)>>>,
    /// `Some(fails)` once a state callback is configured.
    callback: Option<bool>,
    /// Headers a request filter adds.
    filter_headers: Vec<(String, String)>,
    /// The messages the provider generates, by description (message provider steps).
    pub messages: Vec<(String, ProviderMessage)>,
    report: Option<VerificationReport>,
}

impl Drop for State {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Adds the HTTP provider steps.
pub fn register(steps: &mut Vec<StepDef>) {
    steps.push(StepDef::new(
        r"a provider is started that returns the response from interaction (\d+)",
        start_one,
    ));
    steps.push(StepDef::new(
        r#"a provider is started that returns the responses from interactions "([^"]*)""#,
        start_many,
    ));
    steps.push(StepDef::new(
        r"a provider is started that returns the response from interaction (\d+), with the following changes:",
        start_changed,
    ));
    steps.push(StepDef::new(
        r"a Pact file for interaction (\d+) is to be verified",
        pact_for_interaction,
    ));
    steps.push(StepDef::new(
        r#"a Pact file for interaction (\d+) is to be verified with a provider state "([^"]*)" defined"#,
        pact_with_state,
    ));
    steps.push(StepDef::new(
        "a provider state callback is configured(, but will return a failure)?",
        state_callback,
    ));
    steps.push(StepDef::new(
        "a request filter is configured to make the following changes:",
        request_filter,
    ));
    steps.push(StepDef::new(
        r"a Pact file for interaction (\d+) is to be verified with the following provider states defined:",
        pact_with_states,
    ));
    steps.push(StepDef::new(
        r"a Pact file for interaction (\d+) is to be verified, but is marked pending",
        pending_pact,
    ));
    steps.push(StepDef::new(
        r#"there will be a pending "([^"]*)" error"#,
        pending_error,
    ));
    steps.push(StepDef::new(
        r#"the provider state callback will receive a (setup|teardown) call (?:with )?"([^"]*)" and the following parameters:"#,
        callback_call_with_params,
    ));
    steps.push(StepDef::new(
        r"a Pact file for interaction (\d+) is to be verified with the following comments:",
        pact_with_comments,
    ));
    steps.push(StepDef::new(
        r#"the comment "([^"]*)" will have been printed to the console"#,
        report_shows,
    ));
    steps.push(StepDef::new(
        r#"the "([^"]*)" will displayed as the original test name"#,
        |world, step| {
            let printed = report(world)?.to_string();
            let line = format!("test name: {}", step.arg(0));
            if printed.lines().any(|l| l.trim() == line) {
                Ok(())
            } else {
                Err(format!(
                    "the verification output has no line `{line}`:\n{printed}"
                ))
            }
        },
    ));
    steps.push(StepDef::new("the verification is run", run_verification));
    steps.push(StepDef::new(
        "the verification will (NOT )?be successful",
        verification_outcome,
    ));
    steps.push(StepDef::new(
        r#"the verification results will contain a "([^"]*)" error"#,
        result_error,
    ));
    steps.push(StepDef::new(
        "the provider state callback will be called (before|after) the verification is run",
        callback_order,
    ));
    steps.push(StepDef::new(
        r#"the provider state callback will receive a (setup|teardown) call (?:with )?"([^"]*)" as the provider state parameter"#,
        callback_call,
    ));
    steps.push(StepDef::new(
        "the provider state callback will NOT receive a teardown call",
        no_teardown,
    ));
    steps.push(StepDef::new(
        r#"a warning will be displayed that there was no provider state callback configured for provider state "([^"]*)""#,
        no_callback_warning,
    ));
    steps.push(StepDef::new(
        r#"the request to the provider will contain the header "([^"]*)""#,
        provider_got_header,
    ));
}

/// Starts a provider on loopback answering each request with the response of the first
/// interaction whose method and path it has (404 otherwise).
fn start(world: &mut World, interactions: Vec<HttpInteraction>) -> StepResult {
    let events = Arc::clone(&world.provider.events);
    let requests = Arc::clone(&world.provider.requests);
    let interactions = Arc::new(interactions);
    let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
        let interactions = Arc::clone(&interactions);
        let events = Arc::clone(&events);
        let requests = Arc::clone(&requests);
        async move {
            push(&events, "request".to_owned());
            if let Ok(mut requests) = requests.lock() {
                requests.push(request.headers().clone());
            }
            let found = interactions.iter().find(|i| {
                i.request
                    .method
                    .eq_ignore_ascii_case(request.method().as_str())
                    && i.request.path == request.uri().path()
            });
            match found {
                Some(interaction) => respond(&interaction.response),
                None => axum::response::Response::builder()
                    .status(404)
                    .body(axum::body::Body::empty())
                    .unwrap_or_default(),
            }
        }
    });
    let listener = world
        .runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .map_err(|e| format!("the provider cannot bind: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("the provider has no address: {e}"))?;
    world.provider.task = Some(world.runtime.spawn(async move {
        let _ = axum::serve(listener, app).await;
    }));
    world.provider.url = Some(format!("http://{addr}"));
    Ok(())
}

fn push(events: &Mutex<Vec<String>>, event: String) {
    if let Ok(mut events) = events.lock() {
        events.push(event);
    }
}

fn respond(response: &HttpResponse) -> axum::response::Response {
    let mut builder = axum::response::Response::builder().status(response.status);
    for (name, values) in &response.headers {
        for value in values {
            builder = builder.header(name.as_str(), value.as_str());
        }
    }
    builder
        .body(axum::body::Body::from(response.body.to_bytes()))
        .unwrap_or_default()
}

fn start_one(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interaction = interaction(world, step.num(0)?)?;
    start(world, vec![interaction])
}

fn start_many(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interactions = step
        .nums(0)?
        .into_iter()
        .map(|n| interaction(world, n))
        .collect::<Result<Vec<_>, String>>()?;
    start(world, interactions)
}

fn start_changed(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut interaction = interaction(world, step.num(0)?)?;
    for row in step.table_rows()? {
        apply_response_changes(world, &mut interaction.response, &row)?;
    }
    start(world, vec![interaction])
}

/// Applies a changes row (`response`, `response headers`, `response content`,
/// `response body`) to a response.
pub fn apply_response_changes(
    world: &World,
    response: &mut HttpResponse,
    row: &[(String, String)],
) -> StepResult {
    for (column, cell) in row {
        match column.as_str() {
            "response" => {
                response.status = cell
                    .parse()
                    .map_err(|_| format!("`{cell}` is not a status code"))?;
            }
            "response headers" => {
                let mut changed = pact_runtime::model::Headers::new();
                add_headers(&mut changed, cell);
                for (name, values) in changed {
                    response
                        .headers
                        .retain(|n, _| !n.eq_ignore_ascii_case(&name));
                    response.headers.insert(name, values);
                }
            }
            "response content" => {
                response
                    .headers
                    .retain(|n, _| !n.eq_ignore_ascii_case("content-type"));
                response
                    .headers
                    .insert("Content-Type".to_owned(), vec![cell.clone()]);
            }
            "response body" => {
                let current = fixtures::content_type(&response.headers);
                if let Some(body) = body_from_cell(world, cell, current)? {
                    response
                        .headers
                        .retain(|n, _| !n.eq_ignore_ascii_case("content-type"));
                    fixtures::set_content_type(&mut response.headers, &body);
                    response.body = body;
                }
            }
            other => return Err(format!("unknown response change `{other}`")),
        }
    }
    Ok(())
}

/// Writes a pact file holding `interaction` alone, for a consumer of its own.
pub fn write_pact(world: &mut World, interaction: HttpInteraction) -> StepResult {
    let version = world.spec.max(SpecVersion::V2);
    write_interaction(world, Interaction::Http(interaction), version)
}

/// Writes a pact file in spec `version` holding `interaction` alone, for a consumer of its
/// own, and verifies it with the others.
pub fn write_interaction(
    world: &mut World,
    interaction: Interaction,
    version: SpecVersion,
) -> StepResult {
    let number = world.provider.pacts.len() + 1;
    let mut pact = Pact::new(format!("c{number}"), "p");
    pact.interactions.push(interaction);
    let dir = world.scratch.path().join("pacts");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let path = pact_runtime::model::file::write(&pact, &dir, version, WriteMode::Overwrite)
        .map_err(|e| format!("cannot write the pact: {e}"))?;
    world.provider.pacts.push(path);
    Ok(())
}

fn pact_for_interaction(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interaction = interaction(world, step.num(0)?)?;
    write_pact(world, interaction)
}

fn pact_with_state(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut interaction = interaction(world, step.num(0)?)?;
    interaction
        .common
        .provider_states
        .push(ProviderState::new(step.arg(1)));
    write_pact(world, interaction)
}

/// Records a state callback call with the state it was given.
fn record(calls: &Mutex<Vec<(String, ProviderState)>>, kind: &str, state: ProviderState) {
    if let Ok(mut calls) = calls.lock() {
        calls.push((kind.to_owned(), state));
    }
}

/// `a Pact file for interaction N is to be verified with the following provider states
/// defined:` a `State Name` column and an optional `Parameters` column (a JSON object).
fn pact_with_states(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut interaction = interaction(world, step.num(0)?)?;
    for row in step.table_rows()? {
        let mut state = ProviderState::new("");
        for (column, cell) in row {
            match column.as_str() {
                "State Name" => state.name = cell,
                "Parameters" => {
                    state.params = serde_json::from_str(&cell)
                        .map_err(|e| format!("the parameters {cell:?} are not an object: {e}"))?;
                }
                other => return Err(format!("unknown provider state column `{other}`")),
            }
        }
        interaction.common.provider_states.push(state);
    }
    write_pact(world, interaction)
}

/// `a Pact file for interaction N is to be verified, but is marked pending` (V4).
fn pending_pact(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut interaction = interaction(world, step.num(0)?)?;
    interaction.common.pending = true;
    write_pact(world, interaction)
}

/// `there will be a pending "Body had differences" error`: a pending interaction failed so.
fn pending_error(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let report = report(world)?;
    let found = report
        .pacts
        .iter()
        .flat_map(|pact| pact.interactions.iter())
        .any(|result| result.status() == Status::Pending && shows(&result.outcome, step.arg(0)));
    if found {
        Ok(())
    } else {
        Err(format!(
            "no pending interaction failed with {:?}:\n{report}",
            step.arg(0)
        ))
    }
}

/// `the provider state callback will receive a setup call with "S" and the following
/// parameters:` a header row of names and a row of JSON values.
fn callback_call_with_params(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut expected = serde_json::Map::new();
    for row in step.table_rows()? {
        for (name, cell) in row {
            let value = serde_json::from_str(&cell)
                .map_err(|e| format!("the value {cell:?} of {name:?} is not JSON: {e}"))?;
            expected.insert(name, value);
        }
    }
    let calls = world
        .provider
        .state_calls
        .lock()
        .map(|calls| calls.clone())
        .unwrap_or_default();
    let hit = calls.iter().any(|(kind, state)| {
        kind == step.arg(0) && state.name == step.arg(1) && state.params == expected
    });
    if hit {
        Ok(())
    } else {
        Err(format!(
            "no {} call of {:?} with {expected:?}: {calls:?}",
            step.arg(0),
            step.arg(1)
        ))
    }
}

/// `… with the following comments:` rows of `comment` and `type` (`text` adds to V4
/// `comments.text`, `testname` sets `comments.testname`).
fn pact_with_comments(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut interaction = interaction(world, step.num(0)?)?;
    add_comments(&mut interaction.common, step)?;
    write_pact(world, interaction)
}

/// Adds the comments of a `comment`/`type` table to an interaction.
pub fn add_comments(common: &mut InteractionCommon, step: &StepCall<'_>) -> StepResult {
    for row in step.table_rows()? {
        let cell = |name: &str| {
            row.iter()
                .find(|(column, _)| column == name)
                .map(|(_, cell)| cell.clone())
                .ok_or_else(|| format!("the comments table has no `{name}` column"))
        };
        let (comment, kind) = (cell("comment")?, cell("type")?);
        let comments = &mut common.comments;
        match kind.as_str() {
            "text" => {
                let texts = comments
                    .entry("text")
                    .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                if let serde_json::Value::Array(texts) = texts {
                    texts.push(serde_json::Value::String(comment));
                }
            }
            "testname" => {
                comments.insert("testname".to_owned(), serde_json::Value::String(comment));
            }
            other => return Err(format!("unknown comment type `{other}`")),
        }
    }
    Ok(())
}

/// The verification's console output (the report as the verifier prints it) shows `text`.
fn report_shows(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let printed = report(world)?.to_string();
    if printed.contains(step.arg(0)) {
        Ok(())
    } else {
        Err(format!(
            "the verification output does not show {:?}:\n{printed}",
            step.arg(0)
        ))
    }
}

fn state_callback(world: &mut World, step: &StepCall<'_>) -> StepResult {
    world.provider.callback = Some(!step.arg(0).is_empty());
    Ok(())
}

fn request_filter(world: &mut World, step: &StepCall<'_>) -> StepResult {
    for row in step.table_rows()? {
        for (column, cell) in row {
            if column != "headers" {
                return Err(format!("unknown request filter change `{column}`"));
            }
            let mut headers = pact_runtime::model::Headers::new();
            add_headers(&mut headers, &cell);
            for (name, values) in headers {
                for value in values {
                    world.provider.filter_headers.push((name.clone(), value));
                }
            }
        }
    }
    Ok(())
}

/// The verifier for the scenario's provider (an HTTP provider, or the message producers
/// of a message provider), with the state callback and request filter the scenario
/// configured.
pub fn verifier(world: &World) -> Result<Verifier, String> {
    let mut verifier = match world.provider.url.clone() {
        Some(url) => Verifier::new("p", url),
        None if !world.provider.messages.is_empty() => Verifier::for_messages("p"),
        None => return Err("the provider was not started".to_owned()),
    };
    for (description, message) in &world.provider.messages {
        let message = message.clone();
        let events = Arc::clone(&world.provider.events);
        verifier = verifier.message(description.clone(), move |_context: MessageContext| {
            // A generated message stands for the request of an HTTP provider in the
            // ordering of state callbacks.
            push(&events, "request".to_owned());
            Ok::<_, std::convert::Infallible>(message.clone())
        });
    }
    if let Some(fails) = world.provider.callback {
        // The callback sees every interaction: one call per provider state, and one with no
        // state (`""`) for an interaction without states, as the official callback does.
        let events = Arc::clone(&world.provider.events);
        let calls = Arc::clone(&world.provider.state_calls);
        let setup = move |state: ProviderState| {
            push(&events, format!("setup:{}", state.name));
            record(&calls, "setup", state);
            async move {
                if fails {
                    Err("the state callback fails".to_owned())
                } else {
                    Ok(())
                }
            }
        };
        let events = Arc::clone(&world.provider.events);
        let calls = Arc::clone(&world.provider.state_calls);
        let teardown = move |state: ProviderState| {
            push(&events, format!("teardown:{}", state.name));
            record(&calls, "teardown", state);
            async { Ok::<(), String>(()) }
        };
        let before = Arc::clone(&world.provider.events);
        let after = Arc::clone(&world.provider.events);
        verifier = verifier
            .default_state_with_teardown(setup, teardown)
            .before_each(move |context: HookContext| {
                if context.provider_states.is_empty() {
                    push(&before, "setup:".to_owned());
                }
                async { Ok::<(), String>(()) }
            })
            .after_each(move |context: HookContext| {
                if context.provider_states.is_empty() {
                    push(&after, "teardown:".to_owned());
                }
                async { Ok::<(), String>(()) }
            });
    }
    if !world.provider.filter_headers.is_empty() {
        let added = world.provider.filter_headers.clone();
        verifier = verifier.request_filter(
            move |mut request: http::Request<bytes::Bytes>, next: Next| {
                let added = added.clone();
                async move {
                    for (name, value) in &added {
                        let name = http::HeaderName::from_bytes(name.as_bytes())
                            .map_err(|e| e.to_string())?;
                        let value =
                            http::HeaderValue::from_str(value).map_err(|e| e.to_string())?;
                        request.headers_mut().append(name, value);
                    }
                    next.run(request).await.map_err(|e| e.to_string())
                }
            },
        );
    }
    Ok(verifier)
}

fn run_verification(world: &mut World, _step: &StepCall<'_>) -> StepResult {
    let verifier = verifier(world)?;
    let mut sources: Vec<PactSource> = world
        .provider
        .pacts
        .iter()
        .map(|path| PactSource::file(path.clone()))
        .collect();
    sources.extend(super::broker::sources(world));
    let report = world.runtime.block_on(verifier.verify(&sources));
    let published = super::broker::publish(world, &report);
    world.provider.report = Some(report);
    published
}

fn report(world: &World) -> Result<&VerificationReport, String> {
    world
        .provider
        .report
        .as_ref()
        .ok_or_else(|| "the verification was not run".to_owned())
}

fn verification_outcome(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let negated = !step.arg(0).is_empty();
    let report = report(world)?;
    match (report.is_ok(), negated) {
        (true, false) | (false, true) => Ok(()),
        (true, true) => Err(format!("the verification passed:\n{report}")),
        (false, false) => Err(format!("the verification failed:\n{report}")),
    }
}

/// True when `outcome` shows the official verifier's error `error`.
fn shows(outcome: &Outcome, error: &str) -> bool {
    let Outcome::Failed {
        mismatches, errors, ..
    } = outcome
    else {
        return false;
    };
    let has = |kinds: &[MismatchKind]| mismatches.iter().any(|m| kinds.contains(&m.kind));
    match error {
        "Response status did not match" => has(&[MismatchKind::Status]),
        "Headers had differences" => has(&[MismatchKind::Header]),
        "Body had differences" => has(&[MismatchKind::Body, MismatchKind::BodyType]),
        "Metadata had differences" => has(&[MismatchKind::Metadata]),
        "State change request failed" => errors
            .iter()
            .any(|e| matches!(e, InteractionError::StateSetup { .. })),
        _ => false,
    }
}

fn result_error(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let report = report(world)?;
    let found = report
        .pacts
        .iter()
        .flat_map(|pact| pact.interactions.iter())
        .any(|result| shows(&result.outcome, step.arg(0)));
    if found {
        Ok(())
    } else {
        Err(format!(
            "no interaction failed with {:?}:\n{report}",
            step.arg(0)
        ))
    }
}

fn events(world: &World) -> Vec<String> {
    world
        .provider
        .events
        .lock()
        .map(|events| events.clone())
        .unwrap_or_default()
}

fn callback_order(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let events = events(world);
    let first_request = events.iter().position(|e| e == "request");
    let last_request = events.iter().rposition(|e| e == "request");
    let ok = if step.arg(0) == "before" {
        events
            .iter()
            .position(|e| e.starts_with("setup:"))
            .is_some_and(|setup| first_request.is_none_or(|request| setup < request))
    } else {
        events
            .iter()
            .rposition(|e| e.starts_with("teardown:"))
            .is_some_and(|teardown| last_request.is_none_or(|request| teardown > request))
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the state callback was not called {}: {events:?}",
            step.arg(0)
        ))
    }
}

fn callback_call(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected = format!("{}:{}", step.arg(0), step.arg(1));
    let events = events(world);
    if events.contains(&expected) {
        Ok(())
    } else {
        Err(format!("no {expected:?} call: {events:?}"))
    }
}

fn no_teardown(world: &mut World, _step: &StepCall<'_>) -> StepResult {
    let events = events(world);
    if events.iter().any(|e| e.starts_with("teardown:")) {
        Err(format!("the state callback was torn down: {events:?}"))
    } else {
        Ok(())
    }
}

fn no_callback_warning(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let report = report(world)?;
    let state = step.arg(0);
    let warned = report
        .pacts
        .iter()
        .flat_map(|pact| pact.interactions.iter())
        .flat_map(|result| result.warnings.iter())
        .any(|warning| warning.to_string().contains(state));
    if warned {
        Ok(())
    } else {
        Err(format!("no warning names the state {state:?}:\n{report}"))
    }
}

fn provider_got_header(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let (name, value) = step
        .arg(0)
        .split_once(':')
        .ok_or_else(|| format!("`{}` is not `Name: value`", step.arg(0)))?;
    let (name, value) = (name.trim(), value.trim());
    let requests = world
        .provider
        .requests
        .lock()
        .map(|r| r.clone())
        .unwrap_or_default();
    if requests
        .iter()
        .any(|headers| headers.get_all(name).iter().any(|v| v == value))
    {
        Ok(())
    } else {
        Err(format!(
            "no request to the provider had {name}: {value}: {requests:?}"
        ))
    }
}
