// A derive with an error still implements the trait, so the uses of the type below add
// no error of their own: the one that matters is the only one reported.
use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Role {
    #[pact(min = 2, max = 1)]
    names: Vec<String>,
}

#[derive(PactMatch)]
struct User {
    role: Role,
    roles: Vec<Role>,
}

fn main() {
    let _ = User::matcher();
    let _ = Role::matcher();
}
