//! Document paths (`$.items[2].id`, `$['@odata.context']`, `$.a[*].*`): where a matching
//! rule or generator applies inside a body, and where a mismatch was found.
//!
//! The syntax is the one the Pact specification uses for matching-rule keys (V2 `$.body…`
//! keys are stripped of their `.body` prefix before they get here): dotted field names,
//! bracketed quoted names for keys with special characters, `[n]` indexes and the `*` /
//! `[*]` wildcards.

use std::fmt;

/// One step of a [`DocPath`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathToken {
    /// `$`, the document root.
    Root,
    /// A named object key (`.name` or `['name']`).
    Field(String),
    /// An array index (`[3]`).
    Index(usize),
    /// `.*`: any object key.
    StarField,
    /// `[*]`: any array index.
    StarIndex,
}

/// A parsed document path.
///
/// ```
/// use pact_runtime::model::DocPath;
/// let path: DocPath = "$.items[*].id".parse().unwrap();
/// assert_eq!(path.to_string(), "$.items[*].id");
/// assert!(path.matches_concrete(&"$.items[2].id".parse().unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocPath {
    tokens: Vec<PathToken>,
}

/// A document path that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document path `{path}`: {reason}")]
pub struct DocPathError {
    /// The text that was given.
    pub path: String,
    /// What is wrong with it.
    pub reason: String,
}

impl DocPath {
    /// The root path `$`.
    pub fn root() -> Self {
        DocPath {
            tokens: vec![PathToken::Root],
        }
    }

    /// The path's tokens, starting with [`PathToken::Root`].
    pub fn tokens(&self) -> &[PathToken] {
        &self.tokens
    }

    /// This path with a field appended.
    pub fn join_field(&self, name: impl Into<String>) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(PathToken::Field(name.into()));
        DocPath { tokens }
    }

    /// This path with an array index appended.
    pub fn join_index(&self, index: usize) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(PathToken::Index(index));
        DocPath { tokens }
    }

    /// This path with a token appended.
    pub fn join(&self, token: PathToken) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(token);
        DocPath { tokens }
    }

    /// Number of tokens, the root included.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True for the bare root path `$`.
    pub fn is_root(&self) -> bool {
        self.tokens.len() == 1
    }

    /// Always false: a path holds at least its root.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// How well this (rule) path matches a concrete path, as the specification weighs it:
    /// `None` when it does not apply; otherwise a weight where an exact step counts 2 and a
    /// wildcard step 1, multiplied along the path, so the most specific rule wins.
    ///
    /// The rule path may be shorter than the concrete path (a rule on `$.a` is a candidate
    /// for `$.a.b`, which is how rules cascade to children); callers that want only exact
    /// length matches compare [`DocPath::len`] as well.
    pub fn match_weight(&self, concrete: &DocPath) -> Option<usize> {
        if self.tokens.len() > concrete.tokens.len() {
            return None;
        }
        let mut weight = 1usize;
        for (rule, actual) in self.tokens.iter().zip(concrete.tokens.iter()) {
            let step = match (rule, actual) {
                (PathToken::Root, PathToken::Root) => 2,
                (PathToken::Field(a), PathToken::Field(b)) if a == b => 2,
                (PathToken::Index(a), PathToken::Index(b)) if a == b => 2,
                (PathToken::StarField, PathToken::Field(_)) => 1,
                (PathToken::StarIndex, PathToken::Index(_)) => 1,
                // `*` also matches array elements in the paths other implementations write.
                (PathToken::StarField, PathToken::Index(_)) => 1,
                _ => return None,
            };
            weight = weight.saturating_mul(step);
        }
        Some(weight)
    }

    /// True when this (possibly wildcard) path matches `concrete` token for token.
    pub fn matches_concrete(&self, concrete: &DocPath) -> bool {
        self.tokens.len() == concrete.tokens.len() && self.match_weight(concrete).is_some()
    }
}

impl Default for DocPath {
    fn default() -> Self {
        Self::root()
    }
}

/// A field name that may stand in dotted form: letters, digits, `_`, `-`, `:` and `$`, with
/// an optional leading `@` (an XML attribute) or `#` (an XML text node, `#text`).
/// True for a key a path may write in dot notation (read leniently: pact files write
/// `$.animals.0`).
fn is_plain_identifier(name: &str) -> bool {
    let rest = name.strip_prefix(['@', '#']).unwrap_or(name);
    !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ':' || c == '$')
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for token in &self.tokens {
            match token {
                PathToken::Root => f.write_str("$")?,
                // A key that starts with a digit (`100`) is written `['100']`: in JSONPath
                // (RFC 9535, member-name-shorthand) a dotted name cannot start with a digit,
                // and `[100]` would be an array index.
                PathToken::Field(name)
                    if is_plain_identifier(name)
                        && !name.starts_with(|c: char| c.is_ascii_digit()) =>
                {
                    write!(f, ".{name}")?
                }
                PathToken::Field(name) => write!(f, "['{}']", name.replace('\'', "\\'"))?,
                PathToken::Index(i) => write!(f, "[{i}]")?,
                PathToken::StarField => f.write_str(".*")?,
                PathToken::StarIndex => f.write_str("[*]")?,
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for DocPath {
    type Err = DocPathError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

fn parse(text: &str) -> Result<DocPath, DocPathError> {
    if let Some(path) = plain_dotted(text) {
        return Ok(path);
    }
    general(text)
}

/// `$.a.b` written with plain field names only, the form nearly every rule of a pact file
/// has, read without [`general`]'s character buffer (loading a pact parses thousands);
/// `None` for anything else, which `general` reads (or rejects) as before.
fn plain_dotted(text: &str) -> Option<DocPath> {
    let rest = text.strip_prefix("$.")?;
    let mut tokens = vec![PathToken::Root];
    for name in rest.split('.') {
        if !is_plain_identifier(name) {
            return None;
        }
        tokens.push(PathToken::Field(name.to_owned()));
    }
    Some(DocPath { tokens })
}

fn general(text: &str) -> Result<DocPath, DocPathError> {
    let err = |reason: &str| DocPathError {
        path: text.to_owned(),
        reason: reason.to_owned(),
    };
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    if chars.first() == Some(&'$') {
        i = 1;
    } else if chars.is_empty() {
        return Err(err("the path is empty"));
    }
    // A path written without `$` (as some V2 writers do for `body.x`) is taken as relative
    // to the root.
    tokens.push(PathToken::Root);
    if i == 0 && chars[0] != '.' && chars[0] != '[' {
        // A bare first field name.
        let start = i;
        while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        if !is_plain_identifier(&name) {
            return Err(err(&format!(
                "`{name}` is not a plain field name: write it in bracket notation, e.g. $['{name}']"
            )));
        }
        tokens.push(PathToken::Field(name));
    }
    while i < chars.len() {
        match chars[i] {
            '.' => {
                i += 1;
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                match name.as_str() {
                    "" => return Err(err("a `.` must be followed by a field name or `*`")),
                    "*" => tokens.push(PathToken::StarField),
                    // A key like `@odata.context` read in dotted form would silently become
                    // two keys and the rule would never apply (field case FC-05).
                    _ if !is_plain_identifier(&name) => {
                        return Err(err(&format!(
                            "`{name}` is not a plain field name: write it in bracket notation, e.g. $['{name}']"
                        )));
                    }
                    _ => tokens.push(PathToken::Field(name)),
                }
            }
            '[' => {
                i += 1;
                match chars.get(i) {
                    Some('\'') | Some('"') => {
                        let quote = chars[i];
                        i += 1;
                        let mut name = String::new();
                        loop {
                            match chars.get(i) {
                                None => return Err(err("unterminated quoted field name")),
                                Some('\\') if chars.get(i + 1) == Some(&quote) => {
                                    name.push(quote);
                                    i += 2;
                                }
                                Some(c) if *c == quote => {
                                    i += 1;
                                    break;
                                }
                                Some(c) => {
                                    name.push(*c);
                                    i += 1;
                                }
                            }
                        }
                        if chars.get(i) != Some(&']') {
                            return Err(err("expected `]` after a quoted field name"));
                        }
                        i += 1;
                        tokens.push(PathToken::Field(name));
                    }
                    Some('*') => {
                        if chars.get(i + 1) != Some(&']') {
                            return Err(err("expected `]` after `[*`"));
                        }
                        i += 2;
                        tokens.push(PathToken::StarIndex);
                    }
                    Some(c) if c.is_ascii_digit() => {
                        let start = i;
                        while i < chars.len() && chars[i].is_ascii_digit() {
                            i += 1;
                        }
                        if chars.get(i) != Some(&']') {
                            return Err(err("expected `]` after an index"));
                        }
                        let digits: String = chars[start..i].iter().collect();
                        let index = digits.parse().map_err(|_| err("the index is too large"))?;
                        i += 1;
                        tokens.push(PathToken::Index(index));
                    }
                    _ => {
                        return Err(err(
                            "`[` must be followed by an index, `*` or a quoted field name",
                        ));
                    }
                }
            }
            _ => return Err(err("expected `.` or `[`")),
        }
    }
    Ok(DocPath { tokens })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> DocPath {
        s.parse().expect("valid path")
    }

    #[test]
    fn parses_and_displays_round_trip() {
        for text in [
            "$",
            "$.a",
            "$.a[0].b",
            "$.a[*].*",
            "$['@odata.context']",
            "$['a b'].c",
        ] {
            assert_eq!(p(text).to_string(), text);
        }
    }

    #[test]
    fn bracket_notation_keeps_dots_inside_one_field() {
        assert_eq!(
            p("$['@odata.context']").tokens(),
            &[PathToken::Root, PathToken::Field("@odata.context".into())]
        );
    }

    #[test]
    fn rejects_malformed_paths() {
        for text in [
            "",
            "$.",
            "$[",
            "$[x]",
            "$['a",
            "$a",
            "$.a b",
            "$.@",
            "$.x.con text",
        ] {
            assert!(text.parse::<DocPath>().is_err(), "{text}");
        }
    }

    #[test]
    fn exact_paths_outweigh_wildcards() {
        let concrete = p("$.a[1].b");
        let exact = p("$.a[1].b").match_weight(&concrete).expect("applies");
        let wild = p("$.a[*].b").match_weight(&concrete).expect("applies");
        let star = p("$.*[*].*").match_weight(&concrete).expect("applies");
        assert!(exact > wild && wild > star);
        assert_eq!(p("$.a[0].b").match_weight(&concrete), None);
    }

    #[test]
    fn plain_dotted_paths_read_as_the_general_parser_reads_them() {
        for text in [
            "$.id",
            "$.a.b.c",
            "$.@id",
            "$.#text",
            "$.ns:order.$ref",
            "$.snake_case-and-dash.x1",
            "$.élan.ü",
        ] {
            assert_eq!(
                plain_dotted(text),
                Some(general(text).expect(text)),
                "{text}"
            );
        }
    }

    #[test]
    fn other_paths_are_left_to_the_general_parser() {
        for text in [
            "$", "$.", "$..a", "$.a.", "$.*", "$.a[0]", "$['a']", "$.a.*.b", "a.b", ".a", "$.a b",
            "$.@", "$.a[*]", "",
        ] {
            assert_eq!(plain_dotted(text), None, "{text}");
            assert_eq!(parse(text), general(text), "{text}");
        }
    }
}
