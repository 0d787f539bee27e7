//! Consumer-side builders: describe an interaction (provider states, the request the
//! consumer sends, the response it expects) with matchers, then mount it on a
//! [`MockServer`](crate::mock_server::MockServer).
//!
//! ```
//! use pact_runtime::consumer::{Interaction, Request, Response};
//! use pact_runtime::json_pattern;
//! use pact_runtime::matchers::{integer, like};
//!
//! let interaction = Interaction::new("a request for user 42")
//!     .given("user 42 exists")
//!     .request(Request::get("/users/42").header("Accept", "application/json"))
//!     .response(Response::ok().json(json_pattern!({"id": integer(42), "name": like("Alice")})))
//!     .into_model();
//! assert_eq!(interaction.request.path, "/users/42");
//! assert_eq!(interaction.response.headers["Content-Type"], ["application/json"]);
//! ```
//!
//! Like the matcher constructors, the builders panic at the test's line
//! (`#[track_caller]`) when given what no client could send or the mock server could never
//! answer with: a method that is not a token, a path that is empty, relative, holds a query
//! (`"/users?id=1"`, use `.query("id", "1")`) or a percent-escape, an invalid header name or
//! value, a status outside 200–599, a body on a `204`/`304` response or on the response to
//! a `HEAD` request, framing headers (`Transfer-Encoding`, `Content-Length`) the mock
//! server sets itself. Each message names the value and what to write instead.

mod body;
mod checks;
mod interaction;
mod parts;

pub use body::Multipart;
pub use interaction::Interaction;
pub use parts::{Request, Response};

#[cfg(test)]
mod dsl_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod validation_tests;
#[cfg(test)]
mod written_rules_tests;
