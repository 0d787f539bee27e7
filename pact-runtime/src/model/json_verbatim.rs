//! JSON text printed again as our writer prints JSON, keeping every token as written.
//!
//! A merge writes the interactions a pact file already holds back unchanged (issue 11,
//! fault 4: a Pact Broker refuses a pact whose published interactions changed). Going
//! through [`serde_json::Value`] cannot do that: without serde_json's
//! `arbitrary_precision` (which would change number semantics for every user of the
//! crate) a value loses how its numbers were spelled, and even their value:
//! `123456789012345678901234567890` comes back as `1.2345678901234568e+29`, `1e3` as
//! `1000.0`, `1.50` as `1.5`; `"caf\u00e9"` comes back as raw UTF-8.
//!
//! So the text itself is kept: [`parse`] reads it into a [`Node`] tree whose numbers,
//! strings and literals are slices of the text, with object members in the order and
//! with the duplicates resolution of serde_json's `Map` (sorted by key, the last of
//! duplicate keys wins), and [`print()`] writes it exactly as serde_json's `PrettyFormatter`
//! writes a value at the same depth. Text we wrote ourselves therefore comes out
//! byte-identical; text another tool wrote differs only in key order and whitespace.
//! [`print_document`] prints a whole pact document with some of its interactions taken
//! from such trees.

use serde_json::Value;

/// serde_json's own nesting limit: text it accepted never goes deeper, and a parse of
/// anything else stops here instead of exhausting the stack.
const MAX_DEPTH: usize = 128;

/// One JSON value of a text, its scalars kept as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'t> {
    /// A number, string (with its quotes and escapes), `true`, `false` or `null`.
    Token(&'t str),
    /// An array's elements.
    Array(Vec<Node<'t>>),
    /// An object's members, sorted by key, one per key.
    Object(Vec<Member<'t>>),
}

/// One member of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member<'t> {
    /// The key as written, quotes and escapes included.
    key: &'t str,
    /// The key decoded: what serde_json's `Map` sorts by.
    name: String,
    value: Node<'t>,
}

impl<'t> Node<'t> {
    /// The value of the member `name` of an object.
    pub(crate) fn get(&self, name: &str) -> Option<&Node<'t>> {
        match self {
            Node::Object(members) => members
                .iter()
                .find(|member| member.name == name)
                .map(|member| &member.value),
            _ => None,
        }
    }

    /// The elements of an array.
    pub(crate) fn elements(&self) -> Option<&[Node<'t>]> {
        match self {
            Node::Array(elements) => Some(elements),
            _ => None,
        }
    }
}

/// Reads JSON text (a UTF-8 byte order mark is skipped, as the pact reader skips it).
/// Returns `None` for anything that is not one JSON value: callers parse text serde_json
/// has already accepted, so `None` means the text was not that, never a partial tree.
pub(crate) fn parse(text: &str) -> Option<Node<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser { text, at: 0 };
    let node = parser.value(0)?;
    parser.skip_whitespace();
    (parser.at == text.len()).then_some(node)
}

/// Appends `node` as serde_json's `PrettyFormatter` writes its value when the value
/// starts at nesting depth `depth` (two spaces per level; the first line is not
/// indented, as it follows a key or the indentation its container wrote).
pub(crate) fn print(node: &Node<'_>, depth: usize, out: &mut String) {
    match node {
        Node::Token(token) => out.push_str(token),
        Node::Array(elements) if elements.is_empty() => out.push_str("[]"),
        Node::Object(members) if members.is_empty() => out.push_str("{}"),
        Node::Array(elements) => {
            out.push('[');
            for (index, element) in elements.iter().enumerate() {
                separator(index, depth + 1, out);
                print(element, depth + 1, out);
            }
            close(']', depth, out);
        }
        Node::Object(members) => {
            out.push('{');
            for (index, member) in members.iter().enumerate() {
                separator(index, depth + 1, out);
                out.push_str(member.key);
                out.push_str(": ");
                print(&member.value, depth + 1, out);
            }
            close('}', depth, out);
        }
    }
}

/// Prints a document (a JSON object) as `serde_json::to_string_pretty` does, except that
/// the elements of its top-level arrays named in `verbatim` (`("interactions", 2)`) are
/// printed from the given trees instead of the placeholder the document holds there.
///
/// # Errors
/// The error of serde_json's printer (which it returns only for a map with keys that are
/// not strings, which a [`Value`] cannot have).
pub(crate) fn print_document(
    doc: &Value,
    verbatim: &[(&str, usize, &Node<'_>)],
) -> Result<String, serde_json::Error> {
    let Value::Object(members) = doc else {
        return pretty_at(doc, 0);
    };
    if members.is_empty() {
        return Ok("{}".to_owned());
    }
    let mut out = String::from("{");
    for (index, (key, value)) in members.iter().enumerate() {
        separator(index, 1, &mut out);
        out.push_str(&serde_json::to_string(key)?);
        out.push_str(": ");
        let replaced: Vec<(usize, &Node<'_>)> = verbatim
            .iter()
            .filter(|(array, _, _)| array == key)
            .map(|&(_, element, node)| (element, node))
            .collect();
        match value {
            Value::Array(elements) if !replaced.is_empty() && !elements.is_empty() => {
                out.push('[');
                for (element, value) in elements.iter().enumerate() {
                    separator(element, 2, &mut out);
                    match replaced.iter().find(|(at, _)| *at == element) {
                        Some((_, node)) => print(node, 2, &mut out),
                        None => out.push_str(&pretty_at(value, 2)?),
                    }
                }
                close(']', 1, &mut out);
            }
            _ => out.push_str(&pretty_at(value, 1)?),
        }
    }
    close('}', 0, &mut out);
    Ok(out)
}

/// serde_json's pretty text of `value` as it comes out at nesting depth `depth`: its
/// indentation is additive, and a printed string never holds a raw line feed, so every
/// line but the first just moves right.
fn pretty_at(value: &Value, depth: usize) -> Result<String, serde_json::Error> {
    let text = serde_json::to_string_pretty(value)?;
    if depth == 0 {
        return Ok(text);
    }
    Ok(text.replace('\n', &format!("\n{}", "  ".repeat(depth))))
}

/// What `PrettyFormatter` writes before the element or member `index` of a container
/// whose elements are at `depth`.
fn separator(index: usize, depth: usize, out: &mut String) {
    if index > 0 {
        out.push(',');
    }
    out.push('\n');
    indent(depth, out);
}

/// What `PrettyFormatter` writes to close a non-empty container at `depth`.
fn close(bracket: char, depth: usize, out: &mut String) {
    out.push('\n');
    indent(depth, out);
    out.push(bracket);
}

fn indent(depth: usize, out: &mut String) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

struct Parser<'t> {
    text: &'t str,
    /// Byte offset of the next unread byte; always at a character boundary, as the
    /// parser only steps over ASCII structure and whole string or scalar tokens.
    at: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// JSON's four whitespace bytes (RFC 8259 section 2).
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node<'t>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_whitespace();
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Node::Token),
            _ => self.scalar().map(Node::Token),
        }
    }

    /// The next byte after whitespace, consumed when it is `expected`.
    fn eat(&mut self, expected: u8) -> bool {
        self.skip_whitespace();
        let found = self.peek() == Some(expected);
        if found {
            self.at += 1;
        }
        found
    }

    fn array(&mut self, depth: usize) -> Option<Node<'t>> {
        self.at += 1;
        let mut elements = Vec::new();
        if self.eat(b']') {
            return Some(Node::Array(elements));
        }
        loop {
            elements.push(self.value(depth + 1)?);
            if self.eat(b']') {
                return Some(Node::Array(elements));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Node<'t>> {
        self.at += 1;
        let mut members = Vec::new();
        if !self.eat(b'}') {
            loop {
                self.skip_whitespace();
                if self.peek() != Some(b'"') {
                    return None;
                }
                let key = self.string()?;
                if !self.eat(b':') {
                    return None;
                }
                let value = self.value(depth + 1)?;
                members.push(Member {
                    key,
                    name: decode_key(key)?,
                    value,
                });
                if self.eat(b'}') {
                    break;
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        // serde_json's `Map` (a BTreeMap) orders keys by their text and keeps the last
        // value of a repeated key. The sort is stable, so of equal keys the last written
        // is the last of its run.
        members.sort_by(|a, b| a.name.cmp(&b.name));
        let mut unique: Vec<Member<'t>> = Vec::with_capacity(members.len());
        for member in members {
            if unique.last().is_some_and(|last| last.name == member.name) {
                unique.pop();
            }
            unique.push(member);
        }
        Some(Node::Object(unique))
    }

    /// A string token, quotes included.
    fn string(&mut self) -> Option<&'t str> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let mut at = start + 1;
        loop {
            match bytes.get(at)? {
                b'"' => break,
                b'\\' => at += 2,
                _ => at += 1,
            }
        }
        self.at = at + 1;
        self.text.get(start..self.at)
    }

    /// A number or literal: the run of bytes that can spell one. Its spelling was checked
    /// by serde_json; here it only has to be non-empty.
    fn scalar(&mut self) -> Option<&'t str> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E' | b'a'..=b'z')
        ) {
            self.at += 1;
        }
        self.text
            .get(start..self.at)
            .filter(|token| !token.is_empty())
    }
}

/// A key token's text, as serde_json decodes it.
fn decode_key(token: &str) -> Option<String> {
    if token.contains('\\') {
        serde_json::from_str(token).ok()
    } else {
        token
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .map(str::to_owned)
    }
}

#[cfg(test)]
#[path = "json_verbatim_tests.rs"]
mod tests;
