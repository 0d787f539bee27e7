use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct User {
    #[pact(example = 42)]
    name: String,
    #[pact(example = "forty-two")]
    id: u64,
}

fn main() {}
