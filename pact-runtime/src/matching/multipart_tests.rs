use super::*;

fn form_data(boundary: &str, kind: &str) -> Body {
    let text = format!(
        "--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
         Content-Type: text/plain\r\n\
         \r\n\
         hello\r\n\
         --{boundary}\r\n\
         Content-Disposition: form-data; name=\"kind\"\r\n\
         \r\n\
         {kind}\r\n\
         --{boundary}--\r\n"
    );
    Body::Text {
        text,
        content_type: Some(format!("multipart/form-data; boundary={boundary}")),
    }
}

fn compare(expected: &Body, actual: &Body, unexpected: UnexpectedKeys) -> Vec<String> {
    match_multipart(
        expected,
        actual,
        Rules::default(),
        unexpected,
        "request body",
        super::super::body::match_body,
    )
    .into_iter()
    .map(|m| m.message())
    .collect()
}

#[test]
fn parts_framed_by_different_boundaries_match_fc_08() {
    let messages = compare(
        &form_data("AAA", "doc"),
        &form_data("ZZZ", "doc"),
        UnexpectedKeys::Reject,
    );
    assert!(messages.is_empty(), "{messages:?}");
}

#[test]
fn a_different_field_value_is_reported_at_the_part_name() {
    let mismatches = match_multipart(
        &form_data("AAA", "doc"),
        &form_data("ZZZ", "image"),
        Rules::default(),
        UnexpectedKeys::Reject,
        "request body",
        super::super::body::match_body,
    );
    assert_eq!(mismatches.len(), 1);
    assert_eq!(mismatches[0].path, "$.kind");
    assert_eq!(
        mismatches[0].message(),
        r#"$.kind: part: multipart part: expected "doc" but received "image""#
    );
}

#[test]
fn parts_are_found_by_name_in_any_order() {
    let actual = Body::Text {
        text: "--B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndoc\r\n\
               --B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.txt\"\r\n\
               Content-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n--B--"
            .to_owned(),
        content_type: Some("multipart/form-data; boundary=B".to_owned()),
    };
    let messages = compare(&form_data("AAA", "doc"), &actual, UnexpectedKeys::Reject);
    assert!(messages.is_empty(), "{messages:?}");
}

#[test]
fn a_part_content_type_must_agree() {
    let actual = Body::Text {
        text: "--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\
               Content-Type: application/json\r\n\r\nhello\r\n\
               --B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndoc\r\n--B--"
            .to_owned(),
        content_type: Some("multipart/form-data; boundary=B".to_owned()),
    };
    let messages = compare(&form_data("AAA", "doc"), &actual, UnexpectedKeys::Reject);
    assert_eq!(
        messages,
        [
            "$.file: part: expected header 'Content-Type' to be 'text/plain' but was 'application/json'"
        ]
    );
}

#[test]
fn missing_parts_fail_and_extra_parts_fail_only_requests() {
    let one_part = Body::Text {
        text: "--B\nContent-Disposition: form-data; name=\"kind\"\n\ndoc\n--B--\n".to_owned(),
        content_type: Some("multipart/form-data; boundary=B".to_owned()),
    };
    assert_eq!(
        compare(&form_data("AAA", "doc"), &one_part, UnexpectedKeys::Allow),
        ["$.file: expected part 'file' but it was missing"]
    );
    assert!(compare(&one_part, &form_data("AAA", "doc"), UnexpectedKeys::Allow).is_empty());
    assert_eq!(
        compare(&one_part, &form_data("AAA", "doc"), UnexpectedKeys::Reject),
        ["$.file: unexpected part 'file' in request body"]
    );
}

#[test]
fn unnamed_parts_compare_by_position_with_base64_undone() {
    let mixed = |payload: &str| Body::Text {
        text: format!(
            "--gc0p\r\nContent-Type: text/plain\r\n\r\nThis is the body.\r\n\
             --gc0p\r\nContent-Type: application/octet-stream\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{payload}\r\n--gc0p--\r\n"
        ),
        content_type: Some("multipart/mixed; boundary=gc0p".to_owned()),
    };
    // "aGVsbG8=" and "aGVs\r\nbG8=" are both "hello".
    assert!(
        compare(
            &mixed("aGVsbG8="),
            &mixed("aGVs\r\nbG8="),
            UnexpectedKeys::Reject
        )
        .is_empty()
    );
    let messages = compare(
        &mixed("aGVsbG8="),
        &mixed("d29ybGQ="),
        UnexpectedKeys::Reject,
    );
    assert_eq!(messages.len(), 1);
    // Declared octets compare as octets, shown by size and first bytes.
    assert_eq!(
        messages,
        [
            "$[1]: expected the part [application/octet-stream, 5 bytes, starting with 68656c6c6f] \
          but received [application/octet-stream, 5 bytes, starting with 776f726c64]"
        ]
    );
}

#[test]
fn a_body_without_its_closing_boundary_is_a_mismatch_not_a_panic() {
    let broken = Body::Text {
        text: "--B\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndoc".to_owned(),
        content_type: Some("multipart/form-data; boundary=B".to_owned()),
    };
    assert_eq!(
        compare(&form_data("AAA", "doc"), &broken, UnexpectedKeys::Reject),
        [
            "the actual request body is not a valid multipart body: the body ends without the closing boundary `--B--`"
        ]
    );
}

#[test]
fn the_boundary_is_read_from_the_body_when_the_content_type_has_none() {
    let parts = split(
        b"\r\n--xyz\r\nContent-Type: text/plain\r\n\r\nhi\r\n--xyz--",
        None,
    )
    .expect("a valid body");
    assert_eq!(
        parts,
        [Part {
            headers: vec![("Content-Type".to_owned(), "text/plain".to_owned())],
            name: None,
            body: b"hi".to_vec(),
        }]
    );
}

#[test]
fn content_type_headers_ignore_the_boundary_of_multipart_types_only() {
    let headers =
        |value: &str| Headers::from([("Content-Type".to_owned(), vec![value.to_owned()])]);
    let compare = |expected: &str, actual: &str| {
        match_headers(&headers(expected), &headers(actual), &MatchingRules::new()).len()
    };
    assert_eq!(
        compare(
            "multipart/form-data; boundary=AAA",
            "multipart/form-data; boundary=ZZZ"
        ),
        0
    );
    assert_eq!(
        compare("text/plain; boundary=AAA", "text/plain; boundary=ZZZ"),
        1
    );
}
