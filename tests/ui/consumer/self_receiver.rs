use pact_runtime::prelude::*;

struct Suite;

impl Suite {
    #[pact_consumer(consumer = "web-app", provider = "user-service")]
    fn fetches_a_user(&self, server: &MockServer) {
        let _ = server.url();
    }
}

fn main() {}
