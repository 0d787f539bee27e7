//! The typed pact model: one in-memory shape, modelled on the V4 specification, that every
//! pact file version is read into and written from.
//!
//! V1–V3 exist only as adapters at the edge ([`json`]); the rest of the crate (matching,
//! mock server, verifier) sees this model alone. Data types here hold no behaviour beyond
//! small accessors: matching lives in `crate::matching`, files in [`file`](mod@file).

mod body;
mod doc_path;
pub mod file;
mod generators;
pub mod json;
mod json_text;
mod json_verbatim;
mod matching_rules;
mod unknown;
mod warning;

use std::collections::BTreeMap;

pub(crate) use body::media_type_essence;
pub use body::{Body, is_json_content_type};
pub use doc_path::{DocPath, DocPathError, PathToken};
pub use file::{LoadError, WriteError, WriteMode};
pub use generators::{DataType, Generator, Generators, UuidFormat};
pub(crate) use json_text::parse as parse_json_text;
pub use matching_rules::{
    ArrayContainsVariant, Category, Combine, MatchingRule, MatchingRules, RuleList, StatusClass,
};
pub use unknown::UnknownFields;
pub use warning::{LoadedPact, PactWarning};

/// Headers: name as written → values in order. Names compare case-insensitively when
/// matching; the model keeps them as the pact or the wire gave them.
pub type Headers = BTreeMap<String, Vec<String>>;

/// Query parameters: name → values in order (decoded).
pub type Query = BTreeMap<String, Vec<String>>;

/// A version of the Pact specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum SpecVersion {
    /// 1.0.0
    V1,
    /// 1.1.0
    V1_1,
    /// 2.0.0
    V2,
    /// 3.0.0
    V3,
    /// 4.0 (the default for writing)
    #[default]
    V4,
}

impl SpecVersion {
    /// The version string written to `metadata.pactSpecification.version`.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecVersion::V1 => "1.0.0",
            SpecVersion::V1_1 => "1.1.0",
            SpecVersion::V2 => "2.0.0",
            SpecVersion::V3 => "3.0.0",
            SpecVersion::V4 => "4.0",
        }
    }

    /// Reads `1`, `1.0.0`, `1.1`, `2.0.0`, `3.0.0`, `4.0`, … (major and minor only).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().trim_start_matches(['v', 'V']).split('.');
        let major = parts.next()?.parse::<u32>().ok()?;
        let minor = parts.next().map_or(Some(0), |m| m.parse::<u32>().ok())?;
        Some(match (major, minor) {
            (1, 0) => SpecVersion::V1,
            (1, _) => SpecVersion::V1_1,
            (2, _) => SpecVersion::V2,
            (3, _) => SpecVersion::V3,
            (4, _) => SpecVersion::V4,
            _ => return None,
        })
    }
}

impl std::fmt::Display for SpecVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let short = match self {
            SpecVersion::V1 => "V1",
            SpecVersion::V1_1 => "V1.1",
            SpecVersion::V2 => "V2",
            SpecVersion::V3 => "V3",
            SpecVersion::V4 => "V4",
        };
        f.write_str(short)
    }
}

/// A pact: the contract between one consumer and one provider.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pact {
    /// The consumer's name.
    pub consumer: String,
    /// The provider's name.
    pub provider: String,
    /// The interactions, in file order.
    pub interactions: Vec<Interaction>,
    /// Metadata other than `pactSpecification` (for example the writer's name and version).
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// The specification version the pact was read as (V4 for a new pact).
    pub spec_version: SpecVersion,
    /// Keys of the pact document that the model does not know (at its root and in
    /// `consumer` and `provider`), written back as they were read.
    pub unknown: UnknownFields,
}

impl Pact {
    /// An empty V4 pact between `consumer` and `provider`.
    pub fn new(consumer: impl Into<String>, provider: impl Into<String>) -> Self {
        Pact {
            consumer: consumer.into(),
            provider: provider.into(),
            ..Pact::default()
        }
    }
}

/// A provider state: the precondition the provider sets up before an interaction.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProviderState {
    /// The state's name (`"user 42 exists"`).
    pub name: String,
    /// Parameters for the state (V3+).
    pub params: serde_json::Map<String, serde_json::Value>,
}

impl ProviderState {
    /// A state without parameters.
    pub fn new(name: impl Into<String>) -> Self {
        ProviderState {
            name: name.into(),
            params: serde_json::Map::new(),
        }
    }
}

/// One interaction of a pact (V4 `type`: `Synchronous/HTTP`, `Asynchronous/Messages`,
/// `Synchronous/Messages`).
#[derive(Debug, Clone, PartialEq)]
// Interactions sit in a Vec, a few dozen per pact; boxing the HTTP variant would cost a
// pointer chase on the engine's hottest data for no memory worth saving.
#[allow(clippy::large_enum_variant)]
pub enum Interaction {
    /// A request and its response.
    Http(HttpInteraction),
    /// A message the provider sends (V3 message pacts, V4 asynchronous messages).
    AsyncMessage(AsyncMessage),
    /// A request message and its response messages (V4).
    SyncMessage(SyncMessage),
}

impl Interaction {
    /// The interaction's common fields.
    pub fn common(&self) -> &InteractionCommon {
        match self {
            Interaction::Http(i) => &i.common,
            Interaction::AsyncMessage(i) => &i.common,
            Interaction::SyncMessage(i) => &i.common,
        }
    }

    /// The description.
    pub fn description(&self) -> &str {
        &self.common().description
    }

    /// The provider states.
    pub fn provider_states(&self) -> &[ProviderState] {
        &self.common().provider_states
    }

    /// The V4 type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Interaction::Http(_) => "Synchronous/HTTP",
            Interaction::AsyncMessage(_) => "Asynchronous/Messages",
            Interaction::SyncMessage(_) => "Synchronous/Messages",
        }
    }
}

/// Fields every kind of interaction has.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InteractionCommon {
    /// What the interaction is (`"a request for user 42"`).
    pub description: String,
    /// The provider states it needs, in order.
    pub provider_states: Vec<ProviderState>,
    /// V4: verified and reported, but a failure does not fail the build.
    pub pending: bool,
    /// V4: a key identifying the interaction.
    pub key: Option<String>,
    /// V4: comments (`text`, `testname`, …).
    pub comments: serde_json::Map<String, serde_json::Value>,
    /// The broker's `_id` for the interaction, when the pact came from a broker.
    pub id: Option<String>,
    /// Keys of the interaction's JSON that the model does not know, at any level below it
    /// (V4 `pluginConfiguration`, `interactionMarkup`, `transport`, a body's
    /// `contentTypeHint`, keys of later versions): written back as they were read, unless
    /// the model writes the same key itself.
    pub unknown: UnknownFields,
}

/// An HTTP request and the response the consumer expects.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HttpInteraction {
    /// Description, provider states and V4 fields.
    pub common: InteractionCommon,
    /// The request.
    pub request: HttpRequest,
    /// The expected response.
    pub response: HttpResponse,
}

/// An HTTP request, expected (with rules and generators) or actual (without).
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// The method, upper case as written (`GET`).
    pub method: String,
    /// The path (`/users/42`), decoded.
    pub path: String,
    /// The query; `None` when the pact has none.
    pub query: Option<Query>,
    /// The query string exactly as a V1 pact writes it (or as it arrived on the wire).
    /// V1 compares query strings as text, so parameter order and a trailing `&` matter
    /// there; later versions compare [`HttpRequest::query`] and leave this `None`.
    pub raw_query: Option<String>,
    /// The headers.
    pub headers: Headers,
    /// The body.
    pub body: Body,
    /// Matching rules by category.
    pub matching_rules: MatchingRules,
    /// Generators by category.
    pub generators: Generators,
}

impl Default for HttpRequest {
    fn default() -> Self {
        HttpRequest {
            method: "GET".to_owned(),
            path: "/".to_owned(),
            query: None,
            raw_query: None,
            headers: Headers::new(),
            body: Body::Missing,
            matching_rules: MatchingRules::new(),
            generators: Generators::new(),
        }
    }
}

/// An HTTP response, expected (with rules and generators) or actual (without).
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: Headers,
    /// The body.
    pub body: Body,
    /// Matching rules by category.
    pub matching_rules: MatchingRules,
    /// Generators by category.
    pub generators: Generators,
}

impl Default for HttpResponse {
    fn default() -> Self {
        HttpResponse {
            status: 200,
            headers: Headers::new(),
            body: Body::Missing,
            matching_rules: MatchingRules::new(),
            generators: Generators::new(),
        }
    }
}

/// The contents of one message, with its metadata, rules and generators.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessageContents {
    /// The contents.
    pub contents: Body,
    /// Metadata (`contentType`, topic, …).
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Matching rules (`body`/`content` and `metadata` categories).
    pub matching_rules: MatchingRules,
    /// Generators.
    pub generators: Generators,
}

/// A message the provider sends asynchronously.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AsyncMessage {
    /// Description, provider states and V4 fields.
    pub common: InteractionCommon,
    /// The message.
    pub message: MessageContents,
}

/// A request message and the response messages it gets (V4 `Synchronous/Messages`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncMessage {
    /// Description, provider states and V4 fields.
    pub common: InteractionCommon,
    /// The request message.
    pub request: MessageContents,
    /// The response messages.
    pub response: Vec<MessageContents>,
}
