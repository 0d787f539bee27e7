//! A position in a JSON document being read, for errors and warnings that name the source
//! and the JSON path (`interactions[3].request.method`).

use std::cell::RefCell;

use serde_json::{Map, Value};

use crate::model::{LoadError, PactWarning};

/// Where warnings of one read are collected.
pub(crate) type Warnings = RefCell<Vec<PactWarning>>;

/// Where the reader is: the source's name and the JSON path inside it, and where its
/// warnings go (nowhere, for a reader whose caller does not ask for them).
///
/// The path is a chain of borrowed steps, each pointing at its parent, and is rendered
/// (`interactions[3].request.method`) only when an error or a warning names it: a reader
/// steps into every key of a pact, and formatting each step's path used to be a tenth of
/// the cost of loading one.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    source: &'a str,
    step: Step<'a>,
    warnings: Option<&'a Warnings>,
}

/// One step of an [`At`]'s path.
#[derive(Clone, Copy)]
enum Step<'a> {
    /// The path the reader started from, as given (`$`, `interactions[0].request`).
    Root(&'a str),
    /// The value of `key` in the object at `parent`.
    Key(&'a At<'a>, &'a str),
    /// The element `index` of the array at `parent`.
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    pub(crate) fn new(source: &'a str, path: &'a str) -> Self {
        At {
            source,
            step: Step::Root(path),
            warnings: None,
        }
    }

    /// A reader position whose warnings go to `warnings`.
    pub(crate) fn with_warnings(source: &'a str, path: &'a str, warnings: &'a Warnings) -> Self {
        At {
            warnings: Some(warnings),
            ..At::new(source, path)
        }
    }

    /// Records that the value here was read leniently: `message` says what was found and
    /// how it was read.
    pub(crate) fn warn(&self, message: impl Into<String>) {
        if let Some(warnings) = self.warnings {
            warnings
                .borrow_mut()
                .push(PactWarning::new(self.source, self.display_path(), message));
        }
    }

    fn display_path(&self) -> String {
        let path = self.path();
        if path.is_empty() {
            "$".to_owned()
        } else {
            path
        }
    }

    /// The path as written so far: a key below the root `$` (or an empty root) starts the
    /// path without a dot (`metadata`, not `$.metadata`).
    fn path(&self) -> String {
        let mut out = String::new();
        self.write_path(&mut out);
        out
    }

    fn write_path(&self, out: &mut String) {
        match self.step {
            Step::Root(path) => out.push_str(path),
            Step::Key(parent, key) => {
                parent.write_path(out);
                if out.is_empty() || out == "$" {
                    out.clear();
                } else {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(parent, index) => {
                parent.write_path(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }

    pub(crate) fn key<'b>(&'b self, key: &'b str) -> At<'b> {
        At {
            source: self.source,
            step: Step::Key(self, key),
            warnings: self.warnings,
        }
    }

    pub(crate) fn index(&self, index: usize) -> At<'_> {
        At {
            source: self.source,
            step: Step::Index(self, index),
            warnings: self.warnings,
        }
    }

    pub(crate) fn error(&self, expected: impl Into<String>) -> LoadError {
        LoadError::Invalid {
            source_name: self.source.to_owned(),
            at: self.display_path(),
            expected: expected.into(),
        }
    }

    /// The document is not a pact: `missing` says what it lacks.
    pub(crate) fn not_a_pact(&self, missing: String) -> LoadError {
        LoadError::NotAPact {
            source_name: self.source.to_owned(),
            missing,
        }
    }

    /// The error for `value` found here where `expected` (`an object`) belongs.
    pub(crate) fn wrong_kind(&self, expected: &str, value: &Value) -> LoadError {
        self.error(format!("expected {expected}, found {}", kind(value)))
    }

    pub(crate) fn object<'v>(&self, value: &'v Value) -> Result<&'v Map<String, Value>, LoadError> {
        value
            .as_object()
            .ok_or_else(|| self.wrong_kind("an object", value))
    }

    pub(crate) fn string<'v>(&self, value: &'v Value) -> Result<&'v str, LoadError> {
        value
            .as_str()
            .ok_or_else(|| self.wrong_kind("a string", value))
    }

    pub(crate) fn array<'v>(&self, value: &'v Value) -> Result<&'v Vec<Value>, LoadError> {
        value
            .as_array()
            .ok_or_else(|| self.wrong_kind("an array", value))
    }

    /// A non-negative integer; one written as a string (`"2"`) is read, with a warning.
    pub(crate) fn usize(&self, value: &Value) -> Result<usize, LoadError> {
        value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .or_else(|| {
                let n = value.as_str().and_then(|s| s.parse().ok());
                if n.is_some() {
                    self.warn(format!(
                        "expected a number, found the string {value}: read as the number"
                    ));
                }
                n
            })
            .ok_or_else(|| {
                self.error(format!(
                    "expected a non-negative integer, found {}",
                    kind(value)
                ))
            })
    }

    /// A required string field of `object`.
    pub(crate) fn required_str<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
    ) -> Result<&'v str, LoadError> {
        match object.get(key) {
            Some(value) => self.key(key).string(value),
            None => Err(self
                .key(key)
                .error("expected a string, but the field is missing")),
        }
    }

    /// An optional string field of `object` (`null` counts as absent).
    pub(crate) fn optional_str<'v>(
        &self,
        object: &'v Map<String, Value>,
        key: &str,
    ) -> Result<Option<&'v str>, LoadError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => self.key(key).string(value).map(Some),
        }
    }
}

/// A short description of a JSON value's kind, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON object being read, remembering which keys the reader asked for: the keys it never
/// asked for are the object's [`UnknownFields`](crate::model::UnknownFields), kept for the
/// writer. Asking is enough: a key read and found unusable is an error, not unknown.
pub(crate) struct Fields<'v> {
    map: &'v Map<String, Value>,
    read: RefCell<Vec<&'static str>>,
}

impl<'v> Fields<'v> {
    pub(crate) fn new(map: &'v Map<String, Value>) -> Self {
        Fields {
            map,
            read: RefCell::new(Vec::new()),
        }
    }

    /// The value of `key`, which is now known.
    pub(crate) fn get(&self, key: &'static str) -> Option<&'v Value> {
        self.read.borrow_mut().push(key);
        self.map.get(key)
    }

    /// A required string field.
    pub(crate) fn required_str(
        &self,
        at: &At<'_>,
        key: &'static str,
    ) -> Result<&'v str, LoadError> {
        self.read.borrow_mut().push(key);
        at.required_str(self.map, key)
    }

    /// An optional string field (`null` counts as absent).
    pub(crate) fn optional_str(
        &self,
        at: &At<'_>,
        key: &'static str,
    ) -> Result<Option<&'v str>, LoadError> {
        self.read.borrow_mut().push(key);
        at.optional_str(self.map, key)
    }

    /// The keys never read, with their values.
    pub(crate) fn unread(&self) -> Map<String, Value> {
        let read = self.read.borrow();
        self.map
            .iter()
            .filter(|(key, _)| !read.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid_at(error: LoadError) -> String {
        match error {
            LoadError::Invalid { at, .. } => at,
            other => panic!("expected LoadError::Invalid, got {other:?}"),
        }
    }

    #[test]
    fn a_path_is_rendered_from_its_steps_only_when_an_error_names_it() {
        let root = At::new("a.json", "$");
        let list = root.key("interactions");
        let item = list.index(3);
        let request = item.key("request");
        let method = request.key("method");

        assert_eq!(invalid_at(root.error("x")), "$");
        assert_eq!(invalid_at(list.error("x")), "interactions");
        assert_eq!(invalid_at(item.error("x")), "interactions[3]");
        assert_eq!(
            invalid_at(method.error("x")),
            "interactions[3].request.method"
        );
        assert_eq!(
            invalid_at(item.index(0).index(12).key("a b").error("x")),
            "interactions[3][0][12].a b"
        );
    }

    #[test]
    fn a_reader_started_below_the_root_continues_its_given_path() {
        let empty = At::new("case.json", "");
        let nested = At::new("case.json", "interactions[0].request");

        assert_eq!(invalid_at(empty.error("x")), "$");
        assert_eq!(invalid_at(empty.key("body").error("x")), "body");
        assert_eq!(invalid_at(empty.index(2).error("x")), "[2]");
        assert_eq!(
            invalid_at(nested.key("headers").key("Accept").error("x")),
            "interactions[0].request.headers.Accept"
        );
        assert_eq!(invalid_at(At::new("r", "$").index(1).error("x")), "$[1]");
    }

    #[test]
    fn warnings_name_the_source_and_the_rendered_path() {
        let warnings = Warnings::default();
        let root = At::with_warnings("b.json", "$", &warnings);
        let rules = root.key("messages");
        let rules = rules.index(1);
        let rules = rules.key("matchingRules");

        rules.warn("found []");
        root.warn("no version");
        At::new("c.json", "$").key("ignored").warn("nowhere to go");

        let warnings = warnings.into_inner();
        assert_eq!(
            warnings,
            vec![
                PactWarning::new("b.json", "messages[1].matchingRules", "found []"),
                PactWarning::new("b.json", "$", "no version"),
            ]
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named_with_what_was_expected() {
        let root = At::new("d.json", "$");
        let at = root.key("interactions");
        let error = at.array(&Value::from(3)).expect_err("not an array");

        assert_eq!(
            error.to_string(),
            "d.json: interactions: expected an array, found a number"
        );
        assert_eq!(
            at.index(0)
                .object(&Value::Null)
                .expect_err("not an object")
                .to_string(),
            "d.json: interactions[0]: expected an object, found null"
        );
    }
}
