//! The message contract of the examples: the welcome mailer's handler against the pact it
//! states, the committed pact kept in step with the mailer's DTO, and the user service's
//! event builder verified against it (builder API; `tests/provider.rs` verifies it with
//! `#[pact_provider]`).

use std::path::Path;

use pact_examples::contract::messages::{
    self, MESSAGE_PACT_FILE, USER_CREATED_EVENT, consumer_test, message_pact, message_verifier,
    user_created_event,
};
use pact_examples::welcome_mailer::{HandlerError, UserCreated, on_user_created};
use pact_runtime::message::{MessageError, MessagePact};
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
    let dir = tempfile::tempdir().expect("tempdir");
    let mut pact = message_pact(dir.path()).expect("the pact starts");

    consumer_test(&mut pact).expect("the handler accepts the example");

    assert_eq!(pact.interactions().len(), 1);
    let written = pact.finish().expect("the pact is written");
    assert_eq!(written.path, dir.path().join(MESSAGE_PACT_FILE));
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
fn an_event_without_a_name_is_refused_by_the_handler_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut pact = message_pact(dir.path()).expect("the pact starts");
    let nameless = user_created_event().json(json!({"id": 7, "name": " ", "email": "x@y.io"}));

    let error = pact
        .verify_as(nameless, |event| on_user_created(event).map(drop))
        .expect_err("a nameless user is refused");

    let MessageError::Handler {
        description,
        error,
        message,
    } = &error
    else {
        panic!("not a handler error: {error}");
    };
    assert_eq!(description, USER_CREATED_EVENT);
    assert_eq!(error, "user 7 has no name to greet");
    assert!(message.contains(r#""name": " ""#), "{message}");
    assert!(pact.interactions().is_empty());
    let refused = pact.finish().expect_err("a failed test writes no pact");
    assert!(
        matches!(refused, MessageError::HandlersFailed { .. }),
        "{refused}"
    );
    assert!(!dir.path().join(MESSAGE_PACT_FILE).exists());
    let event = UserCreated {
        id: 8,
        name: String::new(),
        email: "a@b.io".into(),
    };
    assert_eq!(on_user_created(event), Err(HandlerError::NoName(8)));
}

#[test]
fn an_event_the_mailer_cannot_read_is_refused_before_the_handler() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut pact = message_pact(dir.path()).expect("the pact starts");
    let without_email = user_created_event().json(json!({"id": 7, "name": "Bo"}));

    let error = pact
        .verify_as(without_email, |event: UserCreated| {
            on_user_created(event).map(drop)
        })
        .expect_err("the mailer needs the e-mail");

    assert!(
        matches!(&error, MessageError::Deserialize { description, .. } if description == USER_CREATED_EVENT),
        "{error}"
    );
    assert!(
        error.to_string().contains("missing field `email`"),
        "{error}"
    );
    pact.abandon();
}

/// The same consumer test with `#[pact_consumer]`, which builds the message pact, runs the
/// test and writes the pact when it passes.
#[pact_consumer(
    consumer = "welcome-mailer",
    provider = "user-service",
    output_dir = fresh_dir("mailer_macro")
)]
fn the_mailer_handles_the_event_with_the_macro(pact: &mut MessagePact) -> Result<(), MessageError> {
    consumer_test(pact)
}

/// A pact directory for one test, emptied first (as in `tests/consumer.rs`).
fn fresh_dir(test: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("message-pacts")
        .join(test);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("empty the test's pact directory");
    }
    dir
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
    assert!(text.contains("metadata topic"), "{text}");
    assert!(text.contains("$.email"), "{text}");
    let failed = report
        .interactions()
        .all(|result| matches!(result.outcome, Outcome::Failed { .. }));
    assert!(failed, "{text}");
}
