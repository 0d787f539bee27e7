//! [`PactMatch`]: a type that knows its own pattern, so a data-transfer object can be the
//! single source of truth of the bodies in a contract.
//!
//! The impls here cover the standard types (each with a realistic default example), so a
//! derived struct's fields compose; `support` holds what the derive's generated code calls.

mod support;

// The derive's helpers: public so generated code can name them (through `__private`), hidden
// because they are not meant to be called by hand.
#[doc(hidden)]
pub use support::{
    DateLeaf, LeafExample, MatcherKind, PactFields, Sequence, StringLeaf, each_like_sized,
    each_value, matcher_leaf, matcher_leaf_default, regex_leaf, sized,
};

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::rc::Rc;
use std::sync::Arc;

use serde_json::Value;

use super::formats::{IPV4_REGEX, IPV6_REGEX};
use super::{Pattern, boolean, date, datetime, decimal, each_like, integer, like, term, time};
use crate::model::MatchingRule;

/// A type whose values can be described by a [`Pattern`]: an example value plus the
/// matching rules a provider's real values are checked with.
///
/// Use it wherever a pattern goes: `Response::ok().json(User::matcher())`, message
/// contents, or inside a hand-written [`json_pattern!`](crate::json_pattern) body. Derive
/// it with `#[derive(PactMatch)]` (re-exported by this crate) and the contract follows the
/// type; nested types compose through their own impls.
///
/// # Defaults by type
///
/// | Rust type | pattern |
/// |---|---|
/// | `String`, `&str`, `char` | match by type, example `"string"` |
/// | integers (`i8`…`u64`, `isize`, `usize`) | integer matcher, example `1` |
/// | `f32`, `f64` | decimal matcher, example `1.5` |
/// | `bool` | boolean matcher, example `true` |
/// | `Vec<T>`, `VecDeque`, sets, arrays, slices | each-like `T`, at least 1 element |
/// | `Option<T>` | `T`'s pattern (the value is present in the example) |
/// | `HashMap<K, V>`, `BTreeMap<K, V>` | each value like `V` (V4 `eachValue`), one example entry |
/// | `Box<T>`, `Rc<T>`, `Arc<T>`, `&T`, `Cow<T>` | `T`'s pattern |
/// | a struct deriving `PactMatch` | an object of its fields' patterns |
/// | a unit-only enum deriving `PactMatch` | regex of its serialized variant names |
/// | chrono `NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime<Tz>` | date, time, datetime matchers (ISO 8601) |
/// | with the `time` feature: `time::Date`, `Time`, `PrimitiveDateTime`, `OffsetDateTime` | date, time, datetime matchers (ISO 8601 / RFC 3339) |
/// | `uuid::Uuid` | UUID regex |
/// | `IpAddr`, `Ipv4Addr`, `Ipv6Addr` | IP address regex |
///
/// ```
/// use pact_runtime::PactMatch;
///
/// #[derive(PactMatch)]
/// struct User {
///     id: u64,
///     name: String,
///     roles: Vec<String>,
/// }
///
/// let pattern = User::matcher();
/// assert_eq!(
///     pattern.to_example(),
///     serde_json::json!({ "id": 1, "name": "string", "roles": ["string"] })
/// );
/// ```
///
/// # Field attributes: `#[pact(...)]`
///
/// `example = <literal>` sets the example (a literal of the field's kind) and keeps the
/// type's matcher. On a `Vec`/`Option`/map field, `example`, `regex`, `format` and `matcher`
/// apply to the innermost value.
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// struct User {
///     #[pact(example = 42)]
///     id: u64,
///     #[pact(example = "Alice")]
///     name: String,
///     #[pact(example = "admin")]
///     roles: Vec<String>,
/// }
/// assert_eq!(
///     User::matcher().to_example(),
///     serde_json::json!({ "id": 42, "name": "Alice", "roles": ["admin"] })
/// );
/// ```
///
/// `regex = "…"` matches the (whole) string against a regular expression; it needs a string
/// `example`. Both are checked at compile time: the regex must compile and the example
/// must match it.
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// struct Person {
///     #[pact(example = "2000-01-01", regex = r"^\d{4}-\d{2}-\d{2}$")]
///     born: String,
/// }
/// assert_eq!(Person::matcher().to_example()["born"], "2000-01-01");
/// ```
///
/// ```compile_fail
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// struct Person {
///     // error: the example "01/01/2000" does not match `regex = …`
///     #[pact(example = "01/01/2000", regex = r"^\d{4}-\d{2}-\d{2}$")]
///     born: String,
/// }
/// ```
///
/// `min = N` and `max = N` bound the number of elements of a sequence field (each-like
/// with a minimum, maximum or both; the example repeats the element `min` times).
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// struct Post {
///     #[pact(min = 2, max = 5)]
///     tags: Vec<String>,
/// }
/// assert_eq!(Post::matcher().to_example()["tags"], serde_json::json!(["string", "string"]));
/// ```
///
/// `matcher = "…"` replaces the type's default rule: `equality`, `type`, `integer`,
/// `decimal`, `number`, `boolean`, `date`, `time`, `datetime` (these three with `format`
/// and `example`), `not_empty`, `semver`.
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// struct Release {
///     #[pact(matcher = "equality", example = "stable")]
///     channel: String,
///     #[pact(matcher = "semver", example = "1.2.3")]
///     version: String,
///     #[pact(matcher = "date", format = "yyyy-MM-dd", example = "2024-05-01")]
///     published: String,
///     #[pact(matcher = "type")]
///     downloads: u64,
/// }
/// assert_eq!(Release::matcher().to_example()["published"], "2024-05-01");
/// ```
///
/// `format = "…"` gives a date or time field (chrono types) a format other than ISO 8601,
/// in the Java `DateTimeFormatter` syntax Pact uses; it needs an `example` in that format.
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// struct Invoice {
///     #[pact(format = "dd/MM/yyyy", example = "31/12/2024")]
///     due: chrono::NaiveDate,
/// }
/// assert_eq!(Invoice::matcher().to_example()["due"], "31/12/2024");
/// ```
///
/// `nullable` accepts `null` as well as what the field's pattern accepts: the rules at the
/// field become `null` OR-combined with its own (see [`nullable`](crate::matchers::nullable));
/// the example stays the field's example. OR-combined rules need a V3 or V4 pact.
///
/// ```
/// # use pact_runtime::PactMatch;
/// use pact_runtime::model::{Category, Combine, DocPath, MatchingRule, MatchingRules};
///
/// #[derive(PactMatch)]
/// struct Profile {
///     #[pact(nullable, example = "Ali")]
///     nickname: Option<String>,
/// }
/// let mut rules = MatchingRules::new();
/// Profile::matcher().rules_at(&DocPath::root(), Category::Body, &mut rules);
/// let at: DocPath = "$.nickname".parse().unwrap();
/// let list = &rules.category(Category::Body).unwrap()[&at];
/// assert_eq!((list.combine, &list.rules[0]), (Combine::Or, &MatchingRule::Null));
/// assert_eq!(Profile::matcher().to_example()["nickname"], "Ali");
/// ```
///
/// `skip` leaves the field out of the pact; `rename = "…"` sets its key (it must agree
/// with a `#[serde(rename)]` on the same field).
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// struct Account {
///     #[pact(rename = "accountId")]
///     account_id: u64,
///     #[pact(skip)]
///     cache: Vec<u8>,
/// }
/// assert_eq!(Account::matcher().to_example(), serde_json::json!({ "accountId": 1 }));
/// ```
///
/// # Container attributes
///
/// `#[pact(rename_all = "…")]` renames every field (serde's rule names) and wins over
/// serde's `rename_all`; `#[pact(crate = "…")]` names the path of `pact_runtime` when a
/// crate re-exports it.
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// #[pact(rename_all = "camelCase", crate = "pact_runtime")]
/// struct Page {
///     total_count: u32,
/// }
/// assert_eq!(Page::matcher().to_example(), serde_json::json!({ "totalCount": 1 }));
/// ```
///
/// # serde attributes
///
/// The pact describes the JSON serde writes: `rename`, `rename_all`, `skip`,
/// `skip_serializing`, `flatten`, `transparent`, `tag` (internally tagged), and tuple or
/// newtype structs are followed. Fields with `default` or `skip_serializing_if` stay in the
/// example: no specification version can mark a key as optional, so the pact requires it
/// (leave it out with `#[pact(skip)]` when the consumer does not need it).
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(serde::Serialize, PactMatch)]
/// #[serde(rename_all = "camelCase")]
/// struct Order {
///     order_id: u64,
///     #[serde(rename = "state")]
///     status: Status,
///     #[serde(skip)]
///     cache: u8,
///     #[serde(flatten)]
///     audit: Audit,
///     #[serde(skip_serializing_if = "Option::is_none")]
///     note: Option<String>,
/// }
///
/// #[derive(serde::Serialize, PactMatch)]
/// #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
/// enum Status {
///     InStock,
///     SoldOut,
/// }
///
/// #[derive(serde::Serialize, PactMatch)]
/// struct Audit {
///     created_by: String,
/// }
///
/// assert_eq!(
///     Order::matcher().to_example(),
///     serde_json::json!({
///         "orderId": 1, "state": "IN_STOCK", "created_by": "string", "note": "string"
///     })
/// );
/// ```
///
/// Generic structs work: each type parameter used by a serialized field must implement
/// `PactMatch`.
///
/// ```
/// # use pact_runtime::PactMatch;
/// #[derive(PactMatch)]
/// struct Page<T> {
///     items: Vec<T>,
///     total: u32,
/// }
/// #[derive(PactMatch)]
/// struct Tag {
///     #[pact(example = "rust")]
///     name: String,
/// }
/// assert_eq!(
///     Page::<Tag>::matcher().to_example(),
///     serde_json::json!({ "items": [{ "name": "rust" }], "total": 1 })
/// );
/// ```
///
/// # Implementing it by hand
///
/// Any type can describe itself with the matcher constructors, for instance a
/// data-carrying enum whose consumer relies on one shape:
///
/// ```
/// use pact_runtime::matchers::{Pattern, decimal};
/// use pact_runtime::{PactMatch, json_pattern};
///
/// enum Shape { Circle { radius: f64 } }
///
/// impl PactMatch for Shape {
///     fn matcher() -> Pattern {
///         json_pattern!({ "Circle": { "radius": decimal(1.5) } })
///     }
/// }
/// assert_eq!(Shape::matcher().to_example()["Circle"]["radius"], 1.5);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not implement `PactMatch`, so it has no pattern",
    label = "no pattern for this type",
    note = "derive it with `#[derive(PactMatch)]`, implement it by hand, or leave the field out of the pact with `#[pact(skip)]`"
)]
pub trait PactMatch {
    /// The type's pattern: its example value and matching rules.
    fn matcher() -> Pattern;
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl PactMatch for $ty {
            fn matcher() -> Pattern {
                integer(1)
            }
        }

        impl LeafExample for $ty {
            type Literal = $ty;

            fn with_example(example: $ty) -> Pattern {
                // A `u64` beyond `i64::MAX` keeps its own value.
                match i64::try_from(example) {
                    Ok(number) => integer(number),
                    Err(_) => Pattern::rule(MatchingRule::Integer, Value::from(example)),
                }
            }

            fn json(example: $ty) -> Value {
                Value::from(example)
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! floats {
    ($($ty:ty),*) => {$(
        impl PactMatch for $ty {
            fn matcher() -> Pattern {
                decimal(1.5)
            }
        }

        impl LeafExample for $ty {
            type Literal = $ty;

            fn with_example(example: $ty) -> Pattern {
                match Self::json(example) {
                    Value::Number(_) => decimal(f64::from(example)),
                    // NaN or infinite: JSON cannot carry it, and the pact shows null.
                    other => Pattern::rule(MatchingRule::Decimal, other),
                }
            }

            fn json(example: $ty) -> Value {
                // A non-finite example cannot be JSON; null makes the pact show it.
                serde_json::Number::from_f64(f64::from(example)).map_or(Value::Null, Value::Number)
            }
        }
    )*};
}

floats!(f32, f64);

impl PactMatch for bool {
    fn matcher() -> Pattern {
        boolean(true)
    }
}

impl LeafExample for bool {
    type Literal = bool;

    fn with_example(example: bool) -> Pattern {
        boolean(example)
    }

    fn json(example: bool) -> Value {
        Value::Bool(example)
    }
}

macro_rules! strings {
    ($($ty:ty),*) => {$(
        impl PactMatch for $ty {
            fn matcher() -> Pattern {
                like("string")
            }
        }

        impl LeafExample for $ty {
            type Literal = &'static str;

            fn with_example(example: &'static str) -> Pattern {
                like(example)
            }

            fn json(example: &'static str) -> Value {
                Value::from(example)
            }
        }

        impl StringLeaf for $ty {}
    )*};
}

strings!(String, str);

impl PactMatch for char {
    fn matcher() -> Pattern {
        like("a")
    }
}

impl StringLeaf for char {}

/// Types serialized as their contents.
macro_rules! transparent {
    ($($ty:ident),*) => {$(
        impl<T: PactMatch + ?Sized> PactMatch for $ty<T> {
            fn matcher() -> Pattern {
                T::matcher()
            }
        }
    )*};
}

transparent!(Box, Rc, Arc);

impl<T: PactMatch + ?Sized> PactMatch for &T {
    fn matcher() -> Pattern {
        T::matcher()
    }
}

impl<T: PactMatch + ToOwned + ?Sized> PactMatch for Cow<'_, T> {
    fn matcher() -> Pattern {
        T::matcher()
    }
}

impl<T: PactMatch> PactMatch for Option<T> {
    fn matcher() -> Pattern {
        T::matcher()
    }
}

/// Sequences: each-like the element, at least one.
macro_rules! sequences {
    ($($ty:ident),*) => {$(
        impl<T: PactMatch> PactMatch for $ty<T> {
            fn matcher() -> Pattern {
                each_like(T::matcher(), 1)
            }
        }

        impl<T> Sequence for $ty<T> {
            type Element = T;
        }
    )*};
}

sequences!(Vec, VecDeque, LinkedList, BTreeSet, BinaryHeap);

impl<T: PactMatch, S> PactMatch for HashSet<T, S> {
    fn matcher() -> Pattern {
        each_like(T::matcher(), 1)
    }
}

impl<T, S> Sequence for HashSet<T, S> {
    type Element = T;
}

impl<T: PactMatch> PactMatch for [T] {
    fn matcher() -> Pattern {
        each_like(T::matcher(), 1)
    }
}

impl<T> Sequence for [T] {
    type Element = T;
}

impl<T: PactMatch, const N: usize> PactMatch for [T; N] {
    fn matcher() -> Pattern {
        each_like(T::matcher(), 1)
    }
}

impl<T, const N: usize> Sequence for [T; N] {
    type Element = T;
}

impl<K: PactMatch, V: PactMatch, S> PactMatch for HashMap<K, V, S> {
    fn matcher() -> Pattern {
        each_value::<K>(V::matcher())
    }
}

impl<K: PactMatch, V: PactMatch> PactMatch for BTreeMap<K, V> {
    fn matcher() -> Pattern {
        each_value::<K>(V::matcher())
    }
}

/// `PhantomData` serializes as unit, JSON null, whatever `T` is.
impl<T: ?Sized> PactMatch for std::marker::PhantomData<T> {
    fn matcher() -> Pattern {
        Pattern::null()
    }
}

/// Types that serialize as a string matched by a regex, with a realistic example.
macro_rules! regex_strings {
    ($($ty:ty => $example:expr, $regex:expr;)*) => {$(
        impl PactMatch for $ty {
            fn matcher() -> Pattern {
                term($example, $regex)
            }
        }

        impl LeafExample for $ty {
            type Literal = &'static str;

            fn with_example(example: &'static str) -> Pattern {
                term(example, $regex)
            }

            fn json(example: &'static str) -> Value {
                Value::from(example)
            }
        }

        impl StringLeaf for $ty {}
    )*};
}

regex_strings! {
    uuid::Uuid => "e2490de5-5bd3-43d5-b7c4-526e33f71304",
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    Ipv4Addr => "127.0.0.1", IPV4_REGEX;
    Ipv6Addr => "::1", IPV6_REGEX;
    IpAddr => "127.0.0.1", ip_regex();
}

/// Either form of address, for `IpAddr`.
fn ip_regex() -> String {
    let inner = |regex: &'static str| regex.trim_start_matches('^').trim_end_matches('$');
    format!("^(?:{}|{})$", inner(IPV4_REGEX), inner(IPV6_REGEX))
}

/// chrono's naive types, serialized by serde in ISO 8601; `format` replaces the format for
/// fields written with a custom `#[serde(with = …)]`.
macro_rules! dates {
    ($($ty:ty => $constructor:ident, $format:expr, $example:expr;)*) => {$(
        impl PactMatch for $ty {
            fn matcher() -> Pattern {
                $constructor($format, $example)
            }
        }

        impl LeafExample for $ty {
            type Literal = &'static str;

            fn with_example(example: &'static str) -> Pattern {
                $constructor($format, example)
            }

            fn json(example: &'static str) -> Value {
                Value::from(example)
            }
        }

        impl DateLeaf for $ty {
            fn with_format(format: &'static str, example: &'static str) -> Pattern {
                $constructor(format, example)
            }
        }

        impl StringLeaf for $ty {}
    )*};
}

dates! {
    chrono::NaiveDate => date, support::DATE, "2000-01-01";
    chrono::NaiveTime => time, support::TIME, "12:00:00";
    chrono::NaiveDateTime => datetime, support::DATETIME, "2000-01-01T12:00:00";
}

impl<Tz: chrono::TimeZone> PactMatch for chrono::DateTime<Tz> {
    fn matcher() -> Pattern {
        <Self as LeafExample>::with_example("2000-01-01T12:00:00Z")
    }
}

impl<Tz: chrono::TimeZone> LeafExample for chrono::DateTime<Tz> {
    type Literal = &'static str;

    fn with_example(example: &'static str) -> Pattern {
        // ISO 8601 (the engine's default form), which accepts what serde writes: a `Z` or
        // an offset, with or without fractional seconds.
        Pattern::rule(MatchingRule::Timestamp(None), example)
    }

    fn json(example: &'static str) -> Value {
        Value::from(example)
    }
}

impl<Tz: chrono::TimeZone> DateLeaf for chrono::DateTime<Tz> {
    fn with_format(format: &'static str, example: &'static str) -> Pattern {
        datetime(format, example)
    }
}

impl<Tz: chrono::TimeZone> StringLeaf for chrono::DateTime<Tz> {}

/// The `time` crate's dates, as its RFC 3339 / ISO 8601 serde formats write them
/// (`time::serde::rfc3339` for `OffsetDateTime`).
#[cfg(feature = "time")]
mod time_dates {
    use super::support;
    use super::{DateLeaf, LeafExample, PactMatch, Pattern, StringLeaf, Value};
    use crate::matchers::{date, datetime, time};

    dates! {
        ::time::Date => date, support::DATE, "2000-01-01";
        ::time::Time => time, support::TIME, "12:00:00";
        ::time::PrimitiveDateTime => datetime, support::DATETIME, "2000-01-01T12:00:00";
        ::time::OffsetDateTime => datetime, "yyyy-MM-dd'T'HH:mm:ssXXX", "2000-01-01T12:00:00Z";
    }
}

#[cfg(test)]
mod tests;
