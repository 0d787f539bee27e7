//! The pattern tree: examples with matching rules and generators attached.

use serde_json::Value;

use crate::model::{
    ArrayContainsVariant, Category, DocPath, Generator, Generators, MatchingRule, MatchingRules,
    PathToken,
};

/// A value with matching rules (and possibly generators) attached: what a consumer
/// expects, rather than one exact value.
///
/// Build patterns with the constructors of [`crate::matchers`] ([`like`](super::like),
/// [`each_like`](super::each_like), [`term`](super::term), [`integer`](super::integer),
/// [`date`](super::date), …) and the [`json_pattern!`](crate::json_pattern) macro; plain
/// JSON values, strings, numbers and booleans convert into patterns that match by
/// equality.
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
    pub(super) node: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
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
    /// An array of `min..=max` elements, each like `element`.
    EachLike {
        element: Box<Pattern>,
        min: Option<usize>,
        max: Option<usize>,
    },
    /// An array containing an element like each variant, in any order (V4).
    ArrayContains(Vec<Pattern>),
    /// `null`, or a value like the inner pattern (its root rules OR-combined with `null`).
    Nullable(Box<Pattern>),
    /// A generator at this node, with the example it replaces.
    Generated {
        generator: Generator,
        example: Box<Pattern>,
    },
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

    pub(super) fn rule(rule: MatchingRule, example: impl Into<Pattern>) -> Self {
        Pattern {
            node: Node::Rule {
                rule,
                example: Box::new(example.into()),
            },
        }
    }

    /// This pattern with `generator` attached at its root: the mock server (or the
    /// verifier, for provider-state generators) sends a generated value instead of the
    /// example. The rules stay.
    ///
    /// ```
    /// use pact_runtime::matchers::integer;
    /// use pact_runtime::model::Generator;
    ///
    /// let id = integer(42).with_generator(Generator::RandomInt { min: 1, max: 1000 });
    /// assert_eq!(id.to_example(), serde_json::json!(42));
    /// ```
    ///
    /// # Panics
    /// When the mock server could not generate a value with `generator` (a `RandomInt`
    /// range with `min > max`, a regex that cannot generate such as one with look-around
    /// or back-references, an invalid date format or expression, a mock-server-URL regex
    /// that does not match the example): it would otherwise answer `500` when the
    /// interaction is played.
    #[track_caller]
    pub fn with_generator(self, generator: Generator) -> Pattern {
        self.generated_by("with_generator", generator)
    }

    /// [`with_generator`](Pattern::with_generator), with `constructor` named in its panic.
    #[track_caller]
    pub(super) fn generated_by(self, constructor: &str, generator: Generator) -> Pattern {
        super::generator_check::check_generator(constructor, &self, &generator);
        Pattern {
            node: Node::Generated {
                generator,
                example: Box::new(self),
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
            Node::Array(elements) | Node::ArrayContains(elements) => {
                Value::Array(elements.iter().map(Pattern::to_example).collect())
            }
            Node::Rule { example, .. } | Node::Generated { example, .. } => example.to_example(),
            Node::Nullable(inner) => inner.to_example(),
            Node::EachLike { element, min, .. } => {
                let example = element.to_example();
                // A zero minimum still shows the provider one element, so the element's
                // shape reaches the pact (`max` is at least 1, checked when built).
                Value::Array(vec![example; min.unwrap_or(1).max(1)])
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
                if *rule == MatchingRule::Values {
                    example.values_rules_at(base, category, rules);
                } else {
                    example.rules_at(base, category, rules);
                }
            }
            Node::EachLike { element, min, max } => {
                let rule = match (*min, *max) {
                    (Some(min), Some(max)) => MatchingRule::MinMaxType { min, max },
                    (None, Some(max)) => MatchingRule::MaxType(max),
                    (Some(min), None) => MatchingRule::MinType(min),
                    (None, None) => MatchingRule::Type,
                };
                rules.add(category, base.clone(), rule);
                element.rules_at(&base.join(PathToken::StarIndex), category, rules);
            }
            Node::ArrayContains(variants) => {
                let variants = variants
                    .iter()
                    .enumerate()
                    .map(|(index, variant)| {
                        let mut inner = MatchingRules::new();
                        variant.rules_at(&DocPath::root(), category, &mut inner);
                        ArrayContainsVariant {
                            index,
                            rules: inner.category(category).cloned().unwrap_or_default(),
                        }
                    })
                    .collect();
                rules.add(
                    category,
                    base.clone(),
                    MatchingRule::ArrayContains(variants),
                );
            }
            Node::Generated { example, .. } => example.rules_at(base, category, rules),
            Node::Nullable(inner) => inner.nullable_rules_at(base, category, rules),
        }
    }

    /// Adds this pattern's generators to `generators`, in `category`, with paths under
    /// `base` (elements of `each_like` arrays under `[*]`).
    pub fn generators_at(&self, base: &DocPath, category: Category, generators: &mut Generators) {
        match &self.node {
            Node::Literal(_) => {}
            Node::Object(fields) => {
                for (key, pattern) in fields {
                    pattern.generators_at(&base.join_field(key.clone()), category, generators);
                }
            }
            Node::Array(elements) | Node::ArrayContains(elements) => {
                for (index, pattern) in elements.iter().enumerate() {
                    pattern.generators_at(&base.join_index(index), category, generators);
                }
            }
            Node::Rule { example, .. } => example.generators_at(base, category, generators),
            Node::Nullable(inner) => inner.generators_at(base, category, generators),
            Node::EachLike { element, .. } => {
                element.generators_at(&base.join(PathToken::StarIndex), category, generators);
            }
            Node::Generated { generator, example } => {
                generators.add(category, base.clone(), generator.clone());
                example.generators_at(base, category, generators);
            }
        }
    }

    /// The rules of the example of a `values` matcher at `base`: the first example
    /// value's rules hold for every value (`$.path.*`), as pact-jvm's `eachKeyLike` writes
    /// them, since the keys are not part of the contract. Where that gives no rule for a
    /// value itself, it gets `type`: a bare `values` compares each value with the
    /// example's by equality in the official verifier. (`values()` checks that every
    /// example value has the same rules, so the first speaks for all.)
    fn values_rules_at(&self, base: &DocPath, category: Category, rules: &mut MatchingRules) {
        let every_value = base.join(PathToken::StarField);
        match &self.node {
            Node::Object(fields) => {
                if let Some((_, first)) = fields.first() {
                    first.rules_at(&every_value, category, rules);
                }
            }
            _ => self.rules_at(base, category, rules),
        }
        let has_own = rules
            .category(category)
            .and_then(|by_path| by_path.get(&every_value))
            .is_some_and(|list| !list.is_empty());
        if !has_own {
            rules.add(category, every_value, MatchingRule::Type);
        }
    }

    /// The rules of each value of an object pattern, relative to the value (`None` when
    /// the pattern is not an object).
    pub(super) fn field_value_rules(&self) -> Option<Vec<(&str, MatchingRules)>> {
        let Node::Object(fields) = &self.node else {
            return None;
        };
        Some(
            fields
                .iter()
                .map(|(key, pattern)| {
                    let mut rules = MatchingRules::new();
                    pattern.rules_at(&DocPath::root(), Category::Body, &mut rules);
                    (key.as_str(), rules)
                })
                .collect(),
        )
    }

    /// The rules of a nullable pattern: this (inner) pattern's rules below `base` as they
    /// are, and at `base` its own root rules OR-combined with `null`. A root without rules
    /// of its own gets `type` for a container (its children keep their rules) and
    /// `equality` for a literal, so only `null` is added to what it accepted.
    fn nullable_rules_at(&self, base: &DocPath, category: Category, rules: &mut MatchingRules) {
        let mut own = MatchingRules::new();
        self.rules_at(base, category, &mut own);
        let mut at_root = Vec::new();
        if let Some(by_path) = own.category(category) {
            for (path, list) in by_path {
                if path == base {
                    at_root.extend(list.rules.iter().cloned());
                } else {
                    rules.set(category, path.clone(), list.clone());
                }
            }
        }
        if at_root.is_empty() {
            at_root.push(match self.node {
                Node::Object(_) | Node::Array(_) => MatchingRule::Type,
                _ => MatchingRule::Equality,
            });
        }
        let mut alternatives = vec![MatchingRule::Null];
        alternatives.extend(at_root);
        rules.set(
            category,
            base.clone(),
            crate::model::RuleList {
                rules: alternatives,
                combine: crate::model::Combine::Or,
            },
        );
    }

    /// The rules this pattern puts at its own root (not below it), in order.
    pub(super) fn root_rules(&self) -> Vec<MatchingRule> {
        let mut rules = MatchingRules::new();
        self.rules_at(&DocPath::root(), Category::Body, &mut rules);
        rules
            .category(Category::Body)
            .and_then(|by_path| by_path.get(&DocPath::root()))
            .map(|list| list.rules.clone())
            .unwrap_or_default()
    }

    /// True when the pattern carries no rule and no generator anywhere (it matches by
    /// equality only).
    pub fn is_literal(&self) -> bool {
        match &self.node {
            Node::Literal(_) => true,
            Node::Object(fields) => fields.iter().all(|(_, p)| p.is_literal()),
            Node::Array(elements) => elements.iter().all(Pattern::is_literal),
            Node::Rule { .. }
            | Node::EachLike { .. }
            | Node::ArrayContains(_)
            | Node::Nullable(_)
            | Node::Generated { .. } => false,
        }
    }
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
