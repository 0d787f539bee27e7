use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Release {
    #[pact(matcher = "semvar", example = "1.0.0")]
    version: String,
    #[pact(matcher = "regex", example = "x")]
    code: String,
}

fn main() {}
