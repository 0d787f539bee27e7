use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Stats {
    #[pact(matcher = "integer", example = "many")]
    count: u32,
    #[pact(matcher = "boolean")]
    name: String,
}

fn main() {}
