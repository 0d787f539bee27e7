use serde_json::{Value, json};

use super::*;

fn reprinted(text: &str) -> String {
    let node = parse(text).unwrap_or_else(|| panic!("parses: {text}"));
    let mut out = String::new();
    print(&node, 0, &mut out);
    out
}

fn serde_pretty(text: &str) -> String {
    let value: Value = serde_json::from_str(text).expect("JSON");
    serde_json::to_string_pretty(&value).expect("prints")
}

#[test]
fn numbers_are_kept_as_spelled() {
    for number in [
        "123456789012345678901234567890",
        "-98765432109876543210987654321",
        "1e3",
        "1E+3",
        "2.5e-7",
        "1.50",
        "0.10",
        "100.000",
        "-0",
        "-0.0",
        "18446744073709551616",
        "3.141592653589793238462643383279",
    ] {
        let text = format!(r#"{{"n": {number}, "list": [{number}, {{"deep": {number}}}]}}"#);
        let expected = format!(
            "{{\n  \"list\": [\n    {number},\n    {{\n      \"deep\": {number}\n    }}\n  ],\n  \"n\": {number}\n}}"
        );
        assert_eq!(reprinted(&text), expected, "{number}");
    }
}

#[test]
fn strings_are_kept_with_their_escapes() {
    for string in [
        r#""caf\u00e9""#,
        r#""café""#,
        r#""\ud83d\ude00 and 😀""#,
        r#""a\/b""#,
        r#""tab\there \"quoted\" back\\slash""#,
        r#""\u0041\u0042""#,
    ] {
        let text = format!(r#"[{string}, {{"k": {string}}}]"#);
        let expected = format!("[\n  {string},\n  {{\n    \"k\": {string}\n  }}\n]");
        assert_eq!(reprinted(&text), expected, "{string}");
    }
}

#[test]
fn object_members_are_ordered_and_deduplicated_as_serde_json_orders_them() {
    // Where no token differs, the text is exactly serde_json's pretty text of its value.
    for text in [
        r#"{"b": 1, "a": 2, "B": 3, "_": 4, "aa": 5, "a0": 6}"#,
        r#"{"é": 1, "e": 2, "z": 3, "Z": 4, "ß": 5}"#,
        r#"{"x": 1, "y": 2, "x": 3}"#,
        r#"{"dup": {"inner": 1}, "other": true, "dup": [null, false]}"#,
        r#"{"z": {"b": [], "a": {}}, "a": [{"d": 1, "c": 2}, []], "m": null}"#,
        "{}",
        "[]",
        r#"[[], {}, [[]], {"a": {}}]"#,
        " \r\n\t{ \"spaced\" :\n[ 1 ,2 ] } \n",
    ] {
        assert_eq!(reprinted(text), serde_pretty(text), "{text}");
    }
}

#[test]
fn escaped_keys_sort_by_what_they_decode_to_and_keep_their_spelling() {
    assert_eq!(
        reprinted(r#"{"b": 1, "\u0061": 2, "c": 3}"#),
        "{\n  \"\\u0061\": 2,\n  \"b\": 1,\n  \"c\": 3\n}"
    );
    // The escaped spelling and the plain one are the same key: the last wins.
    assert_eq!(
        reprinted(r#"{"a": 1, "\u0061": 2}"#),
        "{\n  \"\\u0061\": 2\n}"
    );
    assert_eq!(
        reprinted(r#"{"\u00e9": 1, "f": 2, "e": 3}"#),
        "{\n  \"e\": 3,\n  \"f\": 2,\n  \"\\u00e9\": 1\n}"
    );
}

#[test]
fn what_serde_json_printed_is_printed_again_byte_for_byte_at_any_depth() {
    let values = [
        json!({"consumer": {"name": "c"}, "interactions": [{"description": "d", "n": 1.5}]}),
        json!([1, -2, 3.25, 1e300, "s\n\"t\"", null, true, {"": [{}]}]),
        json!({"a": {"b": {"c": {"d": [1, [2, [3, []]]]}}}}),
        json!("just a string"),
        json!(-0.0),
    ];
    for value in values {
        let text = serde_json::to_string_pretty(&value).expect("prints");
        assert_eq!(reprinted(&text), text);
        for depth in 1..4 {
            let node = parse(&text).expect("parses");
            let mut out = String::new();
            print(&node, depth, &mut out);
            assert_eq!(
                out,
                pretty_at(&value, depth).expect("prints"),
                "depth {depth}"
            );
        }
    }
}

#[test]
fn a_document_without_verbatim_parts_is_serde_jsons_pretty_text() {
    for doc in [
        json!({}),
        json!({"interactions": [], "metadata": {}}),
        json!({"b": [1, {"x": [2]}], "a": "z", "interactions": [{"k": [{}]}, 7]}),
        json!([1, 2]),
        json!({"messages": [{"contents": {"deep": {"er": [1.5]}}}], "z": null}),
    ] {
        assert_eq!(
            print_document(&doc, &[]).expect("prints"),
            serde_json::to_string_pretty(&doc).expect("prints"),
            "{doc}"
        );
    }
}

#[test]
fn a_documents_verbatim_interactions_are_printed_from_their_text() {
    let first = parse(r#"{"n": 1.50, "s": "caf\u00e9"}"#).expect("parses");
    let third = parse(r#"{"big": 123456789012345678901234567890}"#).expect("parses");
    let message = parse(r#"{"e": 1e3}"#).expect("parses");
    let doc = json!({
        "consumer": {"name": "c"},
        "interactions": [null, {"new": 2}, null],
        "messages": [null],
        "metadata": {"v": 1},
    });
    let printed = print_document(
        &doc,
        &[
            ("interactions", 0, &first),
            ("interactions", 2, &third),
            ("messages", 0, &message),
        ],
    )
    .expect("prints");
    let expected = r#"{
  "consumer": {
    "name": "c"
  },
  "interactions": [
    {
      "n": 1.50,
      "s": "caf\u00e9"
    },
    {
      "new": 2
    },
    {
      "big": 123456789012345678901234567890
    }
  ],
  "messages": [
    {
      "e": 1e3
    }
  ],
  "metadata": {
    "v": 1
  }
}"#;
    assert_eq!(printed, expected);
}

#[test]
fn text_that_is_not_one_json_value_is_refused_without_panicking() {
    let too_deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    for text in [
        "",
        "   ",
        "{",
        "[1, 2",
        r#"{"a" 1}"#,
        r#"{"a": 1,}"#,
        r#"{1: 2}"#,
        "[1] [2]",
        r#""unterminated"#,
        r#""ends in a backslash\"#,
        "[1 2]",
        too_deep.as_str(),
    ] {
        assert_eq!(parse(text), None, "{text:?}");
    }
}

#[test]
fn a_byte_order_mark_is_skipped_as_the_reader_skips_it() {
    assert_eq!(reprinted("\u{feff}{\"a\": 1.0}"), "{\n  \"a\": 1.0\n}");
}
