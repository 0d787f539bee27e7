//! Message tests through #[pact_consumer]: sync and async functions taking
//! `&mut MessagePact`, with the pact options a message test accepts.
use pact_runtime::prelude::*;

#[pact_consumer(consumer = "user-events", provider = "user-service", spec = "V3", output_dir = "target/pacts")]
#[ignore = "compiled only"]
pub fn handles_a_user_created_event(pact: &mut MessagePact) -> Result<(), MessageError> {
    pact.verify(Message::new("a user created event").text("42"), |message| {
        message.text().map(|_| ()).ok_or("not text")
    })
}

#[pact_consumer(consumer = "user-events", provider = "user-service")]
#[ignore = "compiled only"]
pub async fn asks_for_a_quote(pact: &mut pact_runtime::message::MessagePact) {
    let exchange = pact
        .exchange(
            SyncMessage::new("a price quote")
                .request(Contents::text("A-1"))
                .response(Contents::text("12.5")),
        )
        .expect("an exchange");
    assert_eq!(exchange.responses.len(), 1);
}

fn main() {}
