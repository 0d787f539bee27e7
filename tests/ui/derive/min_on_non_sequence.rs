use std::collections::HashMap;

use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct User {
    #[pact(min = 1)]
    roles: HashMap<String, String>,
    #[pact(max = 2)]
    name: String,
}

fn main() {}
