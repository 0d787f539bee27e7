use pact_runtime::PactMatch;

#[derive(PactMatch)]
#[pact(rename_al = "camelCase")]
struct User {
    #[pact(exmaple = "Alice")]
    name: String,
    #[pact(colour = "red")]
    theme: String,
}

fn main() {}
