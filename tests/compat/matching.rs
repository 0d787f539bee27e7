//! Matching steps (`http_matching.feature`, `matching_rules.feature`): an expected request
//! or response built from a table, actual ones received, compared with the engine's public
//! [`match_request`] and [`match_response`], and the mismatches checked by path and the
//! official error text (see [`super::mismatch_text`]).

use pact_runtime::matching::{Mismatch, match_request, match_response};
use pact_runtime::model::{HttpRequest, HttpResponse};

use super::fixtures;
use super::{StepCall, StepDef, StepResult, World};

/// The parts compared and what the comparisons found.
#[derive(Default)]
pub struct State {
    expected_request: Option<HttpRequest>,
    received: Vec<HttpRequest>,
    expected_response: Option<HttpResponse>,
    received_response: Option<HttpResponse>,
    /// After a comparison: every mismatch of every part compared.
    mismatches: Option<Vec<Mismatch>>,
}

/// Adds the matching steps.
pub fn register(steps: &mut Vec<StepDef>) {
    steps.push(StepDef::new(
        "an expected request configured with the following:",
        expected_request,
    ));
    steps.push(StepDef::new(
        r#"an expected request with an? "([^"]*)" header of "([^"]*)""#,
        expected_request_header,
    ));
    steps.push(StepDef::new(
        "a request is received with the following:",
        received_request,
    ));
    steps.push(StepDef::new(
        "the following requests are received:",
        received_request,
    ));
    steps.push(StepDef::new(
        r#"a request is received with an? "([^"]*)" header of "([^"]*)""#,
        received_request_header,
    ));
    steps.push(StepDef::new(
        "the requests? (?:is|are) compared to the expected one",
        compare_requests,
    ));
    steps.push(StepDef::new(
        "the (?:response )?comparison should (NOT )?be OK",
        comparison_ok,
    ));
    steps.push(StepDef::new(
        r#"the mismatches will contain a mismatch with error "([^"]*)" -> "(.*)""#,
        mismatch_at_path,
    ));
    steps.push(StepDef::new(
        "an expected response configured with the following:",
        expected_response,
    ));
    steps.push(StepDef::new(
        r"a status (\d+) response is received",
        received_status,
    ));
    steps.push(StepDef::new(
        "the response is compared to the expected one",
        compare_response,
    ));
    steps.push(StepDef::new(
        r#"the response mismatches will contain a "([^"]*)" mismatch with error "(.*)""#,
        response_mismatch,
    ));
}

/// The requests of a table (columns as in the interaction tables; `desc` is a label).
fn requests(world: &World, step: &StepCall<'_>) -> Result<Vec<HttpRequest>, String> {
    let rows: Vec<Vec<(String, String)>> = step
        .table_rows()?
        .into_iter()
        .map(|row| {
            row.into_iter()
                .filter(|(column, _)| column != "desc")
                .collect()
        })
        .collect();
    Ok(fixtures::interactions_from_table(world, &rows)?
        .into_iter()
        .map(|interaction| interaction.request)
        .collect())
}

/// A `GET /` request with one header holding `value` as written (commas included).
fn request_with_header(name: &str, value: &str) -> HttpRequest {
    let mut request = HttpRequest::default();
    request
        .headers
        .insert(name.to_owned(), vec![value.to_owned()]);
    request
}

fn expected_request(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let request = requests(world, step)?
        .into_iter()
        .next()
        .ok_or("the table defines no request")?;
    world.matching.expected_request = Some(request);
    Ok(())
}

fn expected_request_header(world: &mut World, step: &StepCall<'_>) -> StepResult {
    world.matching.expected_request = Some(request_with_header(step.arg(0), step.arg(1)));
    Ok(())
}

fn received_request(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let received = requests(world, step)?;
    world.matching.received.extend(received);
    Ok(())
}

fn received_request_header(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let request = request_with_header(step.arg(0), step.arg(1));
    world.matching.received.push(request);
    Ok(())
}

fn compare_requests(world: &mut World, _step: &StepCall<'_>) -> StepResult {
    let state = &mut world.matching;
    let expected = state
        .expected_request
        .as_ref()
        .ok_or("no expected request was configured")?;
    if state.received.is_empty() {
        return Err("no request was received".to_owned());
    }
    let mismatches = state
        .received
        .iter()
        .flat_map(|actual| match_request(expected, actual))
        .collect();
    state.mismatches = Some(mismatches);
    Ok(())
}

fn mismatches(world: &World) -> Result<&[Mismatch], String> {
    world
        .matching
        .mismatches
        .as_deref()
        .ok_or_else(|| "nothing was compared".to_owned())
}

fn comparison_ok(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let negated = !step.arg(0).is_empty();
    let found = mismatches(world)?;
    match (found.is_empty(), negated) {
        (true, false) | (false, true) => Ok(()),
        (true, true) => Err("the comparison found no mismatch".to_owned()),
        (false, false) => {
            let listed: Vec<String> = found
                .iter()
                .map(|m| format!("  {:?}: {}", m.path, m.message()))
                .collect();
            Err(format!(
                "the comparison found mismatches:\n{}",
                listed.join("\n")
            ))
        }
    }
}

/// `… a mismatch with error "$.one" -> "Expected …"`: any kind, at that path (a body path,
/// or a header or parameter name).
fn mismatch_at_path(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let error = step.arg(1).replace("\\\"", "\"");
    let found = mismatches(world)?;
    let hit = found.iter().any(|m| {
        super::mismatch_text::same_place(&m.path, step.arg(0))
            && super::mismatch_text::describes(m, &error)
    });
    if hit {
        return Ok(());
    }
    let listed: Vec<String> = found
        .iter()
        .map(|m| format!("  {:?}: {}", m.path, m.message()))
        .collect();
    Err(format!(
        "no mismatch at {:?} says {error:?}; the mismatches are:\n{}",
        step.arg(0),
        listed.join("\n")
    ))
}

fn expected_response(world: &mut World, step: &StepCall<'_>) -> StepResult {
    // The response columns of the interaction tables, named here without `response`.
    let rows: Vec<Vec<(String, String)>> = step
        .table_rows()?
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(column, cell)| {
                    let column = match column.as_str() {
                        "status" => "response".to_owned(),
                        other => format!("response {other}"),
                    };
                    (column, cell)
                })
                .collect()
        })
        .collect();
    let response = fixtures::interactions_from_table(world, &rows)?
        .into_iter()
        .next()
        .ok_or("the table defines no response")?
        .response;
    world.matching.expected_response = Some(response);
    Ok(())
}

fn received_status(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let status = step
        .arg(0)
        .parse()
        .map_err(|_| format!("`{}` is not a status", step.arg(0)))?;
    world.matching.received_response = Some(HttpResponse {
        status,
        ..HttpResponse::default()
    });
    Ok(())
}

fn compare_response(world: &mut World, _step: &StepCall<'_>) -> StepResult {
    let state = &mut world.matching;
    let expected = state
        .expected_response
        .as_ref()
        .ok_or("no expected response was configured")?;
    let actual = state
        .received_response
        .as_ref()
        .ok_or("no response was received")?;
    state.mismatches = Some(match_response(expected, actual));
    Ok(())
}

fn response_mismatch(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let found = mismatches(world)?;
    super::mismatch_text::find(found, step.arg(0), None, step.arg(1))
}
