//! Consumer-test steps that define interactions with the consumer DSLs
//! ([`pact_runtime::consumer::Interaction`], [`pact_runtime::message::Message`],
//! [`pact_runtime::message::SyncMessage`]) and check the pact file written from them:
//! provider states with and without data (V3), interaction types, keys, pending flags and
//! comments (V4), and pacts that mix interaction types (`v4.feature`).
//!
//! The pact is written with [`pact_runtime::model::file::write`] in the scenario's
//! specification version and read back as JSON, so the checks see the file a user gets.

use pact_runtime::model::file::{self, WriteMode};
use pact_runtime::model::{Interaction, Pact};
use pact_runtime::{consumer, message};
use serde_json::{Map, Value};

use super::{StepCall, StepDef, StepResult, World};

/// The consumer's and provider's names in the pacts these steps write.
pub const CONSUMER: &str = "compatibility-suite-c";
pub const PROVIDER: &str = "p";

/// An interaction under definition, in the DSL of its kind.
// A handful per scenario: boxing the HTTP builder would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Defined {
    /// `an HTTP interaction` (or V3's `an integration`).
    Http(consumer::Interaction),
    /// `a message interaction`: an asynchronous message.
    Message(message::Message),
    /// `a synchronous message interaction`.
    Sync(message::SyncMessage),
}

/// The interactions a consumer test defines, and the pact generated from them.
#[derive(Default)]
pub struct State {
    /// In the order the steps defined them.
    pub defined: Vec<Defined>,
    /// After `the Pact file for the test is generated`: the file, as JSON.
    pub pact: Option<Value>,
}

/// Adds the consumer-test definition and pact-file steps.
pub fn register(steps: &mut Vec<StepDef>) {
    steps.push(StepDef::new(
        "an? (integration|HTTP interaction|message interaction|message integration|synchronous message interaction) is being defined for a consumer test",
        define,
    ));
    steps.push(StepDef::new(
        r#"a provider state "([^"]*)" (?:for the (message|synchronous message) )?is specified"#,
        provider_state,
    ));
    steps.push(StepDef::new(
        r#"a provider state "([^"]*)" (?:for the (message|synchronous message) )?is specified with the following data:"#,
        provider_state_with_data,
    ));
    steps.push(StepDef::new(
        r#"a key of "([^"]*)" is specified for the (HTTP|message|synchronous message) interaction"#,
        key,
    ));
    steps.push(StepDef::new(
        "the (HTTP|message|synchronous message) interaction is marked as pending",
        pending,
    ));
    steps.push(StepDef::new(
        r#"a comment "([^"]*)" is added to the (HTTP|message|synchronous message) interaction"#,
        comment,
    ));
    steps.push(StepDef::new(
        "the Pact file for the test is generated",
        generate,
    ));
    steps.push(StepDef::new(
        r"the (?:interaction|first message) in the [Pp]act file will contain (\d+) provider states?",
        state_count,
    ));
    steps.push(StepDef::new(
        r#"the (?:interaction|first message) in the [Pp]act file will contain provider state "([^"]*)""#,
        has_state,
    ));
    steps.push(StepDef::new(
        r#"the provider state "([^"]*)" in the Pact file will contain the following parameters:"#,
        state_parameters,
    ));
    steps.push(StepDef::new(
        r#"the first interaction in the Pact file will have a type of "([^"]*)""#,
        first_type,
    ));
    steps.push(StepDef::new(
        r#"there will be an interaction in the Pact file with a type of "([^"]*)""#,
        some_type,
    ));
    steps.push(StepDef::new(
        r#"the first interaction in the Pact file will have "([^"]*)" = '(.*)'"#,
        first_field,
    ));
}

fn define(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let number = world.definitions.defined.len() + 1;
    let defined = match step.arg(0) {
        "message interaction" | "message integration" => Defined::Message(message::Message::new(
            format!("message interaction {number}"),
        )),
        "synchronous message interaction" => Defined::Sync(message::SyncMessage::new(format!(
            "synchronous message interaction {number}"
        ))),
        _ => Defined::Http(consumer::Interaction::new(format!(
            "HTTP interaction {number}"
        ))),
    };
    world.definitions.defined.push(defined);
    Ok(())
}

/// Applies `change` to the last defined interaction of the kind a step names (`HTTP`,
/// `message`, `synchronous message`; empty: the last defined of any kind).
pub fn change(
    world: &mut World,
    kind: &str,
    change: impl FnOnce(Defined) -> Defined,
) -> StepResult {
    let wanted = |defined: &Defined| {
        matches!(
            (kind, defined),
            ("", _)
                | ("HTTP", Defined::Http(_))
                | ("message", Defined::Message(_))
                | ("synchronous message", Defined::Sync(_))
        )
    };
    let defined = &mut world.definitions.defined;
    let index = defined
        .iter()
        .rposition(wanted)
        .ok_or_else(|| format!("no {kind} interaction is being defined"))?;
    let old = defined.remove(index);
    defined.insert(index, change(old));
    Ok(())
}

/// Applies the same builder call to whichever DSL the interaction is in.
macro_rules! each_dsl {
    ($defined:expr, |$b:ident| $call:expr) => {
        match $defined {
            Defined::Http($b) => Defined::Http($call),
            Defined::Message($b) => Defined::Message($call),
            Defined::Sync($b) => Defined::Sync($call),
        }
    };
}

fn provider_state(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let name = step.arg(0).to_owned();
    change(world, step.arg(1), |d| each_dsl!(d, |b| b.given(name)))
}

fn provider_state_with_data(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let name = step.arg(0).to_owned();
    let mut params = Map::new();
    for row in step.table_rows()? {
        for (key, cell) in row {
            let value = serde_json::from_str(&cell)
                .map_err(|e| format!("the value {cell:?} of {key:?} is not JSON: {e}"))?;
            params.insert(key, value);
        }
    }
    let params = Value::Object(params);
    change(world, step.arg(1), |d| {
        each_dsl!(d, |b| b.given_with_params(name, params))
    })
}

fn key(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let key = step.arg(0).to_owned();
    change(world, step.arg(1), |d| each_dsl!(d, |b| b.key(key)))
}

fn pending(world: &mut World, step: &StepCall<'_>) -> StepResult {
    change(world, step.arg(0), |d| each_dsl!(d, |b| b.pending(true)))
}

fn comment(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let text = step.arg(0).to_owned();
    change(world, step.arg(1), |d| each_dsl!(d, |b| b.comment(text)))
}

fn generate(world: &mut World, _step: &StepCall<'_>) -> StepResult {
    let mut pact = Pact::new(CONSUMER, PROVIDER);
    for defined in std::mem::take(&mut world.definitions.defined) {
        pact.interactions.push(match defined {
            Defined::Http(interaction) => Interaction::Http(interaction.into_model()),
            Defined::Message(message) => Interaction::AsyncMessage(message.into_model()),
            Defined::Sync(message) => Interaction::SyncMessage(message.into_model()),
        });
    }
    let path = file::write(
        &pact,
        world.scratch.path(),
        world.spec,
        WriteMode::Overwrite,
    )
    .map_err(|e| format!("cannot write the pact: {e}"))?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let json = serde_json::from_str(&text).map_err(|e| format!("the pact is not JSON: {e}"))?;
    world.definitions.pact = Some(json);
    Ok(())
}

/// The generated pact's interactions (`interactions`, or a V3 message pact's `messages`).
fn interactions(world: &World) -> Result<&Vec<Value>, String> {
    let pact = world
        .definitions
        .pact
        .as_ref()
        .ok_or("the Pact file for the test was not generated")?;
    pact.get("interactions")
        .or_else(|| pact.get("messages"))
        .and_then(Value::as_array)
        .ok_or_else(|| format!("the pact has no interactions: {pact}"))
}

fn first(world: &World) -> Result<&Value, String> {
    interactions(world)?
        .first()
        .ok_or_else(|| "the pact has no interactions".to_owned())
}

/// The first interaction's provider states (V3/V4 `providerStates`).
fn states(world: &World) -> Result<Vec<Value>, String> {
    let first = first(world)?;
    Ok(first
        .get("providerStates")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default())
}

fn state_count(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let states = states(world)?;
    if states.len() == step.num(0)? {
        Ok(())
    } else {
        Err(format!(
            "expected {} provider states, the pact has {states:?}",
            step.arg(0)
        ))
    }
}

fn state_named(world: &World, name: &str) -> Result<Value, String> {
    let states = states(world)?;
    states
        .iter()
        .find(|state| state.get("name").and_then(Value::as_str) == Some(name))
        .cloned()
        .ok_or_else(|| format!("no provider state {name:?} in {states:?}"))
}

fn has_state(world: &mut World, step: &StepCall<'_>) -> StepResult {
    state_named(world, step.arg(0)).map(drop)
}

pub fn state_parameters(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let state = state_named(world, step.arg(0))?;
    for row in step.table_rows()? {
        for (_, cell) in row {
            let expected: Value = serde_json::from_str(&cell)
                .map_err(|e| format!("the parameters {cell:?} are not JSON: {e}"))?;
            let actual = state.get("params").cloned().unwrap_or(Value::Null);
            if actual != expected {
                return Err(format!(
                    "expected parameters {expected}, the pact has {actual}"
                ));
            }
        }
    }
    Ok(())
}

fn first_type(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let first = first(world)?;
    let found = first.get("type").and_then(Value::as_str);
    if found == Some(step.arg(0)) {
        Ok(())
    } else {
        Err(format!("the first interaction's type is {found:?}"))
    }
}

fn some_type(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let all = interactions(world)?;
    if all
        .iter()
        .any(|i| i.get("type").and_then(Value::as_str) == Some(step.arg(0)))
    {
        Ok(())
    } else {
        let types: Vec<_> = all.iter().map(|i| i.get("type")).collect();
        Err(format!(
            "no interaction of that type; the types are {types:?}"
        ))
    }
}

fn first_field(world: &mut World, step: &StepCall<'_>) -> StepResult {
    let expected: Value = serde_json::from_str(step.arg(1))
        .map_err(|e| format!("{:?} is not JSON: {e}", step.arg(1)))?;
    let found = first(world)?.get(step.arg(0));
    if found == Some(&expected) {
        Ok(())
    } else {
        Err(format!(
            "the first interaction has {:?} = {found:?}",
            step.arg(0)
        ))
    }
}
