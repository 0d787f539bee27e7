use pact_runtime::prelude::*;

#[pact_provider(provider = "user-service", pacts = "../pacts")]
async fn honours_its_pacts<U: Into<String>>() -> Verifier {
    Verifier::new("user-service", "http://127.0.0.1:8080")
}

fn main() {}
