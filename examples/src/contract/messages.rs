//! The message contract between the welcome mailer (consumer) and the user service
//! (provider): the `users.created` event.
//!
//! - Consumer side, [`user_created_event`] / [`consumer_test`]: the mailer's expectation,
//!   built with the message API from its `#[derive(PactMatch)]` DTO, and its real handler
//!   run on the example message by [`MessagePact::verify_as`], so nothing is recorded
//!   unless the handler accepts what the pact promises.
//! - Provider side, [`verify_messages`]: the user service's own [`user_created`] function
//!   verified in-process against that pact; no broker and no network are involved.

use std::path::{Path, PathBuf};

use pact_runtime::PactMatch as _;
use pact_runtime::matchers::term;
use pact_runtime::message::{Message, MessageError, MessagePact};
use pact_runtime::model::{Pact, SpecVersion, WriteMode};
use pact_runtime::provider::{
    MessageContext, PactSource, ProviderMessage, StateValues, VerificationReport, Verifier,
};

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

/// The event the mailer expects: a `users.created` message whose payload is the mailer's
/// [`UserCreated`] (example and rules from its derive), published on a topic matching
/// `^users\.created$`, as JSON.
pub fn user_created_event() -> Message {
    Message::new(USER_CREATED_EVENT)
        .given_with_params(A_USER_IS_CREATED, serde_json::json!({"id": 42}))
        .json(UserCreated::matcher())
        .metadata("topic", term(USER_CREATED_TOPIC, r"^users\.created$"))
        .metadata("contentType", "application/json")
}

/// The consumer test: the mailer's real handler, [`on_user_created`], receives the example
/// of [`user_created_event`] as its own [`UserCreated`]; `pact` records the event only when
/// the handler accepts it.
///
/// # Errors
/// [`MessageError::Deserialize`] when the example does not read as a [`UserCreated`],
/// [`MessageError::Handler`] with the handler's error and the message when it refuses it.
pub fn consumer_test(pact: &mut MessagePact) -> Result<(), MessageError> {
    // The handler's e-mail is what the mailer sends; the test only needs it accepted.
    pact.verify_as(user_created_event(), |event| {
        on_user_created(event).map(drop)
    })
}

/// The mailer's message pact, V4, written into `dir` (replacing the file of an earlier
/// run).
///
/// # Errors
/// [`MessageError::Env`] when a `PACT_*` switch is invalid.
pub fn message_pact(dir: &Path) -> Result<MessagePact, MessageError> {
    MessagePact::builder(Pact::new(MESSAGE_CONSUMER, PROVIDER))
        .spec_version(SpecVersion::V4)
        .output_dir(dir)
        .write_mode(WriteMode::Overwrite)
        .build()
}

/// Runs the consumer test and writes the pact into `dir` (replacing it).
///
/// # Errors
/// [`ContractError::Message`] when the handler refuses the event or the pact cannot be
/// written.
pub fn write_message_pact(dir: &Path) -> Result<PathBuf, ContractError> {
    let mut pact = message_pact(dir)?;
    if let Err(error) = consumer_test(&mut pact) {
        pact.abandon();
        return Err(error.into());
    }
    Ok(pact.finish()?.path)
}

/// The verifier of the user service's messages: the state creates the user through the
/// service's repository (the id it got goes to the producer), and the event is what the
/// service's own [`user_created`] builds for that user.
pub fn message_verifier() -> Verifier {
    let repo = Repository::new();
    let creating = repo.clone();
    Verifier::for_messages(PROVIDER)
        .state(A_USER_IS_CREATED, async move |_state| {
            let user = creating.create(NewUser {
                name: "Alice".to_owned(),
                email: "alice@example.com".to_owned(),
                roles: vec!["admin".to_owned()],
            });
            StateValues::from_iter([("id".to_owned(), user.id.into())])
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
