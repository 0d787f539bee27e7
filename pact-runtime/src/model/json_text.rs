//! Pact JSON text to a JSON value, with errors in Pact's terms: an empty file, JSON cut
//! short, a string holding half of a UTF-16 surrogate pair, each named with its line,
//! column and JSON path.
//!
//! serde_json reports where a syntax error is only as a line and column. A pact file is
//! large and machine-written, so the error also names the JSON path
//! (`interactions[3].response.body`) of the place, found by [`scan`]: a tolerant walk of
//! the text that tracks the path and never fails.

use serde_json::Value;

use super::LoadError;

/// Parses `bytes` (a UTF-8 byte order mark is skipped, as tools on Windows write one).
///
/// # Errors
/// [`LoadError::Empty`] for no JSON at all (nothing, or whitespace only);
/// [`LoadError::UnpairedSurrogate`] for a `\uD800`–`\uDFFF` escape without its partner;
/// [`LoadError::Truncated`] for JSON that ends early; [`LoadError::Json`] for any other
/// syntax error. Each names `source_name`, and all but the first the line, column and
/// JSON path.
pub(crate) fn parse(bytes: &[u8], source_name: &str) -> Result<Value, LoadError> {
    if let Some(encoding) = other_unicode_encoding(bytes) {
        return Err(LoadError::NotUtf8 {
            source_name: source_name.to_owned(),
            encoding,
        });
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            source_name: source_name.to_owned(),
        });
    }
    let error = match serde_json::from_slice(text) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let scanned = scan(text, None);
    if let Some(surrogate) = scanned.surrogate {
        let (line, column) = line_column(text, surrogate.offset);
        return Err(LoadError::UnpairedSurrogate {
            source_name: source_name.to_owned(),
            at: surrogate.path,
            escape: surrogate.escape,
            line,
            column,
        });
    }
    if error.classify() == serde_json::error::Category::Eof {
        return Err(LoadError::Truncated {
            source_name: source_name.to_owned(),
            at: scanned.path,
            line: error.line(),
            column: error.column(),
        });
    }
    let offset = offset_of(text, error.line(), error.column());
    Err(LoadError::Json {
        source_name: source_name.to_owned(),
        at: scan(text, Some(offset)).path,
        source: error,
    })
}

/// The encoding of `bytes` when it is UTF-16 or UTF-32 rather than UTF-8: by its byte
/// order mark, or without one by where the NUL bytes are among the first four (JSON text
/// starts with ASCII, which these encodings pad with NULs; RFC 4627 section 3). UTF-8
/// JSON never holds a raw NUL, so no UTF-8 file is mistaken for one.
fn other_unicode_encoding(bytes: &[u8]) -> Option<&'static str> {
    // UTF-32LE's mark starts like UTF-16LE's: test the longer marks first.
    let marks: [(&[u8], &'static str); 4] = [
        (b"\xFF\xFE\0\0", "UTF-32LE"),
        (b"\0\0\xFE\xFF", "UTF-32BE"),
        (b"\xFF\xFE", "UTF-16LE"),
        (b"\xFE\xFF", "UTF-16BE"),
    ];
    if let Some((_, encoding)) = marks.iter().find(|(mark, _)| bytes.starts_with(mark)) {
        return Some(encoding);
    }
    match bytes {
        [0, 0, 0, b, ..] if *b != 0 => Some("UTF-32BE"),
        [a, 0, 0, 0, ..] if *a != 0 => Some("UTF-32LE"),
        [0, b, ..] if *b != 0 => Some("UTF-16BE"),
        [a, 0, ..] if *a != 0 => Some("UTF-16LE"),
        _ => None,
    }
}

/// A surrogate escape without its partner, found by [`scan`].
#[derive(Debug, PartialEq)]
struct Surrogate {
    /// The JSON path of the string (of the object, for a key).
    path: String,
    /// The escape as written (`\ud800`).
    escape: String,
    /// Byte offset of its backslash.
    offset: usize,
}

/// What [`scan`] found.
#[derive(Debug, PartialEq)]
struct Scanned {
    /// The path where the scan stopped: at `stop`, at the first unpaired surrogate, or at
    /// the end of the text (the innermost container still open).
    path: String,
    surrogate: Option<Surrogate>,
}

/// One open container of the scan.
enum Frame {
    /// An object and the key whose value is being read (`None` before a key or while
    /// reading one).
    Object(Option<String>),
    /// An array and the index of the element being read (`None` before the first).
    Array(Option<usize>),
}

fn render(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(Some(index)) => path.push_str(&format!("[{index}]")),
            Frame::Array(None) => {}
        }
    }
    if path.is_empty() {
        "$".to_owned()
    } else {
        path
    }
}

/// Walks JSON text up to `stop` (a byte offset) or its end, tracking the JSON path, and
/// stops early at the first unpaired surrogate escape. Never fails: text that is not JSON
/// only makes the path less precise.
fn scan(text: &[u8], stop: Option<usize>) -> Scanned {
    let end = stop.unwrap_or(text.len()).min(text.len());
    let mut stack: Vec<Frame> = Vec::new();
    // In an object, the next string is a key until its `:` is seen.
    let mut expecting_key = false;
    let mut i = 0;
    while i < end {
        let byte = text[i];
        if !byte.is_ascii_whitespace()
            && byte != b']'
            && let Some(Frame::Array(index @ None)) = stack.last_mut()
        {
            *index = Some(0);
        }
        match byte {
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(None));
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b':' => expecting_key = false,
            b',' => match stack.last_mut() {
                Some(Frame::Object(key)) => {
                    *key = None;
                    expecting_key = true;
                }
                Some(Frame::Array(index)) => *index = Some(index.map_or(0, |i| i + 1)),
                None => {}
            },
            b'"' => {
                let (decoded, next, surrogate) = string_at(text, i);
                if let Some((offset, escape)) = surrogate {
                    return Scanned {
                        path: render(&stack),
                        surrogate: Some(Surrogate {
                            path: render(&stack),
                            escape,
                            offset,
                        }),
                    };
                }
                if expecting_key && let Some(Frame::Object(key)) = stack.last_mut() {
                    *key = Some(decoded);
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Scanned {
        path: render(&stack),
        surrogate: None,
    }
}

/// Reads the string starting at `text[start] == b'"'`: its decoded text (lossy), the
/// offset after its closing quote (or the end of the text), and the first unpaired
/// surrogate escape in it, with its offset.
fn string_at(text: &[u8], start: usize) -> (String, usize, Option<(usize, String)>) {
    let mut out = Vec::new();
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1, None),
            b'\\' if text.get(i + 1) == Some(&b'u') => {
                let Some(unit) = hex4(text, i + 2) else {
                    i += 2;
                    continue;
                };
                let escape = String::from_utf8_lossy(&text[i..i + 6]).into_owned();
                match unit {
                    0xD800..=0xDBFF => {
                        let low = (text.get(i + 6) == Some(&b'\\')
                            && text.get(i + 7) == Some(&b'u'))
                        .then(|| hex4(text, i + 8))
                        .flatten()
                        .filter(|low| (0xDC00..=0xDFFF).contains(low));
                        match low {
                            Some(low) => {
                                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                push_char(&mut out, c);
                                i += 12;
                            }
                            None => return (String::new(), i, Some((i, escape))),
                        }
                    }
                    0xDC00..=0xDFFF => return (String::new(), i, Some((i, escape))),
                    _ => {
                        push_char(&mut out, unit);
                        i += 6;
                    }
                }
            }
            b'\\' => {
                if let Some(&escaped) = text.get(i + 1) {
                    out.push(match escaped {
                        b'n' => b'\n',
                        b't' => b'\t',
                        b'r' => b'\r',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        other => other,
                    });
                }
                i += 2;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), text.len(), None)
}

fn hex4(text: &[u8], at: usize) -> Option<u32> {
    let digits = std::str::from_utf8(text.get(at..at + 4)?).ok()?;
    u32::from_str_radix(digits, 16).ok()
}

fn push_char(out: &mut Vec<u8>, code: u32) {
    let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut buffer = [0; 4];
    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The byte offset of serde_json's 1-based line and column (a column counts bytes there;
/// column 0 means the line's start).
fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match text[offset..].iter().position(|&b| b == b'\n') {
            Some(p) => offset += p + 1,
            None => return text.len(),
        }
    }
    (offset + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
#[path = "json_text_tests.rs"]
mod tests;
