//! Reading pact JSON of any specification version into the model.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::At;
use super::at::kind;
use super::body::{self, header_content_type, metadata_content_type};
use super::rules::{generators_from_json, rules_from_categories, rules_from_v2};
use crate::model::{
    AsyncMessage, Body, Generators, Headers, HttpInteraction, HttpRequest, HttpResponse,
    Interaction, InteractionCommon, LoadError, MatchingRules, MessageContents, Pact, ProviderState,
    Query, SpecVersion, SyncMessage, is_json_content_type,
};

/// Reads a whole pact document. The version comes from `metadata.pactSpecification.version`
/// (also `pact-specification` and `pactSpecificationVersion`, as older writers spell it);
/// without one, a document whose interactions carry a V4 `type` is V4, one with `messages`
/// is V3, and anything else is read as V2.
///
/// # Errors
/// [`LoadError::Invalid`] naming `source_name`, the JSON path and what was expected, e.g.
/// `interactions[3].request.method: expected a string, found a number`.
pub fn pact_from_json(value: &Value, source_name: &str) -> Result<Pact, LoadError> {
    let at = At::new(source_name, "$");
    let doc = at.object(value)?;
    let consumer = pacticipant(doc, "consumer", &at)?;
    let provider = pacticipant(doc, "provider", &at)?;
    let mut metadata = match doc.get("metadata") {
        None | Some(Value::Null) => Map::new(),
        Some(m) => at.key("metadata").object(m)?.clone(),
    };
    let declared = declared_version(&mut metadata, &at.key("metadata"))?;
    let interactions_value = doc.get("interactions");
    let messages_value = doc.get("messages");
    let version = declared.unwrap_or_else(|| {
        let typed = interactions_value
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(|i| i.get("type").is_some()));
        if typed {
            SpecVersion::V4
        } else if messages_value.is_some() {
            SpecVersion::V3
        } else {
            SpecVersion::V2
        }
    });

    let mut interactions = Vec::new();
    if let Some(items) = interactions_value {
        let list_at = at.key("interactions");
        for (i, item) in list_at.array(items)?.iter().enumerate() {
            let item_at = list_at.index(i);
            interactions.push(
                if version >= SpecVersion::V4 || item.get("type").is_some() {
                    v4_interaction(item, &item_at)?
                } else {
                    Interaction::Http(http_interaction(item, version, &item_at)?)
                },
            );
        }
    }
    if let Some(items) = messages_value {
        let list_at = at.key("messages");
        for (i, item) in list_at.array(items)?.iter().enumerate() {
            interactions.push(Interaction::AsyncMessage(v3_message(
                item,
                &list_at.index(i),
            )?));
        }
    }
    Ok(Pact {
        consumer,
        provider,
        interactions,
        metadata,
        spec_version: version,
    })
}

fn pacticipant(doc: &Map<String, Value>, key: &str, at: &At<'_>) -> Result<String, LoadError> {
    let at = at.key(key);
    let value = doc
        .get(key)
        .ok_or_else(|| at.error("expected an object with a `name`, but the field is missing"))?;
    Ok(at.required_str(at.object(value)?, "name")?.to_owned())
}

/// Takes the specification version out of the metadata (it is derived data in the model).
fn declared_version(
    metadata: &mut Map<String, Value>,
    at: &At<'_>,
) -> Result<Option<SpecVersion>, LoadError> {
    for key in [
        "pactSpecification",
        "pact-specification",
        "pactSpecificationVersion",
    ] {
        let Some(value) = metadata.remove(key) else {
            continue;
        };
        let at = at.key(key);
        let text = match &value {
            Value::Object(o) => match o.get("version") {
                Some(v) => at.key("version").string(v)?.to_owned(),
                None => return Err(at.key("version").error("expected a version string")),
            },
            Value::String(s) => s.clone(),
            other => {
                return Err(at.error(format!(
                    "expected an object with a version, found {}",
                    kind(other)
                )));
            }
        };
        return SpecVersion::parse(&text)
            .map(Some)
            .ok_or_else(|| at.error(format!("unknown specification version `{text}`")));
    }
    Ok(None)
}

fn common(item: &Map<String, Value>, at: &At<'_>) -> Result<InteractionCommon, LoadError> {
    let description = at.required_str(item, "description")?.to_owned();
    let mut provider_states = Vec::new();
    if let Some(states) = item.get("providerStates").filter(|v| !v.is_null()) {
        let at = at.key("providerStates");
        for (i, state) in at.array(states)?.iter().enumerate() {
            let at = at.index(i);
            let state = at.object(state)?;
            let name = at.required_str(state, "name")?.to_owned();
            let params = match state.get("params") {
                None | Some(Value::Null) => Map::new(),
                Some(p) => at.key("params").object(p)?.clone(),
            };
            provider_states.push(ProviderState { name, params });
        }
    } else {
        for key in ["providerState", "provider_state"] {
            if let Some(name) = at.optional_str(item, key)? {
                provider_states.push(ProviderState::new(name));
            }
        }
    }
    let pending = match item.get("pending") {
        None | Some(Value::Null) => false,
        Some(v) => v
            .as_bool()
            .ok_or_else(|| at.key("pending").error("expected a boolean"))?,
    };
    let comments = match item.get("comments") {
        None | Some(Value::Null) => Map::new(),
        Some(c) => at.key("comments").object(c)?.clone(),
    };
    Ok(InteractionCommon {
        description,
        provider_states,
        pending,
        key: at.optional_str(item, "key")?.map(str::to_owned),
        comments,
        id: at.optional_str(item, "_id")?.map(str::to_owned),
    })
}

fn http_interaction(
    value: &Value,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<HttpInteraction, LoadError> {
    let item = at.object(value)?;
    let common = common(item, at)?;
    let request = item.get("request").ok_or_else(|| {
        at.key("request")
            .error("expected an object, but the field is missing")
    })?;
    let response = item.get("response").ok_or_else(|| {
        at.key("response")
            .error("expected an object, but the field is missing")
    })?;
    Ok(HttpInteraction {
        common,
        request: request_at(request, version, &at.key("request"))?,
        response: response_at(response, version, &at.key("response"))?,
    })
}

fn v4_interaction(value: &Value, at: &At<'_>) -> Result<Interaction, LoadError> {
    let item = at.object(value)?;
    let kind = at.optional_str(item, "type")?.unwrap_or("Synchronous/HTTP");
    match kind {
        "Synchronous/HTTP" => Ok(Interaction::Http(http_interaction(value, SpecVersion::V4, at)?)),
        "Asynchronous/Messages" => Ok(Interaction::AsyncMessage(AsyncMessage {
            common: common(item, at)?,
            message: v4_message_contents(item, at)?,
        })),
        "Synchronous/Messages" => {
            let request = item
                .get("request")
                .ok_or_else(|| at.key("request").error("expected an object, but the field is missing"))?;
            let request_at = at.key("request");
            let request = v4_message_contents(request_at.object(request)?, &request_at)?;
            let mut response = Vec::new();
            if let Some(list) = item.get("response") {
                let list_at = at.key("response");
                for (i, r) in list_at.array(list)?.iter().enumerate() {
                    let r_at = list_at.index(i);
                    response.push(v4_message_contents(r_at.object(r)?, &r_at)?);
                }
            }
            Ok(Interaction::SyncMessage(SyncMessage {
                common: common(item, at)?,
                request,
                response,
            }))
        }
        other => Err(at.key("type").error(format!(
            "unknown interaction type `{other}` (expected Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages)"
        ))),
    }
}

fn metadata_of(item: &Map<String, Value>, at: &At<'_>) -> Result<Map<String, Value>, LoadError> {
    // Older message pacts spell it `metaData` (field case FC-10).
    for key in ["metadata", "metaData"] {
        if let Some(m) = item.get(key).filter(|m| !m.is_null()) {
            return Ok(at.key(key).object(m)?.clone());
        }
    }
    Ok(Map::new())
}

fn v4_message_contents(
    item: &Map<String, Value>,
    at: &At<'_>,
) -> Result<MessageContents, LoadError> {
    let metadata = metadata_of(item, at)?;
    let contents = match item.get("contents") {
        None => Body::Missing,
        Some(c) => v4_body(c, metadata_content_type(&metadata), &at.key("contents"))?,
    };
    Ok(MessageContents {
        contents,
        metadata,
        matching_rules: optional_rules(item, SpecVersion::V4, at)?,
        generators: optional_generators(item, at)?,
    })
}

fn v3_message(value: &Value, at: &At<'_>) -> Result<AsyncMessage, LoadError> {
    let item = at.object(value)?;
    let common = common(item, at)?;
    let metadata = metadata_of(item, at)?;
    let content_type = metadata_content_type(&metadata);
    let contents = match item.get("contents") {
        None => Body::Missing,
        Some(c) => body::from_json(c, content_type),
    };
    Ok(AsyncMessage {
        common,
        message: MessageContents {
            contents,
            metadata,
            matching_rules: optional_rules(item, SpecVersion::V3, at)?,
            generators: optional_generators(item, at)?,
        },
    })
}

/// Reads one request in the format of `version` (as under `interactions[n].request`, or in
/// a specification test case).
///
/// # Errors
/// [`LoadError::Invalid`] naming `source_name` and the JSON path below `at`.
pub fn request_from_json(
    value: &Value,
    version: SpecVersion,
    source_name: &str,
    at: &str,
) -> Result<HttpRequest, LoadError> {
    request_at(value, version, &At::new(source_name, at))
}

/// Reads one response in the format of `version`.
///
/// # Errors
/// [`LoadError::Invalid`] naming `source_name` and the JSON path below `at`.
pub fn response_from_json(
    value: &Value,
    version: SpecVersion,
    source_name: &str,
    at: &str,
) -> Result<HttpResponse, LoadError> {
    response_at(value, version, &At::new(source_name, at))
}

fn request_at(value: &Value, version: SpecVersion, at: &At<'_>) -> Result<HttpRequest, LoadError> {
    let object = at.object(value)?;
    // The specification's own cases leave the method out; other implementations read
    // that as GET.
    let method = at
        .optional_str(object, "method")?
        .unwrap_or("GET")
        .to_owned();
    let path = at.optional_str(object, "path")?.unwrap_or("/").to_owned();
    let query = match object.get("query") {
        None | Some(Value::Null) => None,
        Some(q) => Some(query(q, &at.key("query"))?),
    };
    let raw_query = match object.get("query") {
        Some(Value::String(text)) if version == SpecVersion::V1 => Some(text.clone()),
        _ => None,
    };
    let headers = headers(object, at)?;
    let body = body_field(object, &headers, version, at)?;
    Ok(HttpRequest {
        method,
        path,
        query,
        raw_query,
        headers,
        body,
        matching_rules: optional_rules(object, version, at)?,
        generators: optional_generators(object, at)?,
    })
}

fn response_at(
    value: &Value,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<HttpResponse, LoadError> {
    let object = at.object(value)?;
    let status = match object.get("status") {
        None | Some(Value::Null) => 200,
        Some(s) => s
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .filter(|s| (100..=999).contains(s))
            .ok_or_else(|| {
                at.key("status")
                    .error(format!("expected an HTTP status code, found {s}"))
            })?,
    };
    let headers = headers(object, at)?;
    let body = body_field(object, &headers, version, at)?;
    Ok(HttpResponse {
        status,
        headers,
        body,
        matching_rules: optional_rules(object, version, at)?,
        generators: optional_generators(object, at)?,
    })
}

fn optional_rules(
    object: &Map<String, Value>,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<MatchingRules, LoadError> {
    match object.get("matchingRules") {
        None => Ok(MatchingRules::new()),
        Some(r) if version <= SpecVersion::V2 => rules_from_v2(r, &at.key("matchingRules")),
        Some(r) => rules_from_categories(r, &at.key("matchingRules")),
    }
}

fn optional_generators(object: &Map<String, Value>, at: &At<'_>) -> Result<Generators, LoadError> {
    match object.get("generators") {
        None => Ok(Generators::new()),
        Some(g) => generators_from_json(g, &at.key("generators")),
    }
}

/// A query as a V1/V2 string (`a=1&b=2`, form-decoded) or a V3/V4 map of values.
fn query(value: &Value, at: &At<'_>) -> Result<Query, LoadError> {
    let mut query = Query::new();
    match value {
        Value::String(text) => {
            for (name, v) in form_urlencoded::parse(text.trim_start_matches('?').as_bytes()) {
                query
                    .entry(name.into_owned())
                    .or_default()
                    .push(v.into_owned());
            }
        }
        Value::Object(map) => {
            for (name, values) in map {
                let at = at.key(name);
                let list = query.entry(name.clone()).or_default();
                match values {
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            list.push(scalar_text(item, &at.index(i))?);
                        }
                    }
                    other => list.push(scalar_text(other, &at)?),
                }
            }
        }
        other => {
            return Err(at.error(format!(
                "expected a query string or an object of parameter values, found {}",
                kind(other)
            )));
        }
    }
    Ok(query)
}

/// A header or query value: strings as they are; numbers and booleans as their text, since
/// some writers emit `"Content-Length": 12`.
fn scalar_text(value: &Value, at: &At<'_>) -> Result<String, LoadError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(at.error(format!("expected a string, found {}", kind(other)))),
    }
}

fn headers(object: &Map<String, Value>, at: &At<'_>) -> Result<Headers, LoadError> {
    let mut headers = Headers::new();
    let Some(value) = object.get("headers").filter(|v| !v.is_null()) else {
        return Ok(headers);
    };
    let at = at.key("headers");
    if value.as_array().is_some_and(Vec::is_empty) {
        return Ok(headers);
    }
    for (name, values) in at.object(value)? {
        let at = at.key(name);
        let list = headers.entry(name.clone()).or_default();
        match values {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    list.push(scalar_text(item, &at.index(i))?);
                }
            }
            other => list.push(scalar_text(other, &at)?),
        }
    }
    Ok(headers)
}

fn body_field(
    object: &Map<String, Value>,
    headers: &Headers,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<Body, LoadError> {
    let Some(value) = object.get("body") else {
        return Ok(Body::Missing);
    };
    let content_type = header_content_type(headers);
    if version >= SpecVersion::V4 {
        v4_body(value, content_type, &at.key("body"))
    } else {
        Ok(body::from_json(value, content_type))
    }
}

/// A V4 body: `{"content": …, "contentType": …, "encoded": false | "base64" | "json"}`.
fn v4_body(value: &Value, header_type: Option<String>, at: &At<'_>) -> Result<Body, LoadError> {
    let object = match value {
        Value::Object(o) if o.contains_key("content") || o.contains_key("contentType") => o,
        // Not in the V4 shape: read it as a legacy body rather than reject a file other
        // tools accept.
        other => return Ok(body::from_json(other, header_type)),
    };
    let content_type = at
        .optional_str(object, "contentType")?
        .map(str::to_owned)
        .or(header_type);
    let encoded = match object.get("encoded") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some("base64".to_owned()),
        Some(Value::String(s)) => Some(s.to_ascii_lowercase()),
        Some(other) => {
            return Err(at.key("encoded").error(format!(
                "expected false or an encoding name, found {}",
                kind(other)
            )));
        }
    };
    let content = match object.get("content") {
        // An empty content is an empty body, whatever the content type says; read as JSON
        // it would become the string `""`.
        Some(Value::String(text)) if text.is_empty() && encoded.is_none() => {
            return Ok(Body::Text {
                text: String::new(),
                content_type,
            });
        }
        None => {
            return Ok(Body::Text {
                text: String::new(),
                content_type,
            });
        }
        Some(content) => content,
    };
    match encoded.as_deref() {
        Some("base64") => {
            let text = at.key("content").string(content)?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .map_err(|e| {
                    at.key("content")
                        .error(format!("expected base64 content: {e}"))
                })?;
            Ok(Body::Binary {
                bytes,
                content_type,
            })
        }
        Some("json") => {
            let text = at.key("content").string(content)?;
            let value = serde_json::from_str(text)
                .map_err(|e| at.key("content").error(format!("expected JSON text: {e}")))?;
            Ok(Body::Json {
                value,
                content_type,
            })
        }
        Some(other) if other != "false" => Err(at.key("encoded").error(format!(
            "unknown encoding `{other}` (expected base64 or json)"
        ))),
        _ => Ok(match content {
            Value::String(text) if !content_type.as_deref().is_some_and(is_json_content_type) => {
                Body::Text {
                    text: text.clone(),
                    content_type,
                }
            }
            other => Body::Json {
                value: other.clone(),
                content_type,
            },
        }),
    }
}
