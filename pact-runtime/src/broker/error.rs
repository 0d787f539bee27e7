//! The broker client's one error type, and reading the broker's own error text.

use std::time::Duration;

use serde_json::Value;

/// Why a broker operation failed. Every variant that concerns a request names its URL,
/// always without credentials; [`Status`](Self::Status) carries the broker's own error
/// text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BrokerError {
    /// The client's settings cannot be used (no base URL, an invalid URL, conflicting
    /// credentials in the environment).
    #[error("invalid broker settings: {0}")]
    Config(String),
    /// The broker's base URL cannot be read as one URL (another scheme, a query, an `@`
    /// after the host, a port that is not a number). The message never quotes the URL:
    /// a refused URL may hold a password at a place no parse can tell.
    #[error("invalid broker URL: {reason}")]
    InvalidUrl {
        /// Which rule the URL breaks.
        reason: &'static str,
    },
    /// The TLS settings cannot be used (a CA document without a certificate).
    #[error("invalid TLS settings for the broker: {0}")]
    Tls(String),
    /// No connection could be made (refused, DNS, TLS handshake), after the retries.
    #[error("could not reach the broker at {url} (after {attempts} attempt(s)): {message}")]
    Unreachable {
        /// The URL of the request.
        url: String,
        /// The client error with its causes.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The broker did not answer in time.
    #[error("no answer from the broker at {url} within {after:?}")]
    Timeout {
        /// The URL of the request.
        url: String,
        /// The configured timeout.
        after: Duration,
    },
    /// The broker answered with an error status (after the retries, for a `5xx`).
    #[error("{method} {url} failed with HTTP {status}: {message}")]
    Status {
        /// The request's method.
        method: String,
        /// The URL of the request.
        url: String,
        /// The status.
        status: u16,
        /// The broker's own error text (its JSON `errors`, an HTML page's title), or the
        /// start of the body.
        message: String,
    },
    /// A successful answer whose body is not the JSON expected (an HTML page from a proxy,
    /// invalid JSON).
    #[error("the broker's answer to {url} is not JSON: {message}")]
    NotJson {
        /// The URL of the request.
        url: String,
        /// What was found instead.
        message: String,
    },
    /// A resource lacks the HAL relation the operation needs (an older broker, or not a
    /// Pact Broker at all).
    #[error(
        "the resource at {url} has no \"{relation}\" link; is this a Pact Broker that supports it?"
    )]
    MissingRelation {
        /// The relation.
        relation: String,
        /// The resource's URL.
        url: String,
    },
    /// The broker's answer lacks something the operation needs (an environment by that
    /// name, a field).
    #[error("{0}")]
    Unexpected(String),
    /// [`Publisher::publish`](super::Publisher::publish) was given no pact file (no
    /// [`file`](super::Publisher::file), no [`dir`](super::Publisher::dir)): publishing
    /// nothing is a mistake in the CI script, not a success.
    #[error("no pact files found to publish (give the publisher a file or a directory)")]
    NothingToPublish,
    /// A version, branch or tag is empty or blank: the broker cannot key anything by it
    /// (it refuses an empty version; a blank one would be stored as is).
    #[error("the {field} is empty; give a real value (a commit SHA is best for a version)")]
    BlankVersion {
        /// Which value: `"consumer version"`, `"consumer version's branch"`, …
        field: &'static str,
    },
    /// A pact to publish cannot be read.
    #[error("cannot publish {path}: {message}")]
    Pact {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
}

/// The broker's own words for an error response: its JSON `errors` (a list, or a map of
/// field to messages), `error.message`, `message`, `summary.reason`; an HTML page's
/// title; else the start of the body.
pub(crate) fn broker_message(body: &[u8]) -> String {
    if let Ok(value) = serde_json::from_slice::<Value>(body)
        && let Some(message) = json_message(&value)
    {
        return message;
    }
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return "(empty body)".to_owned();
    }
    if looks_like_html(trimmed) {
        return match html_title(trimmed) {
            Some(title) => format!("an HTML page titled \"{title}\""),
            None => "an HTML page".to_owned(),
        };
    }
    let mut start: String = trimmed.chars().take(200).collect();
    if start.len() < trimmed.len() {
        start.push('…');
    }
    start
}

fn json_message(value: &Value) -> Option<String> {
    let strings = |value: &Value| -> Vec<String> {
        match value {
            Value::String(text) => vec![text.clone()],
            Value::Array(items) => items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map_or_else(|| item.to_string(), str::to_owned)
                })
                .collect(),
            other => vec![other.to_string()],
        }
    };
    if let Some(errors) = value.get("errors") {
        let messages: Vec<String> = match errors {
            Value::Object(fields) => fields
                .iter()
                .map(|(field, messages)| format!("{field}: {}", strings(messages).join(", ")))
                .collect(),
            other => strings(other),
        };
        return Some(messages.join("; "));
    }
    if let Some(error) = value.get("error") {
        return Some(match error.get("message") {
            Some(message) => strings(message).join("; "),
            None => strings(error).join("; "),
        });
    }
    if let Some(message) = value.get("message") {
        return Some(strings(message).join("; "));
    }
    value
        .get("summary")
        .and_then(|summary| summary.get("reason"))
        .map(|reason| strings(reason).join("; "))
}

pub(crate) fn looks_like_html(text: &str) -> bool {
    let start = text
        .get(..text.len().min(64))
        .unwrap_or("")
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    Some(text[start..end].trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brokers_json_errors_are_read_in_each_shape() {
        assert_eq!(
            broker_message(br#"{"errors": ["an error message", "another"]}"#),
            "an error message; another"
        );
        assert_eq!(
            broker_message(
                br#"{"errors": {"pacticipantVersionNumber": ["can't be blank"], "tags": ["bad"]}}"#
            ),
            "pacticipantVersionNumber: can't be blank; tags: bad"
        );
        assert_eq!(broker_message(br#"{"error": {"message": "boom"}}"#), "boom");
        assert_eq!(
            broker_message(br#"{"summary": {"reason": "no version"}}"#),
            "no version"
        );
    }

    #[test]
    fn html_pages_and_other_bodies_are_summarised() {
        assert_eq!(
            broker_message(
                b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>"
            ),
            "an HTML page titled \"502 Bad Gateway\""
        );
        assert_eq!(
            broker_message(b"<html><body>oops</body></html>"),
            "an HTML page"
        );
        assert_eq!(broker_message(b""), "(empty body)");
        assert_eq!(broker_message(b"plain failure"), "plain failure");
        assert!(broker_message("x".repeat(500).as_bytes()).ends_with('…'));
    }
}
