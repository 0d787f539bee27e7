use pact_runtime::prelude::*;

#[pact_consumer(consumer = "", provider = "user-service")]
fn fetches_a_user(server: &MockServer) {
    let _ = server.url();
}

fn main() {}
