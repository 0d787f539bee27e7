//! Where generated values go: status, path, headers, query, metadata and body paths
//! (wildcards included).

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::value::{generate, type_name};
use super::{
    ExampleKept, GenerateFailure, GeneratorContext, GeneratorError, GeneratorMode, provider_state,
};
use crate::model::{Body, Category, DocPath, Generator, Generators, PathToken};

/// How a location is named in errors and warnings.
pub(crate) fn location(category: Category, path: &DocPath) -> String {
    let name = || match path.tokens() {
        [_, PathToken::Field(name)] => name.clone(),
        _ => path.to_string(),
    };
    match category {
        Category::Path => "the path".to_owned(),
        Category::Status => "the status".to_owned(),
        Category::Header => format!("header '{}'", name()),
        Category::Query => format!("query parameter '{}'", name()),
        Category::Metadata => format!("metadata '{}'", name()),
        Category::Body | Category::Content => format!("body {path}"),
    }
}

/// Headers or query parameters: both are name → values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Named {
    Header,
    Query,
}

pub(crate) struct Run<'c> {
    mode: GeneratorMode,
    context: &'c GeneratorContext,
    /// `Some` when a missing provider-state value keeps the example: the places it did.
    kept: Option<RefCell<Vec<ExampleKept>>>,
}

fn text_of(value: Value) -> String {
    match value {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

impl<'c> Run<'c> {
    pub(crate) fn new(mode: GeneratorMode, context: &'c GeneratorContext) -> Self {
        Run {
            mode,
            context,
            kept: None,
        }
    }

    /// A run in which a provider-state value that nobody supplied keeps the example (and
    /// is noted, see [`Run::kept`]) instead of failing.
    pub(crate) fn keeping_examples(mut self) -> Self {
        self.kept = Some(RefCell::new(Vec::new()));
        self
    }

    /// The places where the example was kept, in the order they were met.
    pub(crate) fn kept(self) -> Vec<ExampleKept> {
        self.kept.map(RefCell::into_inner).unwrap_or_default()
    }

    /// One generator at one location: the new value, or `None` to keep the old one.
    fn one(
        &self,
        category: Category,
        path: &DocPath,
        generator: &Generator,
        current: &Value,
    ) -> Result<Option<Value>, GeneratorError> {
        if let Generator::ProviderState { expression, .. } = generator
            && self.mode == GeneratorMode::Provider
            && !provider_state::has_placeholder(expression)
        {
            tracing::warn!(
                interaction = self.context.interaction.as_deref().unwrap_or("(unnamed)"),
                location = %location(category, path),
                expression = %expression,
                "provider-state expression without a ${{…}} placeholder: the value is the expression itself"
            );
        }
        match generate(generator, current, self.mode, self.context) {
            Ok(value) => Ok(value),
            Err(GenerateFailure::MissingProviderStateValue { name, expression })
                if self.kept.is_some() =>
            {
                let kept = ExampleKept {
                    location: location(category, path),
                    name,
                    expression,
                };
                tracing::warn!(
                    interaction = self.context.interaction.as_deref().unwrap_or("(unnamed)"),
                    "{kept}"
                );
                if let Some(list) = &self.kept {
                    list.borrow_mut().push(kept);
                }
                Ok(None)
            }
            Err(failure) => Err(GeneratorError {
                location: location(category, path),
                generator: type_name(generator),
                failure,
            }),
        }
    }

    fn root_generator(
        generators: &Generators,
        category: Category,
    ) -> Option<(&DocPath, &Generator)> {
        generators
            .category(category)?
            .iter()
            .find(|(path, _)| path.is_root())
    }

    pub(crate) fn status(
        &self,
        generators: &Generators,
        status: &mut u16,
    ) -> Result<(), GeneratorError> {
        let Some((path, generator)) = Self::root_generator(generators, Category::Status) else {
            return Ok(());
        };
        let Some(value) = self.one(Category::Status, path, generator, &Value::from(*status))?
        else {
            return Ok(());
        };
        let code = match &value {
            Value::Number(n) => n.as_u64(),
            Value::String(text) => text.trim().parse::<u64>().ok(),
            _ => None,
        };
        match code.and_then(|c| u16::try_from(c).ok()) {
            Some(code) if (100..=599).contains(&code) => {
                *status = code;
                Ok(())
            }
            _ => Err(GeneratorError {
                location: location(Category::Status, path),
                generator: type_name(generator),
                failure: GenerateFailure::InvalidStatus {
                    value: text_of(value),
                },
            }),
        }
    }

    pub(crate) fn path(
        &self,
        generators: &Generators,
        request_path: &mut String,
    ) -> Result<(), GeneratorError> {
        let Some((path, generator)) = Self::root_generator(generators, Category::Path) else {
            return Ok(());
        };
        let current = Value::String(request_path.clone());
        if let Some(value) = self.one(Category::Path, path, generator, &current)? {
            *request_path = text_of(value);
        }
        Ok(())
    }

    /// Headers (names compared case-insensitively) or query parameters: every value of the
    /// name is generated; a missing name gets one generated value.
    pub(crate) fn named(
        &self,
        generators: &Generators,
        kind: Named,
        values: &mut BTreeMap<String, Vec<String>>,
    ) -> Result<(), GeneratorError> {
        let category = match kind {
            Named::Header => Category::Header,
            Named::Query => Category::Query,
        };
        let Some(entries) = generators.category(category) else {
            return Ok(());
        };
        for (path, generator) in entries {
            let [_, PathToken::Field(name)] = path.tokens() else {
                continue;
            };
            let key = values
                .keys()
                .find(|key| match kind {
                    Named::Header => key.eq_ignore_ascii_case(name),
                    Named::Query => *key == name,
                })
                .cloned();
            match key {
                Some(key) => {
                    let slot = values.entry(key).or_default();
                    for value in slot.iter_mut() {
                        let current = Value::String(value.clone());
                        if let Some(new) = self.one(category, path, generator, &current)? {
                            *value = text_of(new);
                        }
                    }
                }
                None => {
                    if let Some(new) = self.one(category, path, generator, &Value::Null)? {
                        values.insert(name.clone(), vec![text_of(new)]);
                    }
                }
            }
        }
        Ok(())
    }

    /// Message metadata: values keep their JSON type.
    pub(crate) fn metadata(
        &self,
        generators: &Generators,
        metadata: &mut Map<String, Value>,
    ) -> Result<(), GeneratorError> {
        let Some(entries) = generators.category(Category::Metadata) else {
            return Ok(());
        };
        for (path, generator) in entries {
            let [_, PathToken::Field(name)] = path.tokens() else {
                continue;
            };
            let current = metadata.get(name).cloned().unwrap_or(Value::Null);
            if let Some(new) = self.one(Category::Metadata, path, generator, &current)? {
                metadata.insert(name.clone(), new);
            }
        }
        Ok(())
    }

    /// Body generators (the `body` category, and `content` for V3 messages).
    pub(crate) fn body(
        &self,
        generators: &Generators,
        body: &mut Body,
    ) -> Result<(), GeneratorError> {
        for category in [Category::Body, Category::Content] {
            let Some(entries) = generators.category(category) else {
                continue;
            };
            for (path, generator) in entries {
                self.body_one(category, path, generator, body)?;
            }
        }
        Ok(())
    }

    fn body_one(
        &self,
        category: Category,
        path: &DocPath,
        generator: &Generator,
        body: &mut Body,
    ) -> Result<(), GeneratorError> {
        match body {
            Body::Missing => Ok(()),
            Body::Json { value, .. } => {
                let mut failure = None;
                for_each_at(value, &path.tokens()[1..], &mut |slot| {
                    if failure.is_some() {
                        return;
                    }
                    match self.one(category, path, generator, slot) {
                        Ok(Some(new)) => *slot = new,
                        Ok(None) => {}
                        Err(error) => failure = Some(error),
                    }
                });
                failure.map_or(Ok(()), Err)
            }
            Body::Text { text, content_type } if is_form(content_type.as_deref()) => {
                let [_, PathToken::Field(name)] = path.tokens() else {
                    self.skip(category, path, "a form body has parameters only");
                    return Ok(());
                };
                let mut pairs: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes())
                    .into_owned()
                    .collect();
                for (_, value) in pairs.iter_mut().filter(|(key, _)| key == name) {
                    let current = Value::String(value.clone());
                    if let Some(new) = self.one(category, path, generator, &current)? {
                        *value = text_of(new);
                    }
                }
                *text = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                Ok(())
            }
            Body::Text { text, .. } if path.is_root() => {
                let current = Value::String(text.clone());
                if let Some(new) = self.one(category, path, generator, &current)? {
                    *text = text_of(new);
                }
                Ok(())
            }
            Body::Text { .. } | Body::Binary { .. } => {
                self.skip(
                    category,
                    path,
                    "only JSON and form bodies have paths inside them",
                );
                Ok(())
            }
        }
    }

    fn skip(&self, category: Category, path: &DocPath, why: &str) {
        tracing::warn!(
            interaction = self.context.interaction.as_deref().unwrap_or("(unnamed)"),
            location = %location(category, path),
            "generator skipped: {why}"
        );
    }
}

fn is_form(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|ct| {
        ct.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    })
}

/// Calls `visit` on every value at `tokens` (the path without its root) under `value`:
/// `[*]` is every element of an array, `*` every value of an object (or element of an
/// array, as rule paths treat it).
fn for_each_at(value: &mut Value, tokens: &[PathToken], visit: &mut dyn FnMut(&mut Value)) {
    let Some((first, rest)) = tokens.split_first() else {
        visit(value);
        return;
    };
    match (first, value) {
        (PathToken::Root, value) => for_each_at(value, rest, visit),
        (PathToken::Field(name), Value::Object(map)) => {
            if let Some(child) = map.get_mut(name) {
                for_each_at(child, rest, visit);
            }
        }
        (PathToken::Index(index), Value::Array(items)) => {
            if let Some(child) = items.get_mut(*index) {
                for_each_at(child, rest, visit);
            }
        }
        (PathToken::StarIndex | PathToken::StarField, Value::Array(items)) => {
            for child in items {
                for_each_at(child, rest, visit);
            }
        }
        (PathToken::StarField, Value::Object(map)) => {
            for child in map.values_mut() {
                for_each_at(child, rest, visit);
            }
        }
        _ => {}
    }
}
