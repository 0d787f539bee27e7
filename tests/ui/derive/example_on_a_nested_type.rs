// A type the derive cannot judge by name is left to rustc, at the example's span.
use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Role {
    name: String,
}

#[derive(PactMatch)]
struct User {
    #[pact(example = "admin")]
    role: Role,
}

fn main() {}
