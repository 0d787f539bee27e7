use pact_runtime::prelude::*;

// With `base_url` the harness builds the Verifier, so it needs the provider's name.
#[pact_provider(pacts = "../pacts", base_url = "http://127.0.0.1:8080")]
fn honours_its_pacts() {}

fn main() {}
