//! Common formats (the set Pact Go offers), each a matcher with a realistic example and,
//! where the mock server can make one up, a generator.
//!
//! | function | example | rule | generator |
//! |---|---|---|---|
//! | [`identifier`] | `42` | integer | random int 1..=2147483647 |
//! | [`integer`] | `42` | integer | random int 0..=2147483647 |
//! | [`decimal`] | `12.34` | decimal | random decimal, 4 digits |
//! | [`hex_value`] | `"3f2a9c1e"` | regex `^[0-9a-fA-F]+$` | random hexadecimal, 8 digits |
//! | [`iso8601_date`] | `"2000-02-01"` | date `yyyy-MM-dd` | today |
//! | [`rfc3339_timestamp`] | `"2000-02-01T12:30:00Z"` | timestamp `yyyy-MM-dd'T'HH:mm:ssXXX` | now |
//! | [`time()`] | `"12:30:00"` | time `HH:mm:ss` | now |
//! | [`ipv4_address`] | `"127.0.0.13"` | regex (dotted quad, each 0–255) | — |
//! | [`ipv6_address`] | `"::ffff:192.0.2.128"` | regex (RFC 4291 forms) | — |
//! | [`uuid()`] | `"e2490de5-5bd3-43d5-b7c4-526e33f71304"` | regex (lower-case hyphenated) | random UUID |
//!
//! They live in their own module because three of them share names with the general
//! constructors (`integer`, `decimal`, `time`): write `formats::uuid()`.
//!
//! ```
//! use pact_runtime::json_pattern;
//! use pact_runtime::matchers::formats;
//!
//! let order = json_pattern!({
//!     "id": formats::uuid(),
//!     "placed": formats::rfc3339_timestamp(),
//!     "client": formats::ipv4_address(),
//! });
//! assert_eq!(order.to_example()["client"], "127.0.0.13");
//! ```

use super::{Pattern, term};
use crate::model::{Generator, MatchingRule, UuidFormat};

/// A numeric identifier: an integer, example `42`; the mock server sends a random
/// positive one.
pub fn identifier() -> Pattern {
    super::integer(42).with_generator(Generator::RandomInt {
        min: 1,
        max: 2_147_483_647,
    })
}

/// Any integer, example `42`; the mock server sends a random non-negative one.
pub fn integer() -> Pattern {
    super::integer(42).with_generator(Generator::RandomInt {
        min: 0,
        max: 2_147_483_647,
    })
}

/// Any decimal number, example `12.34`; the mock server sends a random one with four
/// digits.
pub fn decimal() -> Pattern {
    super::decimal(12.34).with_generator(Generator::RandomDecimal { digits: 4 })
}

/// A hexadecimal string, example `"3f2a9c1e"`; the mock server sends eight random hex
/// digits.
pub fn hex_value() -> Pattern {
    term("3f2a9c1e", "^[0-9a-fA-F]+$").with_generator(Generator::RandomHexadecimal { digits: 8 })
}

fn dated(rule: MatchingRule, example: &str, generator: Generator) -> Pattern {
    Pattern::rule(rule, example).with_generator(generator)
}

/// An ISO 8601 calendar date (`yyyy-MM-dd`), example `"2000-02-01"`; the mock server sends
/// today's date (UTC).
pub fn iso8601_date() -> Pattern {
    let format = "yyyy-MM-dd".to_owned();
    dated(
        MatchingRule::Date(Some(format.clone())),
        "2000-02-01",
        Generator::Date {
            format: Some(format),
            expression: None,
        },
    )
}

/// An RFC 3339 timestamp with seconds and an offset (`yyyy-MM-dd'T'HH:mm:ssXXX`), example
/// `"2000-02-01T12:30:00Z"`; the mock server sends the current time (UTC, `Z`).
pub fn rfc3339_timestamp() -> Pattern {
    let format = "yyyy-MM-dd'T'HH:mm:ssXXX".to_owned();
    dated(
        MatchingRule::Timestamp(Some(format.clone())),
        "2000-02-01T12:30:00Z",
        Generator::DateTime {
            format: Some(format),
            expression: None,
        },
    )
}

/// A time of day (`HH:mm:ss`), example `"12:30:00"`; the mock server sends the current
/// time (UTC).
pub fn time() -> Pattern {
    let format = "HH:mm:ss".to_owned();
    dated(
        MatchingRule::Time(Some(format.clone())),
        "12:30:00",
        Generator::Time {
            format: Some(format),
            expression: None,
        },
    )
}

/// The regex of a dotted-quad IPv4 address, each part 0–255.
pub const IPV4_REGEX: &str =
    r"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$";

/// The regex of an IPv6 address in the RFC 4291 text forms (full, `::`-compressed, and
/// with an embedded IPv4 address).
pub const IPV6_REGEX: &str = concat!(
    r"^(([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}",
    r"|([0-9a-fA-F]{1,4}:){1,7}:",
    r"|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}",
    r"|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}",
    r"|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}",
    r"|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}",
    r"|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}",
    r"|[0-9a-fA-F]{1,4}:(:[0-9a-fA-F]{1,4}){1,6}",
    r"|:((:[0-9a-fA-F]{1,4}){1,7}|:)",
    r"|::([fF]{4}(:0{1,4})?:)?((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)",
    r"|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))$"
);

/// An IPv4 address, example `"127.0.0.13"`.
pub fn ipv4_address() -> Pattern {
    term("127.0.0.13", IPV4_REGEX)
}

/// An IPv6 address, example `"::ffff:192.0.2.128"`.
pub fn ipv6_address() -> Pattern {
    term("::ffff:192.0.2.128", IPV6_REGEX)
}

/// A UUID in the lower-case hyphenated form, example
/// `"e2490de5-5bd3-43d5-b7c4-526e33f71304"`; the mock server sends a random (v4) one.
pub fn uuid() -> Pattern {
    super::random_uuid(UuidFormat::LowerCaseHyphenated)
}
