//! Matchers: how a consumer test says "a value like this" instead of "exactly this value".
//!
//! A [`Pattern`] is a tree shaped like the JSON it describes, with matching rules and
//! generators attached at some of its nodes. It yields the example (what the mock server
//! sends and what the pact records as the value), the matching rules (what the provider's
//! real values are checked with) and the generators (values made up when the interaction
//! is played), placed at document paths under a base path. The same pattern type serves
//! JSON bodies, header values, query values, the request path and (V4) the response
//! status.
//!
//! ```
//! use pact_runtime::json_pattern;
//! use pact_runtime::matchers::{datetime, each_like, formats, integer, like, term};
//!
//! let user = json_pattern!({
//!     "id": integer(42),
//!     "uuid": formats::uuid(),
//!     "name": like("Alice"),
//!     "born": term("2000-01-01", r"^\d{4}-\d{2}-\d{2}$"),
//!     "seen": datetime("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-05-01T10:00:00Z"),
//!     "roles": each_like("admin", 1),
//! });
//! assert_eq!(user.to_example()["roles"], serde_json::json!(["admin"]));
//! ```
//!
//! The constructors, by what they match:
//! - type and shape: [`like`], [`each_like`], [`each_like_max`], [`each_like_between`],
//!   [`array_containing`], [`values`], [`each_key`], [`each_value`], [`not_empty`];
//! - value kinds: [`integer`], [`decimal`], [`number`], [`boolean`], [`null`];
//! - text: [`term`] (regex), [`include()`], [`equal_to`], [`semver`], [`date`], [`time()`],
//!   [`datetime`];
//! - HTTP: [`status_code`] (V4 response status), [`content_type`] (binary bodies);
//! - generated values: [`random_integer`], [`random_decimal`], [`random_hex`],
//!   [`random_string`], [`random_from_regex`], [`random_uuid`], [`random_boolean`],
//!   [`date_expression`], [`time_expression`], [`datetime_expression`],
//!   [`from_provider_state`], [`mock_server_url`], and [`Pattern::with_generator`] for any
//!   [`Generator`](crate::model::Generator);
//! - common formats: [`formats`].
//!
//! Constructors panic, with a message naming the problem, when the pattern could never be
//! honoured (a regex that does not compile, an example that does not fit its own matcher,
//! a date format that is not Java's, a generator that could never give a value, such as a
//! regex with look-around to generate from): that is a bug in the test, reported where it
//! is written. The panics are `#[track_caller]`, so they point at the test's line.

mod constructors;
pub mod formats;
mod generated;
mod generator_check;
mod macros;
pub mod pact_match;
mod pattern;

pub(crate) use constructors::binary_rules;
pub use constructors::{
    BinaryPattern, array_containing, boolean, content_type, date, datetime, decimal, each_key,
    each_like, each_like_between, each_like_max, each_value, equal_to, include, integer, like,
    not_empty, null, nullable, number, semver, status_code, term, time, values,
};
pub use generated::{
    date_expression, datetime_expression, from_provider_state, mock_server_url, random_boolean,
    random_decimal, random_from_regex, random_hex, random_integer, random_string, random_uuid,
    time_expression,
};
pub use pact_match::PactMatch;
pub use pattern::Pattern;

#[cfg(test)]
mod dsl_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod validation_tests;
