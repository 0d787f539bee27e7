//! One constructor per matcher the engine supports. Each yields a [`Pattern`]: the
//! example, the rule at the pattern's place, and the example's own rules below it.
//!
//! Constructors check what can be checked when the test is written (a regex compiles,
//! the example honours the matcher, a date format is Java's) and panic with a message
//! naming the problem: a pattern that could never verify is a bug in the test, and the
//! test is the place to say so.

use serde_json::Value;

use super::Pattern;
use super::pattern::Node;
use crate::java_dates::validate_java_date_format;
use crate::matching::check_value;
use crate::model::{Category, DocPath, MatchingRule, MatchingRules, PathToken, StatusClass};

/// Checks that `example` honours `rule`, or panics naming the constructor.
#[track_caller]
fn assert_example(constructor: &str, rule: &MatchingRule, example: &Value) {
    if let Err(reason) = check_value(rule, example, example, false) {
        panic!("{constructor}(): the example does not fit its own matcher: {reason}");
    }
}

/// Matches any value of the same JSON type as `example` (the rule cascades: the fields of
/// an object example match by type too, unless they carry rules of their own).
pub fn like(example: impl Into<Pattern>) -> Pattern {
    Pattern::rule(MatchingRule::Type, example)
}

/// Matches an array of at least `min` elements, each like `example`. The example array
/// repeats `example` `min` times (once when `min` is 0).
pub fn each_like(example: impl Into<Pattern>, min: usize) -> Pattern {
    Pattern {
        node: Node::EachLike {
            element: Box::new(example.into()),
            min: Some(min),
            max: None,
        },
    }
}

/// Matches an array of at most `max` elements, each like `example`; the example array
/// holds one element.
///
/// # Panics
/// When `max` is 0: the one-element example would break its own rule (use an empty array
/// literal to expect an empty array).
#[track_caller]
pub fn each_like_max(example: impl Into<Pattern>, max: usize) -> Pattern {
    assert!(
        max > 0,
        "each_like_max(): max must be at least 1 (the example holds one element); expect [] for an empty array"
    );
    Pattern {
        node: Node::EachLike {
            element: Box::new(example.into()),
            min: None,
            max: Some(max),
        },
    }
}

/// Matches an array of `min` to `max` elements (inclusive), each like `example`. The
/// example array repeats `example` `min` times (once when `min` is 0).
///
/// ```
/// use pact_runtime::matchers::each_like_between;
///
/// let tags = each_like_between("red", 2, 5);
/// assert_eq!(tags.to_example(), serde_json::json!(["red", "red"]));
/// ```
///
/// # Panics
/// When `min > max`, or `max` is 0.
#[track_caller]
pub fn each_like_between(example: impl Into<Pattern>, min: usize, max: usize) -> Pattern {
    assert!(
        min <= max && max > 0,
        "each_like_between(): needs min <= max and max >= 1, got min = {min}, max = {max}"
    );
    Pattern {
        node: Node::EachLike {
            element: Box::new(example.into()),
            min: Some(min),
            max: Some(max),
        },
    }
}

/// Matches a string against the regular expression `regex` (the whole value must match);
/// `example` is what the mock server sends.
///
/// # Panics
/// When `regex` does not compile, or the whole of `example` does not match it: the pattern
/// could never be honoured, so the test stops here, naming the regex (like a failed
/// `assert!`).
#[track_caller]
pub fn term(example: impl Into<String>, regex: impl Into<String>) -> Pattern {
    regex_rule("term", example.into(), regex.into())
}

/// The `regex` rule with its example, checked exactly as the engine will check it: the
/// whole value must match, with the same regex engines (look-around and back-references
/// included). Panics naming `constructor`, and telling a regex that does not compile from
/// an example that does not match.
#[track_caller]
pub(super) fn regex_rule(constructor: &str, example: String, regex: String) -> Pattern {
    let rule = MatchingRule::Regex(regex.clone());
    let example = Value::String(example);
    if let Err(why) = check_value(&rule, &example, &example, true) {
        // The engine reports a pattern neither of its regex engines compiles as "invalid
        // regular expression /…/: <the parser's reason>", whatever the value.
        if let Some(reason) = why.strip_prefix(&format!("invalid regular expression /{regex}/: ")) {
            let reason = reason.strip_prefix("error: ").unwrap_or(reason);
            panic!(
                "{constructor}(): invalid regular expression /{regex}/: {reason}; the regex does not compile, so fix the regex (the example {example} is not at fault)"
            );
        }
        panic!(
            "{constructor}(): the example {example} can never verify: {why}; the whole example must match the regex"
        );
    }
    Pattern::rule(rule, example)
}

/// Matches any integer; `example` is what the mock server sends.
pub fn integer(example: i64) -> Pattern {
    Pattern::rule(MatchingRule::Integer, Value::from(example))
}

/// Matches any number with a fractional part; `example` is what the mock server sends.
///
/// # Panics
/// When `example` is NaN or infinite (JSON cannot carry it).
#[track_caller]
pub fn decimal(example: f64) -> Pattern {
    let Some(number) = serde_json::Number::from_f64(example) else {
        panic!("decimal(): {example} cannot be written as JSON; use a finite number");
    };
    Pattern::rule(MatchingRule::Decimal, Value::Number(number))
}

/// Matches any number, integer or decimal; `example` (`42`, `9.5`) is what the mock
/// server sends.
///
/// # Panics
/// When `example` is not a finite number.
#[track_caller]
pub fn number(example: impl Into<Pattern>) -> Pattern {
    let example = example.into();
    let value = example.to_example();
    assert!(
        value.is_number(),
        "number(): the example must be a finite number, found {value}"
    );
    Pattern::rule(MatchingRule::Number, example)
}

/// Matches any boolean; `example` is what the mock server sends.
pub fn boolean(example: bool) -> Pattern {
    Pattern::rule(MatchingRule::Boolean, Value::Bool(example))
}

#[track_caller]
fn date_like(
    constructor: &str,
    rule: fn(Option<String>) -> MatchingRule,
    format: String,
    example: String,
) -> Pattern {
    if let Err(error) = validate_java_date_format(&format) {
        panic!(
            "{constructor}(): \"{format}\" is not a Java DateTimeFormatter pattern: {error} (quote literal text with '...')"
        );
    }
    let rule = rule(Some(format));
    let example = Value::String(example);
    assert_example(constructor, &rule, &example);
    Pattern::rule(rule, example)
}

/// Matches a date in `format`, a Java `DateTimeFormatter` pattern (`yyyy-MM-dd`, as every
/// Pact implementation reads it); `example` is what the mock server sends.
///
/// ```
/// use pact_runtime::matchers::date;
///
/// let born = date("yyyy-MM-dd", "2000-02-29");
/// assert_eq!(born.to_example(), serde_json::json!("2000-02-29"));
/// ```
///
/// # Panics
/// When `format` is not a Java pattern (the message names the unknown letter, as for the
/// .NET-style `HH:mm:ss.fff`), or `example` is not a date in that format (30 February
/// included).
#[track_caller]
pub fn date(format: impl Into<String>, example: impl Into<String>) -> Pattern {
    date_like("date", MatchingRule::Date, format.into(), example.into())
}

/// Matches a time of day in `format` (Java pattern, `HH:mm:ss`); `example` is what the
/// mock server sends.
///
/// # Panics
/// As [`date`].
#[track_caller]
pub fn time(format: impl Into<String>, example: impl Into<String>) -> Pattern {
    date_like("time", MatchingRule::Time, format.into(), example.into())
}

/// Matches a date and time (the `timestamp` matcher) in `format` (Java pattern,
/// `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`); `example` is what the mock server sends.
///
/// # Panics
/// As [`date`].
#[track_caller]
pub fn datetime(format: impl Into<String>, example: impl Into<String>) -> Pattern {
    date_like(
        "datetime",
        MatchingRule::Timestamp,
        format.into(),
        example.into(),
    )
}

/// Matches a string that contains `text`; the example is `text` itself.
pub fn include(text: impl Into<String>) -> Pattern {
    let text = text.into();
    Pattern::rule(MatchingRule::Include(text.clone()), Value::String(text))
}

/// Matches JSON `null` only (the `null` matcher; a plain `null` in `json_pattern!`
/// matches by equality, which is the same for a value but does not stop a cascading
/// `like` above it).
pub fn null() -> Pattern {
    Pattern::rule(MatchingRule::Null, Value::Null)
}

/// Matches a value equal to `example`. Useful inside `like(…)` or `each_like(…)`, whose
/// type matching otherwise cascades to every field.
pub fn equal_to(example: impl Into<Pattern>) -> Pattern {
    Pattern::rule(MatchingRule::Equality, example)
}

/// Matches an object whose keys may be anything, each value matched like the example's
/// values (the `values` matcher). The rules of the example's values are written for
/// every value (`$.path.*`), as pact-jvm's `eachKeyLike` writes them, so
/// `values(json_pattern!({"eur": decimal(1.5)}))` means "every value is a decimal",
/// whatever the keys; a value without rules of its own gets a `type` rule there, since
/// the official verifier reads a bare `values` as equality with the example's values.
///
/// ```
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{decimal, values};
/// use pact_runtime::model::{Category, DocPath, MatchingRule, MatchingRules};
///
/// let rates = values(json_pattern!({"eur": decimal(1.5)}));
/// let mut rules = MatchingRules::new();
/// rates.rules_at(&DocPath::root(), Category::Body, &mut rules);
/// let every_rate: DocPath = "$.*".parse().expect("a path");
/// let body = rules.category(Category::Body).expect("body rules");
/// assert_eq!(body[&every_rate].rules, vec![MatchingRule::Decimal]);
/// ```
///
/// # Panics
/// When `example` is not an object, when its values carry different rules (the keys are
/// not part of the contract, so one set of rules must hold for every value), or when,
/// where no matcher decides, they differ in JSON kind or shape (`{"a": 1, "b": "x"}`): a
/// verifier judges a key the example lacks by the first value.
#[track_caller]
pub fn values(example: impl Into<Pattern>) -> Pattern {
    let example = example.into();
    assert!(
        example.to_example().is_object(),
        "values(): the example must be a JSON object"
    );
    if let Some(by_key) = example.field_value_rules()
        && let Some(((first_key, first), rest)) = by_key.split_first()
        && let Some((other_key, _)) = rest.iter().find(|(_, rules)| rules != first)
    {
        panic!(
            "values(): the example values `{first_key}` and `{other_key}` have different matchers; \
             every value of a values-matched object is matched by the same rules"
        );
    }
    // Same rules, but where no rule decides, the value's own JSON kind is the contract: a
    // verifier judges a key the example lacks by the first example value, so a second
    // value of another kind would mean different things for different keys.
    // A literal object (`json!`) has no rules at all.
    let by_key = example.field_value_rules().unwrap_or_default();
    if let Value::Object(examples) = example.to_example()
        && let Some((first_key, first)) = examples.iter().next()
    {
        let no_rules = MatchingRules::new();
        let rules = by_key
            .iter()
            .find(|(key, _)| key == first_key)
            .map_or(&no_rules, |(_, rules)| rules);
        for (other_key, other) in examples.iter().skip(1) {
            if let Some(at) = kind_difference(first, other, &DocPath::root(), rules) {
                panic!(
                    "values(): the example values `{first_key}` and `{other_key}` differ at {at}: \
                     {}; every value of a values-matched object must have the same JSON type \
                     and shape where no matcher decides",
                    describe_kinds(first, other, &at)
                );
            }
        }
    }
    Pattern::rule(MatchingRule::Values, example)
}

/// The first path (relative to the value, `$` for itself) at which `a` and `b` differ in
/// JSON kind or, for objects, in keys, where no rule of `rules` other than a type rule
/// applies (a type rule compares kinds too).
fn kind_difference(a: &Value, b: &Value, path: &DocPath, rules: &MatchingRules) -> Option<DocPath> {
    let decided = rules.category(Category::Body).is_some_and(|by_path| {
        by_path.iter().any(|(rule_path, list)| {
            rule_path.matches_concrete(path)
                && list.rules.iter().any(|rule| {
                    !matches!(
                        rule,
                        MatchingRule::Type
                            | MatchingRule::MinType(_)
                            | MatchingRule::MaxType(_)
                            | MatchingRule::MinMaxType { .. }
                    )
                })
        })
    });
    if decided {
        return None;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() || x.keys().any(|key| !y.contains_key(key)) {
                return Some(path.clone());
            }
            x.iter().find_map(|(key, value)| {
                kind_difference(value, &y[key], &path.join_field(key.clone()), rules)
            })
        }
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(index, (p, q))| kind_difference(p, q, &path.join_index(index), rules)),
        _ if kind_of(a) == kind_of(b) => None,
        _ => Some(path.clone()),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What differs at `at`: the two kinds, or "different keys" for two objects.
fn describe_kinds(a: &Value, b: &Value, at: &DocPath) -> String {
    let pointer = |value: &Value| -> Option<Value> {
        let mut current = value;
        for token in at.tokens() {
            current = match token {
                PathToken::Field(name) => current.get(name)?,
                PathToken::Index(index) => current.get(*index)?,
                _ => current,
            };
        }
        Some(current.clone())
    };
    match (pointer(a), pointer(b)) {
        (Some(Value::Object(_)), Some(Value::Object(_))) => {
            "objects with different keys".to_owned()
        }
        (Some(x), Some(y)) => format!("{} and {}", kind_of(&x), kind_of(&y)),
        _ => "different shapes".to_owned(),
    }
}

/// Matches an array that contains, in any order, at least one element matching each
/// variant (V4 `arrayContains`); the example array is the variants' examples. Other
/// elements may be present.
///
/// ```
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{array_containing, integer, like};
///
/// let events = array_containing([
///     json_pattern!({"type": "created", "id": integer(1)}),
///     json_pattern!({"type": "deleted", "by": like("admin")}),
/// ]);
/// assert_eq!(events.to_example()[1]["by"], "admin");
/// ```
pub fn array_containing<P: Into<Pattern>>(variants: impl IntoIterator<Item = P>) -> Pattern {
    Pattern {
        node: Node::ArrayContains(variants.into_iter().map(Into::into).collect()),
    }
}

#[track_caller]
fn matcher_rules(constructor: &str, what: &str, pattern: &Pattern) -> Vec<MatchingRule> {
    let rules = pattern.root_rules();
    assert!(
        !rules.is_empty(),
        "{constructor}(): the {what} pattern must be a matcher such as term(…) or like(…), not a literal"
    );
    rules
}

#[track_caller]
fn object_example(constructor: &str, example: &Pattern) -> serde_json::Map<String, Value> {
    match example.to_example() {
        Value::Object(map) => map,
        other => panic!("{constructor}(): the example must be a JSON object, found {other}"),
    }
}

/// Matches an object each of whose keys matches `key` (V4 `eachKey`), for example
/// `term("en", "^[a-z]{2}$")`; `example` is the example object.
///
/// ```
/// use pact_runtime::json_pattern;
/// use pact_runtime::matchers::{each_key, term};
///
/// let names = each_key(json_pattern!({"en": "Hello"}), term("en", "^[a-z]{2}$"));
/// assert_eq!(names.to_example(), serde_json::json!({"en": "Hello"}));
/// ```
///
/// # Panics
/// When `example` is not an object, `key` carries no rule, or one of the example's keys
/// does not match it.
#[track_caller]
pub fn each_key(example: impl Into<Pattern>, key: impl Into<Pattern>) -> Pattern {
    let example = example.into();
    let rules = matcher_rules("each_key", "key", &key.into());
    for name in object_example("each_key", &example).keys() {
        for rule in &rules {
            let key = Value::String(name.clone());
            if let Err(reason) = check_value(rule, &key, &key, true) {
                panic!("each_key(): the example key \"{name}\" does not fit: {reason}");
            }
        }
    }
    Pattern::rule(MatchingRule::EachKey(rules), example)
}

/// Matches an object each of whose values matches `value` (V4 `eachValue`), for example
/// `like("Hello")`; `example` is the example object.
///
/// # Panics
/// When `example` is not an object, `value` carries no rule, or one of the example's
/// values does not match it.
#[track_caller]
pub fn each_value(example: impl Into<Pattern>, value: impl Into<Pattern>) -> Pattern {
    let example = example.into();
    let value = value.into();
    let rules = matcher_rules("each_value", "value", &value);
    let expected = value.to_example();
    for (name, item) in object_example("each_value", &example) {
        for rule in &rules {
            // Type-like rules compare with the value pattern's own example.
            if let Err(reason) = check_value(rule, &expected, &item, false) {
                panic!("each_value(): the example value at \"{name}\" does not fit: {reason}");
            }
        }
    }
    Pattern::rule(MatchingRule::EachValue(rules), example)
}

/// Matches a non-empty value of the example's type (V4 `notEmpty`): a non-empty string,
/// array or object.
///
/// # Panics
/// When `example` is itself empty or null.
#[track_caller]
pub fn not_empty(example: impl Into<Pattern>) -> Pattern {
    let example = example.into();
    assert_example("not_empty", &MatchingRule::NotEmpty, &example.to_example());
    Pattern::rule(MatchingRule::NotEmpty, example)
}

/// Matches a semantic version string such as `1.2.3` or `2.0.0-rc.1` (V4 `semver`).
///
/// # Panics
/// When `example` is not a semantic version.
#[track_caller]
pub fn semver(example: impl Into<String>) -> Pattern {
    let example = Value::String(example.into());
    assert_example("semver", &MatchingRule::Semver, &example);
    Pattern::rule(MatchingRule::Semver, example)
}

/// True when `status` belongs to `class`.
fn in_class(class: &StatusClass, status: u16) -> bool {
    match class {
        StatusClass::Information => (100..200).contains(&status),
        StatusClass::Success => (200..300).contains(&status),
        StatusClass::Redirect => (300..400).contains(&status),
        StatusClass::ClientError => (400..500).contains(&status),
        StatusClass::ServerError => (500..600).contains(&status),
        StatusClass::NonError => (100..400).contains(&status),
        StatusClass::Error => (400..600).contains(&status),
        StatusClass::Codes(codes) => codes.contains(&status),
    }
}

/// Matches a response status of `class` (V4 `statusCode`); `example` is the status the
/// mock server sends. Use it with
/// [`Response::status_matching`](crate::consumer::Response::status_matching).
///
/// ```
/// use pact_runtime::consumer::Response;
/// use pact_runtime::matchers::status_code;
/// use pact_runtime::model::StatusClass;
///
/// let response = Response::status_matching(status_code(StatusClass::Success, 201)).into_model();
/// assert_eq!(response.status, 201);
/// ```
///
/// # Panics
/// When `example` is not in `class`, or is not a final response status (200 to 599, so
/// [`StatusClass::Information`] can have no example).
#[track_caller]
pub fn status_code(class: StatusClass, example: u16) -> Pattern {
    assert!(
        (200..=599).contains(&example),
        "status_code(): the example status {example} is not a final response status (200 to 599); 1xx are interim responses the mock server cannot send, and no status is above 599"
    );
    assert!(
        in_class(&class, example),
        "status_code(): the example status {example} is not in {class:?}"
    );
    Pattern::rule(MatchingRule::StatusCode(class), Value::from(example))
}

/// A binary body matched by what its bytes are rather than the bytes themselves: the
/// provider may send any content whose detected type is `content_type`. Give it to
/// [`Request::binary`](crate::consumer::Request::binary) or
/// [`Response::binary`](crate::consumer::Response::binary).
///
/// # Panics
/// When the example's own bytes are not detected as `content_type` (only types that can
/// be recognised from their bytes, such as `image/png` or `application/pdf`, can be
/// matched this way).
#[track_caller]
pub fn content_type(content_type: impl Into<String>, example: impl Into<Vec<u8>>) -> BinaryPattern {
    let content_type = content_type.into();
    let bytes = example.into();
    // The engine's own check, on the example against itself.
    let response = crate::model::HttpResponse {
        body: crate::model::Body::Binary {
            bytes: bytes.clone(),
            content_type: Some(content_type.clone()),
        },
        matching_rules: binary_rules(&content_type),
        ..crate::model::HttpResponse::default()
    };
    if let Some(mismatch) = crate::matching::match_response(&response, &response).first() {
        panic!("content_type(): {}", mismatch.message());
    }
    BinaryPattern {
        bytes,
        content_type,
    }
}

/// A binary example matched by its content type (see [`content_type`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryPattern {
    pub(crate) bytes: Vec<u8>,
    pub(crate) content_type: String,
}

impl BinaryPattern {
    /// The example bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The content type the bytes must be detected as.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }
}

/// The body rule of a [`BinaryPattern`].
pub(crate) fn binary_rules(content_type: &str) -> crate::model::MatchingRules {
    let mut rules = crate::model::MatchingRules::new();
    rules.add(
        crate::model::Category::Body,
        crate::model::DocPath::root(),
        MatchingRule::ContentType(content_type.to_owned()),
    );
    rules
}

/// `null`, or a value like `pattern`: the rules at this place become `null` OR-combined with
/// the pattern's own (an OR list, so the pact needs V3 or later); the example is the
/// pattern's example.
///
/// ```
/// use pact_runtime::matchers::{like, nullable};
/// use pact_runtime::model::{Category, Combine, DocPath, MatchingRule, MatchingRules};
///
/// let nickname = nullable(like("Ali"));
/// let mut rules = MatchingRules::new();
/// nickname.rules_at(&DocPath::root(), Category::Body, &mut rules);
/// let list = &rules.category(Category::Body).unwrap()[&DocPath::root()];
/// assert_eq!(list.combine, Combine::Or);
/// assert_eq!(list.rules, [MatchingRule::Null, MatchingRule::Type]);
/// assert_eq!(nickname.to_example(), serde_json::json!("Ali"));
/// ```
pub fn nullable(pattern: impl Into<Pattern>) -> Pattern {
    Pattern {
        node: Node::Nullable(Box::new(pattern.into())),
    }
}
