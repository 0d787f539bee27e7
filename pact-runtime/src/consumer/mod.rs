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

mod body;
mod error;
mod interaction;
mod parts;

pub use body::Multipart;
pub use error::ConsumerError;
pub use interaction::Interaction;
pub use parts::{Request, Response};

#[cfg(test)]
mod dsl_tests;
#[cfg(test)]
mod tests;
