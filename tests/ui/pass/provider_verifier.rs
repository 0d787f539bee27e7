//! A provider function that starts the provider and returns its verifier, which names the
//! provider (the attribute need not), and another naming it in both places alike.
use pact_runtime::prelude::*;

#[pact_provider(pacts = ["../pacts", "more"], pact = "one.json")]
async fn honours_its_pacts() -> Result<Verifier, std::io::Error> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    Ok(Verifier::new("user-service", url))
}

#[pact_provider(provider = "user-service", pacts = "../pacts")]
fn names_the_provider_twice() -> Verifier {
    Verifier::new("user-service", "http://127.0.0.1:8080")
}

// `provider_main!(…)` would run them (as `examples/tests/provider.rs` does); here the
// functions only have to compile into what it runs.
fn main() {
    let _harness = honours_its_pacts();
    let _harness = names_the_provider_twice();
}
