//! V1–V3 bodies, read and written by one set of rules so that a body reads back as written.
//!
//! A V1–V3 body is a bare JSON value with no room to say how it is encoded: only the
//! content type the reader sees (the `Content-Type` header, or a message's `contentType`
//! metadata) tells text from base64. As pact-reference does (`pact_models`
//! `body_from_json`, for requests, responses and message contents alike), a string body
//! under a content type that is not text-like ([`is_text_content_type`]) is base64-decoded
//! when it is valid base64, and is text otherwise. The writer keeps that reading
//! unambiguous (see [`to_json`]) and refuses, with the feature named, the bodies that no
//! V1–V3 reader could read back.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::model::{Body, Headers, is_json_content_type, media_type_essence};

/// True for content types whose bodies V1–V3 pact files hold as text: `text/*`, JSON
/// (`application/json*`, `*+json`, `application/graphql`), XML (`application/xml`,
/// `*+xml`) and `application/x-www-form-urlencoded`. This is pact-reference's
/// `ContentType::is_text`, with `+xml` under any main type (SVG is text). A value that is
/// not a media type at all (no `/`) counts as text: it says nothing about an encoding.
///
/// Everything else (`application/octet-stream`, `image/*`, `application/pdf`,
/// `multipart/*`, …) is binary-capable. A multipart body stored as text still reads back as
/// text: its boundary lines start with `--`, which is not base64.
pub(crate) fn is_text_content_type(content_type: &str) -> bool {
    let essence = media_type_essence(content_type);
    let Some((main, sub)) = essence.split_once('/') else {
        return true;
    };
    main == "text"
        || is_json_content_type(&essence)
        || (main == "application" && (sub.starts_with("json") || sub == "graphql"))
        || sub == "xml"
        || sub.ends_with("+xml")
        || essence == "application/x-www-form-urlencoded"
}

/// The content type a V1–V3 reader sees for a request or response: its first
/// `Content-Type` header value.
pub(crate) fn header_content_type(headers: &Headers) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .and_then(|(_, v)| v.first())
        .cloned()
}

/// The content type a reader sees for a message: its `contentType` (or `content-type`)
/// metadata.
pub(crate) fn metadata_content_type(metadata: &Map<String, Value>) -> Option<String> {
    metadata
        .iter()
        .find(|(k, _)| {
            k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type")
        })
        .and_then(|(_, v)| v.as_str())
        .map(str::to_owned)
}

/// The bytes `text` encodes when it is (standard, padded) base64; an empty string is an
/// empty body, not an empty encoding.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    if text.is_empty() {
        return None;
    }
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// Reads a V1–V3 body (or a V4 body not in the V4 object shape): any JSON value. A string
/// is parsed when the content type is JSON and parses, decoded into [`Body::Binary`] when
/// the content type is not text-like and the string is base64, and is the body's text
/// otherwise.
pub(crate) fn from_json(value: &Value, content_type: Option<String>) -> Body {
    let Value::String(text) = value else {
        return Body::Json {
            value: value.clone(),
            content_type,
        };
    };
    if let Some(declared) = content_type.as_deref() {
        if is_json_content_type(declared) {
            if let Ok(parsed) = serde_json::from_str::<Value>(text) {
                return Body::Json {
                    value: parsed,
                    content_type,
                };
            }
        } else if !is_text_content_type(declared)
            && let Some(bytes) = decode_base64(text)
        {
            return Body::Binary {
                bytes,
                content_type,
            };
        }
    }
    Body::Text {
        text: text.clone(),
        content_type,
    }
}

/// Writes `body` as a V1–V3 body that [`from_json`] reads back as the same bytes, given the
/// `content_type` the reader will see (which wins over the body's own when they differ).
///
/// - Under a binary-capable content type, bytes are base64, and so is a text that would
///   otherwise be mistaken for base64 (it reads back as [`Body::Binary`] of its UTF-8 bytes).
/// - Under a text-like content type, or none, bytes that are UTF-8 are written as text; a
///   JSON string under a JSON content type is written as its JSON text (`"\"abc\""`), as a
///   bare `"abc"` would read back as the text `abc`.
///
/// # Errors
/// The feature V1–V3 cannot express: bytes that are not UTF-8 under a text-like content
/// type or under none (no reader would know to decode them).
pub(crate) fn to_json(body: &Body, content_type: Option<&str>) -> Result<Option<Value>, String> {
    let binary_capable = content_type.is_some_and(|ct| !is_text_content_type(ct));
    let json_typed = content_type.is_some_and(is_json_content_type);
    let base64 = |bytes: &[u8]| Value::String(Body::base64(bytes));
    // Text under a JSON content type that parses as JSON would be read back as that JSON,
    // not as the text: write the JSON itself, so reading and merging see the same body (a
    // JSON document cannot keep its exact bytes in V1-V3; a JSON reader sees no change).
    // Only JSON-typed text is parsed: a large text or XML body is never read as JSON here.
    let text_form = |text: &str| {
        if json_typed && let Ok(parsed) = serde_json::from_str::<Value>(text) {
            return json_form(parsed);
        }
        Value::String(text.to_owned())
    };
    Ok(Some(match body {
        Body::Missing => return Ok(None),
        Body::Json { value, .. } => match value {
            Value::String(_) if binary_capable => base64(&body.to_bytes()),
            _ if json_typed => json_form(value.clone()),
            _ => value.clone(),
        },
        Body::Text { text, .. } => {
            if binary_capable && decode_base64(text).is_some() {
                base64(text.as_bytes())
            } else {
                text_form(text)
            }
        }
        Body::Binary { bytes, .. } => {
            if binary_capable {
                base64(bytes)
            } else {
                match std::str::from_utf8(bytes) {
                    Ok(text) => text_form(text),
                    Err(_) => {
                        return Err(match content_type {
                            Some(ct) => format!(
                                "a body of bytes that are not UTF-8 under the text content type `{ct}` (V2 and V3 base64-encode only bodies of a binary content type; give it one, such as application/octet-stream, or write V4)"
                            ),
                            None => "a body of bytes that are not UTF-8 and no content type (V2 and V3 base64-encode only bodies of a binary content type; give it one, such as application/octet-stream, or write V4)".to_owned(),
                        });
                    }
                }
            }
        }
    }))
}

/// A JSON body as V1-V3 store it under a JSON content type: the value itself, except that a
/// string is stored as its JSON text (`"\"abc\""`), as a bare `"abc"` reads back as text.
fn json_form(value: Value) -> Value {
    match value {
        Value::String(_) => Value::String(value.to_string()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary(bytes: &[u8], content_type: Option<&str>) -> Body {
        Body::Binary {
            bytes: bytes.to_vec(),
            content_type: content_type.map(str::to_owned),
        }
    }

    fn text(text: &str, content_type: &str) -> Body {
        Body::Text {
            text: text.to_owned(),
            content_type: Some(content_type.to_owned()),
        }
    }

    /// Writes then reads under the body's own content type, as a header would carry it.
    fn round_trip(body: &Body) -> Body {
        let content_type = body.content_type();
        let json = to_json(body, content_type)
            .expect("writable")
            .expect("a body");
        from_json(&json, content_type.map(str::to_owned))
    }

    #[test]
    fn text_like_content_types_follow_pact_reference() {
        for ct in [
            "text/plain",
            "text/html; charset=utf-8",
            "application/json",
            "application/hal+json",
            "application/json-rpc",
            "application/graphql",
            "application/xml",
            "text/xml",
            "application/atom+xml",
            "image/svg+xml",
            "application/x-www-form-urlencoded",
            "not a media type",
        ] {
            assert!(is_text_content_type(ct), "{ct} is text-like");
        }
        for ct in [
            "application/octet-stream",
            "image/png",
            "application/pdf",
            "multipart/form-data; boundary=x",
            "application/javascript",
        ] {
            assert!(!is_text_content_type(ct), "{ct} is binary-capable");
        }
    }

    #[test]
    fn bytes_under_a_binary_content_type_are_base64_and_read_back_as_bytes() {
        let body = binary(&[0, 255, 1, 2], Some("application/octet-stream"));
        assert_eq!(
            to_json(&body, body.content_type()),
            Ok(Some(Value::String("AP8BAg==".to_owned())))
        );
        assert_eq!(round_trip(&body), body);
        let utf8 = binary(b"plain words", Some("image/png"));
        assert_eq!(round_trip(&utf8), utf8);
    }

    #[test]
    fn a_text_that_looks_like_base64_under_a_binary_type_keeps_its_bytes() {
        let body = text("abcd", "application/octet-stream");
        assert_eq!(
            round_trip(&body),
            binary(b"abcd", Some("application/octet-stream"))
        );
        let multipart = text("--b\r\nx\r\n--b--\r\n", "multipart/form-data; boundary=b");
        assert_eq!(round_trip(&multipart), multipart);
    }

    #[test]
    fn strings_under_text_types_stay_text_even_when_they_are_base64() {
        let body = text("abcd", "text/plain");
        assert_eq!(round_trip(&body), body);
        assert_eq!(
            from_json(&Value::String("abcd".to_owned()), None),
            Body::Text {
                text: "abcd".to_owned(),
                content_type: None
            }
        );
    }

    #[test]
    fn a_json_string_body_reads_back_as_a_json_string() {
        for value in ["abc", "123", "true"] {
            let body = Body::json(Value::String(value.to_owned()));
            assert_eq!(round_trip(&body), body, "{value}");
        }
    }

    #[test]
    fn json_text_or_bytes_under_a_json_content_type_are_written_as_the_json_they_hold() {
        for content_type in [
            "application/json",
            "application/vnd.api+json; charset=utf-8",
        ] {
            for body in [
                binary(br#"{"a": 1}"#, Some(content_type)),
                text(r#"{"a": 1}"#, content_type),
            ] {
                let json = to_json(&body, Some(content_type))
                    .expect("writable")
                    .expect("a body");

                assert_eq!(json, serde_json::json!({"a": 1}), "{body:?}");
                assert_eq!(
                    from_json(&json, Some(content_type.to_owned())),
                    Body::Json {
                        value: serde_json::json!({"a": 1}),
                        content_type: Some(content_type.to_owned())
                    }
                );
            }
            let quoted = text(r#""abc""#, content_type);
            assert_eq!(
                round_trip(&quoted),
                Body::Json {
                    value: Value::String("abc".to_owned()),
                    content_type: Some(content_type.to_owned())
                }
            );
            let not_json = text("not json", content_type);
            assert_eq!(round_trip(&not_json), not_json, "kept as text");
        }
    }

    #[test]
    fn utf8_bytes_under_a_text_type_are_written_as_their_text() {
        let body = binary("grüße".as_bytes(), Some("text/plain"));
        assert_eq!(round_trip(&body).to_bytes(), "grüße".as_bytes());
    }

    #[test]
    fn bytes_no_reader_could_decode_are_refused_naming_the_content_type() {
        let error = to_json(&binary(&[0xff], Some("text/plain")), Some("text/plain"))
            .expect_err("not UTF-8 under text/plain");
        assert!(error.contains("`text/plain`"), "{error}");
        let error = to_json(&binary(&[0xff], None), None).expect_err("no content type");
        assert!(error.contains("no content type"), "{error}");
    }
}
