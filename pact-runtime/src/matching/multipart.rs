//! `multipart/*` bodies (field case FC-08): each side is split with its own boundary (a
//! framing detail every client picks for itself, RFC 7578 §4.1), then parts compare by
//! name (`multipart/form-data`) or, when parts have no names (`multipart/mixed`), by
//! position. Per part: the headers other than `Content-Disposition` (whose name is the
//! key; a file name is the client's choice) and the body, through the ordinary body
//! comparison for the part's content type. Base64 transfer encoding is undone first.
//!
//! The splitter is written here rather than taken from a crate: the well-kept multipart
//! crates (`multer`, `mime-multipart`'s successors) are async stream parsers built for
//! servers, while the engine is pure, synchronous and holds both bodies in memory.

use base64::Engine as _;
use serde_json::Value;

use crate::model::{Body, DocPath, Headers, MatchingRules};

use super::content_type::{essence, parameter};
use super::headers::match_headers;
use super::rules::Rules;
use super::rules::UnexpectedKeys;
use super::values::{Source, apply_list};
use super::{BytesSummary, Mismatch, MismatchKind, Reason};

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
struct Part {
    /// Headers in order, names as written.
    headers: Vec<(String, String)>,
    /// The `name` of its `Content-Disposition`, when it has one.
    name: Option<String>,
    /// The content, transfer encoding undone.
    body: Vec<u8>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }
}

/// A multipart body that cannot be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum SplitError {
    #[error(
        "no boundary: the content type has no `boundary` parameter and the body does not start with one"
    )]
    NoBoundary,
    #[error("the boundary `{0}` does not occur in the body")]
    BoundaryNotFound(String),
    #[error("the body ends without the closing boundary `--{0}--`")]
    Unterminated(String),
}

/// How a part's own body is compared: the body matcher (`body::match_body`) passes
/// itself, so this module, which it calls, does not depend on it in turn.
pub(crate) type MatchPartBody =
    fn(&Body, &Body, Rules<'_>, UnexpectedKeys, &'static str) -> Vec<Mismatch>;

/// Compares two multipart bodies, each framed by the boundary of its own content type;
/// each part's body is compared by `part_body`.
pub(crate) fn match_multipart(
    expected: &Body,
    actual: &Body,
    rules: Rules<'_>,
    unexpected: UnexpectedKeys,
    what: &'static str,
    part_body: MatchPartBody,
) -> Vec<Mismatch> {
    let split_side = |body: &Body, side: &str| {
        split(&body.to_bytes(), body.content_type())
            .map_err(|error| format!("the {side} {what} is not a valid multipart body: {error}"))
    };
    let invalid = |description| vec![Mismatch::described(MismatchKind::Body, "$", description)];
    let expected_parts = match split_side(expected, "expected") {
        Ok(parts) => parts,
        Err(description) => return invalid(description),
    };
    let actual_parts = match split_side(actual, "actual") {
        Ok(parts) => parts,
        Err(description) => return invalid(description),
    };
    let by_name = expected_parts.iter().all(|part| part.name.is_some());
    let mut used = vec![false; actual_parts.len()];
    let mut mismatches = Vec::new();
    for (position, part) in expected_parts.iter().enumerate() {
        let path = part_path(part, position);
        let found = if by_name {
            actual_parts
                .iter()
                .enumerate()
                .position(|(i, a)| !used[i] && a.name == part.name)
        } else {
            (position < actual_parts.len()).then_some(position)
        };
        let Some(index) = found else {
            let description = format!(
                "expected part {} but it was missing",
                describe(part, position)
            );
            mismatches.push(
                Mismatch::described(MismatchKind::Body, path.to_string(), description)
                    .expected(as_text(&part.body)),
            );
            continue;
        };
        used[index] = true;
        mismatches.extend(match_part(
            part,
            &actual_parts[index],
            &path,
            rules,
            unexpected,
            part_body,
        ));
    }
    if unexpected == UnexpectedKeys::Reject {
        for (index, part) in actual_parts.iter().enumerate().filter(|(i, _)| !used[*i]) {
            let path = part_path(part, index);
            let description = format!("unexpected part {} in {what}", describe(part, index));
            mismatches.push(
                Mismatch::described(MismatchKind::Body, path.to_string(), description)
                    .actual(as_text(&part.body)),
            );
        }
    }
    mismatches
}

/// A part's contents as a mismatch holds them: text, invalid UTF-8 replaced.
fn as_text(bytes: &[u8]) -> Value {
    Value::String(String::from_utf8_lossy(bytes).into_owned())
}

fn part_path(part: &Part, position: usize) -> DocPath {
    match &part.name {
        Some(name) => DocPath::root().join_field(name.as_str()),
        None => DocPath::root().join_index(position),
    }
}

fn describe(part: &Part, position: usize) -> String {
    match &part.name {
        Some(name) => format!("'{name}'"),
        None => format!("{}", position + 1),
    }
}

fn match_part(
    expected: &Part,
    actual: &Part,
    path: &DocPath,
    rules: Rules<'_>,
    unexpected: UnexpectedKeys,
    part_body: MatchPartBody,
) -> Vec<Mismatch> {
    // A mismatch found inside the part (a header of it, its body) is located below the
    // part's own path and says it is about the part.
    let relocate = |mismatch: Mismatch| {
        let inner = match mismatch.kind {
            MismatchKind::Body | MismatchKind::BodyType => {
                mismatch.path.strip_prefix('$').unwrap_or(&mismatch.path)
            }
            _ => "",
        };
        let where_ = format!("{path}{inner}");
        let description = format!("part: {}", mismatch.message());
        Mismatch::described(MismatchKind::Body, where_, description)
            .expected(mismatch.expected)
            .actual(mismatch.actual)
            .rule(mismatch.rule)
    };
    let mut mismatches: Vec<Mismatch> = match_headers(
        &part_headers(expected),
        &part_headers(actual),
        &MatchingRules::new(),
    )
    .into_iter()
    .map(relocate)
    .collect();
    if let Some(list) = rules.own(path) {
        let (e, a) = (as_text(&expected.body), as_text(&actual.body));
        if let Err(failure) = apply_list(list, &e, &a, Source::Text) {
            mismatches.push(
                Mismatch::described(MismatchKind::Body, path.to_string(), failure.description)
                    .expected(e)
                    .actual(a)
                    .rule(failure.rule),
            );
        }
        return mismatches;
    }
    if expected.body.is_empty() {
        if !actual.body.is_empty() {
            let description = format!("expected an empty part, found {}", as_text(&actual.body));
            mismatches.push(
                Mismatch::described(MismatchKind::Body, path.to_string(), description)
                    .actual(as_text(&actual.body)),
            );
        }
        return mismatches;
    }
    // Contents declared as octets are octets, whatever they look like (an HTML page sent
    // as `application/octet-stream`): compared byte for byte and shown by size and first
    // bytes, as the official implementation shows them (compatibility suite V1).
    let declared_octets = expected
        .content_type()
        .is_some_and(|content_type| essence(content_type) == "application/octet-stream");
    if declared_octets {
        if expected.body != actual.body {
            let reason = Reason::Bytes {
                what: "part".to_owned(),
                expected: BytesSummary::new(expected.content_type(), &expected.body),
                actual: BytesSummary::new(actual.content_type(), &actual.body),
            };
            mismatches.push(Mismatch::new(MismatchKind::Body, path.to_string(), reason));
        }
        return mismatches;
    }
    let expected_body = Body::from_bytes(&expected.body, expected.content_type());
    let actual_body = Body::from_bytes(&actual.body, actual.content_type());
    mismatches.extend(
        part_body(
            &expected_body,
            &actual_body,
            Rules::default(),
            unexpected,
            "multipart part",
        )
        .into_iter()
        .map(relocate),
    );
    mismatches
}

/// The headers a part is compared on: all but `Content-Disposition`; a part without a
/// `Content-Type` is `text/plain` (RFC 7578 §4.4).
fn part_headers(part: &Part) -> Headers {
    let mut headers = Headers::new();
    for (name, value) in &part.headers {
        if !name.eq_ignore_ascii_case("content-disposition") {
            headers.entry(name.clone()).or_default().push(value.clone());
        }
    }
    if part.content_type().is_none() {
        headers.insert("Content-Type".to_owned(), vec!["text/plain".to_owned()]);
    }
    headers
}

/// Splits `body` into parts. The boundary comes from the content type, or, when it has
/// none, from the body's first delimiter line.
fn split(body: &[u8], content_type: Option<&str>) -> Result<Vec<Part>, SplitError> {
    let boundary = match content_type.and_then(|ct| parameter(ct, "boundary")) {
        Some(boundary) => boundary.to_owned(),
        None => first_delimiter(body).ok_or(SplitError::NoBoundary)?,
    };
    let delimiter = format!("--{boundary}").into_bytes();
    let mut start = find_delimiter(body, &delimiter, 0)
        .ok_or_else(|| SplitError::BoundaryNotFound(boundary.clone()))?;
    let mut parts = Vec::new();
    loop {
        let mut cursor = start + delimiter.len();
        if body[cursor..].starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding, then the line break that ends the delimiter line.
        while matches!(body.get(cursor), Some(b' ' | b'\t')) {
            cursor += 1;
        }
        cursor += line_break_at(body, cursor);
        let next = find_delimiter(body, &delimiter, cursor)
            .ok_or_else(|| SplitError::Unterminated(boundary.clone()))?;
        // The line break before a delimiter belongs to the delimiter.
        let mut end = next;
        if end > cursor && body[end - 1] == b'\n' {
            end -= 1;
            if end > cursor && body[end - 1] == b'\r' {
                end -= 1;
            }
        }
        parts.push(parse_part(&body[cursor..end.max(cursor)]));
        start = next;
    }
}

/// The boundary of a body whose first non-empty line is `--boundary`.
fn first_delimiter(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let line = text.lines().find(|line| !line.trim().is_empty())?;
    let boundary = line.trim_end().strip_prefix("--")?;
    (!boundary.is_empty()).then(|| boundary.to_owned())
}

/// The index of the next `delimiter` at the start of a line, from `from` on.
fn find_delimiter(body: &[u8], delimiter: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at + delimiter.len() <= body.len() {
        let found = body[at..]
            .windows(delimiter.len())
            .position(|window| window == delimiter)?
            + at;
        if found == 0 || body[found - 1] == b'\n' {
            return Some(found);
        }
        at = found + 1;
    }
    None
}

/// The length of the line break (CRLF, or a bare LF some writers use) at `at`.
fn line_break_at(body: &[u8], at: usize) -> usize {
    if body[at..].starts_with(b"\r\n") {
        2
    } else if body[at..].starts_with(b"\n") {
        1
    } else {
        0
    }
}

fn parse_part(raw: &[u8]) -> Part {
    // Headers, a blank line, the content; a part without headers starts with the blank
    // line, and one whose content is empty may end right after its headers.
    let (head, content): (&[u8], &[u8]) = if line_break_at(raw, 0) > 0 {
        (&[], &raw[line_break_at(raw, 0)..])
    } else {
        match blank_line(raw) {
            Some((at, len)) => (&raw[..at], &raw[at + len..]),
            None => (raw, &[]),
        }
    };
    let headers: Vec<(String, String)> = String::from_utf8_lossy(head)
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect();
    let base64 = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("content-transfer-encoding")
            && value.eq_ignore_ascii_case("base64")
    });
    let body = if base64 {
        let compact: Vec<u8> = content
            .iter()
            .copied()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(&compact)
            .unwrap_or_else(|_| content.to_vec())
    } else {
        content.to_vec()
    };
    let name = headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("content-disposition"))
        .and_then(|(_, value)| parameter(value, "name").map(str::to_owned));
    Part {
        headers,
        name,
        body,
    }
}

/// Where the first empty line starts (after the line break ending the line before it),
/// and the length of the line break pair.
fn blank_line(raw: &[u8]) -> Option<(usize, usize)> {
    let crlf = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i + 2, 2));
    let lf = raw
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|i| (i + 1, 1));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
#[path = "multipart_tests.rs"]
mod tests;
