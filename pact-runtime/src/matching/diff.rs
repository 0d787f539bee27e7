//! A line diff of two bodies for reports: pretty-printed JSON (or text), `-expected
//! +actual`, in unified format with three lines of context. [`mismatch_diff`] narrows it
//! to the mismatches, so values that matched their rules (another id where the rule is
//! "any integer") do not bury the one that did not, while every key the provider sent in
//! an object with a mismatch stays visible (a renamed key shows as `-"email"` beside
//! `+"mail"`).

use std::time::Duration;

use serde_json::{Map, Value};
use similar::TextDiff;

use super::{Mismatch, MismatchKind};
use crate::model::{Body, DocPath};

/// How long a body diff may search for the smallest edit script.
const DIFF_TIMEOUT: Duration = Duration::from_millis(500);

/// The unified line diff between the expected and the actual body, or `None` when there
/// is nothing to show: the bodies render the same, one side is binary, or neither has a
/// body.
///
/// ```
/// use pact_runtime::matching::diff::body_diff;
/// use pact_runtime::model::Body;
/// use serde_json::json;
///
/// let diff = body_diff(&Body::json(json!({"id": 1})), &Body::json(json!({"id": 2})))
///     .expect("the bodies differ");
/// assert!(diff.contains("-  \"id\": 1\n+  \"id\": 2"));
/// ```
pub fn body_diff(expected: &Body, actual: &Body) -> Option<String> {
    let expected_text = render(expected)?;
    let actual_text = render(actual)?;
    if expected_text == actual_text {
        return None;
    }
    // Myers' algorithm is quadratic in the worst case: two 80,000-line bodies that differ
    // on most lines took half a minute. Past the deadline it settles for a coarser diff
    // (still correct, just less minimal); bodies of ordinary size never get near it.
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(&expected_text, &actual_text);
    let rendered = diff
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(false)
        .header("expected", "actual")
        .to_string();
    Some(rendered)
}

/// The line diff of the bodies with only `mismatches` showing. In a JSON body:
///
/// - every part of the actual body that matched (no mismatch at or below it) is shown as
///   the expected example, so it is not a difference;
/// - an object with a mismatch of its own or of one of its keys (a missing key, a value
///   that did not match) shows every key the provider sent, the ones the expectation does
///   not have included: a key that was renamed is visible beside the one it replaced;
/// - elsewhere, keys the expectation does not have are left out when they matched (extra
///   keys are allowed in responses), so a large body shrinks to the parts that failed.
///
/// Whatever the engine reported stays as received. Bodies that are not both JSON, and
/// mismatches that are not about JSON paths, get the plain [`body_diff`].
///
/// ```
/// use pact_runtime::matching::diff::mismatch_diff;
/// use pact_runtime::matching::{Mismatch, MismatchKind, Reason};
/// use pact_runtime::model::Body;
/// use serde_json::json;
///
/// let expected = Body::json(json!({"id": 1, "email": "alice@example.com", "meta": {"v": 1}}));
/// let actual = Body::json(json!({"id": 7, "mail": "alice@example.com", "meta": {"v": 1, "x": 0}}));
/// let mismatch = Mismatch::new(
///     MismatchKind::Body,
///     "$.email",
///     Reason::MissingKeys {
///         key: "email".into(),
///         expected_keys: vec!["email".into(), "id".into(), "meta".into()],
///         actual_keys: vec!["id".into(), "mail".into(), "meta".into()],
///     },
/// )
/// .expected(json!("alice@example.com"));
/// let diff = mismatch_diff(&expected, &actual, &[mismatch]).expect("the bodies differ");
/// // The renamed key, on both sides.
/// assert!(diff.contains("-  \"email\": \"alice@example.com\","));
/// assert!(diff.contains("+  \"mail\": \"alice@example.com\","));
/// // What matched is not a difference: the id matched its rule, `meta` had no mismatch.
/// assert!(!diff.contains("\"id\": 7") && !diff.contains("\"x\""));
/// ```
pub fn mismatch_diff(expected: &Body, actual: &Body, mismatches: &[Mismatch]) -> Option<String> {
    match narrowed_actual(expected, actual, mismatches) {
        Some(narrowed) => body_diff(expected, &Body::json(narrowed)),
        None => body_diff(expected, actual),
    }
}

/// The actual JSON body with its matching parts replaced by the expected example; `None`
/// when the bodies are not both JSON or a mismatch has no JSON path.
fn narrowed_actual(expected: &Body, actual: &Body, mismatches: &[Mismatch]) -> Option<Value> {
    let Body::Json {
        value: expected, ..
    } = expected
    else {
        return None;
    };
    let actual = match actual {
        Body::Json { value, .. } => value.clone(),
        Body::Text { text, .. } => serde_json::from_str(text).ok()?,
        Body::Binary { bytes, .. } => serde_json::from_slice(bytes).ok()?,
        Body::Missing => return None,
    };
    let mut marked = Vec::new();
    for mismatch in mismatches {
        match mismatch.kind {
            MismatchKind::Body => marked.push(mismatch.path.parse::<DocPath>().ok()?),
            MismatchKind::BodyType => return None,
            _ => {}
        }
    }
    Some(narrow(expected, &actual, &DocPath::root(), &marked))
}

fn narrow(expected: &Value, actual: &Value, path: &DocPath, marked: &[DocPath]) -> Value {
    let below: Vec<&DocPath> = marked
        .iter()
        .filter(|m| m.tokens().starts_with(path.tokens()))
        .collect();
    if below.is_empty() {
        return expected.clone();
    }
    // A mismatch on the node itself (a key that is not allowed, too few elements) may be
    // about any of its children: keep them all.
    let on_node = below.iter().any(|m| m.len() == path.len());
    // A mismatch of one of its keys (a missing key is reported at the key's own path) is
    // about the object's shape too: a key the provider sent instead is the likeliest
    // explanation, so none of its keys is hidden.
    let on_child = below.iter().any(|m| m.len() == path.len() + 1);
    let marked_below =
        |child: &DocPath| below.iter().any(|m| m.tokens().starts_with(child.tokens()));
    match (expected, actual) {
        (Value::Object(expected), Value::Object(actual)) => {
            let mut narrowed = Map::new();
            for (key, value) in actual {
                let child = path.join_field(key.as_str());
                match expected.get(key) {
                    Some(example) => {
                        narrowed.insert(key.clone(), narrow(example, value, &child, marked));
                    }
                    None if on_node || on_child || marked_below(&child) => {
                        narrowed.insert(key.clone(), value.clone());
                    }
                    None => {}
                }
            }
            Value::Object(narrowed)
        }
        (Value::Array(expected), Value::Array(actual)) => actual
            .iter()
            .enumerate()
            .map(|(index, value)| {
                let child = path.join_index(index);
                // An element past the example's (an each-like template) is compared with
                // the template, as the engine compares it.
                match expected.get(index).or(expected.first()) {
                    Some(example) if expected.get(index).is_some() || marked_below(&child) => {
                        narrow(example, value, &child, marked)
                    }
                    _ => value.clone(),
                }
            })
            .collect(),
        _ => actual.clone(),
    }
}

/// The text a body is diffed as; `None` for bytes that are not text. A missing body is
/// empty, so a missing actual body shows as every expected line removed.
fn render(body: &Body) -> Option<String> {
    let mut text = match body {
        Body::Missing => String::new(),
        Body::Json { value, .. } => serde_json::to_string_pretty(value).ok()?,
        Body::Text { text, .. } => text.clone(),
        Body::Binary { bytes, .. } => String::from_utf8(bytes.clone()).ok()?,
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::matching::Reason;

    #[test]
    fn json_bodies_diff_line_by_line_after_pretty_printing() {
        let expected = Body::json(json!({"name": "Mary", "feet": 4}));
        let actual = Body::json(json!({"name": "Fred", "feet": 4}));
        let diff = body_diff(&expected, &actual).expect("a diff");
        assert_eq!(
            diff,
            "--- expected\n+++ actual\n@@ -1,4 +1,4 @@\n {\n   \"feet\": 4,\n-  \"name\": \"Mary\"\n+  \"name\": \"Fred\"\n }\n"
        );
    }

    #[test]
    fn equal_bodies_have_no_diff() {
        let body = Body::json(json!([1, 2]));
        assert_eq!(body_diff(&body, &body.clone()), None);
        assert_eq!(body_diff(&Body::Missing, &Body::Missing), None);
    }

    #[test]
    fn binary_bodies_have_no_line_diff() {
        let bytes = Body::Binary {
            bytes: vec![0xff, 0x00],
            content_type: None,
        };
        assert_eq!(body_diff(&bytes, &Body::Missing), None);
    }

    fn body_mismatch(path: &str) -> Mismatch {
        Mismatch::described(MismatchKind::Body, path, "differs")
    }

    #[test]
    fn the_mismatch_diff_shows_what_did_not_match_and_the_keys_sent_beside_it() {
        let expected = Body::json(json!({
            "id": 1,
            "name": "Alice",
            "items": [{"sku": "A-1", "qty": 1}],
        }));
        let actual = Body::json(json!({
            "id": 7,
            "name": "Bob",
            "items": [{"sku": "B-2", "qty": 3}, {"sku": "C-3", "qty": "many"}],
            "extra": true,
        }));

        let diff = mismatch_diff(
            &expected,
            &actual,
            &[body_mismatch("$.name"), body_mismatch("$.items[1].qty")],
        )
        .expect("a diff");

        // `extra` sits in the object whose `name` did not match, so it shows; the id, the
        // first item and the second item's sku matched, so they show as the expectation.
        assert_eq!(
            diff,
            "--- expected\n+++ actual\n@@ -1,10 +1,15 @@\n {\n+  \"extra\": true,\n   \"id\": 1,\n   \"items\": [\n     {\n       \"qty\": 1,\n       \"sku\": \"A-1\"\n+    },\n+    {\n+      \"qty\": \"many\",\n+      \"sku\": \"A-1\"\n     }\n   ],\n-  \"name\": \"Alice\"\n+  \"name\": \"Bob\"\n }\n"
        );
    }

    #[test]
    fn a_mismatch_on_an_object_keeps_its_extra_keys() {
        let expected = Body::json(json!({"a": 1}));
        let actual = Body::json(json!({"a": 2, "b": 3}));

        let diff = mismatch_diff(&expected, &actual, &[body_mismatch("$")]).expect("a diff");

        assert!(diff.contains("+  \"b\": 3"), "{diff}");
        assert!(diff.contains("\"a\": 1"), "{diff}");
    }

    fn missing_key(
        path: &str,
        key: &str,
        expected_keys: &[&str],
        actual_keys: &[&str],
    ) -> Mismatch {
        let keys = |keys: &[&str]| keys.iter().map(|k| (*k).to_owned()).collect();
        Mismatch::new(
            MismatchKind::Body,
            path,
            Reason::MissingKeys {
                key: key.to_owned(),
                expected_keys: keys(expected_keys),
                actual_keys: keys(actual_keys),
            },
        )
    }

    #[test]
    fn a_renamed_key_shows_the_expected_name_removed_and_the_sent_name_added() {
        let expected = Body::json(json!({"id": 1, "email": "alice@example.com"}));
        let actual = Body::json(json!({"id": 7, "mail": "alice@example.com"}));
        let mismatch = missing_key("$.email", "email", &["email", "id"], &["id", "mail"])
            .expected(json!("alice@example.com"));

        let diff = mismatch_diff(&expected, &actual, &[mismatch]).expect("a diff");

        assert_eq!(
            diff,
            "--- expected\n+++ actual\n@@ -1,4 +1,4 @@\n {\n-  \"email\": \"alice@example.com\",\n-  \"id\": 1\n+  \"id\": 1,\n+  \"mail\": \"alice@example.com\"\n }\n"
        );
    }

    #[test]
    fn a_renamed_key_deep_in_the_body_is_shown_and_extra_keys_elsewhere_stay_hidden() {
        let expected = Body::json(json!({
            "user": {"name": "Alice", "email": "alice@example.com"},
            "links": {"self": "/users/1"},
        }));
        let actual = Body::json(json!({
            "user": {"name": "Bob", "mail": "bob@example.com", "nick": "b"},
            "links": {"self": "/users/7", "next": "/users/8"},
            "trace": "abc",
        }));
        let mismatch = missing_key(
            "$.user.email",
            "email",
            &["email", "name"],
            &["mail", "name", "nick"],
        );

        let diff = mismatch_diff(&expected, &actual, &[mismatch]).expect("a diff");

        assert!(
            diff.contains("-    \"email\": \"alice@example.com\",\n"),
            "{diff}"
        );
        assert!(
            diff.contains("+    \"mail\": \"bob@example.com\",\n"),
            "{diff}"
        );
        // Every key sent in the object with the mismatch, matched or not.
        assert!(diff.contains("+    \"nick\": \"b\"\n"), "{diff}");
        // Values that matched show as the expectation; objects without a mismatch of
        // their own keep their extra keys out of the way.
        assert!(diff.contains("\"name\": \"Alice\""), "{diff}");
        assert!(!diff.contains("Bob") && !diff.contains("next"), "{diff}");
        assert!(!diff.contains("trace"), "{diff}");
    }

    #[test]
    fn a_large_body_is_trimmed_to_the_renamed_key_and_its_context() {
        let fields = |renamed: &str| {
            let mut object = Map::new();
            for index in 0..500 {
                object.insert(format!("field{index:03}"), json!(index));
            }
            object.insert(renamed.to_owned(), json!("alice@example.com"));
            Value::Object(object)
        };
        let expected = Body::json(fields("email"));
        let mut sent = fields("mail");
        sent["field250"] = json!("changed but matched by a rule");
        let actual = Body::json(sent);
        let mismatch = missing_key("$.email", "email", &[], &[]);

        let diff = mismatch_diff(&expected, &actual, &[mismatch]).expect("a diff");

        assert!(
            diff.contains("-  \"email\": \"alice@example.com\",\n"),
            "{diff}"
        );
        assert!(
            diff.contains("+  \"mail\": \"alice@example.com\"\n"),
            "{diff}"
        );
        assert!(!diff.contains("changed but matched"), "{diff}");
        assert!(diff.lines().count() < 20, "{diff}");
    }

    #[test]
    fn bodies_that_are_not_both_json_get_the_plain_diff() {
        let expected = Body::json(json!({"a": 1}));
        let actual = Body::Text {
            text: "not json".to_owned(),
            content_type: Some("text/plain".to_owned()),
        };

        assert_eq!(
            mismatch_diff(&expected, &actual, &[body_mismatch("$")]),
            body_diff(&expected, &actual)
        );
    }

    #[test]
    fn a_missing_actual_body_removes_every_line() {
        let expected = Body::Text {
            text: "alligator named mary".to_owned(),
            content_type: None,
        };
        let diff = body_diff(&expected, &Body::Missing).expect("a diff");
        assert!(diff.contains("-alligator named mary\n"), "{diff}");
    }
}
