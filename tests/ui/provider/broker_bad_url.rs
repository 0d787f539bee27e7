use pact_runtime::prelude::*;

#[pact_provider(provider = "user-service", broker = "broker.example:9292")]
async fn honours_its_pacts() -> Verifier {
    Verifier::new("user-service", "http://127.0.0.1:8080")
}

fn main() {}
