use pact_runtime::prelude::*;

#[pact_consumer(consumer = "web-app", provider = "user-service")]
fn fetches_a_user<C: Default>(server: &MockServer) {
    let _ = (server.url(), C::default());
}

fn main() {}
