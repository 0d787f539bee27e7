//! A position in a JSON document being read, for errors and warnings that name the source
//! and the JSON path (`interactions[3].request.method`).

use std::cell::RefCell;

use serde_json::{Map, Value};

use crate::model::{LoadError, PactWarning};

/// Where warnings of one read are collected.
pub(crate) type Warnings = RefCell<Vec<PactWarning>>;

/// Where the reader is: the source's name and the JSON path inside it, and where its
/// warnings go (nowhere, for a reader whose caller does not ask for them).
#[derive(Clone)]
pub(crate) struct At<'a> {
    source: &'a str,
    path: String,
    warnings: Option<&'a Warnings>,
}

impl<'a> At<'a> {
    pub(crate) fn new(source: &'a str, path: &str) -> Self {
        At {
            source,
            path: path.to_owned(),
            warnings: None,
        }
    }

    /// A reader position whose warnings go to `warnings`.
    pub(crate) fn with_warnings(source: &'a str, path: &str, warnings: &'a Warnings) -> Self {
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
        if self.path.is_empty() {
            "$".to_owned()
        } else {
            self.path.clone()
        }
    }

    pub(crate) fn key(&self, key: &str) -> At<'a> {
        let path = if self.path.is_empty() || self.path == "$" {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        };
        At {
            source: self.source,
            path,
            warnings: self.warnings,
        }
    }

    pub(crate) fn index(&self, index: usize) -> At<'a> {
        At {
            source: self.source,
            path: format!("{}[{index}]", self.path),
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

    pub(crate) fn object<'v>(&self, value: &'v Value) -> Result<&'v Map<String, Value>, LoadError> {
        value
            .as_object()
            .ok_or_else(|| self.error(format!("expected an object, found {}", kind(value))))
    }

    pub(crate) fn string<'v>(&self, value: &'v Value) -> Result<&'v str, LoadError> {
        value
            .as_str()
            .ok_or_else(|| self.error(format!("expected a string, found {}", kind(value))))
    }

    pub(crate) fn array<'v>(&self, value: &'v Value) -> Result<&'v Vec<Value>, LoadError> {
        value
            .as_array()
            .ok_or_else(|| self.error(format!("expected an array, found {}", kind(value))))
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
