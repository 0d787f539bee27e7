// A DTO with every kind of field and attribute compiles, and so does its use as a body.
use std::collections::BTreeMap;

use pact_runtime::consumer::Response;
use pact_runtime::prelude::*;

#[derive(serde::Serialize, serde::Deserialize, PactMatch)]
#[serde(rename_all = "camelCase")]
struct User {
    #[pact(example = 42)]
    id: u64,
    #[pact(example = "2000-01-01", regex = r"^\d{4}-\d{2}-\d{2}$")]
    born: String,
    #[pact(min = 1, max = 10)]
    roles: Vec<Role>,
    #[pact(matcher = "equality", example = "active")]
    status: String,
    nickname: Option<String>,
    #[serde(skip)]
    cache: u8,
    labels: BTreeMap<String, String>,
}

#[derive(serde::Serialize, serde::Deserialize, PactMatch)]
#[serde(rename_all = "lowercase")]
enum Role {
    Admin,
    Reader,
}

fn main() {
    let _response = Response::ok().json(User::matcher());
}
