// An alias hides the type from the derive: rustc reports it, at `min`.
use pact_runtime::PactMatch;

type Id = u64;

#[derive(PactMatch)]
struct User {
    #[pact(min = 1)]
    id: Id,
}

fn main() {}
