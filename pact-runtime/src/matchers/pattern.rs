//! The pattern tree and its constructors.

use serde_json::Value;

use crate::model::{Category, DocPath, MatchingRule, MatchingRules, PathToken};

/// A value with matching rules attached: what a consumer expects, rather than one exact
/// value.
///
/// Build patterns with [`like`], [`each_like`], [`term`], [`integer`], [`decimal`],
/// [`boolean`] and the [`json_pattern!`](crate::json_pattern) macro; plain JSON values,
/// strings, numbers and booleans convert into patterns that match by equality.
///
/// ```
/// use pact_runtime::matchers::{Pattern, like};
/// use pact_runtime::model::{Category, DocPath, MatchingRule, MatchingRules};
///
/// let pattern = like(42);
/// assert_eq!(pattern.to_example(), serde_json::json!(42));
///
/// let mut rules = MatchingRules::new();
/// pattern.rules_at(&DocPath::root(), Category::Body, &mut rules);
/// let at_root = &rules.category(Category::Body).expect("body rules")[&DocPath::root()];
/// assert_eq!(at_root.rules, vec![MatchingRule::Type]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    node: Node,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A literal JSON value: matched by equality, unless a rule above it cascades.
    Literal(Value),
    /// An object whose fields are patterns (keys in the order written).
    Object(Vec<(String, Pattern)>),
    /// An array whose elements are patterns, matched position by position.
    Array(Vec<Pattern>),
    /// One rule at this node, with the example (which may carry rules of its own below).
    Rule {
        rule: MatchingRule,
        example: Box<Pattern>,
    },
    /// An array of at least `min` elements, each like `element`.
    EachLike { element: Box<Pattern>, min: usize },
}

impl Pattern {
    /// An object pattern from `(key, pattern)` pairs (what `json_pattern!({…})` builds).
    pub fn object(fields: impl IntoIterator<Item = (String, Pattern)>) -> Self {
        Pattern {
            node: Node::Object(fields.into_iter().collect()),
        }
    }

    /// An array pattern whose elements are matched position by position (what
    /// `json_pattern!([…])` builds).
    pub fn array(elements: impl IntoIterator<Item = Pattern>) -> Self {
        Pattern {
            node: Node::Array(elements.into_iter().collect()),
        }
    }

    /// JSON `null`, matched by equality.
    pub fn null() -> Self {
        Pattern::from(Value::Null)
    }

    fn rule(rule: MatchingRule, example: impl Into<Pattern>) -> Self {
        Pattern {
            node: Node::Rule {
                rule,
                example: Box::new(example.into()),
            },
        }
    }

    /// The example value: what the mock server sends and what the pact records.
    pub fn to_example(&self) -> Value {
        match &self.node {
            Node::Literal(value) => value.clone(),
            Node::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(key, pattern)| (key.clone(), pattern.to_example()))
                    .collect(),
            ),
            Node::Array(elements) => {
                Value::Array(elements.iter().map(Pattern::to_example).collect())
            }
            Node::Rule { example, .. } => example.to_example(),
            Node::EachLike { element, min } => {
                let example = element.to_example();
                // A zero minimum still shows the provider one element, so the element's
                // shape reaches the pact.
                Value::Array(vec![example; (*min).max(1)])
            }
        }
    }

    /// The example as text, for places that only hold strings (header values, query
    /// values, the path): a JSON string as is, anything else as its JSON text.
    pub fn to_example_string(&self) -> String {
        match self.to_example() {
            Value::String(text) => text,
            other => other.to_string(),
        }
    }

    /// Adds this pattern's matching rules to `rules`, in `category`, with paths under
    /// `base` (`$` for a body, `$.<name>` for a header or query parameter).
    pub fn rules_at(&self, base: &DocPath, category: Category, rules: &mut MatchingRules) {
        match &self.node {
            Node::Literal(_) => {}
            Node::Object(fields) => {
                for (key, pattern) in fields {
                    pattern.rules_at(&base.join_field(key.clone()), category, rules);
                }
            }
            Node::Array(elements) => {
                for (index, pattern) in elements.iter().enumerate() {
                    pattern.rules_at(&base.join_index(index), category, rules);
                }
            }
            Node::Rule { rule, example } => {
                rules.add(category, base.clone(), rule.clone());
                example.rules_at(base, category, rules);
            }
            Node::EachLike { element, min } => {
                rules.add(category, base.clone(), MatchingRule::MinType(*min));
                element.rules_at(&base.join(PathToken::StarIndex), category, rules);
            }
        }
    }

    /// True when the pattern carries no rule anywhere (it matches by equality only).
    pub fn is_literal(&self) -> bool {
        match &self.node {
            Node::Literal(_) => true,
            Node::Object(fields) => fields.iter().all(|(_, p)| p.is_literal()),
            Node::Array(elements) => elements.iter().all(Pattern::is_literal),
            Node::Rule { .. } | Node::EachLike { .. } => false,
        }
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
            min,
        },
    }
}

/// Matches a string against the regular expression `regex`; `example` is what the mock
/// server sends.
///
/// # Panics
/// When `regex` does not compile, or `example` does not match it: the pattern could never
/// be honoured, so the test stops here, naming the regex (like a failed `assert!`).
pub fn term(example: impl Into<String>, regex: impl Into<String>) -> Pattern {
    let example = example.into();
    let regex = regex.into();
    let compiled = match regex::Regex::new(&regex) {
        Ok(compiled) => compiled,
        Err(error) => panic!("term(): invalid regular expression /{regex}/: {error}"),
    };
    assert!(
        compiled.is_match(&example),
        "term(): the example {example:?} does not match the regular expression /{regex}/"
    );
    Pattern::rule(MatchingRule::Regex(regex), Value::String(example))
}

/// Matches any integer; `example` is what the mock server sends.
pub fn integer(example: i64) -> Pattern {
    Pattern::rule(MatchingRule::Integer, Value::from(example))
}

/// Matches any number with a fractional part; `example` is what the mock server sends.
///
/// # Panics
/// When `example` is NaN or infinite (JSON cannot carry it).
pub fn decimal(example: f64) -> Pattern {
    let Some(number) = serde_json::Number::from_f64(example) else {
        panic!("decimal(): {example} cannot be written as JSON; use a finite number");
    };
    Pattern::rule(MatchingRule::Decimal, Value::Number(number))
}

/// Matches any boolean; `example` is what the mock server sends.
pub fn boolean(example: bool) -> Pattern {
    Pattern::rule(MatchingRule::Boolean, Value::Bool(example))
}

impl From<Value> for Pattern {
    fn from(value: Value) -> Self {
        Pattern {
            node: Node::Literal(value),
        }
    }
}

impl From<&Value> for Pattern {
    fn from(value: &Value) -> Self {
        Pattern::from(value.clone())
    }
}

impl From<&Pattern> for Pattern {
    fn from(pattern: &Pattern) -> Self {
        pattern.clone()
    }
}

impl From<Vec<Pattern>> for Pattern {
    fn from(elements: Vec<Pattern>) -> Self {
        Pattern::array(elements)
    }
}

impl<T: Into<Pattern>> From<Option<T>> for Pattern {
    fn from(value: Option<T>) -> Self {
        value.map_or(Pattern::from(Value::Null), Into::into)
    }
}

macro_rules! literal_from {
    ($($ty:ty),*) => {
        $(impl From<$ty> for Pattern {
            fn from(value: $ty) -> Self {
                Pattern::from(Value::from(value))
            }
        })*
    };
}

literal_from!(
    &str, String, bool, i8, i16, i32, i64, u8, u16, u32, u64, usize, isize
);

impl From<&String> for Pattern {
    fn from(value: &String) -> Self {
        Pattern::from(value.as_str())
    }
}

impl From<f64> for Pattern {
    /// A non-finite number becomes JSON `null`, as `serde_json` does.
    fn from(value: f64) -> Self {
        Pattern::from(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }
}
