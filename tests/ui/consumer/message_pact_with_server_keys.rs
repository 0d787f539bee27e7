use pact_runtime::prelude::*;

#[pact_consumer(consumer = "user-events", provider = "user-service", port = 8080, tls = true)]
fn handles_a_user_created_event(pact: &mut MessagePact) {
    let _ = pact.interactions();
}

fn main() {}
