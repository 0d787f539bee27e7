//! What `#[derive(PactMatch)]` generates calls to, re-exported through `__private`.
//!
//! The traits here answer type questions for the derive (which literal `example = …` takes
//! for a field type, whether a type serializes as a string, is a date, is a sequence); rustc
//! enforces them at the attribute's span, and their `on_unimplemented` messages say what
//! the attribute needs. The functions are thin: each one builds the pattern a hand-written
//! test would build with the public constructors.

use serde_json::Value;

use super::PactMatch;
use crate::matchers::each_value as constructors_each_value;
use crate::matchers::{
    Pattern, boolean, date, datetime, decimal, each_like, each_like_between, each_like_max,
    equal_to, integer, like, not_empty, semver, term, time,
};
use crate::model::MatchingRule;

/// The fields of a struct deriving `PactMatch`, for `#[serde(flatten)]`.
#[diagnostic::on_unimplemented(
    message = "`#[serde(flatten)]` needs a struct with named fields that derives `PactMatch`; `{Self}` is not one",
    label = "flattened here"
)]
pub trait PactFields: PactMatch {
    /// The `(key, pattern)` pairs of the struct's serialized fields, in order.
    fn pact_fields() -> Vec<(String, Pattern)>;
}

/// The field types `#[pact(example = …)]` works on, and the literal each one takes.
#[diagnostic::on_unimplemented(
    message = "`example = …` needs a field whose innermost type is a string, number, boolean, date, UUID, IP address or unit-only enum; `{Self}` is none of these",
    label = "`example` given here",
    note = "for a nested type, put `example` on the fields of that type instead"
)]
pub trait LeafExample {
    /// The Rust type of the literal (`&'static str` for strings and dates, the number type
    /// itself for numbers, `bool`).
    type Literal;

    /// The type's default matcher, with `example` as its example.
    fn with_example(example: Self::Literal) -> Pattern;

    /// The literal as the JSON value the type serializes to.
    fn json(example: Self::Literal) -> Value;
}

/// Marks the types that serialize as a JSON string, which is what a regex can match.
#[diagnostic::on_unimplemented(
    message = "`regex = …` needs a field that serializes as a string; `{Self}` does not",
    label = "`regex` given here",
    note = "numbers and booleans take `matcher = \"integer\" | \"decimal\" | \"number\" | \"boolean\"`"
)]
pub trait StringLeaf {}

/// The date and time types, which take `format = "…"`.
#[diagnostic::on_unimplemented(
    message = "`format = …` needs a date or time field (chrono's `NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime`), or `matcher = \"date\" | \"time\" | \"datetime\"`; `{Self}` is neither",
    label = "`format` given here"
)]
pub trait DateLeaf {
    /// A date/time matcher for `example` written in the Java-style `format`.
    fn with_format(format: &'static str, example: &'static str) -> Pattern;
}

/// The sequence types, which take `min = …` and `max = …`.
#[diagnostic::on_unimplemented(
    message = "`min` and `max` need a sequence field (Vec, VecDeque, array, slice or set); `{Self}` is not one",
    label = "`min`/`max` given here"
)]
pub trait Sequence {
    /// The element type.
    type Element: ?Sized;
}

/// `matcher = "…"`: the rule that replaces the type's default one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatcherKind {
    /// `matcher = "equality"`.
    Equality,
    /// `matcher = "type"`.
    Type,
    /// `matcher = "integer"`.
    Integer,
    /// `matcher = "decimal"`.
    Decimal,
    /// `matcher = "number"`.
    Number,
    /// `matcher = "boolean"`.
    Boolean,
    /// `matcher = "date"`.
    Date,
    /// `matcher = "time"`.
    Time,
    /// `matcher = "datetime"`.
    Datetime,
    /// `matcher = "not_empty"`.
    NotEmpty,
    /// `matcher = "semver"`.
    Semver,
}

/// `regex = "…"` with its string example (checked at compile time to match).
#[track_caller]
pub fn regex_leaf<L: StringLeaf + ?Sized>(example: &'static str, regex: &'static str) -> Pattern {
    term(example, regex)
}

/// `matcher = "…"` with the leaf type's default example.
#[track_caller]
pub fn matcher_leaf_default<L: PactMatch + ?Sized>(
    kind: MatcherKind,
    format: Option<&'static str>,
) -> Pattern {
    matcher_leaf(kind, L::matcher().to_example(), format)
}

/// `matcher = "…"` with `example` (the field's literal as JSON); `format` comes with the
/// date and time matchers. The example has been checked against the matcher at compile
/// time where the field type is known; the date constructors check it against the format.
#[track_caller]
pub fn matcher_leaf(kind: MatcherKind, example: Value, format: Option<&'static str>) -> Pattern {
    match kind {
        MatcherKind::Equality => equal_to(example),
        MatcherKind::Type => like(example),
        // A number that fits no `i64` (a large `u64`) keeps its own value.
        MatcherKind::Integer => match example.as_i64() {
            Some(number) => integer(number),
            None => Pattern::rule(MatchingRule::Integer, example),
        },
        MatcherKind::Decimal => match example.as_f64() {
            Some(number) => decimal(number),
            None => Pattern::rule(MatchingRule::Decimal, example),
        },
        MatcherKind::Number => Pattern::rule(MatchingRule::Number, example),
        MatcherKind::Boolean => match example.as_bool() {
            Some(value) => boolean(value),
            None => Pattern::rule(MatchingRule::Boolean, example),
        },
        MatcherKind::Date => date(format.unwrap_or(DATE), string_of(example)),
        MatcherKind::Time => time(format.unwrap_or(TIME), string_of(example)),
        MatcherKind::Datetime => datetime(format.unwrap_or(DATETIME), string_of(example)),
        MatcherKind::NotEmpty => not_empty(example),
        MatcherKind::Semver => semver(string_of(example)),
    }
}

/// The default formats of the date and time matchers (ISO 8601, as serde writes chrono's
/// naive types).
pub(crate) const DATE: &str = "yyyy-MM-dd";
pub(crate) const TIME: &str = "HH:mm:ss";
pub(crate) const DATETIME: &str = "yyyy-MM-dd'T'HH:mm:ss";

fn string_of(example: Value) -> String {
    match example {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// An array of elements like `element`: at least `min` (1 when not given) and at most
/// `max` (both checked at compile time: `min <= max`, `max >= 1`).
#[track_caller]
pub fn each_like_sized(element: Pattern, min: Option<usize>, max: Option<usize>) -> Pattern {
    match (min, max) {
        (min, None) => each_like(element, min.unwrap_or(1)),
        (None, Some(max)) => each_like_max(element, max),
        (Some(min), Some(max)) => each_like_between(element, min, max),
    }
}

/// `min`/`max` on a field whose type is a sequence by a name the derive does not know (an
/// alias): the element pattern, sized.
#[track_caller]
pub fn sized<S: Sequence + ?Sized>(
    element: Pattern,
    min: Option<usize>,
    max: Option<usize>,
) -> Pattern {
    each_like_sized(element, min, max)
}

/// A map (V4 `eachValue`): every value matches `value`, and the example has one entry,
/// keyed by the key type's example.
#[track_caller]
pub fn each_value<K: PactMatch + ?Sized>(value: Pattern) -> Pattern {
    // `eachValue` carries the rules at the value's root; a value without one (a struct's
    // object) is matched by type, its own fields keeping their rules.
    let value = if value.root_rules().is_empty() {
        like(value)
    } else {
        value
    };
    let example = Pattern::object([(K::matcher().to_example_string(), value.clone())]);
    constructors_each_value(example, value)
}
