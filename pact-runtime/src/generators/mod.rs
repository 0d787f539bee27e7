//! Generators at work: turning an expected request, response or message into a copy whose
//! generated parts (random values, dates, provider-state values, the mock server's URL)
//! are filled in.
//!
//! The model ([`crate::model::Generator`]) only holds generators; this module evaluates
//! them. It is pure apart from randomness and the clock: the mock server calls
//! [`generate_response`] in [`GeneratorMode::Consumer`] before it answers, and the verifier
//! calls [`generate_request`] in [`GeneratorMode::Provider`] before it replays a request,
//! with the provider state's values in the [`GeneratorContext`]; the response it expects
//! back is made by [`generate_expected_response`], which fills in provider-state values
//! only.
//!
//! ```
//! use pact_runtime::generators::{GeneratorContext, GeneratorMode, generate_request};
//! use pact_runtime::model::{Category, DataType, DocPath, Generator, HttpRequest};
//!
//! let mut expected = HttpRequest { path: "/users/1".into(), ..HttpRequest::default() };
//! expected.generators.add(
//!     Category::Path,
//!     DocPath::root(),
//!     Generator::ProviderState { expression: "/users/${id}".into(), data_type: DataType::String },
//! );
//! let context = GeneratorContext::new().provider_state_value("id", 6000);
//! let request = generate_request(&expected, GeneratorMode::Provider, &context)?;
//! assert_eq!(request.path, "/users/6000");
//! # Ok::<(), pact_runtime::generators::GeneratorError>(())
//! ```
//!
//! Decisions:
//! - A `ProviderState` generator applies only in provider mode and a `MockServerURL`
//!   generator only in consumer mode; in the other mode the example stays.
//! - A provider-state expression that is exactly one `${name}` gives the value with its
//!   own JSON type (a number stays a number) unless the generator's `dataType` converts
//!   it; a generator without `dataType` is `RAW`, as the official implementations read
//!   it. Text around a placeholder gives a string. Headers, query parameters and the path
//!   are text on the wire, so a value placed there is written as its JSON text.
//! - A provider-state expression without any `${…}` placeholder (field case FC-15) is
//!   accepted: the expression itself is the value, and a `tracing` warning names the
//!   interaction (when the context has one) and the location. [`warnings`] lists the same
//!   warnings for a whole interaction, so a verifier can report them before it runs.
//! - The verifier's functions ([`generate_provider_request`], [`generate_expected_response`],
//!   [`generate_expected_message`]) keep the example where a provider-state expression
//!   names a value that neither the state handler nor the state's parameters supplied, as
//!   the official verifier does, and return an [`ExampleKept`] note for each such place,
//!   so that the interaction's report says the example was used. The other functions fail
//!   with [`GenerateFailure::MissingProviderStateValue`].
//! - Dates and times are generated in UTC (the clock can be fixed with
//!   [`GeneratorContext::now`]); without a format, a date is `yyyy-MM-dd`, a time
//!   `HH:mm:ss` and a date-time `yyyy-MM-dd'T'HH:mm:ssXXX`, which the matchers' ISO 8601
//!   defaults read.
//! - A generator whose location does not exist in the example (a body path that is not
//!   there) generates nothing; a header or query parameter that is missing is added.
//!   Generators inside bodies that are neither JSON nor form-urlencoded text apply only at
//!   the root `$` of a text body; others are skipped with a warning.

mod apply;
mod error;
mod expression;
mod provider_state;
mod value;

use std::time::SystemTime;

use serde_json::{Map, Value};

use crate::model::{Generator, HttpRequest, HttpResponse, Interaction, MessageContents};

pub use error::{ExampleKept, GenerateFailure, GeneratorError, GeneratorWarning};
#[cfg(test)]
pub(crate) use value::type_name;

/// Who is generating: the mock server on the consumer side, or the verifier on the
/// provider side. Some generators apply on one side only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GeneratorMode {
    /// The mock server, answering the consumer: `MockServerURL` applies, `ProviderState`
    /// does not.
    Consumer,
    /// The verifier, sending requests to the provider: `ProviderState` applies,
    /// `MockServerURL` does not.
    Provider,
}

/// What generators may need from outside: the mock server's base URL, the provider
/// state's values, a fixed clock, and the interaction (for warnings).
///
/// ```
/// use pact_runtime::generators::GeneratorContext;
///
/// let context = GeneratorContext::new()
///     .mock_server_url("http://127.0.0.1:5000")
///     .provider_state_value("id", 42)
///     .interaction("a request for user 42");
/// # let _ = context;
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
#[must_use = "a context is only used when it is passed to a generate function"]
pub struct GeneratorContext {
    mock_server_url: Option<String>,
    provider_state: Map<String, Value>,
    now: Option<SystemTime>,
    interaction: Option<String>,
}

impl GeneratorContext {
    /// An empty context: no mock server URL, no provider-state values, the system clock.
    pub fn new() -> Self {
        Self::default()
    }

    /// The mock server's base URL (`http://127.0.0.1:5000`), for `MockServerURL`
    /// generators.
    pub fn mock_server_url(mut self, url: impl Into<String>) -> Self {
        self.mock_server_url = Some(url.into());
        self
    }

    /// Adds the values a provider state set up (or its parameters), for `ProviderState`
    /// generators; later values replace earlier ones with the same name.
    pub fn provider_state_values(mut self, values: Map<String, Value>) -> Self {
        self.provider_state.extend(values);
        self
    }

    /// Adds one provider-state value.
    pub fn provider_state_value(
        mut self,
        name: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        self.provider_state.insert(name.into(), value.into());
        self
    }

    /// Fixes "now" for date and time generators (tests that need stable values).
    pub fn now(mut self, now: SystemTime) -> Self {
        self.now = Some(now);
        self
    }

    /// The interaction being generated for, named in warnings.
    pub fn interaction(mut self, description: impl Into<String>) -> Self {
        self.interaction = Some(description.into());
        self
    }
}

/// A copy of `expected` with its generators applied: status, headers and body.
///
/// # Errors
/// [`GeneratorError`] naming the location and the generator when a generator cannot
/// produce a value (a provider-state value is missing, a regex cannot generate, a date
/// format is invalid, the status is not a status code, …).
pub fn generate_response(
    expected: &HttpResponse,
    mode: GeneratorMode,
    context: &GeneratorContext,
) -> Result<HttpResponse, GeneratorError> {
    let mut response = expected.clone();
    let run = apply::Run::new(mode, context);
    run.status(&expected.generators, &mut response.status)?;
    run.named(
        &expected.generators,
        apply::Named::Header,
        &mut response.headers,
    )?;
    run.body(&expected.generators, &mut response.body)?;
    Ok(response)
}

/// What a verifier's generate function made, and the places where it kept the example
/// because a provider-state value was not supplied.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Generated<T> {
    /// The request, response or message with its generated values.
    pub value: T,
    /// Where the example stayed for want of a provider-state value (empty when none).
    pub examples_kept: Vec<ExampleKept>,
}

/// The response the verifier expects back: a copy of `expected` with only its
/// `ProviderState` generators applied (status, headers and body).
///
/// A value injected from the provider state (the id a state handler created) is what the
/// provider must send back. Every other generator makes up a value (a random number, the
/// date of the run) that the provider cannot know: the example stays, and the rules at
/// that place judge the provider's value, as the official verifier does. A provider-state
/// value that nobody supplied keeps the example too, noted in
/// [`Generated::examples_kept`].
///
/// # Errors
/// As [`generate_response`], apart from a missing provider-state value.
pub fn generate_expected_response(
    expected: &HttpResponse,
    context: &GeneratorContext,
) -> Result<Generated<HttpResponse>, GeneratorError> {
    let from_state = provider_state_only(&expected.generators);
    let mut response = expected.clone();
    if from_state.is_empty() {
        return Ok(Generated {
            value: response,
            examples_kept: Vec::new(),
        });
    }
    let run = apply::Run::new(GeneratorMode::Provider, context).keeping_examples();
    run.status(&from_state, &mut response.status)?;
    run.named(&from_state, apply::Named::Header, &mut response.headers)?;
    run.body(&from_state, &mut response.body)?;
    Ok(Generated {
        value: response,
        examples_kept: run.kept(),
    })
}

/// The request the verifier sends: [`generate_request`] in [`GeneratorMode::Provider`],
/// except that a provider-state value that nobody supplied keeps the example (the
/// official verifier sends the example too), noted in [`Generated::examples_kept`].
///
/// # Errors
/// As [`generate_response`], apart from a missing provider-state value.
pub fn generate_provider_request(
    expected: &HttpRequest,
    context: &GeneratorContext,
) -> Result<Generated<HttpRequest>, GeneratorError> {
    let run = apply::Run::new(GeneratorMode::Provider, context).keeping_examples();
    let value = request_with(&run, expected)?;
    Ok(Generated {
        value,
        examples_kept: run.kept(),
    })
}

/// A copy of `expected` with its generators applied: path, query, headers and body.
///
/// # Errors
/// As [`generate_response`].
pub fn generate_request(
    expected: &HttpRequest,
    mode: GeneratorMode,
    context: &GeneratorContext,
) -> Result<HttpRequest, GeneratorError> {
    request_with(&apply::Run::new(mode, context), expected)
}

fn request_with(
    run: &apply::Run<'_>,
    expected: &HttpRequest,
) -> Result<HttpRequest, GeneratorError> {
    let mut request = expected.clone();
    run.path(&expected.generators, &mut request.path)?;
    if let Some(query) = request.query.as_mut() {
        run.named(&expected.generators, apply::Named::Query, query)?;
    } else {
        let mut query = crate::model::Query::new();
        run.named(&expected.generators, apply::Named::Query, &mut query)?;
        if !query.is_empty() {
            request.query = Some(query);
        }
    }
    run.named(
        &expected.generators,
        apply::Named::Header,
        &mut request.headers,
    )?;
    run.body(&expected.generators, &mut request.body)?;
    Ok(request)
}

/// A copy of `expected` with its generators applied: contents (the `body` and `content`
/// categories) and metadata.
///
/// # Errors
/// As [`generate_response`].
pub fn generate_message(
    expected: &MessageContents,
    mode: GeneratorMode,
    context: &GeneratorContext,
) -> Result<MessageContents, GeneratorError> {
    let mut message = expected.clone();
    let run = apply::Run::new(mode, context);
    run.body(&expected.generators, &mut message.contents)?;
    run.metadata(&expected.generators, &mut message.metadata)?;
    Ok(message)
}

/// The message the verifier expects from the provider: a copy of `expected` with only its
/// `ProviderState` generators applied (contents and metadata), for the reasons given at
/// [`generate_expected_response`] (a provider-state value nobody supplied keeps the
/// example, noted in [`Generated::examples_kept`]).
///
/// # Errors
/// As [`generate_response`], apart from a missing provider-state value.
pub fn generate_expected_message(
    expected: &MessageContents,
    context: &GeneratorContext,
) -> Result<Generated<MessageContents>, GeneratorError> {
    let from_state = provider_state_only(&expected.generators);
    let mut message = expected.clone();
    if from_state.is_empty() {
        return Ok(Generated {
            value: message,
            examples_kept: Vec::new(),
        });
    }
    let run = apply::Run::new(GeneratorMode::Provider, context).keeping_examples();
    run.body(&from_state, &mut message.contents)?;
    run.metadata(&from_state, &mut message.metadata)?;
    Ok(Generated {
        value: message,
        examples_kept: run.kept(),
    })
}

/// The `ProviderState` generators of `generators`: the only ones whose values a provider
/// can be expected to send back.
fn provider_state_only(generators: &crate::model::Generators) -> crate::model::Generators {
    let mut from_state = crate::model::Generators::new();
    for (category, entries) in generators.categories() {
        for (path, generator) in entries {
            if matches!(generator, Generator::ProviderState { .. }) {
                from_state.add(category, path.clone(), generator.clone());
            }
        }
    }
    from_state
}

/// The generator warnings of one interaction: provider-state expressions without any
/// `${…}` placeholder (field case FC-15), which always produce the same value.
pub fn warnings(interaction: &Interaction) -> Vec<GeneratorWarning> {
    let generators: Vec<&crate::model::Generators> = match interaction {
        Interaction::Http(http) => vec![&http.request.generators, &http.response.generators],
        Interaction::AsyncMessage(message) => vec![&message.message.generators],
        Interaction::SyncMessage(sync) => std::iter::once(&sync.request.generators)
            .chain(sync.response.iter().map(|r| &r.generators))
            .collect(),
    };
    let mut out = Vec::new();
    for set in generators {
        for (category, entries) in set.categories() {
            for (path, generator) in entries {
                if let Generator::ProviderState { expression, .. } = generator
                    && !provider_state::has_placeholder(expression)
                {
                    out.push(GeneratorWarning {
                        interaction: interaction.description().to_owned(),
                        location: apply::location(category, path),
                        expression: expression.clone(),
                    });
                }
            }
        }
    }
    out
}

/// The `ProviderState` generators of `generators`: where each applies (`body $.id`, `the
/// path`, …) and its expression.
pub(crate) fn provider_state_expressions(
    generators: &crate::model::Generators,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (category, entries) in generators.categories() {
        for (path, generator) in entries {
            if let Generator::ProviderState { expression, .. } = generator {
                out.push((apply::location(category, path), expression.clone()));
            }
        }
    }
    out
}

/// The value `generator` gives at `now`, for the consumer DSL's examples (which must not
/// change from run to run, or merging pact files would see a different interaction).
pub(crate) fn example_at(generator: &Generator, now: SystemTime) -> Result<Value, GenerateFailure> {
    let context = GeneratorContext::new().now(now);
    value::generate(generator, &Value::Null, GeneratorMode::Consumer, &context)
        .map(|value| value.unwrap_or(Value::Null))
}

#[cfg(test)]
mod kept_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod type_tests;
