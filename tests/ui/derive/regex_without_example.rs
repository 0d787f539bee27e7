use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Person {
    #[pact(regex = r"^\d{4}-\d{2}-\d{2}$")]
    born: String,
}

fn main() {}
