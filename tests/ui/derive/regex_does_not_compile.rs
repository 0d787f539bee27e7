use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Month {
    #[pact(example = "2024-01", regex = r"\d{4}-\d{2")]
    month: String,
}

fn main() {}
