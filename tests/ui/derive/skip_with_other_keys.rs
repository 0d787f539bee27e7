use pact_runtime::PactMatch;

#[derive(serde::Serialize, PactMatch)]
struct User {
    #[pact(skip, example = "x")]
    cache: String,
    #[serde(skip)]
    #[pact(min = 1)]
    seen: Vec<u8>,
}

fn main() {}
