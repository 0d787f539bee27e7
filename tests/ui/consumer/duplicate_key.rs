use pact_runtime::prelude::*;

#[pact_consumer(consumer = "web-app", provider = "user-service", provider = "billing")]
fn fetches_a_user(server: &MockServer) {
    let _ = server.url();
}

fn main() {}
