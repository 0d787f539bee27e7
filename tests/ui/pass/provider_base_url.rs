//! A provider running elsewhere, named by its address.
use pact_runtime::prelude::*;

#[pact_provider(
    provider = "user-service",
    pact = "pacts/web-app-user-service.json",
    base_url = "http://127.0.0.1:8080"
)]
fn honours_its_pacts() {}

// `provider_main!(…)` would run them (as `examples/tests/provider.rs` does); here the
// functions only have to compile into what it runs.
fn main() {
    let _harness = honours_its_pacts();
}
