//! How values are written in mismatch sentences: as JSON, bounded in length, and their
//! kind in words. Every sentence the engine writes quotes values through here, so a huge
//! value is cut the same way wherever it appears.

use serde_json::Value;

/// How much of a value a mismatch line shows, in bytes of its JSON text.
pub(crate) const RENDER_LIMIT: usize = 1024;

/// A value as a message shows it: JSON, so strings keep their quotes. A value whose JSON
/// is longer than [`RENDER_LIMIT`] bytes is cut there and its size given (`"xxx…" (…
/// 62914562 bytes in all)`): a mismatch line names the place, and the body diff, trimmed
/// to the lines that differ, shows the content (issue 11, D7: a 60 MB value printed in
/// full drowned the log).
pub(crate) fn render(value: &Value) -> String {
    let mut out = Bounded {
        kept: Vec::new(),
        total: 0,
    };
    // Writing into memory cannot fail, and a `Value` always serialises.
    if serde_json::to_writer(&mut out, value).is_err() {
        return value.to_string();
    }
    if out.total <= RENDER_LIMIT {
        return String::from_utf8_lossy(&out.kept).into_owned();
    }
    let mut end = RENDER_LIMIT;
    // Cut on a character boundary.
    while end > 0 && (out.kept[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    format!(
        "{}… ({} bytes in all)",
        String::from_utf8_lossy(&out.kept[..end]),
        out.total
    )
}

/// Keeps the first bytes written (one more than [`RENDER_LIMIT`], to find a character
/// boundary) and counts them all.
struct Bounded {
    kept: Vec<u8>,
    total: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = (RENDER_LIMIT + 1).saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&bytes[..room.min(bytes.len())]);
        self.total += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The JSON kind of a value with an article, for messages ("a string", "an object").
pub(crate) fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
