//! Which kind of body a content type names, what a body is when no content type says, and
//! what bytes are by their magic numbers (for the `contentType` matcher).

use crate::model::{Body, is_json_content_type};

use super::xml;

/// How a body is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    /// A JSON document.
    Json,
    /// An XML document.
    Xml,
    /// `application/x-www-form-urlencoded` parameters.
    Form,
    /// `multipart/*` parts.
    Multipart,
    /// Text, compared whole.
    Text,
    /// Bytes, compared whole.
    Binary,
}

/// The kind of `body`: from its content type when it has one, otherwise from its bytes.
pub(crate) fn kind_of(body: &Body) -> BodyKind {
    if let Body::Json { .. } = body {
        return BodyKind::Json;
    }
    match body.content_type() {
        Some(content_type) => declared_kind(content_type),
        None => detect_kind(&body.to_bytes()),
    }
}

/// The kind a content type names (`application/xml`, `application/atom+xml`, …).
pub(crate) fn declared_kind(content_type: &str) -> BodyKind {
    let essence = essence(content_type);
    if is_json_content_type(&essence) {
        BodyKind::Json
    } else if essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml") {
        BodyKind::Xml
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence.starts_with("multipart/") {
        BodyKind::Multipart
    } else if essence.starts_with("text/") {
        BodyKind::Text
    } else if essence.is_empty() || essence == "application/octet-stream" {
        // The default a client sends when it does not know; the bytes say more.
        BodyKind::Binary
    } else {
        BodyKind::Text
    }
}

/// The kind of bytes no content type describes: a JSON object or array, a well-formed XML
/// document, UTF-8 text, or else bytes.
pub(crate) fn detect_kind(bytes: &[u8]) -> BodyKind {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return BodyKind::Binary;
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && serde_json::from_str::<serde_json::Value>(trimmed).is_ok()
    {
        BodyKind::Json
    } else if trimmed.starts_with('<') && xml::is_well_formed(trimmed) {
        BodyKind::Xml
    } else {
        BodyKind::Text
    }
}

/// The MIME type the bytes themselves show: magic numbers first (images, PDF, archives,
/// …), then JSON, XML and text by content, else `application/octet-stream`.
pub(crate) fn detect_mime(bytes: &[u8]) -> String {
    if let Some(found) = infer::get(bytes) {
        return found.mime_type().to_owned();
    }
    match detect_kind(bytes) {
        BodyKind::Json => "application/json",
        BodyKind::Xml => "application/xml",
        BodyKind::Text | BodyKind::Form | BodyKind::Multipart => "text/plain",
        BodyKind::Binary => "application/octet-stream",
    }
    .to_owned()
}

pub(crate) use crate::model::media_type_essence as essence;

/// The content type of JSON in the Kafka schema registry's wire format (Confluent): a
/// 5-byte header, the magic byte `0` and the schema id as 4 big-endian bytes, then the
/// JSON document. pact-jvm matches such contents by dropping the header
/// (`KafkaSchemaRegistryWireFormatter`); the pact records the JSON alone.
pub(crate) const SCHEMA_REGISTRY_JSON: &str = "application/vnd.schemaregistry.v1+json";

/// The header's length: the magic byte and the 4-byte schema id.
const SCHEMA_REGISTRY_HEADER: usize = 5;

/// The JSON document of a body in the schema registry's wire format, when `actual`'s
/// content type (or, when it has none, `expected`'s) is [`SCHEMA_REGISTRY_JSON`]; `None`
/// for any other body. `Err` says why the body is not in that format: the header is
/// missing (the first byte is not the magic byte `0`, as for plain JSON) or the payload
/// after it is not JSON.
pub(crate) fn schema_registry_json(
    expected: &Body,
    actual: &Body,
) -> Option<Result<serde_json::Value, String>> {
    let content_type = actual.content_type().or_else(|| expected.content_type())?;
    if essence(content_type) != SCHEMA_REGISTRY_JSON {
        return None;
    }
    let bytes = actual.to_bytes();
    Some(match bytes.first() {
        Some(0) if bytes.len() > SCHEMA_REGISTRY_HEADER => {
            serde_json::from_slice(&bytes[SCHEMA_REGISTRY_HEADER..]).map_err(|error| {
                format!(
                    "the payload after the schema registry header (magic byte 0 and schema \
                     id {}) is not JSON: {error}",
                    schema_id(&bytes)
                )
            })
        }
        Some(0) => Err(format!(
            "{} bytes are too few for the schema registry wire format (a {SCHEMA_REGISTRY_HEADER}-byte \
             header, magic byte 0 and a 4-byte schema id, then the JSON)",
            bytes.len()
        )),
        _ => Err(format!(
            "the body has no schema registry header: {SCHEMA_REGISTRY_JSON} contents start \
             with the magic byte 0 and a 4-byte schema id before the JSON, but the first byte \
             is {}",
            bytes
                .first()
                .map_or_else(|| "missing".to_owned(), |b| format!("0x{b:02x}"))
        )),
    })
}

/// The schema id of a header known to be complete.
fn schema_id(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[1], bytes[2], bytes[3], bytes[4]])
}

/// The value of parameter `name` in a content type (`boundary` of `multipart/form-data;
/// boundary="AAA"` is `AAA`).
pub(crate) fn parameter<'c>(content_type: &'c str, name: &str) -> Option<&'c str> {
    content_type.split(';').skip(1).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim().eq_ignore_ascii_case(name).then(|| {
            let value = value.trim();
            value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value)
        })
    })
}

/// A file of the compatibility suite's fixtures (tests fail, never skip, without them).
#[cfg(test)]
pub(crate) fn fixture(name: &str) -> Vec<u8> {
    // Relative to the workspace root, as the cross-crate suites read it.
    let workspace_root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = workspace_root.join(std::env::var_os("PACT_SHARED_DIR").map_or_else(
        || std::path::PathBuf::from("../shared"),
        std::path::PathBuf::from,
    ));
    let path = shared.join("pact-compatibility-suite/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "the shared fixture {} is missing ({error}); set PACT_SHARED_DIR",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_their_kind() {
        assert_eq!(declared_kind("application/xml"), BodyKind::Xml);
        assert_eq!(
            declared_kind("application/atom+xml; charset=utf-8"),
            BodyKind::Xml
        );
        assert_eq!(declared_kind("Application/JSON"), BodyKind::Json);
        assert_eq!(
            declared_kind("application/x-www-form-urlencoded"),
            BodyKind::Form
        );
        assert_eq!(
            declared_kind("multipart/form-data; boundary=AAA"),
            BodyKind::Multipart
        );
        assert_eq!(declared_kind("text/html"), BodyKind::Text);
        assert_eq!(declared_kind("application/octet-stream"), BodyKind::Binary);
    }

    #[test]
    fn bodies_without_a_content_type_are_told_apart_by_their_bytes() {
        assert_eq!(detect_kind(br#" {"a": 1}"#), BodyKind::Json);
        assert_eq!(detect_kind(b"[1, 2]"), BodyKind::Json);
        assert_eq!(detect_kind(b"<?xml version=\"1.0\"?><a/>"), BodyKind::Xml);
        assert_eq!(detect_kind(b"<a><b/></a>"), BodyKind::Xml);
        assert_eq!(detect_kind(b"<not xml"), BodyKind::Text);
        assert_eq!(detect_kind(b"{not json"), BodyKind::Text);
        assert_eq!(detect_kind(&[0, 159, 146, 150]), BodyKind::Binary);
    }

    #[test]
    fn magic_numbers_name_images_and_documents() {
        assert_eq!(detect_mime(&fixture("rat.jpg")), "image/jpeg");
        assert_eq!(detect_mime(&fixture("spider.jpg")), "image/jpeg");
        assert_eq!(detect_mime(&fixture("sample.pdf")), "application/pdf");
        assert_eq!(detect_mime(br#"{"a": 1}"#), "application/json");
        assert_eq!(detect_mime(b"hello"), "text/plain");
    }

    fn registry_bytes(header: &[u8], json: &str) -> Body {
        let mut bytes = header.to_vec();
        bytes.extend_from_slice(json.as_bytes());
        Body::from_bytes(&bytes, Some(SCHEMA_REGISTRY_JSON))
    }

    #[test]
    fn schema_registry_contents_are_the_json_after_the_five_byte_header() {
        let expected = Body::from_bytes(br#"{"one": "a"}"#, Some(SCHEMA_REGISTRY_JSON));
        let cases = [
            (&[0, 0, 0, 0, 2][..], r#"{"one": "a", "two": "b"}"#),
            (&[0, 0, 1, 0, 0][..], "[1, 2]"),
            (&[0, 0xff, 0xff, 0xff, 0xff][..], "null"),
        ];
        for (header, json) in cases {
            let actual = registry_bytes(header, json);
            let decoded = schema_registry_json(&expected, &actual);
            assert_eq!(
                decoded,
                Some(Ok(serde_json::from_str(json).expect("json"))),
                "{header:?} {json}"
            );
        }
    }

    #[test]
    fn other_content_types_are_not_the_schema_registry_format() {
        let json = Body::from_bytes(br#"{"one": "a"}"#, Some("application/json"));
        let text = Body::from_bytes(b"\0\0\0\0\x02{}", Some("text/plain"));
        let bare = Body::from_bytes(b"\0\0\0\0\x02{}", None);
        assert_eq!(schema_registry_json(&json, &json), None);
        assert_eq!(schema_registry_json(&json, &text), None);
        assert_eq!(schema_registry_json(&json, &bare), None);
    }

    #[test]
    fn the_expected_content_type_applies_when_the_actual_body_has_none() {
        let expected = Body::from_bytes(
            br#"{"one": "a"}"#,
            Some("application/vnd.schemaregistry.v1+json; charset=utf-8"),
        );
        let bare = Body::from_bytes(b"\0\0\0\0\x07{\"one\": \"a\"}", None);
        assert_eq!(
            schema_registry_json(&expected, &bare),
            Some(Ok(serde_json::json!({"one": "a"})))
        );
    }

    #[test]
    fn a_missing_or_short_header_or_a_payload_that_is_not_json_is_explained() {
        let expected = Body::from_bytes(br#"{"one": "a"}"#, Some(SCHEMA_REGISTRY_JSON));
        let error = |actual: Body| match schema_registry_json(&expected, &actual) {
            Some(Err(reason)) => reason,
            other => panic!("expected an error, got {other:?}"),
        };

        let plain = error(Body::from_bytes(
            br#"{"one": "a"}"#,
            Some(SCHEMA_REGISTRY_JSON),
        ));
        assert!(plain.contains("no schema registry header"), "{plain}");
        assert!(plain.contains("first byte is 0x7b"), "{plain}");
        let wrong_magic = error(registry_bytes(&[1, 0, 0, 0, 2], "{}"));
        assert!(wrong_magic.contains("first byte is 0x01"), "{wrong_magic}");
        let short = error(registry_bytes(&[0, 0, 0], ""));
        assert!(short.starts_with("3 bytes are too few"), "{short}");
        let not_json = error(registry_bytes(&[0, 0, 0, 0, 9], "{one"));
        assert!(
            not_json.starts_with("the payload after the schema registry header (magic byte 0 and schema id 9) is not JSON"),
            "{not_json}"
        );
    }

    #[test]
    fn parameters_are_read_unquoted_and_case_insensitively() {
        let content_type = r#"multipart/form-data; Boundary="AA A"; charset=utf-8"#;
        assert_eq!(parameter(content_type, "boundary"), Some("AA A"));
        assert_eq!(parameter(content_type, "charset"), Some("utf-8"));
        assert_eq!(parameter("text/plain", "boundary"), None);
    }
}
