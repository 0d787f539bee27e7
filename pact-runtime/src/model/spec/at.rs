//! A position in a JSON document being read, for error messages that name the source and
//! the JSON path (`interactions[3].request.method`).

use serde_json::{Map, Value};

use crate::model::LoadError;

/// Where the reader is: the source's name and the JSON path inside it.
#[derive(Clone)]
pub(crate) struct At<'a> {
    source: &'a str,
    path: String,
}

impl<'a> At<'a> {
    pub(crate) fn new(source: &'a str, path: &str) -> Self {
        At {
            source,
            path: path.to_owned(),
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
        }
    }

    pub(crate) fn index(&self, index: usize) -> At<'a> {
        At {
            source: self.source,
            path: format!("{}[{index}]", self.path),
        }
    }

    pub(crate) fn error(&self, expected: impl Into<String>) -> LoadError {
        LoadError::Invalid {
            source_name: self.source.to_owned(),
            at: if self.path.is_empty() {
                "$".to_owned()
            } else {
                self.path.clone()
            },
            expected: expected.into(),
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

    pub(crate) fn usize(&self, value: &Value) -> Result<usize, LoadError> {
        value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
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
