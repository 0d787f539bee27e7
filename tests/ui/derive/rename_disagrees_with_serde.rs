use pact_runtime::PactMatch;

#[derive(serde::Serialize, PactMatch)]
struct User {
    #[serde(rename = "userName")]
    #[pact(rename = "user_name")]
    name: String,
}

fn main() {}
