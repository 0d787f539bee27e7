//! The message contract of the examples: the welcome mailer's handler against the pact it
//! states, the committed pact kept in step with the mailer's DTO, and the user service's
//! event builder verified against it (builder API and `#[pact_provider]`).

use std::path::Path;

use pact_examples::contract::messages::{
    self, MESSAGE_PACT_FILE, USER_CREATED_EVENT, consumer_test, message_pact, message_verifier,
};
use pact_examples::welcome_mailer::{HandlerError, UserCreated, on_user_created};
use pact_runtime::model::{Body, Interaction};
use pact_runtime::prelude::*;
use pact_runtime::provider::{MessageContext, Outcome, PactSource, ProviderMessage};
use serde_json::{Value, json};

fn committed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("pacts")
        .join("messages")
        .join(MESSAGE_PACT_FILE)
}

/// A pact file without the writer's metadata (its version changes with the crate's).
fn contract_of(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read the pact");
    let mut pact: Value = serde_json::from_str(&text).expect("the pact is JSON");
    if let Some(metadata) = pact["metadata"].as_object_mut() {
        metadata.retain(|key, _| key == "pactSpecification");
    }
    pact
}

#[test]
fn the_mailer_handles_the_event_its_pact_promises() {
    let pact = message_pact();

    consumer_test(&pact).expect("the handler accepts the example");
}

#[test]
fn the_committed_message_pact_is_what_the_mailer_states() {
    let dir = tempfile::tempdir().expect("tempdir");

    let fresh = messages::write_message_pact(dir.path()).expect("the pact is written");

    assert_eq!(
        contract_of(&committed()),
        contract_of(&fresh),
        "examples/pacts/messages/{MESSAGE_PACT_FILE} is out of date with the mailer's DTO; \
         copy the file `cargo run -p pact-examples` writes to target/pacts"
    );
}

#[test]
fn an_event_without_a_name_is_refused_by_the_handler() {
    let mut pact = message_pact();
    if let Some(Interaction::AsyncMessage(message)) = pact.interactions.first_mut() {
        message.message.contents = Body::json(json!({"id": 7, "name": " ", "email": "x@y.io"}));
    }

    let error = consumer_test(&pact).expect_err("a nameless user is refused");

    assert_eq!(
        error.to_string(),
        "unexpected result: a user created event: the mailer's handler failed: user 7 has no \
         name to greet"
    );
    let event = UserCreated {
        id: 8,
        name: String::new(),
        email: "a@b.io".into(),
    };
    assert_eq!(on_user_created(event), Err(HandlerError::NoName(8)));
}

#[tokio::test]
async fn the_user_service_publishes_the_event_the_mailer_expects() {
    let report = message_verifier()
        .verify(&[PactSource::file(committed())])
        .await;

    report.assert_ok();
    assert_eq!(report.verified(), 1);
}

#[tokio::test]
async fn an_event_on_the_wrong_topic_or_without_the_email_fails_verification() {
    let broken = Verifier::for_messages("user-service").message(
        USER_CREATED_EVENT,
        |_context: MessageContext| {
            ProviderMessage::json(&json!({"id": 42, "name": "Alice"}))
                .map(|message| message.metadata("topic", "users.updated"))
        },
    );

    let report = broken.verify(&[PactSource::file(committed())]).await;

    assert!(!report.is_ok());
    let text = report.to_string();
    assert!(text.contains("metadata 'topic'"), "{text}");
    assert!(text.contains("$.email"), "{text}");
    let failed = report
        .interactions()
        .all(|result| matches!(result.outcome, Outcome::Failed { .. }));
    assert!(failed, "{text}");
}

#[pact_provider(provider = "user-service", pacts = "pacts/messages")]
fn the_user_service_honours_its_message_pacts() -> Verifier {
    message_verifier()
}
