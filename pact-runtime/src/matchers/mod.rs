//! Matchers: how a consumer test says "a value like this" instead of "exactly this value".
//!
//! A [`Pattern`] is a tree shaped like the JSON it describes, with matching rules attached
//! at some of its nodes. It yields two things: the example (what the mock server sends and
//! what the pact records as the value) and the matching rules (what the provider's real
//! values are checked with), placed at document paths under a base path. The same pattern
//! type serves JSON bodies, header values, query values and the request path.
//!
//! ```
//! use pact_runtime::json_pattern;
//! use pact_runtime::matchers::{each_like, integer, like, term};
//!
//! let user = json_pattern!({
//!     "id": integer(42),
//!     "name": like("Alice"),
//!     "born": term("2000-01-01", r"^\d{4}-\d{2}-\d{2}$"),
//!     "roles": each_like("admin", 1),
//! });
//! assert_eq!(user.to_example()["roles"], serde_json::json!(["admin"]));
//! ```

mod macros;
mod pattern;

pub use pattern::{Pattern, boolean, decimal, each_like, integer, like, term};

#[cfg(test)]
mod tests;
