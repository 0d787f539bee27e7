//! Generators as data (V3 spec "generators", V4 additions): values the mock server or the
//! verifier generates in place of the example. This module only holds them.

use std::collections::BTreeMap;

use super::{Category, DocPath};

/// The shape of a generated UUID (V4 `Uuid` generator `format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UuidFormat {
    /// `936da01f9abd4d9d80c702af85c822a8`.
    Simple,
    /// `936da01f-9abd-4d9d-80c7-02af85c822a8` (the default).
    #[default]
    LowerCaseHyphenated,
    /// `936DA01F-9ABD-4D9D-80C7-02AF85C822A8`.
    UpperCaseHyphenated,
    /// `urn:uuid:936da01f-9abd-4d9d-80c7-02af85c822a8`.
    Urn,
}

/// The type a provider-state value is converted to (the generator's `dataType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DataType {
    /// Converted to a string.
    String,
    /// Converted to an integer.
    Integer,
    /// Converted to a decimal number.
    Decimal,
    /// Converted to a floating point number.
    Float,
    /// Converted to a boolean.
    Boolean,
    /// Kept as it comes from the provider state (the default, and what a generator
    /// without `dataType` means): an expression that is one `${name}` gives the value
    /// itself, a number, object or boolean included; text around a placeholder gives a
    /// string.
    #[default]
    Raw,
}

/// One generator (V3/V4 specification).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Generator {
    /// A random integer between `min` and `max` (inclusive).
    RandomInt {
        /// Lower bound.
        min: i64,
        /// Upper bound.
        max: i64,
    },
    /// A random decimal with this many digits.
    RandomDecimal {
        /// Number of digits.
        digits: usize,
    },
    /// A random hexadecimal string with this many digits.
    RandomHexadecimal {
        /// Number of digits.
        digits: usize,
    },
    /// A random alphanumeric string of this size.
    RandomString {
        /// Number of characters.
        size: usize,
    },
    /// A random string that matches this regular expression.
    Regex {
        /// The regular expression.
        regex: String,
    },
    /// A random UUID.
    Uuid {
        /// The textual form.
        format: UuidFormat,
    },
    /// The current date (optionally shifted by `expression`) in `format`.
    Date {
        /// Java `DateTimeFormatter` pattern; ISO 8601 when absent.
        format: Option<String>,
        /// A date expression such as `+ 1 day`.
        expression: Option<String>,
    },
    /// The current time, likewise.
    Time {
        /// Java `DateTimeFormatter` pattern; ISO 8601 when absent.
        format: Option<String>,
        /// A time expression such as `+ 1 hour`.
        expression: Option<String>,
    },
    /// The current date and time, likewise.
    DateTime {
        /// Java `DateTimeFormatter` pattern; ISO 8601 when absent.
        format: Option<String>,
        /// A date-time expression.
        expression: Option<String>,
    },
    /// A random boolean.
    RandomBoolean,
    /// A value from the provider state, injected into `expression` (`/users/${id}`).
    ProviderState {
        /// The template, with `${name}` placeholders.
        expression: String,
        /// The type of the result.
        data_type: DataType,
    },
    /// The mock server's base URL, replacing the part of `example` matched by `regex`.
    MockServerUrl {
        /// The example URL.
        example: String,
        /// The regex whose first group is kept after the mock server URL.
        regex: String,
    },
}

/// Every generator of a request, response or message, by category and path (same keys as
/// [`super::MatchingRules`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Generators {
    categories: BTreeMap<Category, BTreeMap<DocPath, Generator>>,
}

impl Generators {
    /// No generators.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when there is no generator.
    pub fn is_empty(&self) -> bool {
        self.categories.values().all(BTreeMap::is_empty)
    }

    /// Sets the generator at `path` in `category`.
    pub fn add(&mut self, category: Category, path: DocPath, generator: Generator) {
        self.categories
            .entry(category)
            .or_default()
            .insert(path, generator);
    }

    /// The generators of one category.
    pub fn category(&self, category: Category) -> Option<&BTreeMap<DocPath, Generator>> {
        self.categories.get(&category).filter(|c| !c.is_empty())
    }

    /// Every non-empty category.
    pub fn categories(&self) -> impl Iterator<Item = (Category, &BTreeMap<DocPath, Generator>)> {
        self.categories
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(k, v)| (*k, v))
    }
}
