//! Matching rules as data: which rule applies where, combined how.
//!
//! The model follows the V3/V4 category form (`body`, `header`, `query`, `path`, `status`,
//! `metadata`, `content`); V2's `$.body.a` keys are translated into it when a pact is read
//! (see `json`). The engine in `crate::matching` interprets these rules; this module only
//! holds them.

use std::collections::BTreeMap;

use super::DocPath;

/// Where in an interaction a group of rules applies (V3 spec, "matchingRules" categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// The request path.
    Path,
    /// Query parameters, keyed by parameter name.
    Query,
    /// Headers, keyed by (case-insensitive) header name.
    Header,
    /// The body, keyed by document path.
    Body,
    /// The response status (V4).
    Status,
    /// Message metadata, keyed by metadata key.
    Metadata,
    /// Message contents (V3 message pacts call the body `content`).
    Content,
}

impl Category {
    /// The category's name in a pact file.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Path => "path",
            Category::Query => "query",
            Category::Header => "header",
            Category::Body => "body",
            Category::Status => "status",
            Category::Metadata => "metadata",
            Category::Content => "content",
        }
    }

    /// The category named `name` in a pact file (`headers` is accepted for `header`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "path" => Category::Path,
            "query" => Category::Query,
            "header" | "headers" => Category::Header,
            "body" => Category::Body,
            "status" => Category::Status,
            "metadata" => Category::Metadata,
            "content" => Category::Content,
            _ => return None,
        })
    }
}

/// How the rules of one [`RuleList`] combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Combine {
    /// Every rule must match (the default).
    #[default]
    And,
    /// At least one rule must match.
    Or,
}

/// Which status codes a `statusCode` matcher accepts (V4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StatusClass {
    /// 100–199.
    Information,
    /// 200–299.
    Success,
    /// 300–399.
    Redirect,
    /// 400–499.
    ClientError,
    /// 500–599.
    ServerError,
    /// 100–399: anything but an error.
    NonError,
    /// 400–599.
    Error,
    /// One of these codes.
    Codes(Vec<u16>),
}

/// One matching rule (V2–V4 specification matchers).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MatchingRule {
    /// Values must be equal (resets any cascading type rule).
    Equality,
    /// A string (or the string form of a value) must match this regular expression.
    Regex(String),
    /// Same JSON type as the example.
    Type,
    /// Same type, arrays with at least this many elements.
    MinType(usize),
    /// Same type, arrays with at most this many elements.
    MaxType(usize),
    /// Same type, arrays with between `min` and `max` elements.
    MinMaxType {
        /// At least this many elements.
        min: usize,
        /// At most this many elements.
        max: usize,
    },
    /// An integer number.
    Integer,
    /// A number with a fractional part.
    Decimal,
    /// Any number.
    Number,
    /// A boolean.
    Boolean,
    /// A date in this format (Java `DateTimeFormatter` pattern); `None` means ISO 8601.
    Date(Option<String>),
    /// A time in this format; `None` means ISO 8601.
    Time(Option<String>),
    /// A timestamp in this format; `None` means ISO 8601.
    Timestamp(Option<String>),
    /// A string that contains this text.
    Include(String),
    /// JSON null.
    Null,
    /// Map values are matched, keys ignored.
    Values,
    /// The content has this content type (detected from its bytes).
    ContentType(String),
    /// An array that contains elements matching each variant, in any order (V4).
    ArrayContains(Vec<ArrayContainsVariant>),
    /// Each key of a map matches these rules (V4).
    EachKey(Vec<MatchingRule>),
    /// Each value of a map matches these rules (V4).
    EachValue(Vec<MatchingRule>),
    /// Non-empty value of the example's type (V4).
    NotEmpty,
    /// A semantic version string (V4).
    Semver,
    /// A status code of this class (V4).
    StatusCode(StatusClass),
}

/// One expected element of an `arrayContains` matcher: the example's index in the
/// expected array, and the rules that apply inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrayContainsVariant {
    /// Index of the example element in the expected array.
    pub index: usize,
    /// Rules relative to that element (paths start at `$`).
    pub rules: BTreeMap<DocPath, RuleList>,
}

/// The rules at one location, with how they combine.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleList {
    /// The rules, in file order.
    pub rules: Vec<MatchingRule>,
    /// AND or OR.
    pub combine: Combine,
}

impl RuleList {
    /// A list holding one rule, combined with AND.
    pub fn one(rule: MatchingRule) -> Self {
        RuleList {
            rules: vec![rule],
            combine: Combine::And,
        }
    }

    /// True when the list holds no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// Every matching rule of a request, response or message, by category.
///
/// Body-like categories key rules by [`DocPath`]; header, query and metadata rules are keyed
/// by name (stored as the path `$.name`); path and status rules live at the root path `$`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchingRules {
    categories: BTreeMap<Category, BTreeMap<DocPath, RuleList>>,
}

impl MatchingRules {
    /// No rules.
    pub fn new() -> Self {
        Self::default()
    }

    /// True when no category holds a rule.
    pub fn is_empty(&self) -> bool {
        self.categories
            .values()
            .all(|c| c.values().all(RuleList::is_empty))
    }

    /// Adds `rule` at `path` in `category` (combined with AND with what is there).
    pub fn add(&mut self, category: Category, path: DocPath, rule: MatchingRule) {
        self.categories
            .entry(category)
            .or_default()
            .entry(path)
            .or_default()
            .rules
            .push(rule);
    }

    /// Sets the whole rule list at `path` in `category`, replacing what was there.
    pub fn set(&mut self, category: Category, path: DocPath, rules: RuleList) {
        self.categories
            .entry(category)
            .or_default()
            .insert(path, rules);
    }

    /// The rules of one category, keyed by path (empty when it has none).
    pub fn category(&self, category: Category) -> Option<&BTreeMap<DocPath, RuleList>> {
        self.categories.get(&category).filter(|c| !c.is_empty())
    }

    /// Every non-empty category.
    pub fn categories(&self) -> impl Iterator<Item = (Category, &BTreeMap<DocPath, RuleList>)> {
        self.categories
            .iter()
            .filter(|(_, c)| !c.is_empty())
            .map(|(k, v)| (*k, v))
    }

    /// Rules for the named header, query parameter or metadata key (`$.name` in that
    /// category). Header names compare case-insensitively.
    pub fn for_name(&self, category: Category, name: &str) -> Option<&RuleList> {
        let rules = self.category(category)?;
        rules.iter().find_map(|(path, list)| match path.tokens() {
            [_, super::PathToken::Field(key)] => {
                let same = if category == Category::Header {
                    key.eq_ignore_ascii_case(name)
                } else {
                    key == name
                };
                same.then_some(list)
            }
            _ => None,
        })
    }
}
