use pact_runtime::prelude::*;

#[pact_provider(provider = "user-service", pacts = "../pacts")]
async fn honours_its_pacts(url: String) -> Verifier {
    Verifier::new("user-service", url)
}

fn main() {}
