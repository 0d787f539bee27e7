use pact_runtime::prelude::*;

#[pact_consumer(consumer = "user-events", provider = "user-service")]
fn handles_a_user_created_event(pact: &MessagePact) {
    let _ = pact.interactions();
}

fn main() {}
