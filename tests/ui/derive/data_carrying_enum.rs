use pact_runtime::PactMatch;

#[derive(PactMatch)]
enum Shape {
    Empty,
    Circle { radius: f64 },
    Square(f64),
}

fn main() {}
