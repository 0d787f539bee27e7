use pact_runtime::prelude::*;

#[pact_consumer(consumer = "web-app", provider = "user-service")]
fn fetches_a_user() {}

fn main() {}
