//! HTTP consumer steps: a [`MockServer`] started with interactions of the scenario's table,
//! real requests sent to it over loopback, then its verification report and the pact file
//! it writes.

use pact_runtime::matching::Mismatch;
use pact_runtime::mock_server::{MockServer, MockServerReport};
use pact_runtime::model::{Body, Headers, HttpInteraction, HttpRequest, Pact, SpecVersion};
use serde_json::Value;

use super::fixtures::{self, add_headers, add_raw_headers, body_from_cell, parse_query};
use super::{StepCall, StepDef, StepResult, World};

/// The consumer's and provider's names in the pacts the mock server writes.
const CONSUMER: &str = "compatibility-suite-c";
const PROVIDER: &str = "p";

/// The mock server of a scenario and what came of it.
#[derive(Default)]
pub struct State {
    server: Option<MockServer>,
    /// The interactions it was started with.
    started: Vec<HttpInteraction>,
    /// The last response the mock server sent: status, headers, body.
    response: Option<(u16, Headers, Vec<u8>)>,
    /// After `the pact test is done`: the report when verification failed.
    outcome: Option<Result<(), MockServerReport>>,
    /// The pact file written, as JSON.
    pact: Option<Value>,
}

impl Drop for State {
    fn drop(&mut self) {
        // A scenario that ends (or fails) before `the pact test is done` leaves its server
        // unchecked on purpose: stop it without the drop-time verification.
        if let Some(server) = self.server.take() {
            let _ = server.abandon();
        }
    }
}

/// Adds the HTTP consumer steps.
pub fn register(steps: &mut Vec<StepDef>) {
    steps.push(StepDef::new(
        "the following HTTP interactions have been defined:",
        define_interactions,
    ));
    steps.push(StepDef::new(
        r"the mock server is started with interaction (\d+)",
        start_with_one,
    ));
    steps.push(StepDef::new(
        r#"the mock server is started with interactions "([^"]*)""#,
        start_with_many,
    ));
    steps.push(StepDef::new(
        r"the mock server is started with interaction (\d+) but with the following changes:",
        start_with_changes,
    ));
    steps.push(StepDef::new(
        r"request (\d+) is made to the mock server",
        send_request,
    ));
    steps.push(StepDef::new(
        r"request (\d+) is made to the mock server with the following changes:",
        send_changed_request,
    ));
    steps.push(StepDef::new(
        r"a (\d+) (success|error) response is returned",
        response_status,
    ));
    steps.push(StepDef::new(
        r#"the payload will contain the "([^"]*)" JSON document"#,
        payload_document,
    ));
    steps.push(StepDef::new(
        r#"the content type will be set as "([^"]*)""#,
        response_content_type,
    ));
    steps.push(StepDef::new("the pact test is done", pact_test_done));
    steps.push(StepDef::new(
        "the mock server status will (NOT )?be OK",
        status_ok,
    ));
    steps.push(StepDef::new(
        "the mock server will (NOT )?write out a Pact file for the interactions? when done",
        pact_written,
    ));
    steps.push(StepDef::new(
        r"the mock server status will be an expected but not received error for interaction \{(\d+)\}",
        missing_interaction,
    ));
    steps.push(StepDef::new(
        r#"the mock server status will be an unexpected "([^"]*)" request received error for interaction \{(\d+)\}"#,
        unexpected_for_interaction,
    ));
    steps.push(StepDef::new(
        r#"the mock server status will be an unexpected "([^"]*)" request received error for path "([^"]*)""#,
        unexpected_for_path,
    ));
    steps.push(StepDef::new(
        "the mock server status will be mismatches",
        status_mismatches,
    ));
    steps.push(StepDef::new(
        r#"the mismatches will contain a "([^"]*)" mismatch with error "(.*)""#,
        mismatch_with_error,
    ));
    steps.push(StepDef::new(
        r#"the mismatches will contain a "([^"]*)" mismatch with path "([^"]*)" with error "(.*)""#,
        mismatch_with_path_and_error,
    ));
    steps.push(StepDef::new(
        r"the pact file will contain \{(\d+)\} interactions?",
        pact_interaction_count,
    ));
    steps.push(StepDef::new(
        r#"the \{(first|second|third)\} interaction request will be for a "([^"]*)""#,
        pact_request_method,
    ));
    steps.push(StepDef::new(
        r#"the \{(first|second|third)\} interaction (request|response) will contain the "([^"]*)" document"#,
        pact_document,
    ));
    steps.push(StepDef::new(
        r#"the \{(first|second|third)\} interaction request query parameters will be "([^"]*)""#,
        pact_query,
    ));
    steps.push(StepDef::new(
        r#"the \{(first|second|third)\} interaction request will contain the header "([^"]*)" with value "([^"]*)""#,
        pact_header,
    ));
    steps.push(StepDef::new(
        r#"the \{(first|second|third)\} interaction request content type will be "([^"]*)""#,
        pact_content_type,
    ));
}

fn define_interactions(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let rows = step.table_rows()?;
    let interactions = fixtures::interactions_from_table(world, &rows)?;
    world.interactions.extend(interactions);
    Ok(())
}

/// Interaction `number` (1-based, as the tables number them).
pub fn interaction(world: &World, number: usize) -> Result<HttpInteraction, String> {
    number
        .checked_sub(1)
        .and_then(|index| world.interactions.get(index))
        .cloned()
        .ok_or_else(|| format!("there is no interaction {number}"))
}

/// The specification version the pact is written in: the feature's, except that a V1
/// scenario writes V2 (this library writes V2 and later only; V2 expresses everything a V1
/// interaction holds, and the steps read the query either way).
fn spec_version(world: &World) -> SpecVersion {
    world.spec.max(SpecVersion::V2)
}

fn start(world: &mut World, interactions: Vec<HttpInteraction>) -> StepResult {
    let mut pact = Pact::new(CONSUMER, PROVIDER);
    pact.interactions = interactions
        .iter()
        .cloned()
        .map(pact_runtime::model::Interaction::Http)
        .collect();
    let _runtime = world.runtime.enter();
    let server = MockServer::builder(pact)
        .output_dir(world.scratch.path())
        .spec_version(spec_version(world))
        .start()
        .map_err(|e| format!("the mock server did not start: {e}"))?;
    world.consumer.server = Some(server);
    world.consumer.started = interactions;
    Ok(())
}

fn start_with_one(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interaction = interaction(world, step.num(0)?)?;
    start(world, vec![interaction])
}

fn start_with_many(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interactions = step
        .nums(0)?
        .into_iter()
        .map(|n| interaction(world, n))
        .collect::<Result<Vec<_>, String>>()?;
    start(world, interactions)
}

fn start_with_changes(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut interaction = interaction(world, step.num(0)?)?;
    for row in step.table_rows()? {
        apply_request_changes(world, &mut interaction.request, &row)?;
    }
    start(world, vec![interaction])
}

/// Applies a changes row (`method`, `path`, `query`, `headers`, `raw headers`, `body`) to a
/// request: each column given replaces that part.
pub fn apply_request_changes(
    world: &World,
    request: &mut HttpRequest,
    row: &[(String, String)],
) -> StepResult {
    for (column, cell) in row {
        match column.as_str() {
            "method" => request.method = cell.clone(),
            "path" => request.path = cell.clone(),
            "query" => request.query = parse_query(cell),
            "headers" => {
                request.headers = Headers::new();
                add_headers(&mut request.headers, cell);
            }
            "raw headers" => {
                request.headers = Headers::new();
                add_raw_headers(&mut request.headers, cell);
            }
            "body" => {
                let body = body_from_cell(world, cell, None)?.unwrap_or(Body::Missing);
                request
                    .headers
                    .retain(|name, _| !name.eq_ignore_ascii_case("content-type"));
                fixtures::set_content_type(&mut request.headers, &body);
                request.body = body;
            }
            other => return Err(format!("unknown request change `{other}`")),
        }
    }
    Ok(())
}

fn send_request(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let request = interaction(world, step.num(0)?)?.request;
    send(world, &request)
}

fn send_changed_request(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut request = interaction(world, step.num(0)?)?.request;
    for row in step.table_rows()? {
        apply_request_changes(world, &mut request, &row)?;
    }
    send(world, &request)
}

/// Sends `request` to the mock server as a real HTTP client would.
fn send(world: &mut World, request: &HttpRequest) -> StepResult {
    let server = world
        .consumer
        .server
        .as_ref()
        .ok_or("the mock server was not started")?;
    let mut url = server.url_for(&request.path);
    if let Some(query) = &request.query {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (name, values) in query {
            for value in values {
                serializer.append_pair(name, value);
            }
        }
        url.push('?');
        url.push_str(&serializer.finish());
    }
    let response = world.runtime.block_on(super::http_client::send(
        &request.method,
        &url,
        &request.headers,
        request.body.to_bytes(),
    ))?;
    world.consumer.response = Some(response);
    Ok(())
}

fn response_status(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected: u16 = step.num(0)? as u16;
    let (status, _, body) = world
        .consumer
        .response
        .as_ref()
        .ok_or("no request was made")?;
    if *status == expected {
        Ok(())
    } else {
        Err(format!(
            "expected status {expected}, got {status}: {}",
            String::from_utf8_lossy(body)
        ))
    }
}

fn payload_document(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected = fixtures::json_fixture(world, step.arg(0))?;
    let (_, _, body) = world
        .consumer
        .response
        .as_ref()
        .ok_or("no request was made")?;
    let actual: Value =
        serde_json::from_slice(body).map_err(|e| format!("the payload is not JSON: {e}"))?;
    if actual == expected {
        Ok(())
    } else {
        Err(format!("expected {expected}, got {actual}"))
    }
}

fn response_content_type(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let (_, headers, _) = world
        .consumer
        .response
        .as_ref()
        .ok_or("no request was made")?;
    let actual = fixtures::content_type(headers);
    if actual.as_deref() == Some(step.arg(0)) {
        Ok(())
    } else {
        Err(format!(
            "expected content type {:?}, got {actual:?}",
            step.arg(0)
        ))
    }
}

fn pact_test_done(world: &mut World, _step: &StepCall<'_>) -> StepResult {
    let server = world
        .consumer
        .server
        .take()
        .ok_or("the mock server was not started")?;
    match server.finish() {
        Ok(file) => {
            let text = std::fs::read_to_string(&file.path)
                .map_err(|e| format!("cannot read {}: {e}", file.path.display()))?;
            world.consumer.pact = Some(
                serde_json::from_str(&text)
                    .map_err(|e| format!("{} is not JSON: {e}", file.path.display()))?,
            );
            world.consumer.outcome = Some(Ok(()));
        }
        Err(pact_runtime::mock_server::MockServerError::Verification(report)) => {
            world.consumer.outcome = Some(Err(*report));
        }
        Err(error) => return Err(format!("the mock server failed: {error}")),
    }
    Ok(())
}

/// The mock server's report: the final one after `the pact test is done`, else what it saw
/// so far.
fn report(world: &World) -> Result<MockServerReport, String> {
    match (&world.consumer.outcome, &world.consumer.server) {
        (Some(Err(report)), _) => Ok(report.clone()),
        (Some(Ok(())), _) => Err("the mock server reported no problem".to_owned()),
        (None, Some(server)) => Ok(server.report()),
        (None, None) => Err("the mock server was not started".to_owned()),
    }
}

fn status_ok(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let negated = !step.arg(0).is_empty();
    let outcome = world
        .consumer
        .outcome
        .as_ref()
        .ok_or("the pact test is not done")?;
    match (outcome, negated) {
        (Ok(()), false) | (Err(_), true) => Ok(()),
        (Ok(()), true) => Err("the mock server's verification passed".to_owned()),
        (Err(report), false) => Err(format!("the mock server's verification failed:\n{report}")),
    }
}

fn pact_written(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let negated = !step.arg(0).is_empty();
    let files: Vec<_> = std::fs::read_dir(world.scratch.path())
        .map_err(|e| format!("cannot list the output directory: {e}"))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "json"))
        .collect();
    match (files.is_empty(), negated) {
        (false, false) | (true, true) => Ok(()),
        (true, false) => Err("no pact file was written".to_owned()),
        (false, true) => Err(format!("a pact file was written: {:?}", files[0].path())),
    }
}

fn missing_interaction(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected = interaction(world, step.num(0)?)?;
    let report = report(world)?;
    if report
        .missing
        .iter()
        .any(|missing| missing.description == expected.common.description)
    {
        Ok(())
    } else {
        Err(format!(
            "interaction {:?} is not reported missing:\n{report}",
            expected.common.description
        ))
    }
}

fn unexpected(world: &World, method: &str, path: &str) -> StepResult {
    let report = report(world)?;
    if report
        .unexpected
        .iter()
        .any(|u| u.request.method == method && u.request.path == path)
    {
        Ok(())
    } else {
        Err(format!(
            "no unexpected {method} request for {path} is reported:\n{report}"
        ))
    }
}

fn unexpected_for_interaction(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected = interaction(world, step.num(1)?)?;
    unexpected(world, step.arg(0), &expected.request.path)
}

fn unexpected_for_path(world: &mut World, step: &StepCall<'_>) -> StepResult {
    unexpected(world, step.arg(0), step.arg(1))
}

/// Every mismatch of the requests that came close to an interaction.
fn mismatches(world: &World) -> Result<Vec<Mismatch>, String> {
    Ok(report(world)?
        .unexpected
        .into_iter()
        .filter_map(|u| u.closest)
        .flat_map(|closest| closest.mismatches)
        .collect())
}

fn status_mismatches(world: &mut World, _step: &StepCall<'_>) -> StepResult {
    if mismatches(world)?.is_empty() {
        Err(format!(
            "no request came with mismatches against an interaction:\n{}",
            report(world)?
        ))
    } else {
        Ok(())
    }
}

fn mismatch_with_error(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let found = mismatches(world)?;
    super::mismatch_text::find(&found, step.arg(0), None, step.arg(1))
}

fn mismatch_with_path_and_error(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let found = mismatches(world)?;
    super::mismatch_text::find(&found, step.arg(0), Some(step.arg(1)), step.arg(2))
}

/// The written pact's interaction `ordinal` (`first`, `second`, `third`).
fn pact_interaction<'a>(world: &'a World, ordinal: &str) -> Result<&'a Value, String> {
    let index = match ordinal {
        "first" => 0,
        "second" => 1,
        _ => 2,
    };
    world
        .consumer
        .pact
        .as_ref()
        .ok_or("no pact file was written")?
        .get("interactions")
        .and_then(|i| i.get(index))
        .ok_or_else(|| format!("the pact has no {ordinal} interaction"))
}

fn pact_interaction_count(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected = step.num(0)?;
    let pact = world
        .consumer
        .pact
        .as_ref()
        .ok_or("no pact file was written")?;
    let count = pact
        .get("interactions")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if count == expected {
        Ok(())
    } else {
        Err(format!("the pact has {count} interactions, not {expected}"))
    }
}

fn pact_request_method(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interaction = pact_interaction(world, step.arg(0))?;
    let method = interaction
        .pointer("/request/method")
        .and_then(Value::as_str);
    if method.is_some_and(|m| m.eq_ignore_ascii_case(step.arg(1))) {
        Ok(())
    } else {
        Err(format!("the request's method is {method:?}"))
    }
}

/// A body in a written pact: JSON in place, or text (V4 `content`).
fn pact_body(part: &Value) -> Option<Value> {
    let body = part.get("body")?;
    match body.get("content") {
        // V4: {"content": …, "contentType": …, "encoded": …}
        Some(content) if body.get("contentType").is_some() => match content {
            Value::String(text)
                if body.get("encoded") == Some(&Value::Bool(false))
                    || body.get("encoded").is_none() =>
            {
                serde_json::from_str(text)
                    .ok()
                    .or_else(|| Some(content.clone()))
            }
            _ => Some(content.clone()),
        },
        _ => Some(body.clone()),
    }
}

fn pact_document(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interaction = pact_interaction(world, step.arg(0))?;
    let expected = fixtures::json_fixture(world, step.arg(2))?;
    let part = interaction
        .get(step.arg(1))
        .ok_or_else(|| format!("the interaction has no {}", step.arg(1)))?;
    let actual = pact_body(part);
    if actual.as_ref() == Some(&expected) {
        Ok(())
    } else {
        Err(format!(
            "the {} body is {actual:?}, not {expected}",
            step.arg(1)
        ))
    }
}

fn pact_query(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interaction = pact_interaction(world, step.arg(0))?;
    let query = interaction.pointer("/request/query");
    let expected = step.arg(1);
    let matches = match query {
        Some(Value::String(text)) => text == expected,
        Some(Value::Object(_)) => {
            let expected = parse_query(expected).unwrap_or_default();
            let expected: Value = expected
                .into_iter()
                .map(|(name, values)| (name, Value::from(values)))
                .collect::<serde_json::Map<_, _>>()
                .into();
            query == Some(&expected)
        }
        _ => false,
    };
    if matches {
        Ok(())
    } else {
        Err(format!(
            "the request's query is {query:?}, not {expected:?}"
        ))
    }
}

fn header_values(part: &Value, name: &str) -> Vec<String> {
    let Some(headers) = part.get("headers").and_then(Value::as_object) else {
        return Vec::new();
    };
    headers
        .iter()
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        .flat_map(|(_, value)| match value {
            Value::Array(values) => values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Value::String(value) => vec![value.clone()],
            _ => Vec::new(),
        })
        .collect()
}

fn pact_header(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interaction = pact_interaction(world, step.arg(0))?;
    let request = interaction.get("request").ok_or("no request")?;
    let values = header_values(request, step.arg(1));
    if values.iter().any(|v| v == step.arg(2)) {
        Ok(())
    } else {
        Err(format!(
            "the request's {} header is {values:?}",
            step.arg(1)
        ))
    }
}

fn pact_content_type(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let interaction = pact_interaction(world, step.arg(0))?;
    let request = interaction.get("request").ok_or("no request")?;
    let values = header_values(request, "content-type");
    let from_body = request.pointer("/body/contentType").and_then(Value::as_str);
    if values.iter().any(|v| v == step.arg(1)) || from_body == Some(step.arg(1)) {
        Ok(())
    } else {
        Err(format!(
            "the request's content type is {values:?} / {from_body:?}"
        ))
    }
}
