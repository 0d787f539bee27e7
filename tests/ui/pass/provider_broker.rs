use pact_runtime::broker::ConsumerVersionSelector as Select;
use pact_runtime::prelude::*;

#[pact_provider(
    provider = "user-service",
    broker = "https://broker.example",
    selectors = [
        Select::main_branch(),
        Select::deployed_or_released(),
        Select::tag("prod").latest().consumer("web-app"),
    ],
    provider_branch = "main",
    include_pending = true,
    include_wip_since = "2024-01-01",
    publish_results = false
)]
async fn honours_the_brokers_pacts() -> Verifier {
    Verifier::new("user-service", "http://127.0.0.1:8080")
}

#[pact_provider(provider = "user-service", pacts = "../pacts", broker = true)]
fn honours_files_and_the_broker() -> Verifier {
    Verifier::new("user-service", "http://127.0.0.1:8080")
}

// `provider_main!(…)` would run them (as `examples/tests/provider.rs` does); here the
// functions only have to compile into what it runs.
fn main() {
    let _harness = honours_the_brokers_pacts();
    let _harness = honours_files_and_the_broker();
}
