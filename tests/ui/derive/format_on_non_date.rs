use pact_runtime::PactMatch;

#[derive(PactMatch)]
struct Invoice {
    #[pact(format = "dd/MM/yyyy", example = "31/12/2024")]
    due: String,
}

fn main() {}
