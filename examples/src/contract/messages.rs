//! The message contract between the welcome mailer (consumer) and the user service
//! (provider): the `users.created` event.
//!
//! - Consumer side, [`message_pact`] / [`consumer_test`]: the mailer's expectation, built
//!   from its `#[derive(PactMatch)]` DTO, and its real handler run on the example message,
//!   so nothing is written unless the handler accepts what the pact promises.
//! - Provider side, [`verify_messages`]: the user service's own [`user_created`] function
//!   verified in-process against that pact; no broker and no network are involved.
//!
//! The consumer side builds the pact with the model API; the message builder of
//! `pact_runtime::message` (`MessagePact::verify_as`) is the shorter way to the same file.

use std::path::{Path, PathBuf};

use pact_runtime::PactMatch as _;
use pact_runtime::model::{
    AsyncMessage, Body, Category, DocPath, Interaction, InteractionCommon, MatchingRule,
    MatchingRules, MessageContents, Pact, ProviderState, SpecVersion, WriteMode,
};
use pact_runtime::provider::{
    MessageContext, PactSource, ProviderMessage, VerificationReport, Verifier,
};
use serde::Deserialize as _;

use super::{ContractError, PROVIDER};
use crate::user_service::events::{USER_CREATED_TOPIC, user_created};
use crate::user_service::{NewUser, Repository};
use crate::welcome_mailer::{UserCreated, on_user_created};

/// The message consumer's name in the pact.
pub const MESSAGE_CONSUMER: &str = "welcome-mailer";
/// The message pact's file name.
pub const MESSAGE_PACT_FILE: &str = "welcome-mailer-user-service.json";
/// The description of the event's interaction.
pub const USER_CREATED_EVENT: &str = "a user created event";
/// The provider state of the event: the user it announces was just created.
pub const A_USER_IS_CREATED: &str = "a user is created";

/// The mailer's pact: one `users.created` event whose payload is the mailer's
/// [`UserCreated`] (example and rules from its derive) and whose metadata names the
/// topic.
pub fn message_pact() -> Pact {
    let pattern = UserCreated::matcher();
    let mut rules = MatchingRules::new();
    pattern.rules_at(&DocPath::root(), Category::Content, &mut rules);
    rules.add(
        Category::Metadata,
        DocPath::root().join_field("topic"),
        MatchingRule::Regex(r"^users\.created$".to_owned()),
    );
    let mut state = ProviderState::new(A_USER_IS_CREATED);
    state.params.insert("id".into(), 42.into());
    let message = AsyncMessage {
        common: InteractionCommon {
            description: USER_CREATED_EVENT.to_owned(),
            provider_states: vec![state],
            ..InteractionCommon::default()
        },
        message: MessageContents {
            contents: Body::json(pattern.to_example()),
            metadata: serde_json::Map::from_iter([
                ("topic".to_owned(), USER_CREATED_TOPIC.into()),
                ("contentType".to_owned(), "application/json".into()),
            ]),
            matching_rules: rules,
            ..MessageContents::default()
        },
    };
    let mut pact = Pact::new(MESSAGE_CONSUMER, PROVIDER);
    pact.interactions.push(Interaction::AsyncMessage(message));
    pact
}

/// The consumer test: the mailer's handler accepts every example message of the pact.
///
/// # Errors
/// [`ContractError::Unexpected`] naming the message when its example does not
/// deserialise into the mailer's type or the handler refuses it.
pub fn consumer_test(pact: &Pact) -> Result<(), ContractError> {
    for interaction in &pact.interactions {
        let Interaction::AsyncMessage(message) = interaction else {
            continue;
        };
        let description = &message.common.description;
        let unexpected = |what: String| ContractError::Unexpected(format!("{description}: {what}"));
        let Body::Json { value, .. } = &message.message.contents else {
            return Err(unexpected("the example is not JSON".to_owned()));
        };
        let event = UserCreated::deserialize(value)
            .map_err(|error| unexpected(format!("the mailer cannot read it: {error}")))?;
        on_user_created(event)
            .map_err(|error| unexpected(format!("the mailer's handler failed: {error}")))?;
    }
    Ok(())
}

/// Runs the consumer test and writes the pact into `dir` (replacing it).
///
/// # Errors
/// The consumer test's error, or [`ContractError::Write`] when the file cannot be written.
pub fn write_message_pact(dir: &Path) -> Result<PathBuf, ContractError> {
    let pact = message_pact();
    consumer_test(&pact)?;
    pact_runtime::model::file::write(&pact, dir, SpecVersion::V4, WriteMode::Overwrite)
        .map_err(ContractError::Write)
}

/// The verifier of the user service's messages: the state creates the user through the
/// service's repository (the id it got goes to the producer), and the event is what the
/// service's own [`user_created`] builds for that user.
pub fn message_verifier() -> Verifier {
    let repo = Repository::new();
    let creating = repo.clone();
    Verifier::for_messages(PROVIDER)
        .state(A_USER_IS_CREATED, move |_state: ProviderState| {
            let user = creating.create(NewUser {
                name: "Alice".to_owned(),
                email: "alice@example.com".to_owned(),
                roles: vec!["admin".to_owned()],
            });
            let values = serde_json::Map::from_iter([("id".to_owned(), user.id.into())]);
            async move { Ok::<_, String>(values) }
        })
        .message(USER_CREATED_EVENT, move |context: MessageContext| {
            let id = context.values.get("id").and_then(serde_json::Value::as_u64);
            let user = id.and_then(|id| repo.user(id)).ok_or_else(|| {
                format!("no user was created (state values {:?})", context.values)
            })?;
            let event = user_created(&user);
            let message = ProviderMessage::json(&event.payload).map_err(|e| e.to_string())?;
            Ok::<_, String>(
                message
                    .metadata("topic", event.topic)
                    .metadata("key", event.key),
            )
        })
}

/// Verifies the user service's events against the message pact `pact`.
pub async fn verify_messages(pact: &Path) -> VerificationReport {
    message_verifier().verify(&[PactSource::file(pact)]).await
}
