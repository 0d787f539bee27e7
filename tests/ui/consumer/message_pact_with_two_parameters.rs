use pact_runtime::prelude::*;

#[pact_consumer(consumer = "user-events", provider = "user-service")]
fn handles_a_user_created_event(pact: &mut MessagePact, server: &MockServer) {
    let _ = (pact.interactions(), server.url());
}

fn main() {}
