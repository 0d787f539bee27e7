//! A synchronous consumer test with only the two names.
use pact_runtime::prelude::*;

#[pact_consumer(consumer = "web-app", provider = "user-service")]
fn fetches_a_user(server: &MockServer) {
    Interaction::new("a request for user 42")
        .request(Request::get("/users/42"))
        .response(Response::ok())
        .mount(server);
}

fn main() {}
