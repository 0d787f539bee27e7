use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct User {
    #[pact(example = "Alice", example = "Bob")]
    name: String,
    #[pact(skip)]
    #[pact(skip)]
    cache: u8,
}

fn main() {}
