use super::*;

fn error_of(text: &str) -> LoadError {
    parse(text.as_bytes(), "pacts/a-b.json").expect_err("an error")
}

#[test]
fn an_empty_or_blank_file_is_an_empty_file() {
    for text in ["", " ", "\n\t \r\n", "\u{feff}", "\u{feff}  \n"] {
        let error = error_of(text);

        assert!(
            matches!(error, LoadError::Empty { .. }),
            "{text:?}: {error:?}"
        );
        assert!(
            error.to_string().starts_with("pacts/a-b.json: empty file"),
            "{error}"
        );
    }
}

#[test]
fn an_unpaired_surrogate_names_its_json_path_line_and_column() {
    let cases = [
        (r#"{"a": "\ud800"}"#, "a", r"\ud800", 1, 8),
        (r#"{"a": "x\udc00y"}"#, "a", r"\udc00", 1, 9),
        (
            "{\"interactions\": [\n  {\"description\": \"ok \\ud83d\\ude00\"},\n  {\"description\": \"bad \\uD83D!\"}\n]}",
            "interactions[1].description",
            r"\uD83D",
            3,
            24,
        ),
        // A high surrogate followed by another high one is as unpaired as one alone.
        (r#"[1, ["\ud800\ud800"]]"#, "[1][0]", r"\ud800", 1, 7),
        // In a key: the path is the object's.
        (r#"{"h": {"\udfff": 1}}"#, "h", r"\udfff", 1, 9),
    ];
    for (text, at, escape, line, column) in cases {
        let error = error_of(text);

        let LoadError::UnpairedSurrogate {
            at: found_at,
            escape: found_escape,
            line: found_line,
            column: found_column,
            ..
        } = &error
        else {
            panic!("{text}: {error:?}");
        };
        assert_eq!(
            (
                found_at.as_str(),
                found_escape.as_str(),
                *found_line,
                *found_column
            ),
            (at, escape, line, column),
            "{text}"
        );
        assert!(error.to_string().contains("unpaired surrogate"), "{error}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("pacts/a-b.json: {at}: ")),
            "{error}"
        );
    }
}

#[test]
fn a_surrogate_pair_is_text() {
    let value = parse(r#"{"a": "\ud83d\ude00"}"#.as_bytes(), "x").expect("valid JSON");

    assert_eq!(value["a"], "😀");
}

#[test]
fn truncated_json_names_the_end_and_what_was_open() {
    let cases = [
        ("{", "$"),
        ("{\"interactions\": [", "interactions"),
        (
            "{\"interactions\": [{\"request\": {\"method\": \"GET\"",
            "interactions[0].request.method",
        ),
        (
            "{\"interactions\": [{}, {\"description\": \"cut",
            "interactions[1].description",
        ),
        ("[1, 2, [3", "[2][0]"),
        ("[1, 2, [", "[2]"),
    ];
    for (text, at) in cases {
        let error = error_of(text);

        let LoadError::Truncated {
            at: found, line, ..
        } = &error
        else {
            panic!("{text}: {error:?}");
        };
        assert_eq!((found.as_str(), *line), (at, 1), "{text}");
        let message = error.to_string();
        assert!(
            message.contains("truncated JSON: unexpected end"),
            "{message}"
        );
        assert!(message.contains("line 1 column"), "{message}");
    }
}

#[test]
fn other_syntax_errors_keep_serde_json_words_and_add_the_path() {
    let cases = [
        ("{\"consumer\": {\"name\": x}}", "consumer.name"),
        ("{\"interactions\": [1 2]}", "interactions[0]"),
        ("{\"a\": 1} trailing", "$"),
    ];
    for (text, at) in cases {
        let error = error_of(text);

        let LoadError::Json { at: found, .. } = &error else {
            panic!("{text}: {error:?}");
        };
        assert_eq!(found, at, "{text}");
        assert!(error.to_string().contains("line 1 column"), "{error}");
    }
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let value = parse(b"\xEF\xBB\xBF{\"a\": 1}", "x").expect("valid JSON");

    assert_eq!(value["a"], 1);
}

/// `text` encoded as UTF-16 or UTF-32 in the given byte order, with `mark` before it.
fn encoded(text: &str, unit: usize, big_endian: bool, mark: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let chars = mark.then_some('\u{feff}').into_iter().chain(text.chars());
    for c in chars {
        let units: Vec<u32> = if unit == 2 {
            let mut buf = [0u16; 2];
            c.encode_utf16(&mut buf)
                .iter()
                .map(|u| u32::from(*u))
                .collect()
        } else {
            vec![u32::from(c)]
        };
        for u in units {
            let bytes = u.to_be_bytes();
            let bytes = &bytes[4 - unit..];
            if big_endian {
                out.extend_from_slice(bytes);
            } else {
                out.extend(bytes.iter().rev());
            }
        }
    }
    out
}

#[test]
fn utf16_and_utf32_files_with_or_without_a_mark_are_named_by_their_encoding() {
    let pacts = [
        "{\"consumer\": {\"name\": \"é\"}}",
        "  \n{\"a\": 1}",
        "[1, 2]",
        "{}",
    ];
    for text in pacts {
        for (unit, big_endian, name) in [
            (2, false, "UTF-16LE"),
            (2, true, "UTF-16BE"),
            (4, false, "UTF-32LE"),
            (4, true, "UTF-32BE"),
        ] {
            for mark in [true, false] {
                let bytes = encoded(text, unit, big_endian, mark);

                let error = parse(&bytes, "pacts/a-b.json").expect_err("not UTF-8");

                assert_eq!(
                    error.to_string(),
                    format!(
                        "pacts/a-b.json: the file is {name} encoded; pact files are UTF-8 JSON"
                    ),
                    "{text:?} as {name}, mark {mark}"
                );
            }
        }
    }
}

#[test]
fn utf8_files_are_never_taken_for_utf16() {
    for text in [
        "{\"a\": \"\u{feff}x\"}",
        "\u{feff}{}",
        "{\"\u{1F600}\": 0}",
        "1",
    ] {
        assert!(parse(text.as_bytes(), "x").is_ok(), "{text:?}");
    }
    // Not JSON in any encoding: still a syntax error, not an encoding.
    assert!(matches!(error_of("nope\u{0}"), LoadError::Json { .. }));
}
