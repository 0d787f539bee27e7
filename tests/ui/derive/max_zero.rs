use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Post {
    #[pact(max = 0)]
    tags: Vec<String>,
}

fn main() {}
