//! A line diff of two bodies for reports: pretty-printed JSON (or text), `-expected
//! +actual`, in unified format with three lines of context.

use std::time::Duration;

use similar::TextDiff;

use crate::model::Body;

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
