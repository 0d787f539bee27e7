//! Writing the model as pact JSON of V2, V3 or V4.
//!
//! Each older version refuses, with [`WriteError::Unsupported`], what it cannot express;
//! nothing is dropped silently.

use serde_json::{Map, Value, json};

use super::body::{self as legacy_body, header_content_type, metadata_content_type};
use super::rules::{category_key_text, generators_to_json, rule_to_json, rules_to_categories};
use crate::model::json_verbatim::{Node, print_document};
use crate::model::{
    Body, Category, Combine, Generators, Headers, HttpRequest, HttpResponse, Interaction,
    InteractionCommon, MatchingRule, MatchingRules, MessageContents, Pact, Query, SpecVersion,
    UnknownFields, WriteError,
};

/// Writes a pact document in `version` (V2, V3 or V4). Keys come out in a deterministic
/// (sorted) order. Metadata holds the model's metadata plus
/// `pactSpecification.version`. The unknown fields the reader kept ([`Pact::unknown`],
/// [`InteractionCommon::unknown`]) are written back where they were, except where the
/// model writes the same key: so a pact read and written in its own version keeps what
/// the model does not know.
///
/// # Errors
/// [`WriteError::Unsupported`] naming the interaction and the feature when the pact uses
/// something `version` cannot express (message interactions in V2, `arrayContains` in V3,
/// more than one provider state in V2, bytes that are not UTF-8 under a text content type
/// in V2/V3, …), or when `version` is V1/V1.1, which we read but do not write.
///
/// V2 and V3 bodies are bare JSON values: under a content type that is not text-like
/// (`application/octet-stream`, `image/png`, …) bytes are written base64-encoded, and read
/// back as bytes, as pact-reference reads them.
pub fn pact_to_json(pact: &Pact, version: SpecVersion) -> Result<Value, WriteError> {
    let (doc, _) = document(
        pact,
        pact.interactions.iter().map(Entry::Model),
        &pact.metadata,
        version,
    )?;
    Ok(doc)
}

/// One interaction to write.
#[derive(Clone, Copy)]
pub(crate) enum Entry<'a> {
    /// Written from the model (with its unknown fields).
    Model(&'a Interaction),
    /// Written as the JSON text a file already holds for this interaction, every token as
    /// written: a merge leaves what it did not touch as it was.
    Verbatim(&'a Interaction, &'a Node<'a>),
}

impl<'a> Entry<'a> {
    pub(crate) fn interaction(&self) -> &'a Interaction {
        match *self {
            Entry::Model(interaction) | Entry::Verbatim(interaction, _) => interaction,
        }
    }
}

/// A document, and the interactions to print into it from the file's text: each names
/// its top-level array (`interactions` or `messages`), its index there, where the
/// document holds a `null` placeholder, and its text.
type Document<'a> = (Value, Vec<(&'static str, usize, &'a Node<'a>)>);

/// [`pact_to_json`] printed as pact file text, with the interactions and metadata given
/// apart from the pact, so a writer can order or extend them without copying the pact,
/// and keep some as the text a file holds ([`Entry::Verbatim`]). Without verbatim
/// entries the text is `serde_json::to_string_pretty` of [`pact_to_json`]'s document.
///
/// # Errors
/// As [`pact_to_json`]; [`WriteError::Io`] naming `path` if printing fails.
pub(crate) fn pact_parts_to_text<'a>(
    pact: &Pact,
    entries: impl Iterator<Item = Entry<'a>> + Clone,
    pact_metadata: &Map<String, Value>,
    version: SpecVersion,
    path: &std::path::Path,
) -> Result<String, WriteError> {
    let (doc, verbatim) = document(pact, entries, pact_metadata, version)?;
    print_document(&doc, &verbatim).map_err(|e| WriteError::Io {
        path: path.to_owned(),
        source: e.into(),
    })
}

/// The document of [`pact_parts_to_text`], verbatim interactions left as placeholders.
fn document<'a>(
    pact: &Pact,
    entries: impl Iterator<Item = Entry<'a>> + Clone,
    pact_metadata: &Map<String, Value>,
    version: SpecVersion,
) -> Result<Document<'a>, WriteError> {
    let writer = Writer { version };
    if version < SpecVersion::V2 {
        return Err(writer.unsupported("", "writing specification versions before V2"));
    }
    let mut interactions = Vec::new();
    let mut messages = Vec::new();
    let mut verbatim = Vec::new();
    for entry in entries.clone() {
        let interaction = entry.interaction();
        let (array, key) =
            if matches!(interaction, Interaction::AsyncMessage(_)) && version < SpecVersion::V4 {
                (&mut messages, "messages")
            } else {
                (&mut interactions, "interactions")
            };
        let json = match entry {
            Entry::Verbatim(_, text) => {
                verbatim.push((key, array.len(), text));
                Value::Null
            }
            Entry::Model(interaction) => {
                let mut json = writer.interaction(interaction)?;
                let unknown = &interaction.common().unknown;
                unknown.write_into(&mut json);
                match original_if_unchanged(unknown, version, &json) {
                    Some(original) => original.clone(),
                    None => json,
                }
            }
        };
        array.push(json);
    }
    if version == SpecVersion::V3 && !interactions.is_empty() && !messages.is_empty() {
        return Err(writer.unsupported(
            entries
                .clone()
                .next()
                .map(|entry| entry.interaction().description())
                .unwrap_or_default(),
            "HTTP and message interactions in one pact file",
        ));
    }
    let mut metadata = pact_metadata.clone();
    metadata.insert(
        "pactSpecification".into(),
        json!({"version": version.as_str()}),
    );
    let mut doc = Map::new();
    doc.insert("consumer".into(), json!({"name": pact.consumer}));
    doc.insert("provider".into(), json!({"name": pact.provider}));
    if !messages.is_empty() {
        doc.insert("messages".into(), Value::Array(messages));
    } else {
        doc.insert("interactions".into(), Value::Array(interactions));
    }
    doc.insert("metadata".into(), Value::Object(metadata));
    let mut doc = Value::Object(doc);
    pact.unknown.write_into(&mut doc);
    Ok((doc, verbatim))
}

/// The JSON the interaction was read from, when `written` (its JSON in `version`, unknown
/// fields included) is what the writer made of the interaction as it was read: the model
/// did not change it (or changed nothing the writer writes), so the file's spelling stands.
fn original_if_unchanged<'u>(
    unknown: &'u UnknownFields,
    version: SpecVersion,
    written: &Value,
) -> Option<&'u Value> {
    let as_read = unknown.as_read().filter(|r| r.version == version)?;
    if as_read.original == *written {
        return Some(&as_read.original);
    }
    let when_read = super::read::read_again(as_read).ok()?;
    let written_then = interaction_with_unknown_to_json(&when_read, version).ok()?;
    (written_then == *written).then_some(&as_read.original)
}

/// One interaction as `version` writes it with its unknown fields, without looking at the
/// JSON it was read from.
pub(crate) fn interaction_with_unknown_to_json(
    interaction: &Interaction,
    version: SpecVersion,
) -> Result<Value, WriteError> {
    let mut json = Writer { version }.interaction(interaction)?;
    interaction.common().unknown.write_into(&mut json);
    Ok(json)
}

/// One interaction as `version` writes it, from the model alone (without its unknown
/// fields): what a merge compares to tell two interactions apart.
///
/// # Errors
/// [`WriteError::Unsupported`] when `version` cannot express the interaction.
pub(crate) fn interaction_to_json(
    interaction: &Interaction,
    version: SpecVersion,
) -> Result<Value, WriteError> {
    Writer { version }.interaction(interaction)
}

struct Writer {
    version: SpecVersion,
}

impl Writer {
    /// The interaction's JSON, from the model.
    fn interaction(&self, interaction: &Interaction) -> Result<Value, WriteError> {
        let version = self.version;
        let out = match interaction {
            Interaction::Http(http) => {
                let mut out = self.common(&http.common)?;
                out.insert("request".into(), self.request(&http.request, &http.common)?);
                out.insert(
                    "response".into(),
                    self.response(&http.response, &http.common)?,
                );
                if version >= SpecVersion::V4 {
                    out.insert("type".into(), json!(interaction.type_name()));
                }
                out
            }
            Interaction::AsyncMessage(message) => {
                if version < SpecVersion::V3 {
                    return Err(
                        self.unsupported(&message.common.description, "message interactions")
                    );
                }
                let mut out = self.common(&message.common)?;
                self.message_contents(&message.message, &message.common, &mut out)?;
                if version >= SpecVersion::V4 {
                    out.insert("type".into(), json!(interaction.type_name()));
                }
                out
            }
            Interaction::SyncMessage(sync) => {
                if version < SpecVersion::V4 {
                    return Err(self.unsupported(
                        &sync.common.description,
                        "synchronous message interactions",
                    ));
                }
                let mut out = self.common(&sync.common)?;
                let mut request = Map::new();
                self.message_contents(&sync.request, &sync.common, &mut request)?;
                out.insert("request".into(), Value::Object(request));
                let mut responses = Vec::new();
                for response in &sync.response {
                    let mut r = Map::new();
                    self.message_contents(response, &sync.common, &mut r)?;
                    responses.push(Value::Object(r));
                }
                out.insert("response".into(), Value::Array(responses));
                out.insert("type".into(), json!(interaction.type_name()));
                out
            }
        };
        Ok(Value::Object(out))
    }

    fn unsupported(&self, interaction: &str, feature: &str) -> WriteError {
        WriteError::Unsupported {
            version: self.version,
            interaction: interaction.to_owned(),
            feature: feature.to_owned(),
        }
    }

    fn common(&self, common: &InteractionCommon) -> Result<Map<String, Value>, WriteError> {
        let mut out = Map::new();
        out.insert("description".into(), json!(common.description));
        if let Some(id) = &common.id {
            out.insert("_id".into(), json!(id));
        }
        if self.version == SpecVersion::V2 {
            match common.provider_states.as_slice() {
                [] => {}
                [state] if state.params.is_empty() => {
                    out.insert("providerState".into(), json!(state.name));
                }
                [_] => {
                    return Err(self.unsupported(&common.description, "provider state parameters"));
                }
                _ => {
                    return Err(
                        self.unsupported(&common.description, "more than one provider state")
                    );
                }
            }
        } else if !common.provider_states.is_empty() {
            let states: Vec<Value> = common
                .provider_states
                .iter()
                .map(|s| {
                    let mut state = Map::new();
                    state.insert("name".into(), json!(s.name));
                    if !s.params.is_empty() {
                        state.insert("params".into(), Value::Object(s.params.clone()));
                    }
                    Value::Object(state)
                })
                .collect();
            out.insert("providerStates".into(), Value::Array(states));
        }
        if self.version >= SpecVersion::V4 {
            out.insert("pending".into(), json!(common.pending));
            if let Some(key) = &common.key {
                out.insert("key".into(), json!(key));
            }
            if !common.comments.is_empty() {
                out.insert("comments".into(), Value::Object(common.comments.clone()));
            }
        } else if common.pending {
            return Err(self.unsupported(&common.description, "pending interactions"));
        } else if common.key.is_some() {
            return Err(self.unsupported(&common.description, "interaction keys"));
        } else if !common.comments.is_empty() {
            return Err(self.unsupported(&common.description, "interaction comments"));
        }
        Ok(out)
    }

    fn request(
        &self,
        request: &HttpRequest,
        common: &InteractionCommon,
    ) -> Result<Value, WriteError> {
        let mut out = Map::new();
        out.insert("method".into(), json!(request.method));
        out.insert("path".into(), json!(request.path));
        match (&request.raw_query, &request.query) {
            (Some(raw), _) if self.version <= SpecVersion::V2 => {
                out.insert("query".into(), json!(raw));
            }
            (_, Some(query)) => {
                out.insert("query".into(), self.query(query));
            }
            _ => {}
        }
        self.headers_and_body(&request.headers, &request.body, common, &mut out)?;
        self.rules_and_generators(
            &request.matching_rules,
            &request.generators,
            common,
            &mut out,
        )?;
        Ok(Value::Object(out))
    }

    fn response(
        &self,
        response: &HttpResponse,
        common: &InteractionCommon,
    ) -> Result<Value, WriteError> {
        let mut out = Map::new();
        out.insert("status".into(), json!(response.status));
        self.headers_and_body(&response.headers, &response.body, common, &mut out)?;
        self.rules_and_generators(
            &response.matching_rules,
            &response.generators,
            common,
            &mut out,
        )?;
        Ok(Value::Object(out))
    }

    fn query(&self, query: &Query) -> Value {
        if self.version <= SpecVersion::V2 {
            let mut encoder = form_urlencoded::Serializer::new(String::new());
            for (name, values) in query {
                for value in values {
                    encoder.append_pair(name, value);
                }
            }
            json!(encoder.finish())
        } else {
            json!(query)
        }
    }

    fn headers_and_body(
        &self,
        headers: &Headers,
        body: &Body,
        common: &InteractionCommon,
        out: &mut Map<String, Value>,
    ) -> Result<(), WriteError> {
        let mut headers = headers.clone();
        // The body's content type is what is sent on the wire: older versions can only say
        // it with a header.
        if self.version < SpecVersion::V4
            && let Some(content_type) = body.content_type()
            && !headers
                .keys()
                .any(|k| k.eq_ignore_ascii_case("content-type"))
        {
            headers.insert("Content-Type".into(), vec![content_type.to_owned()]);
        }
        if !headers.is_empty() {
            let value = if self.version >= SpecVersion::V4 {
                json!(headers)
            } else {
                Value::Object(
                    headers
                        .iter()
                        .map(|(k, v)| (k.clone(), json!(v.join(", "))))
                        .collect(),
                )
            };
            out.insert("headers".into(), value);
        }
        // A reader takes the content type from the header, so the body is written for it.
        let seen = header_content_type(&headers);
        if let Some(body) = self.body(body, seen.as_deref(), common)? {
            out.insert("body".into(), body);
        }
        Ok(())
    }

    /// The body in this version; `seen` is the content type a V1–V3 reader will see
    /// (header or message metadata), which decides between text and base64.
    fn body(
        &self,
        body: &Body,
        seen: Option<&str>,
        common: &InteractionCommon,
    ) -> Result<Option<Value>, WriteError> {
        if self.version < SpecVersion::V4 {
            return legacy_body::to_json(body, seen)
                .map_err(|feature| self.unsupported(&common.description, &feature));
        }
        let v4_body = |content: Value, content_type: Option<&str>, encoded: Value| {
            let mut m = Map::new();
            m.insert("content".into(), content);
            if let Some(ct) = content_type {
                m.insert("contentType".into(), json!(ct));
            }
            m.insert("encoded".into(), encoded);
            Value::Object(m)
        };
        Ok(match body {
            Body::Missing => None,
            Body::Json {
                value,
                content_type,
            } => Some(v4_body(
                value.clone(),
                content_type.as_deref(),
                json!(false),
            )),
            Body::Text { text, content_type } => {
                Some(v4_body(json!(text), content_type.as_deref(), json!(false)))
            }
            Body::Binary {
                bytes,
                content_type,
            } => Some(v4_body(
                json!(Body::base64(bytes)),
                content_type.as_deref(),
                json!("base64"),
            )),
        })
    }

    fn rules_and_generators(
        &self,
        rules: &MatchingRules,
        generators: &Generators,
        common: &InteractionCommon,
        out: &mut Map<String, Value>,
    ) -> Result<(), WriteError> {
        if !rules.is_empty() {
            let value = if self.version <= SpecVersion::V2 {
                self.v2_rules(rules, common)?
            } else {
                if self.version == SpecVersion::V3 {
                    self.check_v3_rules(rules, common)?;
                }
                rules_to_categories(rules)
            };
            out.insert("matchingRules".into(), value);
        }
        if !generators.is_empty() {
            if self.version <= SpecVersion::V2 {
                return Err(self.unsupported(&common.description, "generators"));
            }
            out.insert("generators".into(), generators_to_json(generators));
        }
        Ok(())
    }

    fn check_v3_rules(
        &self,
        rules: &MatchingRules,
        common: &InteractionCommon,
    ) -> Result<(), WriteError> {
        for (category, entries) in rules.categories() {
            if category == Category::Status {
                return Err(self.unsupported(&common.description, "status matching rules"));
            }
            for list in entries.values() {
                for rule in &list.rules {
                    let v4_only = match rule {
                        MatchingRule::ArrayContains(_) => Some("the arrayContains matcher"),
                        MatchingRule::EachKey(_) => Some("the eachKey matcher"),
                        MatchingRule::EachValue(_) => Some("the eachValue matcher"),
                        MatchingRule::NotEmpty => Some("the notEmpty matcher"),
                        MatchingRule::Semver => Some("the semver matcher"),
                        MatchingRule::StatusCode(_) => Some("the statusCode matcher"),
                        _ => None,
                    };
                    if let Some(feature) = v4_only {
                        return Err(self.unsupported(&common.description, feature));
                    }
                }
            }
        }
        Ok(())
    }

    /// V2 rules: `{"$.body.a": {"match": "type", "min": 1}}`, one matcher per path.
    fn v2_rules(
        &self,
        rules: &MatchingRules,
        common: &InteractionCommon,
    ) -> Result<Value, WriteError> {
        let mut out = Map::new();
        for (category, entries) in rules.categories() {
            for (path, list) in entries {
                let key = match category {
                    Category::Body => format!("$.body{}", &path.to_string()[1..]),
                    Category::Header => format!("$.headers.{}", category_key_text(category, path)),
                    Category::Query => format!("$.query.{}", category_key_text(category, path)),
                    Category::Path => "$.path".to_owned(),
                    other => {
                        return Err(self.unsupported(
                            &common.description,
                            &format!("{} matching rules", other.as_str()),
                        ));
                    }
                };
                let rule = match (list.rules.as_slice(), list.combine) {
                    ([rule], _) => rule,
                    (_, Combine::Or) => {
                        return Err(
                            self.unsupported(&common.description, "OR-combined matching rules")
                        );
                    }
                    _ => {
                        return Err(self.unsupported(
                            &common.description,
                            "more than one matching rule at one path",
                        ));
                    }
                };
                let supported = matches!(
                    rule,
                    MatchingRule::Regex(_)
                        | MatchingRule::Type
                        | MatchingRule::MinType(_)
                        | MatchingRule::MaxType(_)
                        | MatchingRule::MinMaxType { .. }
                        | MatchingRule::Equality
                );
                if !supported {
                    let name = rule_to_json(rule)
                        .get("match")
                        .and_then(Value::as_str)
                        .unwrap_or("unknown")
                        .to_owned();
                    return Err(
                        self.unsupported(&common.description, &format!("the {name} matcher"))
                    );
                }
                out.insert(key, rule_to_json(rule));
            }
        }
        Ok(Value::Object(out))
    }

    fn message_contents(
        &self,
        message: &MessageContents,
        common: &InteractionCommon,
        out: &mut Map<String, Value>,
    ) -> Result<(), WriteError> {
        let mut metadata = message.metadata.clone();
        if self.version < SpecVersion::V4
            && let Some(ct) = message.contents.content_type()
        {
            metadata.entry("contentType").or_insert_with(|| json!(ct));
        }
        let seen = metadata_content_type(&metadata);
        if let Some(contents) = self.body(&message.contents, seen.as_deref(), common)? {
            out.insert("contents".into(), contents);
        }
        if !metadata.is_empty() {
            out.insert("metadata".into(), Value::Object(metadata));
        }
        self.rules_and_generators(&message.matching_rules, &message.generators, common, out)
    }
}
