//! Fields of pact JSON that the model does not know, kept so that a rewrite writes them
//! back unchanged.
//!
//! Pact files carry more than any one implementation models: V4 `pluginConfiguration`,
//! `interactionMarkup`, `transport`, a body's `contentTypeHint`, keys of later versions.
//! The V4 specification says readers ignore what they do not understand rather than fail
//! ("File format"); a writer that then drops it changes interactions it never touched, and
//! a Pact Broker refuses a pact whose published interactions changed. So the reader keeps
//! every key it did not read, as a tree that follows the document's objects, and the
//! writer puts each key back where it was unless the model writes that key itself.
//! Nothing is listed: whatever the reader does not read is kept.
//!
//! Known keys are kept too, in their spelling: a reader normalises (`"match": "datetime"`
//! is the model's timestamp rule, written `"timestamp"`; a V4 header value given as a
//! string is written as an array), so an interaction read from a file also keeps the JSON
//! it was read from, and the writer writes that JSON back as long as the model still
//! writes what it would have written for the interaction as read (found by reading the
//! kept JSON again when writing, so that reading, which verification does on every run,
//! never pays for writing).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::SpecVersion;

/// The fields of one JSON object (and of the objects below it) that the reader did not
/// read.
///
/// `fields` are the unread keys of this object with their values; `nested` holds, for a
/// key (or array index) the reader did read, the unread fields of the object found there:
/// for an interaction, `request` → `body` → `{"contentTypeHint": "TEXT"}`.
///
/// Equality compares the unknown fields, not the spelling kept of an interaction (see the
/// module docs): two pacts that say the same are equal however their files spelled it.
#[derive(Debug, Clone, Default)]
pub struct UnknownFields {
    fields: Map<String, Value>,
    nested: BTreeMap<Segment, UnknownFields>,
    /// Shared, not copied, by clones of the model: it never changes once read, and a
    /// verifier clones the interactions it runs.
    as_read: Option<Arc<AsRead>>,
}

impl PartialEq for UnknownFields {
    fn eq(&self, other: &Self) -> bool {
        self.fields == other.fields && self.nested == other.nested
    }
}

/// An interaction's JSON as a file held it, with what is needed to read it again: the
/// version it was read in and the list that held it. What the writer made of it when it
/// was read is not kept: it is the writer's output for the interaction read again from
/// `original`, computed when a writer asks (reading a pact must not pay for writing it).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AsRead {
    pub(crate) version: SpecVersion,
    pub(crate) list: ReadFrom,
    pub(crate) original: Value,
}

/// The list of a pact document an interaction was read from, which picks its reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadFrom {
    /// `interactions`: HTTP interactions, or V4 interactions of any type.
    Interactions,
    /// `messages`: V3 messages.
    Messages,
}

/// A step from an object to a value below it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

impl UnknownFields {
    /// No unknown fields.
    pub fn new() -> Self {
        UnknownFields::default()
    }

    /// True when there is nothing to write back, here or below.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.nested.values().all(UnknownFields::is_empty)
    }

    /// The unread keys of this object, with their values.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// The unread keys of this object, to add or remove fields to write.
    pub fn fields_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.fields
    }

    /// The unknown fields of the object under the known key `key` (`request`, `body`).
    pub fn child(&self, key: &str) -> Option<&UnknownFields> {
        self.nested.get(&Segment::Key(key.to_owned()))
    }

    /// The unknown fields of the object at `index` of the known array here.
    pub fn item(&self, index: usize) -> Option<&UnknownFields> {
        self.nested.get(&Segment::Index(index))
    }

    pub(crate) fn from_fields(fields: Map<String, Value>) -> Self {
        UnknownFields {
            fields,
            nested: BTreeMap::new(),
            as_read: None,
        }
    }

    /// Remembers the JSON an interaction was read from (`original`, in `version`, from the
    /// document's `list`), for a writer to write back when the model did not change it.
    pub(crate) fn remember_original(
        &mut self,
        version: SpecVersion,
        list: ReadFrom,
        original: Value,
    ) {
        self.as_read = Some(Arc::new(AsRead {
            version,
            list,
            original,
        }));
    }

    /// The JSON the interaction was read from, if it was read from a file.
    pub(crate) fn as_read(&self) -> Option<&AsRead> {
        self.as_read.as_deref()
    }

    /// Records `child` under `segment`, when it holds anything.
    pub(crate) fn nest(&mut self, segment: Segment, child: UnknownFields) {
        if !child.is_empty() {
            self.nested.insert(segment, child);
        }
    }

    /// Writes the fields back into `value`, the JSON the model wrote for this object:
    /// each key the model did not write is added; below, only into objects the model
    /// wrote too (an object the model no longer writes takes its unknown fields with it).
    pub(crate) fn write_into(&self, value: &mut Value) {
        if self.is_empty() {
            return;
        }
        match value {
            Value::Object(object) => {
                for (key, field) in &self.fields {
                    object.entry(key.clone()).or_insert_with(|| field.clone());
                }
                for (segment, child) in &self.nested {
                    if let Segment::Key(key) = segment
                        && let Some(below) = object.get_mut(key)
                    {
                        child.write_into(below);
                    }
                }
            }
            Value::Array(items) => {
                for (segment, child) in &self.nested {
                    if let Segment::Index(index) = segment
                        && let Some(below) = items.get_mut(*index)
                    {
                        child.write_into(below);
                    }
                }
            }
            _ => {}
        }
    }
}
