use pact_runtime::PactMatch;

#[derive(serde::Serialize, PactMatch)]
#[serde(untagged)]
enum Level {
    Low,
    High,
}

fn main() {}
