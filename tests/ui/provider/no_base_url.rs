use pact_runtime::prelude::*;

#[pact_provider(provider = "user-service", pacts = "../pacts")]
async fn honours_its_pacts() {}

fn main() {}
