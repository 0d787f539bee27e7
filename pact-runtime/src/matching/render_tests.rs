//! The renderer's sentences, one or more per kind of reason.

use serde_json::json;

use crate::model::{MatchingRule, StatusClass};

use super::super::mismatch::{BytesSummary, Mismatch, MismatchKind, Reason};
use super::*;

#[test]
fn typed_reasons_name_their_subject_without_a_location_prefix() {
    let method = Mismatch::new(MismatchKind::Method, "", Reason::NotEqual)
        .expected(json!("POST"))
        .actual(json!("GET"));
    assert_eq!(sentence(&method), "expected method POST but was GET");
    assert_eq!(location(&method), "method");
    let header = Mismatch::new(MismatchKind::Header, "Accept", Reason::Missing)
        .expected(json!("application/json"));
    assert_eq!(
        sentence(&header),
        "expected header 'Accept' with value 'application/json' but it was missing"
    );
    assert_eq!(location(&header), "header Accept");
    let query = Mismatch::new(MismatchKind::Query, "", Reason::NotEqual)
        .expected(json!("a=1"))
        .actual(json!("a=2"));
    assert_eq!(
        sentence(&query),
        "expected query string 'a=1' but was 'a=2'"
    );
}

#[test]
fn body_reasons_start_with_their_path_and_reports_show_it_in_a_column() {
    let value = Mismatch::new(MismatchKind::Body, "$.name", Reason::NotEqual)
        .expected(json!("Mary"))
        .actual(json!("Fred"));
    assert_eq!(sentence(&value), r#"$.name: expected "Mary", found "Fred""#);
    assert_eq!(explanation(&value), r#"expected "Mary", found "Fred""#);
    let unexpected = Mismatch::new(
        MismatchKind::Body,
        "$['user-id'].x",
        Reason::Unexpected {
            within: "request body".to_owned(),
        },
    )
    .actual(json!(1));
    assert_eq!(
        sentence(&unexpected),
        r#"$['user-id'].x: unexpected key "x" in request body"#
    );
    let described = Mismatch::described(MismatchKind::Body, "$", "request body: differs");
    assert_eq!(sentence(&described), "request body: differs");
    let below = Mismatch::described(MismatchKind::Body, "$.a", "expected an object");
    assert_eq!(sentence(&below), "$.a: expected an object");
    assert_eq!(location(&described), "body");
}

#[test]
fn missing_keys_show_both_key_sets_so_a_renamed_key_is_visible() {
    let mismatch = Mismatch::new(
        MismatchKind::Body,
        "$.name",
        Reason::MissingKeys {
            key: "name".to_owned(),
            expected_keys: vec!["id".to_owned(), "name".to_owned()],
            actual_keys: vec!["id".to_owned(), "fullName".to_owned()],
        },
    )
    .expected(json!("Mary"));
    assert_eq!(
        sentence(&mismatch),
        r#"$.name: missing key "name" (expected "Mary"); expected an object with keys [id, name], found keys [id, fullName]"#
    );
}

#[test]
fn a_status_class_is_named_with_its_range() {
    for (class, words) in [
        (StatusClass::Success, "a successful response (200–299)"),
        (StatusClass::ClientError, "a client error (400–499)"),
        (StatusClass::Codes(vec![200, 204]), "one of 200, 204"),
    ] {
        let rule = MatchingRule::StatusCode(class.clone());
        let mismatch = Mismatch::new(
            MismatchKind::Status,
            "",
            Reason::StatusClass { class, actual: 503 },
        )
        .rule(Some(rule));
        assert_eq!(
            sentence(&mismatch),
            format!("expected status code 503 to be {words}")
        );
    }
}

#[test]
fn bytes_show_type_size_and_first_bytes_in_hex() {
    let long: Vec<u8> = (0..40).collect();
    let reason = Reason::Bytes {
        what: "request body".to_owned(),
        expected: BytesSummary::new(Some("image/jpeg"), &[0xff, 0xd8]),
        actual: BytesSummary::new(None, &long),
    };
    let text = sentence(&Mismatch::new(MismatchKind::Body, "$", reason));
    assert_eq!(
        text,
        "expected the request body [image/jpeg, 2 bytes, starting with ffd8] but received \
         [40 bytes, starting with 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f]"
    );
    let empty = Reason::Bytes {
        what: "message".to_owned(),
        expected: BytesSummary::new(None, b"a"),
        actual: BytesSummary::new(None, b""),
    };
    assert!(sentence(&Mismatch::new(MismatchKind::Body, "$", empty)).ends_with("[0 bytes]"));
}

#[test]
fn lines_align_the_locations_of_several_mismatches() {
    let mismatches = [
        Mismatch::new(MismatchKind::Status, "", Reason::NotEqual)
            .expected(json!(200))
            .actual(json!(404)),
        Mismatch::new(MismatchKind::Body, "$.items[0].id", Reason::NotEqual)
            .expected(json!(1))
            .actual(json!(2)),
    ];
    assert_eq!(
        lines(&mismatches, "  "),
        "  status         expected status 200 but was 404\n  $.items[0].id  expected 1, found 2"
    );
    assert_eq!(lines(&[], "  "), "");
}
