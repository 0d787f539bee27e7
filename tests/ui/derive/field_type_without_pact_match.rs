use pact_runtime::PactMatch;

struct Secret(u8);

#[derive(PactMatch)]
struct User {
    name: String,
    secret: Secret,
}

fn main() {}
