//! Constructors refuse, at the caller's line, patterns that could never verify or never be
//! generated: invalid regexes (blamed on the regex), regexes the generators cannot
//! generate from, generators that fail, statuses no final response can have.

use std::cell::RefCell;
use std::panic::{UnwindSafe, catch_unwind};
use std::sync::Once;

use super::*;
use crate::model::{Generator, StatusClass};

/// A panic caught in a test: its message, where it was reported, and where the test
/// expected it (the line the call is written on).
#[derive(Debug)]
pub(crate) struct Caught {
    message: String,
    at: Option<(String, u32)>,
    expected_at: (&'static str, u32),
}

impl Caught {
    /// The panic message.
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// Asserts that the panic was reported at the caller's line (not inside the library)
    /// and that its message holds every one of `parts`.
    #[track_caller]
    pub(crate) fn assert(&self, parts: &[&str]) {
        let (file, line) = self.expected_at;
        assert_eq!(
            self.at,
            Some((file.to_owned(), line)),
            "panic reported at the wrong place: {}",
            self.message
        );
        for part in parts {
            assert!(
                self.message.contains(part),
                "the message should hold {part:?}: {}",
                self.message
            );
        }
    }
}

thread_local! {
    static LOCATION: RefCell<Option<(String, u32)>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Runs `f`, which must panic, and returns the panic's message and location. The hook it
/// installs (once, for the whole test binary) only records the location on the panicking
/// thread before the previous hook runs, so tests in parallel do not see each other's.
pub(crate) fn caught(f: impl FnOnce() + UnwindSafe, file: &'static str, line: u32) -> Caught {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if let Some(location) = info.location() {
                LOCATION.set(Some((location.file().to_owned(), location.line())));
            }
            previous(info);
        }));
    });
    LOCATION.set(None);
    let payload = catch_unwind(f).expect_err("the call should panic");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
        })
        .unwrap_or_default();
    Caught {
        message,
        at: LOCATION.take(),
        expected_at: (file, line),
    }
}

/// The panic of an expression that must panic, expected at the line the macro is written
/// on (keep the call on that line).
macro_rules! panic_of {
    ($call:expr) => {
        $crate::matchers::validation_tests::caught(|| drop($call), file!(), line!())
    };
}
pub(crate) use panic_of;

#[test]
fn an_invalid_regex_in_term_is_blamed_on_the_regex_at_the_callers_line() {
    let caught = panic_of!(term("abc", "a("));

    caught.assert(&[
        "term(): invalid regular expression /a(/: unclosed group;",
        "fix the regex",
    ]);
    assert!(
        !caught.message().contains("can never verify"),
        "{}",
        caught.message()
    );
}

#[test]
fn an_example_term_rejects_is_still_blamed_on_the_example() {
    let caught = panic_of!(term("abc", r"^\d+$"));

    caught.assert(&[
        "term(): the example \"abc\" can never verify",
        r"expected a value matching /^\d+$/",
    ]);
}

#[test]
fn random_from_regex_refuses_look_around_and_back_references_it_cannot_generate_from() {
    for (example, regex) in [("ab", "^(?=a)ab$"), ("aa", r"^(a)\1$")] {
        // Both are valid matching rules (the backtracking engine runs them) ...
        let _ = term(example, regex);

        // ... but the mock server could never generate a value from them.
        let caught = panic_of!(random_from_regex(example, regex));

        caught.assert(&[
            &format!(
                "random_from_regex(): the regular expression /{regex}/ cannot generate values"
            ),
            "no look-around, back-references",
            "not supported;",
            "with_generator(Generator::Regex",
        ]);
    }
}

#[test]
fn random_from_regex_names_itself_when_its_regex_does_not_compile() {
    let caught = panic_of!(random_from_regex("a", "[a"));

    caught.assert(&["random_from_regex(): invalid regular expression /[a/"]);
}

#[test]
fn a_regex_with_an_anchor_inside_is_refused_as_a_generator() {
    // A word boundary is an anchor: matching knows it, generating does not.
    let caught = panic_of!(random_from_regex("a", r"a|a\bb"));

    caught
        .assert(&[r"random_from_regex(): the regular expression /a|a\bb/ cannot generate values"]);
}

#[test]
fn with_generator_refuses_generators_that_cannot_generate() {
    let cases: [(Generator, &str); 5] = [
        (
            Generator::RandomInt { min: 5, max: 1 },
            "with_generator(): the range 5..=1 is empty",
        ),
        (
            Generator::Regex {
                regex: "^(?!x).+$".into(),
            },
            "with_generator(): the regular expression /^(?!x).+$/ cannot generate values",
        ),
        (
            Generator::Date {
                format: Some("dd/MM/yyyy HH:mm:ss.fff".into()),
                expression: None,
            },
            "with_generator(): invalid date format \"dd/MM/yyyy HH:mm:ss.fff\"",
        ),
        (
            Generator::DateTime {
                format: None,
                expression: Some("+ 1 eon".into()),
            },
            "with_generator(): invalid date expression \"+ 1 eon\"",
        ),
        (
            Generator::MockServerUrl {
                example: "http://localhost/orders/1".into(),
                regex: r".*(?=/orders)(/orders/\d+)$".into(),
            },
            r"with_generator(): the mock server cannot rewrite the URL with the regular expression /.*(?=/orders)(/orders/\d+)$/",
        ),
    ];
    for (generator, message) in cases {
        let example = like("http://localhost/orders/1");

        let caught = panic_of!(example.with_generator(generator));

        caught.assert(&[message]);
    }
}

#[test]
fn with_generator_accepts_every_generator_that_can_generate() {
    for generator in [
        Generator::RandomInt { min: 1, max: 1 },
        Generator::Regex {
            regex: r"^[A-Z]{2}-\d{3}$".into(),
        },
        Generator::Date {
            format: Some("dd/MM/yyyy".into()),
            expression: Some("today + 1 day".into()),
        },
        Generator::ProviderState {
            expression: "${id}".into(),
            data_type: crate::model::DataType::String,
        },
        Generator::MockServerUrl {
            example: "http://localhost/orders/1".into(),
            regex: r".*(/orders/\d+)$".into(),
        },
    ] {
        let pattern = like("http://localhost/orders/1").with_generator(generator.clone());

        assert_eq!(
            pattern.to_example(),
            "http://localhost/orders/1",
            "{generator:?}"
        );
    }
}

#[test]
fn mock_server_url_refuses_a_regex_the_mock_server_cannot_rewrite_with() {
    // Look-ahead: a valid matching rule, but the URL is rewritten with the `regex` crate.
    let (example, regex) = (
        "http://localhost:8080/orders/1",
        r".*(?=/orders)(/orders/\d+)$",
    );

    let caught = panic_of!(mock_server_url(example, regex));

    caught.assert(&[
        "mock_server_url(): the mock server cannot rewrite the URL",
        "look-around",
    ]);
}

#[test]
fn status_code_refuses_an_example_no_final_response_can_have() {
    for (class, example) in [
        (StatusClass::Information, 100),
        (StatusClass::Codes(vec![600]), 600),
    ] {
        let caught = panic_of!(status_code(class, example));

        caught.assert(&[&format!(
            "status_code(): the example status {example} is not a final response status (200 to 599)"
        )]);
    }
}

#[test]
fn date_and_collection_constructors_report_at_the_callers_line() {
    panic_of!(date("yyyy-MM-dd", "2023-02-30"))
        .assert(&["date(): the example does not fit its own matcher"]);
    panic_of!(each_like_between("x", 3, 1)).assert(&["each_like_between(): needs min <= max"]);
    panic_of!(date_expression("yyyy-MM-dd", "+ 1 eon"))
        .assert(&["date_expression(): invalid date expression \"+ 1 eon\""]);
    panic_of!(decimal(f64::NAN)).assert(&["decimal(): NaN cannot be written as JSON"]);
    panic_of!(values(42)).assert(&["values(): the example must be a JSON object"]);
}

/// Issue 11, D5: values of a `values()` object that no matcher decides must share their
/// JSON kind and shape, since a verifier judges unknown keys by the first value.
#[test]
fn values_with_literals_of_different_kinds_or_shapes_are_refused() {
    use serde_json::json;
    panic_of!(values(json!({"a": 1, "b": "x"})))
        .assert(&["values(): the example values `a` and `b` differ at $: a number and a string"]);
    panic_of!(values(json!({"a": true, "b": null}))).assert(&["differ at $: a boolean and null"]);
    panic_of!(values(json!({"a": [1], "b": {"x": 1}})))
        .assert(&["differ at $: an array and an object"]);
    panic_of!(values(json!({"a": {"x": 1}, "b": {"y": 1}})))
        .assert(&["differ at $: objects with different keys"]);
    panic_of!(values(
        json!({"a": {"x": 1, "n": "s"}, "b": {"x": 1, "n": 2}})
    ))
    .assert(&["differ at $.n: a string and a number"]);
    panic_of!(values(json!({"a": [{"id": 1}], "b": [{"id": "1"}]})))
        .assert(&["differ at $[0].id: a number and a string"]);
    // A matcher shared by the values does not hide a literal of another kind beside it.
    panic_of!(values(crate::json_pattern!({
        "a": {"x": integer(1), "n": "s"},
        "b": {"x": integer(2), "n": 5}
    })))
    .assert(&["differ at $.n: a string and a number"]);
}

#[test]
fn values_of_one_kind_and_shape_or_decided_by_a_matcher_are_accepted() {
    use serde_json::json;
    let accepted = [
        values(json!({"a": 1, "b": 2.5})),
        values(json!({"a": "x", "b": ""})),
        values(json!({"a": {"x": 1, "y": [true]}, "b": {"y": [false, true], "x": 7}})),
        values(json!({"a": [], "b": [1, 2]})),
        values(json!({"only": {"k": null}})),
        // The same matcher on every value decides, whatever the example kinds.
        values(crate::json_pattern!({"a": nullable(integer(1)), "b": nullable(integer(2))})),
        values(crate::json_pattern!({"a": like(json!({"id": 1})), "b": like(json!({"id": 2}))})),
    ];
    assert_eq!(accepted.len(), 7);
    for pattern in accepted {
        assert!(pattern.to_example().is_object());
    }
}
