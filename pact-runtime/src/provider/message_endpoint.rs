//! Message verification through an HTTP endpoint of the provider, for providers not
//! written in Rust, with the convention of the official verifier (pact-reference's
//! `pact_verifier`, `messages.rs`), so a provider written for it works unchanged:
//!
//! - The verifier `POST`s `application/json` `{"description": …, "providerStates": [{"name":
//!   …, "params": {…}}]}` (`providerStates` only when there are states) to the endpoint; a
//!   synchronous message adds `"request"`: the request message as V4 writes message
//!   contents, `{"contents": {"content": …, "contentType": …, "encoded": false |
//!   "base64"}, "metadata": {…}}`.
//! - The response body is the message contents, read by the response's `Content-Type`.
//! - The metadata is the base64 of a JSON object in the `Pact-Message-Metadata` response
//!   header, over `contentType` taken from the response's `Content-Type`.
//! - A synchronous message gets one response message (the official verifier also reads
//!   only one).
//!
//! One difference: a response status outside 2xx fails the interaction here, with the
//! status and body, for asynchronous messages too. The official verifier checks the status
//! only for synchronous messages and otherwise matches an error page against the message.

use base64::Engine as _;
use bytes::Bytes;
use serde_json::{Map, Value, json};

use super::client::{Transport, redact};
use super::error::{InteractionError, SharedError};
use super::message::ProviderMessage;
use crate::model::{Body, MessageContents, ProviderState};

/// The response header carrying the message's metadata (base64 of a JSON object).
pub(crate) const METADATA_HEADER: &str = "Pact-Message-Metadata";

/// Asks the endpoint at `url` for the message of the interaction `description`.
///
/// # Errors
/// [`InteractionError::MessageEndpoint`]: an invalid URL, a failed exchange (its error as
/// the source), an error status or unreadable metadata.
pub(crate) async fn fetch(
    transport: &Transport,
    url: &str,
    description: &str,
    states: &[ProviderState],
    request: Option<&MessageContents>,
) -> Result<ProviderMessage, InteractionError> {
    let failed = |message: String, source: Option<SharedError>| InteractionError::MessageEndpoint {
        url: redact(url),
        message,
        source,
    };
    let body = request_body(description, states, request);
    let request = http::Request::post(url)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Bytes::from(body.to_string()))
        .map_err(|error| {
            failed(
                format!("invalid message endpoint {}: {error}", redact(url)),
                None,
            )
        })?;
    let response = transport
        .send(request)
        .await
        .map_err(|error| failed(error.to_string(), Some(SharedError::new(error))))?;
    if !response.status().is_success() {
        let text = String::from_utf8_lossy(response.body());
        return Err(failed(
            format!(
                "the message endpoint {} answered {} for \"{description}\": {}",
                redact(url),
                response.status(),
                text.chars().take(200).collect::<String>()
            ),
            None,
        ));
    }
    read_message(&response).map_err(|message| failed(message, None))
}

/// The JSON the official verifier posts.
fn request_body(
    description: &str,
    states: &[ProviderState],
    request: Option<&MessageContents>,
) -> Value {
    let mut body = Map::new();
    body.insert("description".into(), description.into());
    if !states.is_empty() {
        let states: Vec<Value> = states
            .iter()
            .map(|state| json!({"name": state.name, "params": state.params}))
            .collect();
        body.insert("providerStates".into(), Value::Array(states));
    }
    if let Some(request) = request {
        body.insert("request".into(), contents_json(request));
    }
    Value::Object(body)
}

/// Message contents in the V4 form, `{"contents": {…}, "metadata": {…}}`.
fn contents_json(message: &MessageContents) -> Value {
    let contents = match &message.contents {
        Body::Missing => Value::Null,
        Body::Json {
            value,
            content_type,
        } => json!({"content": value, "contentType": content_type, "encoded": false}),
        Body::Text { text, content_type } => {
            json!({"content": text, "contentType": content_type, "encoded": false})
        }
        Body::Binary {
            bytes,
            content_type,
        } => {
            json!({"content": Body::base64(bytes), "contentType": content_type, "encoded": "base64"})
        }
    };
    json!({"contents": contents, "metadata": message.metadata})
}

/// The message in a 2xx response: body by `Content-Type`, metadata from the header.
fn read_message(response: &http::Response<Bytes>) -> Result<ProviderMessage, String> {
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    let mut message = ProviderMessage::from_bytes(response.body(), content_type);
    if let Some(content_type) = content_type {
        message = message.metadata("contentType", content_type);
    }
    if let Some(header) = response.headers().get(METADATA_HEADER) {
        for (key, value) in decode_metadata(header.as_bytes())? {
            message = message.metadata(key, value);
        }
    }
    Ok(message)
}

/// The `Pact-Message-Metadata` header: base64 (standard alphabet, padding optional) of a
/// JSON object. Unlike the official verifier, which ignores a header it cannot decode,
/// that is an error here: metadata silently lost would fail with a misleading mismatch.
fn decode_metadata(header: &[u8]) -> Result<Map<String, Value>, String> {
    let text = std::str::from_utf8(header)
        .map_err(|_| format!("the {METADATA_HEADER} header is not ASCII"))?
        .trim();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
        .map_err(|error| format!("the {METADATA_HEADER} header is not base64: {error}"))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!(
            "the {METADATA_HEADER} header holds {other}, not a JSON object"
        )),
        Err(error) => Err(format!(
            "the {METADATA_HEADER} header is not base64 of JSON: {error}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(content_type: &str, metadata: Option<&str>, body: &str) -> http::Response<Bytes> {
        let mut builder = http::Response::builder().header("content-type", content_type);
        if let Some(metadata) = metadata {
            builder = builder.header(METADATA_HEADER, metadata);
        }
        builder
            .body(Bytes::from(body.to_owned()))
            .expect("a valid response")
    }

    #[test]
    fn the_request_names_the_description_and_only_present_states() {
        let mut state = ProviderState::new("a user exists");
        state.params.insert("id".into(), json!(42));

        let without = request_body("an event", &[], None);
        let with = request_body("an event", &[state], None);

        assert_eq!(without, json!({"description": "an event"}));
        assert_eq!(
            with,
            json!({"description": "an event", "providerStates": [{"name": "a user exists", "params": {"id": 42}}]})
        );
    }

    #[test]
    fn a_synchronous_request_is_sent_in_the_v4_contents_form() {
        let json = MessageContents {
            contents: Body::json(json!({"sku": "A1"})),
            ..MessageContents::default()
        };
        let binary = MessageContents {
            contents: Body::Binary {
                bytes: vec![0, 1],
                content_type: Some("application/octet-stream".into()),
            },
            ..MessageContents::default()
        };

        let json = request_body("a price request", &[], Some(&json));
        let binary = request_body("a price request", &[], Some(&binary));

        assert_eq!(
            json["request"],
            json!({"contents": {"content": {"sku": "A1"}, "contentType": "application/json", "encoded": false}, "metadata": {}})
        );
        assert_eq!(binary["request"]["contents"]["encoded"], json!("base64"));
        assert_eq!(binary["request"]["contents"]["content"], json!("AAE="));
    }

    #[test]
    fn metadata_comes_from_the_header_over_the_content_type() {
        // {"topic": "users", "contentType": "application/vnd.user+json"}
        let header = base64::engine::general_purpose::STANDARD
            .encode(r#"{"topic": "users", "contentType": "application/vnd.user+json"}"#);
        let with = response("application/json", Some(&header), r#"{"id": 1}"#);
        let without = response("text/plain", None, "hello");

        let with = read_message(&with).expect("valid");
        let without = read_message(&without).expect("valid");

        assert_eq!(with.metadata_map()["topic"], json!("users"));
        assert_eq!(
            with.metadata_map()["contentType"],
            json!("application/vnd.user+json")
        );
        assert_eq!(with.json_value(), Some(&json!({"id": 1})));
        assert_eq!(without.metadata_map()["contentType"], json!("text/plain"));
    }

    #[test]
    fn undecodable_metadata_is_an_error_naming_the_header() {
        for bad in [
            "%%%",
            "WzFd",         /* [1] */
            "bm90IGpzb24=", /* not json */
        ] {
            let response = response("application/json", Some(bad), "{}");

            let error = read_message(&response).expect_err(bad);

            assert!(error.contains(METADATA_HEADER), "{bad}: {error}");
        }
    }
}
