use pact_runtime::prelude::*;

#[pact_consumer(consumer = "web-app", provider = "user-service")]
fn fetches_a_user(server: &MockServer, id: u64) {
    let _ = (server.url(), id);
}

fn main() {}
