// FC-19: an example that its own regex rejects is a compile error at the example.
use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Month {
    #[pact(regex = r"\d{4}-\d{2}", example = "January 2024")]
    month: String,
}

fn main() {}
