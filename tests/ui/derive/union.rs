use pact_runtime::PactMatch;

#[derive(PactMatch)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
