//! Bodies: which comparison applies (JSON walk, text, bytes) and what "no body" means.
//!
//! - No expected body: anything is accepted (the consumer did not say).
//! - An expected body that is empty (`null` JSON, empty text or bytes) accepts a missing
//!   one: on the wire an empty body and no body are the same bytes.
//! - Otherwise a missing actual body is a mismatch.
//!
//! Which comparison a body gets follows the expected body's content type, or, when the
//! pact gives none, what its bytes look like (`content_type`): JSON walks, XML walks, form
//! parameters, multipart parts, text, or bytes. A `contentType` rule at `$` replaces all
//! of that with a check of what the actual bytes are (by their magic numbers). JSON in the
//! Kafka schema registry's wire format is compared after its 5-byte header
//! (`content_type::schema_registry_json`).

use std::borrow::Cow;

use serde_json::Value;

use crate::model::{Body, DocPath, MatchingRule};

use super::content_type::{BodyKind, detect_mime, essence, kind_of, schema_registry_json};
use super::json::match_json;
use super::mismatch::text;
use super::rules::{Rules, UnexpectedKeys};
use super::value_text::render;
use super::values::{RuleFailure, Source, apply_list};
use super::{
    BytesSummary, Mismatch, MismatchKind, Reason, binary, form, multipart, rule_targets, xml,
};

/// Compares `actual` with `expected` under the body rules; `what` names the body in
/// messages ("request body").
pub(crate) fn match_body(
    expected: &Body,
    actual: &Body,
    rules: Rules<'_>,
    unexpected_keys: UnexpectedKeys,
    what: &'static str,
) -> Vec<Mismatch> {
    if expected.is_missing() {
        return Vec::new();
    }
    if is_empty(actual) {
        if is_empty(expected) {
            return Vec::new();
        }
        // Rules on binary contents as a whole say what an empty body means (`notEmpty`
        // refuses it, `type` accepts it).
        if is_binary(expected) && rules.own(&DocPath::root()).is_some() {
            return match_binary(expected, actual, rules, what);
        }
        let description = format!(
            "expected a {what} ({}) but none was received",
            describe(expected)
        );
        return vec![root(MismatchKind::Body, description).expected(text(describe(expected)))];
    }
    if let Some(wanted) = content_type_rule(rules) {
        return match_content_type(wanted, actual, what);
    }
    if let Body::Json { value, .. } = expected {
        let mut mismatches = rule_targets::split_key_rules(value, rules, what);
        let decoded = schema_registry_json(expected, actual);
        mismatches.extend(match decoded.as_ref().map(Result::as_ref) {
            Some(Ok(payload)) => match_json(value, payload, rules, unexpected_keys, what),
            Some(Err(reason)) => vec![
                Mismatch::described(MismatchKind::BodyType, "$", format!("{what}: {reason}"))
                    .expected(text(describe(expected)))
                    .actual(text(describe(actual))),
            ],
            None => match actual_as_json(actual) {
                Some(actual_value) => {
                    match_json(value, &actual_value, rules, unexpected_keys, what)
                }
                None => vec![not_json(expected, actual, what)],
            },
        });
        return mismatches;
    }
    let kind = kind_of(expected);
    if kind == BodyKind::Multipart {
        return multipart::match_multipart(
            expected,
            actual,
            rules,
            unexpected_keys,
            what,
            match_body,
        );
    }
    let Some(text) = text_of(expected) else {
        return match_binary(expected, actual, rules, what);
    };
    // A text expectation that is JSON (a pact written without a content type) is still
    // compared as JSON when the actual body is JSON.
    if let Body::Json { value, .. } = actual
        && let Ok(expected_value) = serde_json::from_str::<Value>(&text)
    {
        return match_json(&expected_value, value, rules, unexpected_keys, what);
    }
    let Some(actual_text) = actual_as_text(actual) else {
        return vec![type_mismatch(expected, actual, what)];
    };
    match kind {
        BodyKind::Xml => xml::match_xml(&text, &actual_text, rules, unexpected_keys, what),
        BodyKind::Form => form::match_form(&text, &actual_text, rules, unexpected_keys, what),
        BodyKind::Binary if matches!(expected, Body::Binary { .. }) => {
            match_binary(expected, actual, rules, what)
        }
        _ => match_text(&text, &actual_text, rules, what),
    }
}

/// The expected body as text, when it is text (binary bodies that are valid UTF-8 count).
fn text_of(body: &Body) -> Option<String> {
    match body {
        Body::Text { text, .. } => Some(text.clone()),
        Body::Binary { bytes, .. } => String::from_utf8(bytes.clone()).ok(),
        Body::Json { .. } | Body::Missing => None,
    }
}

/// True for an expectation of binary contents (an image, a PDF): bytes that are not UTF-8
/// text, or that no content type or magic number says are text. The bodies that
/// [`match_body`] compares with [`match_binary`].
fn is_binary(expected: &Body) -> bool {
    matches!(expected, Body::Binary { .. })
        && (text_of(expected).is_none() || kind_of(expected) == BodyKind::Binary)
}

/// Binary contents: the rules at `$` when there are some (see [`binary`]), else the bytes
/// must be the same.
fn match_binary(expected: &Body, actual: &Body, rules: Rules<'_>, what: &str) -> Vec<Mismatch> {
    let Some(list) = rules.own(&DocPath::root()) else {
        return match_bytes(expected, actual, what);
    };
    match binary::apply_to_bytes(list, &expected.to_bytes(), &actual.to_bytes()) {
        Ok(()) => Vec::new(),
        Err(description) => vec![
            root(MismatchKind::Body, format!("{what}: {description}"))
                .expected(text(describe(expected)))
                .actual(text(binary::leading_bytes(&actual.to_bytes()))),
        ],
    }
}

fn match_bytes(expected: &Body, actual: &Body, what: &str) -> Vec<Mismatch> {
    if expected.to_bytes() == actual.to_bytes() {
        return Vec::new();
    }
    let (expected_bytes, actual_bytes) = (expected.to_bytes(), actual.to_bytes());
    let reason = Reason::Bytes {
        what: what.to_owned(),
        expected: BytesSummary::new(expected.content_type(), &expected_bytes),
        actual: BytesSummary::new(actual.content_type(), &actual_bytes),
    };
    vec![
        Mismatch::new(MismatchKind::Body, "$", reason)
            .expected(text(describe(expected)))
            .actual(text(describe(actual))),
    ]
}

/// The content type a `contentType` rule at `$` asks for.
fn content_type_rule<'r>(rules: Rules<'r>) -> Option<&'r str> {
    rules
        .own(&DocPath::root())?
        .rules
        .iter()
        .find_map(|rule| match rule {
            MatchingRule::ContentType(content_type) => Some(content_type.as_str()),
            _ => None,
        })
}

/// Under a `contentType` rule the bytes may differ; what they are must not.
fn match_content_type(wanted: &str, actual: &Body, what: &str) -> Vec<Mismatch> {
    let detected = detect_mime(&actual.to_bytes());
    if essence(wanted) == essence(&detected) {
        return Vec::new();
    }
    let reason = Reason::ContentType {
        what: what.to_owned(),
        expected: wanted.to_owned(),
        detected: detected.clone(),
    };
    let rule = MatchingRule::ContentType(wanted.to_owned());
    vec![
        Mismatch::new(MismatchKind::BodyType, "$", reason)
            .expected(text(wanted))
            .actual(text(detected))
            .rule(Some(rule)),
    ]
}

/// True for a body that has no bytes on the wire (or is JSON `null`).
fn is_empty(body: &Body) -> bool {
    match body {
        Body::Missing => true,
        Body::Json { value, .. } => value.is_null(),
        Body::Text { text, .. } => text.is_empty(),
        Body::Binary { bytes, .. } => bytes.is_empty(),
    }
}

/// The actual body as JSON: borrowed when it already is JSON (a large body would otherwise
/// be copied on every comparison), parsed when it arrived as text or bytes.
fn actual_as_json(actual: &Body) -> Option<Cow<'_, Value>> {
    match actual {
        Body::Json { value, .. } => Some(Cow::Borrowed(value)),
        Body::Text { text, .. } => serde_json::from_str(text).ok().map(Cow::Owned),
        Body::Binary { bytes, .. } => serde_json::from_slice(bytes).ok().map(Cow::Owned),
        Body::Missing => None,
    }
}

fn actual_as_text(actual: &Body) -> Option<String> {
    match actual {
        Body::Text { text, .. } => Some(text.clone()),
        Body::Json { value, .. } => Some(value.to_string()),
        Body::Binary { bytes, .. } => String::from_utf8(bytes.clone()).ok(),
        Body::Missing => None,
    }
}

fn match_text(expected: &str, actual: &str, rules: Rules<'_>, what: &str) -> Vec<Mismatch> {
    let expected_value = Value::String(expected.to_owned());
    let actual_value = Value::String(actual.to_owned());
    let outcome = match rules.own(&DocPath::root()) {
        Some(list) => apply_list(list, &expected_value, &actual_value, Source::Text),
        None if expected == actual => Ok(()),
        None => Err(RuleFailure {
            rule: None,
            description: format!(
                "expected {} but received {}",
                render(&expected_value),
                render(&actual_value)
            ),
        }),
    };
    match outcome {
        Ok(()) => Vec::new(),
        Err(failure) => vec![
            root(
                MismatchKind::Body,
                format!("{what}: {}", failure.description),
            )
            .expected(expected_value)
            .actual(actual_value)
            .rule(failure.rule),
        ],
    }
}

/// A JSON expectation met by a body that does not parse as JSON. When the body claims to
/// be JSON, the parser's complaint (line and column) is what the reader needs, not the
/// kind of body it was read as.
fn not_json(expected: &Body, actual: &Body, what: &str) -> Mismatch {
    let claims_json = actual
        .content_type()
        .is_some_and(|content_type| content_type.to_ascii_lowercase().contains("json"));
    let parse_error = match actual {
        Body::Text { text, .. } => serde_json::from_str::<Value>(text).err(),
        Body::Binary { bytes, .. } => serde_json::from_slice::<Value>(bytes).err(),
        Body::Json { .. } | Body::Missing => None,
    };
    match parse_error {
        Some(error) if claims_json => root(
            MismatchKind::BodyType,
            format!(
                "expected the {what} to be JSON, but it is not valid JSON ({error}) although \
                 its content type is {}",
                actual.content_type().unwrap_or_default()
            ),
        )
        .expected(text(describe(expected)))
        .actual(text(describe(actual))),
        _ => type_mismatch(expected, actual, what),
    }
}

fn type_mismatch(expected: &Body, actual: &Body, what: &str) -> Mismatch {
    let description = format!(
        "expected the {what} to be {} but received {}",
        describe(expected),
        describe(actual)
    );
    root(MismatchKind::BodyType, description)
        .expected(text(describe(expected)))
        .actual(text(describe(actual)))
}

/// A mismatch about the body as a whole, whose description names the body.
fn root(kind: MismatchKind, description: String) -> Mismatch {
    Mismatch::described(kind, "$", description)
}

/// A short description of a body's kind and content type ("JSON (application/json)").
fn describe(body: &Body) -> String {
    let kind = match body {
        Body::Missing => return "no body".to_owned(),
        Body::Json { .. } => "JSON".to_owned(),
        Body::Text { .. } => "text".to_owned(),
        Body::Binary { bytes, .. } => format!("{} bytes", bytes.len()),
    };
    match body.content_type() {
        Some(content_type) => format!("{kind} ({content_type})"),
        None => kind,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::content_type::fixture;
    use super::*;

    fn text(text: &str) -> Body {
        Body::Text {
            text: text.to_owned(),
            content_type: Some("text/plain".to_owned()),
        }
    }

    fn compare(expected: &Body, actual: &Body) -> Vec<Mismatch> {
        match_body(
            expected,
            actual,
            Rules::default(),
            UnexpectedKeys::Allow,
            "response body",
        )
    }

    /// `json` behind a schema registry header with schema id `id`.
    fn registry(id: u8, json: &str) -> Body {
        let mut bytes = vec![0, 0, 0, 0, id];
        bytes.extend_from_slice(json.as_bytes());
        Body::from_bytes(&bytes, Some("application/vnd.schemaregistry.v1+json"))
    }

    #[test]
    fn schema_registry_json_is_compared_after_its_header() {
        let expected = Body::from_bytes(
            br#"{"one": "a", "two": "b"}"#,
            Some("application/vnd.schemaregistry.v1+json"),
        );

        assert!(compare(&expected, &registry(2, r#"{"one": "a","two": "b"}"#)).is_empty());
        assert!(compare(&expected, &registry(7, r#"{"two": "b", "one": "a"}"#)).is_empty());
        let wrong = compare(&expected, &registry(2, r#"{"one": "a", "two": "c"}"#));
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert_eq!(wrong[0].path, "$.two");
        assert_eq!(wrong[0].kind, MismatchKind::Body);
    }

    #[test]
    fn schema_registry_json_keeps_the_rules_of_the_json_inside() {
        let expected = Body::from_bytes(
            br#"{"id": 1}"#,
            Some("application/vnd.schemaregistry.v1+json"),
        );
        let mut rules = crate::model::MatchingRules::new();
        rules.add(
            crate::model::Category::Body,
            "$.id".parse().expect("valid path"),
            MatchingRule::Integer,
        );
        let compare_with_rules = |actual: &Body| {
            match_body(
                &expected,
                actual,
                Rules::new(rules.category(crate::model::Category::Body)),
                UnexpectedKeys::Allow,
                "message contents",
            )
        };

        assert!(compare_with_rules(&registry(1, r#"{"id": 99}"#)).is_empty());
        assert_eq!(compare_with_rules(&registry(1, r#"{"id": "99"}"#)).len(), 1);
    }

    #[test]
    fn schema_registry_contents_without_the_header_are_a_body_type_mismatch() {
        let expected = Body::from_bytes(
            br#"{"one": "a"}"#,
            Some("application/vnd.schemaregistry.v1+json"),
        );
        let plain = Body::from_bytes(
            br#"{"one": "a"}"#,
            Some("application/vnd.schemaregistry.v1+json"),
        );
        let mut bad_magic = vec![3, 0, 0, 0, 1];
        bad_magic.extend_from_slice(br#"{"one": "a"}"#);
        let bad_magic =
            Body::from_bytes(&bad_magic, Some("application/vnd.schemaregistry.v1+json"));

        for actual in [plain, bad_magic] {
            let found = compare(&expected, &actual);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].kind, MismatchKind::BodyType);
            assert!(
                found[0]
                    .message()
                    .starts_with("response body: the body has no schema registry header"),
                "{}",
                found[0].message()
            );
        }
    }

    #[test]
    fn no_expected_body_accepts_anything() {
        assert!(compare(&Body::Missing, &Body::json(json!({"a": 1}))).is_empty());
    }

    #[test]
    fn an_expected_null_body_accepts_a_missing_one_but_not_an_object() {
        let null = Body::json(Value::Null);
        assert!(compare(&null, &Body::Missing).is_empty());
        assert_eq!(compare(&null, &Body::json(json!({"a": 1}))).len(), 1);
    }

    #[test]
    fn a_body_claiming_json_that_does_not_parse_names_the_parse_error() {
        let broken = Body::Text {
            text: "{\"id\": 1,".to_owned(),
            content_type: Some("application/json".to_owned()),
        };

        let mismatches = compare(&Body::json(json!({"id": 1})), &broken);

        assert_eq!(mismatches.len(), 1);
        assert_eq!(mismatches[0].kind, MismatchKind::BodyType);
        assert_eq!(
            mismatches[0].message(),
            "expected the response body to be JSON, but it is not valid JSON (EOF while \
             parsing a value at line 1 column 9) although its content type is \
             application/json"
        );
    }

    #[test]
    fn plain_text_where_json_was_expected_is_a_body_type_mismatch() {
        let mismatches = compare(&Body::json(json!({"id": 1})), &text("hello"));

        assert_eq!(mismatches.len(), 1);
        assert_eq!(
            mismatches[0].message(),
            "expected the response body to be JSON (application/json) but received text \
             (text/plain)"
        );
    }

    #[test]
    fn a_missing_body_where_one_was_expected_is_a_mismatch() {
        let mismatches = compare(&text("alligator named mary"), &Body::Missing);
        assert_eq!(mismatches.len(), 1);
        assert_eq!(
            mismatches[0].message(),
            "expected a response body (text (text/plain)) but none was received"
        );
    }

    #[test]
    fn text_bodies_compare_as_strings() {
        assert!(compare(&text("mary"), &text("mary")).is_empty());
        let mismatches = compare(&text("mary"), &text("fred"));
        assert_eq!(
            mismatches[0].message(),
            r#"response body: expected "mary" but received "fred""#
        );
    }

    #[test]
    fn a_json_expectation_against_non_json_text_is_a_body_type_mismatch() {
        let mismatches = compare(&Body::json(json!({"a": 1})), &text("hello"));
        assert_eq!(mismatches[0].kind, MismatchKind::BodyType);
    }

    fn binary(bytes: Vec<u8>) -> Body {
        Body::Binary {
            bytes,
            content_type: Some("application/octet-stream".to_owned()),
        }
    }

    fn untyped(text: &str) -> Body {
        Body::Text {
            text: text.to_owned(),
            content_type: None,
        }
    }

    #[test]
    fn xml_without_a_content_type_is_recognised_and_compared_as_xml() {
        let expected = untyped(r#"<?xml version="1.0"?><a x="1" y="2"/>"#);
        assert!(compare(&expected, &untyped(r#"<a y="2" x="1"/>"#)).is_empty());
        let mismatches = compare(&expected, &untyped(r#"<a y="2" x="3"/>"#));
        assert_eq!(mismatches[0].path, "$.a.@x");
    }

    #[test]
    fn text_that_only_looks_like_xml_is_compared_as_text() {
        assert!(compare(&untyped("<not xml"), &untyped("<not xml")).is_empty());
        assert_eq!(
            compare(&untyped("<not xml"), &untyped("<not  xml")).len(),
            1
        );
    }

    #[test]
    fn a_declared_xml_body_that_does_not_parse_is_a_mismatch() {
        let xml = |text: &str| Body::Text {
            text: text.to_owned(),
            content_type: Some("application/xml".to_owned()),
        };
        let mismatches = compare(&xml("<a/>"), &xml("<a>"));
        assert!(
            mismatches[0]
                .message()
                .starts_with("the actual response body is not valid XML"),
            "{mismatches:?}"
        );
    }

    #[test]
    fn form_bodies_compare_decoded_parameters() {
        let form = |text: &str| Body::Text {
            text: text.to_owned(),
            content_type: Some("application/x-www-form-urlencoded".to_owned()),
        };
        assert!(compare(&form("a=1&q=x+y"), &form("q=x%20y&a=1")).is_empty());
        assert_eq!(compare(&form("a=1"), &form("a=2"))[0].path, "$.a");
    }

    #[test]
    fn a_content_type_rule_compares_what_the_bytes_are() {
        let mut all = crate::model::MatchingRules::new();
        all.add(
            crate::model::Category::Body,
            DocPath::root(),
            MatchingRule::ContentType("image/jpeg".into()),
        );
        let rules = Rules::new(all.category(crate::model::Category::Body));
        let expected = binary(fixture("rat.jpg"));
        let check = |actual: &Body| {
            match_body(
                &expected,
                actual,
                rules,
                UnexpectedKeys::Reject,
                "request body",
            )
        };
        assert!(check(&binary(fixture("spider.jpg"))).is_empty());
        let mismatches = check(&binary(fixture("sample.pdf")));
        assert_eq!(
            mismatches[0].message(),
            "expected the request body to have content type 'image/jpeg' but its contents were detected as 'application/pdf'"
        );
        // Without the rule, two different images are different bodies.
        assert_eq!(compare(&expected, &binary(fixture("spider.jpg"))).len(), 1);
    }

    #[test]
    fn binary_bodies_compare_bytes() {
        let bytes = |b: &[u8]| Body::Binary {
            bytes: b.to_vec(),
            content_type: Some("application/octet-stream".to_owned()),
        };
        assert!(compare(&bytes(&[0, 159]), &bytes(&[0, 159])).is_empty());
        assert_eq!(compare(&bytes(&[0, 159]), &bytes(&[1, 159])).len(), 1);
    }

    /// Compares under the one body rule `rule` at `path`.
    fn compare_under(
        path: DocPath,
        rule: MatchingRule,
        expected: &Body,
        actual: &Body,
    ) -> Vec<Mismatch> {
        let mut all = crate::model::MatchingRules::new();
        all.add(crate::model::Category::Body, path, rule);
        let rules = Rules::new(all.category(crate::model::Category::Body));
        match_body(
            expected,
            actual,
            rules,
            UnexpectedKeys::Reject,
            "request body",
        )
    }

    #[test]
    fn a_not_empty_rule_on_binary_contents_accepts_other_bytes() {
        let expected = binary(fixture("rat.jpg"));
        for actual in [
            binary(fixture("spider.jpg")),
            binary(fixture("sample.pdf")),
            binary(vec![0]),
        ] {
            let mismatches =
                compare_under(DocPath::root(), MatchingRule::NotEmpty, &expected, &actual);
            assert!(mismatches.is_empty(), "{mismatches:?}");
        }
    }

    #[test]
    fn a_not_empty_rule_on_binary_contents_refuses_an_empty_body_as_empty_not_missing() {
        let expected = binary(fixture("rat.jpg"));
        let empty_jpeg = Body::Binary {
            bytes: Vec::new(),
            content_type: Some("image/jpeg".to_owned()),
        };
        for actual in [empty_jpeg, binary(Vec::new()), Body::Missing] {
            let mismatches =
                compare_under(DocPath::root(), MatchingRule::NotEmpty, &expected, &actual);
            assert_eq!(mismatches.len(), 1, "{actual:?}");
            assert_eq!(mismatches[0].path, "$");
            assert_eq!(
                mismatches[0].message(),
                "request body: expected non-empty contents, found 0 bytes"
            );
        }
    }

    #[test]
    fn size_and_type_rules_apply_to_binary_contents_as_a_whole() {
        let expected = binary(fixture("rat.jpg"));
        let spider = binary(fixture("spider.jpg"));
        assert!(compare_under(DocPath::root(), MatchingRule::Type, &expected, &spider).is_empty());
        assert!(
            compare_under(
                DocPath::root(),
                MatchingRule::Type,
                &expected,
                &Body::Missing
            )
            .is_empty()
        );
        let too_big = compare_under(
            DocPath::root(),
            MatchingRule::MaxType(10),
            &expected,
            &spider,
        );
        assert_eq!(too_big.len(), 1);
        assert!(
            too_big[0].message().contains("at most 10 bytes"),
            "{too_big:?}"
        );
    }

    #[test]
    fn a_rule_below_the_root_leaves_binary_contents_compared_byte_for_byte() {
        let expected = binary(fixture("rat.jpg"));
        let spider = binary(fixture("spider.jpg"));
        let path = DocPath::root().join_field("a");
        assert_eq!(
            compare_under(path.clone(), MatchingRule::NotEmpty, &expected, &spider).len(),
            1
        );
        let missing = compare_under(path, MatchingRule::NotEmpty, &expected, &Body::Missing);
        assert!(
            missing[0].message().contains("none was received"),
            "{missing:?}"
        );
    }
}
