//! Message provider steps (V3 and V4 `message_provider.feature`): the provider's message
//! producers, registered by description with [`Verifier::message`], generate a fixed
//! message each; pact files hold one asynchronous message interaction each. Running the
//! verification and checking its outcome, state callbacks, pending failures and comments
//! are the HTTP provider's steps (`http_provider`), which verify a message provider the
//! same way.
//!
//! [`Verifier::message`]: pact_runtime::provider::Verifier::message

use pact_runtime::model::json::pact_from_json;
use pact_runtime::model::{
    AsyncMessage, Interaction, MatchingRules, MessageContents, ProviderState, SpecVersion,
};
use pact_runtime::provider::ProviderMessage;
use serde_json::{Map, Value};

use super::fixtures::body_from_cell;
use super::http_provider::{add_comments, write_interaction};
use super::{StepCall, StepDef, StepResult, World};

/// Adds the message provider steps.
pub fn register(steps: &mut Vec<StepDef>) {
    steps.push(StepDef::new(
        r#"a provider is started that can generate the "([^"]*)" message with "(.*)"( and the following metadata:)?"#,
        start,
    ));
    steps.push(StepDef::new(
        r#"a Pact file for "([^"]*)":"([^"]*)" is to be verified(?: with provider state "([^"]*)"|(, but is marked pending)|( with the following metadata:)|( with the following comments:))?"#,
        pact_for_message,
    ));
    steps.push(StepDef::new(
        r#"a Pact file for "([^"]*)" is to be verified with the following:"#,
        pact_with_parts,
    ));
}

/// The suite writes quotes inside a step's quoted text as `\"`.
fn unescape(text: &str) -> String {
    text.replace("\\\"", "\"")
}

/// A metadata value cell: `JSON: …` is JSON, anything else a string.
fn metadata_value(cell: &str) -> Result<Value, String> {
    match cell.strip_prefix("JSON:") {
        Some(json) => serde_json::from_str(json.trim())
            .map_err(|e| format!("the metadata value {cell:?} is not JSON: {e}")),
        None => Ok(Value::String(cell.to_owned())),
    }
}

/// A `key`/`value` metadata table.
fn metadata_table(step: &StepCall<'_>) -> Result<Map<String, Value>, String> {
    let mut metadata = Map::new();
    for row in step.table_rows()? {
        let cell = |name: &str| {
            row.iter()
                .find(|(column, _)| column == name)
                .map(|(_, cell)| cell.clone())
                .ok_or_else(|| format!("the metadata table has no `{name}` column"))
        };
        metadata.insert(cell("key")?, metadata_value(&cell("value")?)?);
    }
    Ok(metadata)
}

/// `a provider is started that can generate the "D" message with "BODY"`, optionally with
/// a metadata table: a producer for the description `D`.
fn start(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let cell = unescape(step.arg(1));
    let body = body_from_cell(world, &cell, None)?.unwrap_or_default();
    let mut message = ProviderMessage::from_bytes(&body.to_bytes(), body.content_type());
    if !step.arg(2).is_empty() {
        for (key, value) in metadata_table(step)? {
            message = message.metadata(key, value);
        }
    }
    world
        .provider
        .messages
        .push((step.arg(0).to_owned(), message));
    Ok(())
}

/// The specification a message pact of the scenario is written in (V3 at least).
fn version(world: &World) -> SpecVersion {
    world.spec.max(SpecVersion::V3)
}

/// An asynchronous message described `description` with the body of `cell`.
fn message(world: &World, description: &str, cell: &str) -> Result<AsyncMessage, String> {
    let mut message = AsyncMessage::default();
    message.common.description = description.to_owned();
    message.message = MessageContents {
        contents: body_from_cell(world, &unescape(cell), None)?.unwrap_or_default(),
        ..MessageContents::default()
    };
    Ok(message)
}

/// `a Pact file for "D":"BODY" is to be verified`, with a provider state, marked pending,
/// with expected metadata, or with comments.
fn pact_for_message(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut message = message(world, step.arg(0), step.arg(1))?;
    if !step.arg(2).is_empty() {
        message
            .common
            .provider_states
            .push(ProviderState::new(step.arg(2)));
    }
    if !step.arg(3).is_empty() {
        message.common.pending = true;
    }
    if !step.arg(4).is_empty() {
        message.message.metadata.extend(metadata_table(step)?);
    }
    if !step.arg(5).is_empty() {
        add_comments(&mut message.common, step)?;
    }
    let version = version(world);
    write_interaction(world, Interaction::AsyncMessage(message), version)
}

/// `a Pact file for "D" is to be verified with the following:` a header-less table of
/// `body`, `matching rules` (a fixture in pact-file form) and `metadata`
/// (`key=value; key=JSON: …`).
fn pact_with_parts(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut message = AsyncMessage::default();
    message.common.description = step.arg(0).to_owned();
    for row in &step.table()?.rows {
        let [part, cell] = row.as_slice() else {
            return Err(format!("the row {row:?} is not `part | value`"));
        };
        match part.as_str() {
            "body" => {
                message.message.contents =
                    body_from_cell(world, &unescape(cell), None)?.unwrap_or_default();
            }
            "matching rules" => message.message.matching_rules = message_rules(world, cell)?,
            "metadata" => {
                for entry in cell.split(';').map(str::trim).filter(|e| !e.is_empty()) {
                    let (key, value) = entry
                        .split_once('=')
                        .ok_or_else(|| format!("the metadata entry {entry:?} is not key=value"))?;
                    message
                        .message
                        .metadata
                        .insert(key.trim().to_owned(), metadata_value(value.trim())?);
                }
            }
            other => return Err(format!("unknown message part `{other}`")),
        }
    }
    let version = version(world);
    write_interaction(world, Interaction::AsyncMessage(message), version)
}

/// Matching rules of a message (`body` and `metadata` categories) from a fixture, read
/// with the model's own V3 message-pact reader.
fn message_rules(world: &World, cell: &str) -> Result<MatchingRules, String> {
    let path = world.fixture(cell);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the fixture {}: {e}", path.display()))?;
    let rules: Value = serde_json::from_str(&text).map_err(|e| format!("{cell}: {e}"))?;
    let pact = serde_json::json!({
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "messages": [{"description": "rules", "contents": "", "matchingRules": rules}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    });
    let pact = pact_from_json(&pact, cell).map_err(|e| format!("rules `{cell}`: {e}"))?;
    match pact.interactions.into_iter().next() {
        Some(Interaction::AsyncMessage(message)) => Ok(message.message.matching_rules),
        _ => Err(format!("rules `{cell}` were not read as a message's")),
    }
}
