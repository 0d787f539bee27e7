use pact_runtime::prelude::*;

#[pact_consumer(consumer = "web-app", provider = "user-service", port = "8080", tls = "yes")]
fn fetches(server: &MockServer) {
    let _ = server;
}

fn main() {}
