//! Message consumer steps (V3 `message_consumer.feature`, V4
//! `synchronous_message_consumer.feature`), on the public message consumer API:
//! [`pact_runtime::message::Message`], [`pact_runtime::message::SyncMessage`] and
//! [`pact_runtime::message::MessagePact`].
//!
//! The interaction itself (description, provider states, V4 fields) is the one the
//! `… is being defined for a consumer test` step of [`super::v4`] started; these steps
//! give it contents and metadata, hand it to a handler (`MessagePact::verify`) or take its
//! example responses (`MessagePact::exchange`), then check what the handler received and
//! the pact file `MessagePact::finish` wrote (read back with the model's own loader).
//!
//! Generators come from the suite's tables in pact-file form (`{"body": {"$.one": …}}`,
//! `{"metadata": {"ID": …}}`), read with the model's V3 reader and attached to the
//! contents with [`Pattern::with_generator`], as a user of the DSL would attach them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pact_runtime::matchers::Pattern;
use pact_runtime::message::{Contents, Exchange, MessageError, MessagePact, ReceivedMessage};
use pact_runtime::model::json::pact_from_json;
use pact_runtime::model::{
    Body, Category, DocPath, Generator, Generators, Interaction, MessageContents, Pact, file,
    is_json_content_type,
};
use serde_json::Value;

use super::v4::{self, Defined};
use super::{StepCall, StepDef, StepResult, World, fixtures};

/// The message steps' state.
#[derive(Default)]
pub struct State {
    /// The request of the synchronous message under definition, rebuilt into the
    /// interaction each time a step changes it (`SyncMessage::request` replaces).
    request: Part,
    /// What the asynchronous message's handler received.
    received: Option<ReceivedMessage>,
    /// The synchronous message's example request and responses.
    exchange: Option<Exchange>,
    /// The consumer test's outcome: `Err` with the handler's error.
    outcome: Option<Result<(), String>>,
    /// The pact file the test wrote, if it wrote one.
    written: Option<PathBuf>,
}

/// The contents of one message as the steps accumulate them.
#[derive(Default, Clone)]
struct Part {
    body: Option<PartBody>,
    metadata: Vec<(String, Pattern)>,
}

#[derive(Clone)]
enum PartBody {
    Json(Pattern),
    Other {
        bytes: Vec<u8>,
        content_type: String,
    },
}

impl Part {
    fn contents(&self) -> Contents {
        let mut contents = match &self.body {
            None => Contents::new(),
            Some(PartBody::Json(pattern)) => Contents::json(pattern.clone()),
            Some(PartBody::Other {
                bytes,
                content_type,
            }) => match String::from_utf8(bytes.clone()) {
                Ok(text) => Contents::body(text, content_type.clone()),
                Err(_) => Contents::bytes(bytes.clone(), content_type.clone()),
            },
        };
        for (key, pattern) in &self.metadata {
            contents = contents.metadata(key.clone(), pattern.clone());
        }
        contents
    }
}

/// A quoted step argument that may hold `\"`.
const QUOTED: &str = r#""((?:[^"\\]|\\.)*)""#;

/// Adds the message consumer steps.
pub fn register(steps: &mut Vec<StepDef>) {
    steps.push(StepDef::new(
        r#"the message (request |response )?payload contains the "([^"]*)"(?: JSON)? document"#,
        payload,
    ));
    steps.push(StepDef::new(
        "the message (request )?contains the following metadata:",
        metadata_table,
    ));
    steps.push(StepDef::new(
        "the message (request |response )?is configured with the following:",
        configure,
    ));
    steps.push(StepDef::new("a message is defined", |world, _| {
        v4::change(world, "message", |defined| defined)
    }));
    steps.push(StepDef::new(
        r#"the message is (NOT )?successfully processed(?: with a "([^"]*)" exception)?"#,
        process,
    ));
    steps.push(StepDef::new(
        r#"the received message payload will contain the "([^"]*)"(?: JSON)? document"#,
        received_payload,
    ));
    steps.push(StepDef::new(
        r#"the received message content type will be "([^"]*)""#,
        received_content_type,
    ));
    steps.push(StepDef::new(
        &format!(
            r"the received message (request |response )?metadata will contain {QUOTED} == {QUOTED}"
        ),
        received_metadata,
    ));
    steps.push(StepDef::new(
        &format!(r#"the received message (request |response )?metadata will contain {QUOTED} replaced with an? "([^"]*)""#),
        received_metadata_generated,
    ));
    steps.push(StepDef::new(
        r#"the message (request |response )?contents for "([^"]*)" will have been replaced with an? "([^"]*)""#,
        received_contents_generated,
    ));
    steps.push(StepDef::new(
        "the consumer test will have (passed|failed)",
        test_outcome,
    ));
    steps.push(StepDef::new(
        r#"the consumer test error will be "([^"]*)""#,
        test_error,
    ));
    steps.push(StepDef::new(
        "a Pact file for the message interaction will (NOT )?have been written",
        written,
    ));
    steps.push(StepDef::new(
        r"the pact file will contain (\d+) (?:message )?interactions?",
        interaction_count,
    ));
    steps.push(StepDef::new(
        r#"the first message in the pact file will contain the "([^"]*)" document"#,
        first_message_document,
    ));
    steps.push(StepDef::new(
        r#"the first message in the pact file content type will be "([^"]*)""#,
        first_message_content_type,
    ));
    steps.push(StepDef::new(
        &format!(
            r"the first message in the pact file will contain the (request )?message metadata {QUOTED} == {QUOTED}"
        ),
        first_message_metadata,
    ));
    steps.push(StepDef::new(
        r#"the first interaction in the pact file will contain the "([^"]*)" document as (the request|a response|the first response message|the second response message)"#,
        first_interaction_document,
    ));
    steps.push(StepDef::new(
        r#"the first interaction in the pact file (request|response) content type will be "([^"]*)""#,
        first_interaction_content_type,
    ));
    steps.push(StepDef::new(
        r"the first interaction in the pact file will contain (\d+) response messages",
        response_count,
    ));
    steps.push(StepDef::new(
        r#"the provider state "([^"]*)" for the message will contain the following parameters:"#,
        v4::state_parameters,
    ));
}

/// The contents a document cell names: `basic` (the JSON fixture `basic.json`) or a body
/// cell (`file: xml-body.xml`, `JSON: …`).
fn document(
    world: &World,
    cell: &str,
    generators: Option<&Generators>,
) -> Result<PartBody, String> {
    let is_body_cell = ["file:", "JSON:", "XML:"]
        .iter()
        .any(|prefix| cell.starts_with(prefix));
    let (bytes, content_type) = if is_body_cell {
        let body = fixtures::body_from_cell(world, cell, None)?
            .ok_or_else(|| format!("the document {cell:?} is empty"))?;
        (
            body.to_bytes(),
            body.content_type().unwrap_or("text/plain").to_owned(),
        )
    } else {
        let value = fixtures::json_fixture(world, cell)?;
        (
            value.to_string().into_bytes(),
            "application/json".to_owned(),
        )
    };
    if is_json_content_type(&content_type) {
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| format!("the document {cell:?} is not JSON: {e}"))?;
        let body_generators = generators.and_then(|g| g.category(Category::Body));
        Ok(PartBody::Json(pattern_at(
            &value,
            &DocPath::root(),
            body_generators,
        )))
    } else {
        Ok(PartBody::Other {
            bytes,
            content_type,
        })
    }
}

/// `value` as a pattern matching by equality, with the generators at their paths.
fn pattern_at(
    value: &Value,
    path: &DocPath,
    generators: Option<&BTreeMap<DocPath, Generator>>,
) -> Pattern {
    let pattern = match value {
        Value::Object(fields) => Pattern::object(fields.iter().map(|(key, value)| {
            (
                key.clone(),
                pattern_at(value, &path.join_field(key.clone()), generators),
            )
        })),
        Value::Array(items) => Pattern::array(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| pattern_at(item, &path.join_index(index), generators)),
        ),
        other => Pattern::from(other),
    };
    match generators.and_then(|generators| generators.get(path)) {
        Some(generator) => pattern.with_generator(generator.clone()),
        None => pattern,
    }
}

/// A metadata value cell: `JSON: …` is JSON, anything else a string.
fn metadata_value(cell: &str) -> Result<Value, String> {
    match cell.strip_prefix("JSON:") {
        Some(json) => serde_json::from_str(json.trim())
            .map_err(|e| format!("the metadata value {cell:?} is not JSON: {e}")),
        None => Ok(Value::String(cell.to_owned())),
    }
}

fn unescape(text: &str) -> String {
    text.replace("\\\"", "\"")
}

/// Generators in pact-file form (`{"body": {"$.one": …}, "metadata": {"ID": …}}`) from
/// `JSON: …` or a fixture, read with the model's V3 message-pact reader.
fn generators_from_cell(world: &World, cell: &str) -> Result<Generators, String> {
    let json: Value = if let Some(json) = cell.strip_prefix("JSON:") {
        serde_json::from_str(json.trim()).map_err(|e| format!("generators `{cell}`: {e}"))?
    } else {
        let path = world.fixture(cell);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read the fixture {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    };
    let pact = serde_json::json!({
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "messages": [{"description": "generators", "contents": "", "generators": json}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    });
    let pact = pact_from_json(&pact, cell).map_err(|e| format!("generators `{cell}`: {e}"))?;
    match pact.interactions.into_iter().next() {
        Some(Interaction::AsyncMessage(message)) => Ok(message.message.generators),
        _ => Err(format!("generators `{cell}` were not read as a message's")),
    }
}

/// Applies `part` to the interaction under definition: the asynchronous message's body
/// and metadata, or the synchronous message's request (`request`) or a new response.
fn apply(world: &mut World, which: &str, part: Part) -> StepResult {
    match which.trim() {
        "request" => {
            let request = &mut world.messages.request;
            if part.body.is_some() {
                request.body = part.body;
            }
            request.metadata.extend(part.metadata);
            let contents = request.contents();
            v4::change(world, "synchronous message", |defined| match defined {
                Defined::Sync(message) => Defined::Sync(message.request(contents)),
                other => other,
            })
        }
        "response" => v4::change(world, "synchronous message", |defined| match defined {
            Defined::Sync(message) => Defined::Sync(message.response(part.contents())),
            other => other,
        }),
        _ => v4::change(world, "message", |defined| match defined {
            Defined::Message(mut message) => {
                message = match part.body {
                    None => message,
                    Some(PartBody::Json(pattern)) => message.json(pattern),
                    Some(PartBody::Other {
                        bytes,
                        content_type,
                    }) => match String::from_utf8(bytes) {
                        Ok(text) => message.body(text, content_type),
                        Err(error) => message.bytes(error.into_bytes(), content_type),
                    },
                };
                for (key, pattern) in part.metadata {
                    message = message.metadata(key, pattern);
                }
                Defined::Message(message)
            }
            other => other,
        }),
    }
}

fn payload(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let body = document(world, step.arg(1), None)?;
    let part = Part {
        body: Some(body),
        metadata: Vec::new(),
    };
    apply(world, step.arg(0), part)
}

fn metadata_table(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let mut part = Part::default();
    for row in step.table_rows()? {
        let cell = |name: &str| {
            row.iter()
                .find(|(column, _)| column == name)
                .map(|(_, cell)| cell.clone())
                .ok_or_else(|| format!("the metadata table has no {name} column"))
        };
        let value = metadata_value(&cell("value")?)?;
        part.metadata.push((cell("key")?, Pattern::from(value)));
    }
    apply(world, step.arg(0), part)
}

fn configure(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let rows = step.table_rows()?;
    let row = rows.first().ok_or("the table configures nothing")?;
    let cell = |name: &str| {
        row.iter()
            .find(|(column, _)| column == name)
            .map(|(_, cell)| cell.as_str())
    };
    let generators = cell("generators")
        .map(|cell| generators_from_cell(world, cell))
        .transpose()?;
    let mut part = Part::default();
    if let Some(body) = cell("body") {
        part.body = Some(document(world, body, generators.as_ref())?);
    }
    if let Some(metadata) = cell("metadata") {
        let Value::Object(fields) = serde_json::from_str(metadata)
            .map_err(|e| format!("the metadata {metadata:?} is not JSON: {e}"))?
        else {
            return Err(format!("the metadata {metadata:?} is not a JSON object"));
        };
        let metadata_generators = generators
            .as_ref()
            .and_then(|g| g.category(Category::Metadata));
        for (key, value) in fields {
            let path = DocPath::root().join_field(key.clone());
            part.metadata
                .push((key, pattern_at(&value, &path, metadata_generators)));
        }
    }
    apply(world, step.arg(0), part)
}

/// Runs the consumer test: the asynchronous message through a handler that succeeds or
/// fails with the step's error, or the synchronous message's exchange; then finishes the
/// message pact, which writes the pact file only when the test passed.
fn process(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let failure = (!step.arg(0).is_empty()).then(|| step.arg(1).to_owned());
    let defined = world
        .definitions
        .defined
        .pop()
        .ok_or("no message interaction is being defined")?;
    let mut pact = MessagePact::builder(Pact::new(v4::CONSUMER, v4::PROVIDER))
        .output_dir(world.scratch.path())
        .spec_version(world.spec)
        .build()
        .map_err(|e| format!("cannot start the message pact: {e}"))?;
    let state = &mut world.messages;
    let outcome = match defined {
        Defined::Message(message) => {
            let mut received = None;
            let outcome = pact.verify(message, |message| {
                received = Some(message.clone());
                match &failure {
                    Some(error) => Err(error.clone()),
                    None => Ok(()),
                }
            });
            state.received = received;
            outcome
        }
        Defined::Sync(message) => pact.exchange(message).map(|exchange| {
            state.exchange = Some(exchange);
        }),
        Defined::Http(_) => {
            pact.abandon();
            return Err("the interaction under definition is HTTP".to_owned());
        }
    };
    state.outcome = Some(match outcome {
        Ok(()) => Ok(()),
        Err(MessageError::Handler { error, .. }) => Err(error),
        Err(other) => {
            pact.abandon();
            return Err(format!("the consumer test could not run: {other}"));
        }
    });
    match pact.finish() {
        Ok(written) => {
            state.written = Some(written.path);
            Ok(())
        }
        Err(MessageError::HandlersFailed { .. }) if failure.is_some() => Ok(()),
        Err(error) => Err(format!("the pact was not written: {error}")),
    }
}

/// The message a `received message` step looks at: the asynchronous message, or the
/// synchronous message's request or (by default) first response.
fn received<'a>(world: &'a World, which: &str) -> Result<&'a ReceivedMessage, String> {
    let state = &world.messages;
    match (which.trim(), &state.exchange) {
        ("request", Some(exchange)) => Ok(&exchange.request),
        (_, Some(exchange)) => exchange
            .responses
            .first()
            .ok_or_else(|| "the exchange has no response".to_owned()),
        (_, None) => state
            .received
            .as_ref()
            .ok_or_else(|| "no message was received".to_owned()),
    }
}

/// Whether `bytes` of `content_type` are the document `expected` (JSON compared as
/// values, anything else byte for byte).
fn same_document(expected: &PartBody, bytes: &[u8], content_type: Option<&str>) -> StepResult {
    match expected {
        PartBody::Json(pattern) => {
            let expected = pattern.to_example();
            let actual: Value = serde_json::from_slice(bytes).map_err(|e| {
                format!(
                    "expected the JSON {expected}, found {:?} ({e})",
                    String::from_utf8_lossy(bytes)
                )
            })?;
            if actual == expected {
                Ok(())
            } else {
                Err(format!("expected {expected}, found {actual}"))
            }
        }
        PartBody::Other {
            bytes: expected,
            content_type: expected_type,
        } => {
            if expected == bytes && content_type == Some(expected_type.as_str()) {
                Ok(())
            } else {
                Err(format!(
                    "expected {:?} ({expected_type}), found {:?} ({content_type:?})",
                    String::from_utf8_lossy(expected),
                    String::from_utf8_lossy(bytes)
                ))
            }
        }
    }
}

fn received_payload(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected = document(world, step.arg(0), None)?;
    let message = received(world, "")?;
    same_document(&expected, message.bytes(), message.content_type())
}

fn received_content_type(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let found = received(world, "")?.content_type();
    if found == Some(step.arg(0)) {
        Ok(())
    } else {
        Err(format!("the received message's content type is {found:?}"))
    }
}

fn received_metadata(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let key = unescape(step.arg(1));
    let expected = metadata_value(&unescape(step.arg(2)))?;
    let metadata = received(world, step.arg(0))?.metadata();
    if metadata.get(&key) == Some(&expected) {
        Ok(())
    } else {
        Err(format!(
            "expected {key:?} = {expected}, the received metadata is {metadata:?}"
        ))
    }
}

/// Whether `value` is of the generated `kind` the suite names (`integer`).
fn of_kind(value: &Value, kind: &str) -> StepResult {
    let ok = match kind {
        "integer" => value.is_i64() || value.is_u64(),
        other => return Err(format!("unknown kind of generated value `{other}`")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{value} is not an {kind}"))
    }
}

fn received_metadata_generated(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let key = unescape(step.arg(1));
    let metadata = received(world, step.arg(0))?.metadata();
    let value = metadata
        .get(&key)
        .ok_or_else(|| format!("the received metadata has no {key:?}: {metadata:?}"))?;
    of_kind(value, step.arg(2))
}

fn received_contents_generated(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let message = received(world, step.arg(0))?;
    let body: Value = message
        .json()
        .map_err(|e| format!("the received contents are not JSON: {e}"))?;
    let path = step.arg(1);
    let pointer = path.strip_prefix('$').unwrap_or(path).replace('.', "/");
    let value = body
        .pointer(&pointer)
        .ok_or_else(|| format!("the received contents have no {path}: {body}"))?;
    of_kind(value, step.arg(2))
}

fn test_outcome(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let outcome = world
        .messages
        .outcome
        .as_ref()
        .ok_or("the consumer test has not run")?;
    match (step.arg(0), outcome) {
        ("passed", Ok(())) | ("failed", Err(_)) => Ok(()),
        (_, outcome) => Err(format!("the consumer test ended with {outcome:?}")),
    }
}

fn test_error(world: &mut World, step: &StepCall<'_>) -> StepResult {
    match &world.messages.outcome {
        Some(Err(error)) if error == step.arg(0) => Ok(()),
        other => Err(format!("the consumer test ended with {other:?}")),
    }
}

fn written(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected = step.arg(0).is_empty();
    let files: Vec<_> = std::fs::read_dir(world.scratch.path())
        .map_err(|e| format!("cannot list the pact directory: {e}"))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    match (expected, &world.messages.written, files.as_slice()) {
        (true, Some(path), [file]) if path == file => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            world.definitions.pact = Some(
                serde_json::from_str(&text).map_err(|e| format!("the pact is not JSON: {e}"))?,
            );
            Ok(())
        }
        (false, None, []) => Ok(()),
        (_, written, files) => Err(format!(
            "the test wrote {written:?}; the directory holds {files:?}"
        )),
    }
}

/// The pact file the consumer test wrote, or the one `the Pact file for the test is
/// generated` wrote, read back with the model's reader.
fn written_pact(world: &World) -> Result<Pact, String> {
    if let Some(path) = &world.messages.written {
        return file::load(path).map_err(|e| format!("cannot load {}: {e}", path.display()));
    }
    let generated = world
        .definitions
        .pact
        .as_ref()
        .ok_or("no pact file was written")?;
    pact_from_json(generated, "the generated pact").map_err(|e| format!("{e}"))
}

fn interaction_count(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let pact = written_pact(world)?;
    if pact.interactions.len() == step.num(0)? {
        Ok(())
    } else {
        Err(format!(
            "the pact has {} interactions",
            pact.interactions.len()
        ))
    }
}

/// The first interaction's request (an asynchronous message's contents) and responses.
fn first_contents(world: &World) -> Result<(MessageContents, Vec<MessageContents>), String> {
    match written_pact(world)?.interactions.into_iter().next() {
        Some(Interaction::AsyncMessage(message)) => Ok((message.message, Vec::new())),
        Some(Interaction::SyncMessage(message)) => Ok((message.request, message.response)),
        Some(other) => Err(format!("the first interaction is a {}", other.type_name())),
        None => Err("the pact has no interactions".to_owned()),
    }
}

fn has_document(world: &World, cell: &str, contents: &MessageContents) -> StepResult {
    let expected = document(world, cell, None)?;
    let body: &Body = &contents.contents;
    same_document(&expected, &body.to_bytes(), body.content_type())
}

fn first_message_document(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let (message, _) = first_contents(world)?;
    has_document(world, step.arg(0), &message)
}

fn has_content_type(contents: &MessageContents, expected: &str) -> StepResult {
    let found = contents.contents.content_type();
    if found == Some(expected) {
        Ok(())
    } else {
        Err(format!("the message's content type is {found:?}"))
    }
}

fn first_message_content_type(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let (message, _) = first_contents(world)?;
    has_content_type(&message, step.arg(0))
}

fn first_message_metadata(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let (message, _) = first_contents(world)?;
    let key = unescape(step.arg(1));
    let expected = metadata_value(&unescape(step.arg(2)))?;
    if message.metadata.get(&key) == Some(&expected) {
        Ok(())
    } else {
        Err(format!(
            "expected {key:?} = {expected}, the pact's metadata is {:?}",
            message.metadata
        ))
    }
}

fn first_interaction_document(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let (request, responses) = first_contents(world)?;
    let contents = match step.arg(1) {
        "the request" => Some(&request),
        "the second response message" => responses.get(1),
        _ => responses.first(),
    }
    .ok_or_else(|| format!("the interaction has no {}", step.arg(1)))?;
    has_document(world, step.arg(0), contents)
}

fn first_interaction_content_type(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let (request, responses) = first_contents(world)?;
    let contents = if step.arg(0) == "request" {
        &request
    } else {
        responses.first().ok_or("the interaction has no response")?
    };
    has_content_type(contents, step.arg(1))
}

fn response_count(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let (_, responses) = first_contents(world)?;
    if responses.len() == step.num(0)? {
        Ok(())
    } else {
        Err(format!("the interaction has {} responses", responses.len()))
    }
}
