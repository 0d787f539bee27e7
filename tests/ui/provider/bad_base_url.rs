use pact_runtime::prelude::*;

#[pact_provider(
    provider = "user-service",
    pacts = "../pacts",
    base_url = "127.0.0.1:8080"
)]
fn honours_its_pacts() {}

fn main() {}
