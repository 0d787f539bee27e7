use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Post {
    #[pact(min = 3, max = 2)]
    tags: Vec<String>,
}

fn main() {}
