//! Adapters between pact JSON of each specification version and the model.
//!
//! Reading accepts V1, V1.1, V2, V3 and V4 documents (and V3 message pacts); writing
//! produces V2, V3 or V4. Each version's quirks live here and nowhere else: V2's
//! `$.body.x` rule keys, V1/V2 query strings and `providerState`, V3's `messages`, V4's
//! typed interactions and `{content, contentType, encoded}` bodies, and the V1–V3 rule that
//! the content type tells a base64 body from a text one.

mod at;
mod body;
mod read;
mod rules;
mod write;

pub(crate) use at::At;
pub(crate) use read::owned_pact_from_json;
pub use read::{
    pact_from_json, pact_from_json_with_warnings, request_from_json, response_from_json,
};
pub use write::pact_to_json;
pub(crate) use write::{Entry, interaction_to_json, pact_parts_to_text};
