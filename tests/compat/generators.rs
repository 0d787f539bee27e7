//! Generator steps (`generators.feature`, `http_generators.feature`): a request or response
//! with generators from a table, made ready for use with the public
//! [`generate_request`] / [`generate_response`] in the mode and context a scenario sets,
//! and the generated parts checked by the kind of value they must now hold.

use pact_runtime::generators::{
    GeneratorContext, GeneratorMode, generate_request, generate_response,
};
use pact_runtime::model::json::request_from_json;
use pact_runtime::model::{Generators, HttpRequest, HttpResponse, SpecVersion};
use regex::Regex;
use serde_json::Value;

use super::fixtures;
use super::{StepCall, StepDef, StepResult, World};

/// The part configured and what generating it gave.
#[derive(Default)]
pub struct State {
    request: Option<HttpRequest>,
    response: Option<HttpResponse>,
    /// The generators as written (a `Regex` generator's pattern is read from here).
    written: Option<Value>,
    /// `the generator test mode is set as …`.
    mode: Option<GeneratorMode>,
    generated_request: Option<HttpRequest>,
    generated_response: Option<HttpResponse>,
}

/// Adds the generator steps.
pub fn register(steps: &mut Vec<StepDef>) {
    steps.push(StepDef::new(
        "a (request|response) configured with the following generators:",
        configure,
    ));
    steps.push(StepDef::new(
        r#"the generator test mode is set as "(Consumer|Provider)""#,
        set_mode,
    ));
    steps.push(StepDef::new(
        "the (request|response) is prepared for use",
        prepare,
    ));
    steps.push(StepDef::new(
        r#"the request is prepared for use with a "(providerState|mockServer)" context:"#,
        prepare_with_context,
    ));
    steps.push(StepDef::new(
        r#"the body value for "([^"]*)" will have been replaced with an? "([^"]*)""#,
        replaced_with_kind,
    ));
    steps.push(StepDef::new(
        r#"the body value for "([^"]*)" will have been replaced with "([^"]*)""#,
        replaced_with_value,
    ));
    steps.push(StepDef::new(
        r#"the request "([^"]*)" will be set as "([^"]*)""#,
        request_part_is,
    ));
    steps.push(StepDef::new(
        r#"the (request|response) "([^"]*)" will match "([^"]*)""#,
        part_matches,
    ));
    steps.push(StepDef::new(
        r#"the response "([^"]*)" will not be "([^"]*)""#,
        response_part_is_not,
    ));
}

/// Generators from `JSON: …` or a fixture, read with the model's own V3 adapter.
fn generators_from_cell(world: &World, cell: &str) -> Result<(Generators, Value), String> {
    let json: Value = if let Some(json) = cell.strip_prefix("JSON:") {
        serde_json::from_str(json.trim()).map_err(|e| format!("generators `{cell}`: {e}"))?
    } else {
        let path = world.fixture(cell);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read the fixture {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    };
    let request = serde_json::json!({"method": "GET", "path": "/", "generators": json});
    let version = world.spec.max(SpecVersion::V3);
    let generators = request_from_json(&request, version, cell, "$")
        .map(|request| request.generators)
        .map_err(|e| format!("generators `{cell}`: {e}"))?;
    Ok((generators, json))
}

fn configure(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let rows = step.table_rows()?;
    let row = rows.first().ok_or("the table configures nothing")?;
    let mut parts = Vec::new();
    let mut generators = None;
    for (column, cell) in row {
        if column == "generators" {
            generators = Some(generators_from_cell(world, cell)?);
        } else {
            parts.push((column.clone(), cell.clone()));
        }
    }
    let (generators, written) = generators.ok_or("the table has no generators column")?;
    let interaction = fixtures::interactions_from_table(world, &[parts])?
        .into_iter()
        .next()
        .ok_or("the table configures nothing")?;
    let state = &mut world.generators;
    state.written = Some(written);
    if step.arg(0) == "request" {
        let mut request = interaction.request;
        request.generators = generators;
        state.request = Some(request);
    } else {
        let mut response = interaction.response;
        response.body = interaction.request.body;
        response.headers.extend(interaction.request.headers);
        response.generators = generators;
        state.response = Some(response);
    }
    Ok(())
}

fn set_mode(world: &mut World, step: &StepCall<'_>) -> StepResult {
    world.generators.mode = Some(if step.arg(0) == "Consumer" {
        GeneratorMode::Consumer
    } else {
        GeneratorMode::Provider
    });
    Ok(())
}

/// Generates the configured part: a request by default as the verifier does (provider
/// mode), a response as the mock server does (consumer mode).
fn generate(world: &mut World, part: &str, context: &GeneratorContext) -> StepResult {
    let state = &mut world.generators;
    if part == "request" {
        let request = state.request.as_ref().ok_or("no request was configured")?;
        let mode = state.mode.unwrap_or(GeneratorMode::Provider);
        let generated = generate_request(request, mode, context)
            .map_err(|e| format!("cannot generate the request: {e}"))?;
        state.generated_request = Some(generated);
    } else {
        let response = state
            .response
            .as_ref()
            .ok_or("no response was configured")?;
        let mode = state.mode.unwrap_or(GeneratorMode::Consumer);
        let generated = generate_response(response, mode, context)
            .map_err(|e| format!("cannot generate the response: {e}"))?;
        state.generated_response = Some(generated);
    }
    Ok(())
}

fn prepare(world: &mut World, step: &StepCall<'_>) -> StepResult {
    generate(world, step.arg(0), &GeneratorContext::new())
}

fn prepare_with_context(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let table = step.table()?;
    let cell = table
        .rows
        .first()
        .and_then(|row| row.first())
        .ok_or("the context table is empty")?;
    let values: serde_json::Map<String, Value> = serde_json::from_str(cell)
        .map_err(|e| format!("the context {cell:?} is not a JSON object: {e}"))?;
    let context = if step.arg(0) == "mockServer" {
        let href = values
            .get("href")
            .and_then(Value::as_str)
            .ok_or("the mockServer context has no href")?;
        GeneratorContext::new().mock_server_url(href)
    } else {
        GeneratorContext::new().provider_state_values(values)
    };
    generate(world, "request", &context)
}

/// The generated body (request's, else response's) as JSON.
fn generated_body(world: &World) -> Result<Value, String> {
    let state = &world.generators;
    let body = state
        .generated_request
        .as_ref()
        .map(|request| &request.body)
        .or_else(|| state.generated_response.as_ref().map(|r| &r.body))
        .ok_or("nothing was prepared for use")?;
    let bytes = body.to_bytes();
    serde_json::from_slice(&bytes).map_err(|e| format!("the generated body is not JSON: {e}"))
}

/// The value at a simple `$.a.b` path.
fn at_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.trim_start_matches('$')
        .split('.')
        .filter(|segment| !segment.is_empty())
        .try_fold(value, |value, key| value.get(key))
}

/// The `Regex` generator's pattern for `path`, as written.
fn written_regex(world: &World, path: &str) -> Option<String> {
    world
        .generators
        .written
        .as_ref()?
        .get("body")?
        .get(path)?
        .get("regex")?
        .as_str()
        .map(str::to_owned)
}

fn replaced_with_kind(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let body = generated_body(world)?;
    let path = step.arg(0);
    let value = at_path(&body, path).ok_or_else(|| format!("the body has no {path}: {body}"))?;
    let text = value.as_str().unwrap_or_default();
    let shaped = |pattern: &str| Regex::new(pattern).is_ok_and(|re| re.is_match(text));
    let hex = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    let ok = match step.arg(1) {
        "integer" => value.is_i64() || value.is_u64(),
        "decimal number" => value.is_number(),
        "hexadecimal number" => shaped("^[0-9a-fA-F]+$"),
        "random string" => value.is_string(),
        "string from the regex" => {
            let pattern = written_regex(world, path).ok_or("the generator has no regex")?;
            shaped(&format!("^(?:{pattern})$"))
        }
        "date" => shaped(r"^\d{4}-\d{2}-\d{2}$"),
        "time" => shaped(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
        "date-time" => shaped(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
        "UUID" => shaped(&format!("^(?i){hex}$")),
        "simple UUID" => shaped("^[0-9a-f]{32}$"),
        "lower-case-hyphenated UUID" => shaped(&format!("^{hex}$")),
        "upper-case-hyphenated UUID" => shaped(&format!("^{}$", hex.replace("a-f", "A-F"))),
        "URN UUID" => shaped(&format!("^urn:uuid:{hex}$")),
        "boolean" => value.is_boolean(),
        other => return Err(format!("unknown kind of generated value `{other}`")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{path} is {value}, not a {}", step.arg(1)))
    }
}

fn replaced_with_value(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let body = generated_body(world)?;
    let path = step.arg(0);
    let value = at_path(&body, path).ok_or_else(|| format!("the body has no {path}: {body}"))?;
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned);
    if text == step.arg(1) {
        Ok(())
    } else {
        Err(format!("{path} is {value}, not {:?}", step.arg(1)))
    }
}

/// A generated part named as the suite names it: `path`, `status`, `header[X]`,
/// `queryParameter[x]`.
fn part(world: &World, which: &str, name: &str) -> Result<String, String> {
    let state = &world.generators;
    let field = |prefix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(']'))
            .map(str::to_owned)
    };
    let first = |values: Option<&Vec<String>>| values.and_then(|v| v.first()).cloned();
    let found = if which == "request" {
        let request = state
            .generated_request
            .as_ref()
            .ok_or("the request was not prepared")?;
        if name == "path" {
            Some(request.path.clone())
        } else if let Some(header) = field("header[") {
            first(request.headers.get(&header))
        } else if let Some(parameter) = field("queryParameter[") {
            first(request.query.as_ref().and_then(|q| q.get(&parameter)))
        } else {
            None
        }
    } else {
        let response = state
            .generated_response
            .as_ref()
            .ok_or("the response was not prepared")?;
        if name == "status" {
            Some(response.status.to_string())
        } else if let Some(header) = field("header[") {
            first(response.headers.get(&header))
        } else {
            None
        }
    };
    found.ok_or_else(|| format!("the {which} has no {name}"))
}

fn request_part_is(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let found = part(world, "request", step.arg(0))?;
    if found == step.arg(1) {
        Ok(())
    } else {
        Err(format!("the request {} is {found:?}", step.arg(0)))
    }
}

fn part_matches(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let found = part(world, step.arg(0), step.arg(1))?;
    let pattern = Regex::new(&format!("^(?:{})$", step.arg(2)))
        .map_err(|e| format!("`{}` is not a regex: {e}", step.arg(2)))?;
    if pattern.is_match(&found) {
        Ok(())
    } else {
        Err(format!("the {} {} is {found:?}", step.arg(0), step.arg(1)))
    }
}

fn response_part_is_not(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let found = part(world, "response", step.arg(0))?;
    if found == step.arg(1) {
        Err(format!("the response {} is {found:?}", step.arg(0)))
    } else {
        Ok(())
    }
}
