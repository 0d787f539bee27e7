//! A provider function that starts the provider and returns its verifier.
use pact_runtime::prelude::*;

#[pact_provider(provider = "user-service", pacts = ["../pacts", "more"], pact = "one.json")]
async fn honours_its_pacts() -> Result<Verifier, std::io::Error> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    Ok(Verifier::new("user-service", url))
}

fn main() {}
