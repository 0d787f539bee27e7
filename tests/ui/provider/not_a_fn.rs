use pact_runtime::prelude::*;

#[pact_provider(provider = "user-service", pacts = "../pacts")]
mod honours_its_pacts {}

fn main() {}
