//! What can go wrong when generating, and the warnings generators give.

use crate::java_dates::DateFormatError;

/// A generator that could not produce a value: where it sits, which generator it is, and
/// why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot generate {location} with the {generator} generator: {failure}")]
#[non_exhaustive]
pub struct GeneratorError {
    /// Where the generator applies (`body $.id`, `header 'Location'`, `the path`, …).
    pub location: String,
    /// The generator's type as pact files name it (`ProviderState`, `RandomInt`, …).
    pub generator: &'static str,
    /// Why it failed.
    #[source]
    pub failure: GenerateFailure,
}

/// Why a generator could not produce a value.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateFailure {
    /// The expression names a value the provider state did not give.
    #[error("the provider state has no value `{name}` (expression \"{expression}\")")]
    MissingProviderStateValue {
        /// The name inside `${…}`.
        name: String,
        /// The whole expression.
        expression: String,
    },
    /// The value does not convert to the generator's data type.
    #[error("\"{value}\" from expression \"{expression}\" is not {data_type}")]
    ProviderStateConversion {
        /// The expression.
        expression: String,
        /// The value it produced.
        value: String,
        /// The data type asked for (`an integer`, `a boolean`, …).
        data_type: &'static str,
    },
    /// A `MockServerURL` generator ran without a mock server URL in the context.
    #[error("no mock server URL is known (GeneratorContext::mock_server_url)")]
    MissingMockServerUrl,
    /// The `MockServerURL` regex does not match the value.
    #[error("the regular expression /{regex}/ does not match \"{value}\"")]
    MockServerUrlNoMatch {
        /// The regex.
        regex: String,
        /// The value it was applied to.
        value: String,
    },
    /// A regex that cannot generate strings.
    #[error("the regular expression /{regex}/ cannot generate values: {reason}")]
    InvalidRegex {
        /// The regex.
        regex: String,
        /// Why.
        reason: String,
    },
    /// `min` is greater than `max`.
    #[error("the range {min}..={max} is empty")]
    EmptyRange {
        /// Lower bound.
        min: i64,
        /// Upper bound.
        max: i64,
    },
    /// An invalid Java date format.
    #[error("invalid date format \"{format}\": {source}")]
    InvalidDateFormat {
        /// The format.
        format: String,
        /// What is wrong with it.
        #[source]
        source: DateFormatError,
    },
    /// A date/time expression that cannot be read or evaluated.
    #[error("invalid date expression \"{expression}\": {reason}")]
    InvalidDateExpression {
        /// The expression.
        expression: String,
        /// Why.
        reason: String,
    },
    /// A generated status that is not an HTTP status code (100–599).
    #[error("{value} is not an HTTP status code")]
    InvalidStatus {
        /// The generated value.
        value: String,
    },
}

/// A generator that works but is probably not what its author meant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "interaction \"{interaction}\": the provider-state expression \"{expression}\" at {location} has no ${{…}} placeholder, so it always gives the same value"
)]
#[non_exhaustive]
pub struct GeneratorWarning {
    /// The interaction's description.
    pub interaction: String,
    /// Where the generator applies.
    pub location: String,
    /// The expression.
    pub expression: String,
}

/// A `ProviderState` generator whose `${name}` neither the state handler nor the state's
/// parameters supplied, in a run that keeps the example instead of failing (the
/// verifier's, as the official verifier does): the interaction is judged with the
/// example, so its report says so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "provider state value `{name}` not supplied by the state handler or params; the example was used ({location}, expression \"{expression}\")"
)]
#[non_exhaustive]
pub struct ExampleKept {
    /// Where the generator applies (`body $.id`, `the path`, …).
    pub location: String,
    /// The name inside `${…}` that has no value.
    pub name: String,
    /// The whole expression.
    pub expression: String,
}
