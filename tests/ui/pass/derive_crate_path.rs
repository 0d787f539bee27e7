// `#[pact(crate = "…")]`: a crate that re-exports pact_runtime names it for the derive.
mod reexported {
    pub use pact_runtime;
}

#[derive(pact_runtime::PactMatch)]
#[pact(crate = "reexported::pact_runtime")]
struct Item<T> {
    name: String,
    values: Vec<T>,
}

fn main() {
    use pact_runtime::PactMatch as _;
    let _ = Item::<u8>::matcher();
}
