use pact_runtime::prelude::*;

#[pact_consumer(consumer = "web-app", provider = "user-service")]
struct FetchesAUser;

fn main() {}
