//! Reading pact JSON of any specification version into the model.

use base64::Engine as _;
use serde_json::{Map, Value};

use super::At;
use super::at::{Fields, Warnings, kind};
use super::body::{self, header_content_type, metadata_content_type};
use super::rules::{generators_from_json, rules_from_categories, rules_from_v2};
use crate::model::unknown::{AsRead, ReadFrom, Segment};
use crate::model::{
    AsyncMessage, Body, Generators, Headers, HttpInteraction, HttpRequest, HttpResponse,
    Interaction, InteractionCommon, LoadError, LoadedPact, MatchingRules, MessageContents, Pact,
    ProviderState, Query, SpecVersion, SyncMessage, UnknownFields, is_json_content_type,
};

/// Reads a whole pact document. The version comes from `metadata.pactSpecification.version`
/// (also `pact-specification` and `pactSpecificationVersion`, as older writers spell it);
/// without one, a document whose interactions carry a V4 `type` is V4, one with `messages`
/// is V3, and anything else is read as V2.
///
/// Keys the model does not know, at any level of the document, are kept in
/// [`Pact::unknown`] and [`InteractionCommon::unknown`], so that writing the pact in its
/// own version writes them back.
///
/// # Errors
/// [`LoadError::NotAPact`] when the document is not an object with `consumer`, `provider`
/// and `interactions` (or `messages`); otherwise [`LoadError::Invalid`] naming
/// `source_name`, the JSON path and what was expected, e.g.
/// `interactions[3].request.method: expected a string, found a number`.
pub fn pact_from_json(value: &Value, source_name: &str) -> Result<Pact, LoadError> {
    pact_at(value.clone(), &At::new(source_name, "$"))
}

/// [`pact_from_json`], with the warnings of a lenient reading: each value the reader took
/// in a shape the specification does not give it, and how it took it (`[]` for an empty map
/// of matching rules, a header value that is a number, a V3 rule list without `combine`, no
/// declared specification version, …).
///
/// # Errors
/// As [`pact_from_json`].
pub fn pact_from_json_with_warnings(
    value: &Value,
    source_name: &str,
) -> Result<LoadedPact, LoadError> {
    owned_pact_from_json(value.clone(), source_name)
}

/// [`pact_from_json_with_warnings`] taking the document by value: each interaction's JSON
/// moves into the model (kept for the writer, see [`with_original`]) instead of being
/// copied, which is what a loader that parsed the document itself wants.
pub(crate) fn owned_pact_from_json(
    value: Value,
    source_name: &str,
) -> Result<LoadedPact, LoadError> {
    let warnings = Warnings::default();
    let pact = pact_at(value, &At::with_warnings(source_name, "$", &warnings))?;
    Ok(LoadedPact {
        pact,
        warnings: warnings.into_inner(),
    })
}

fn pact_at(value: Value, at: &At<'_>) -> Result<Pact, LoadError> {
    let mut doc = match value {
        Value::Object(doc) => doc,
        other => {
            return Err(at.not_a_pact(format!(
                "expected an object with `consumer`, `provider` and `interactions`, found {}",
                kind(&other)
            )));
        }
    };
    not_a_pact_unless_shaped(&doc, at)?;
    let fields = Fields::new(&doc);
    let (consumer, consumer_unknown) = pacticipant(&fields, "consumer", at)?;
    let (provider, provider_unknown) = pacticipant(&fields, "provider", at)?;
    let mut metadata = match fields.get("metadata") {
        None | Some(Value::Null) => Map::new(),
        Some(m) => at.key("metadata").object(m)?.clone(),
    };
    let declared = declared_version(&mut metadata, &at.key("metadata"))?;
    let interactions_value = fields.get("interactions");
    let messages_value = fields.get("messages");
    let version = declared.unwrap_or_else(|| {
        let typed = interactions_value
            .and_then(Value::as_array)
            .is_some_and(|items| items.iter().any(|i| i.get("type").is_some()));
        let (version, why) = if typed {
            (SpecVersion::V4, "its interactions have a `type`")
        } else if messages_value.is_some() {
            (SpecVersion::V3, "it has `messages`")
        } else {
            (SpecVersion::V2, "the default")
        };
        at.key("metadata").warn(format!(
            "no `pactSpecification.version`: read as {version} ({why})"
        ));
        version
    });
    let mut unknown = UnknownFields::from_fields(fields.unread());
    drop(fields);

    let mut interactions = Vec::new();
    for (key, list) in [
        ("interactions", ReadFrom::Interactions),
        ("messages", ReadFrom::Messages),
    ] {
        let Some(items) = doc.remove(key) else {
            continue;
        };
        let list_at = at.key(key);
        let Value::Array(items) = items else {
            return Err(list_at.wrong_kind("an array", &items));
        };
        for (i, item) in items.into_iter().enumerate() {
            let interaction = listed_interaction(&item, list, version, &list_at.index(i))?;
            interactions.push(with_original(interaction, item, list, version));
        }
    }
    unknown.nest(Segment::Key("consumer".to_owned()), consumer_unknown);
    unknown.nest(Segment::Key("provider".to_owned()), provider_unknown);
    Ok(Pact {
        consumer,
        provider,
        interactions,
        metadata,
        spec_version: version,
        unknown,
    })
}

/// One item of the document's `list`, read in `version`: a V4 interaction when the pact is
/// V4 or the item has a `type`, otherwise an HTTP interaction or a V3 message.
fn listed_interaction(
    item: &Value,
    list: ReadFrom,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<Interaction, LoadError> {
    Ok(match list {
        ReadFrom::Messages => Interaction::AsyncMessage(v3_message(item, version, at)?),
        ReadFrom::Interactions if version >= SpecVersion::V4 || item.get("type").is_some() => {
            v4_interaction(item, at)?
        }
        ReadFrom::Interactions => Interaction::Http(http_interaction(item, version, at)?),
    })
}

/// Keeps `original`, the interaction's JSON, for a writer to write back while the model
/// still writes what it would have written when the interaction was read (see
/// [`UnknownFields`] and [`read_again`]). Nothing is written here: comparing a written
/// form with the file's for every interaction used to be most of the cost of reading a
/// pact, and most reads (verification, stubs) never write.
fn with_original(
    mut interaction: Interaction,
    original: Value,
    list: ReadFrom,
    version: SpecVersion,
) -> Interaction {
    let common = match &mut interaction {
        Interaction::Http(i) => &mut i.common,
        Interaction::AsyncMessage(i) => &mut i.common,
        Interaction::SyncMessage(i) => &mut i.common,
    };
    common.unknown.remember_original(version, list, original);
    interaction
}

/// The interaction kept in `as_read`, read again as it was read from its file: what the
/// writer compares its output with to tell whether the model changed since.
///
/// # Errors
/// [`LoadError`] only if the kept JSON no longer reads, which cannot happen to JSON that was
/// read once (the reader is deterministic).
pub(crate) fn read_again(as_read: &AsRead) -> Result<Interaction, LoadError> {
    listed_interaction(
        &as_read.original,
        as_read.list,
        as_read.version,
        &At::new("the interaction as read", "$"),
    )
}

/// [`LoadError::NotAPact`] naming what `doc` lacks of what every pact has.
fn not_a_pact_unless_shaped(doc: &Map<String, Value>, at: &At<'_>) -> Result<(), LoadError> {
    let mut missing = Vec::new();
    for key in ["consumer", "provider"] {
        if !doc.contains_key(key) {
            missing.push(format!("no `{key}`"));
        }
    }
    if !doc.contains_key("interactions") && !doc.contains_key("messages") {
        missing.push("no `interactions` or `messages`".to_owned());
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(at.not_a_pact(missing.join(", ")))
    }
}

fn pacticipant(
    doc: &Fields<'_>,
    key: &'static str,
    at: &At<'_>,
) -> Result<(String, UnknownFields), LoadError> {
    let at = at.key(key);
    let value = doc
        .get(key)
        .ok_or_else(|| at.error("expected an object with a `name`, but the field is missing"))?;
    let object = Fields::new(at.object(value)?);
    let name = object.required_str(&at, "name")?.to_owned();
    Ok((name, UnknownFields::from_fields(object.unread())))
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

/// The fields every interaction has; the unknown fields of `item` are left to the caller,
/// which reads the rest of it, but those of each provider state are returned, by index.
fn common(
    item: &Fields<'_>,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<(InteractionCommon, UnknownFields), LoadError> {
    let description = item.required_str(at, "description")?.to_owned();
    let mut provider_states = Vec::new();
    let mut states_unknown = UnknownFields::new();
    if let Some(states) = item.get("providerStates").filter(|v| !v.is_null()) {
        let at = at.key("providerStates");
        for (i, state) in at.array(states)?.iter().enumerate() {
            let at = at.index(i);
            let state = Fields::new(at.object(state)?);
            let name = state.required_str(&at, "name")?.to_owned();
            let params = match state.get("params") {
                None | Some(Value::Null) => Map::new(),
                Some(p) => at.key("params").object(p)?.clone(),
            };
            provider_states.push(ProviderState { name, params });
            states_unknown.nest(
                Segment::Index(i),
                UnknownFields::from_fields(state.unread()),
            );
        }
    } else {
        for key in ["providerState", "provider_state"] {
            if let Some(name) = item.optional_str(at, key)? {
                if version >= SpecVersion::V3 {
                    at.key(key).warn(format!(
                        "a single provider state in the V2 form in a {version} pact: read as `providerStates` with one state"
                    ));
                }
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
    let mut unknown = UnknownFields::new();
    unknown.nest(Segment::Key("providerStates".to_owned()), states_unknown);
    Ok((
        InteractionCommon {
            description,
            provider_states,
            pending,
            key: item.optional_str(at, "key")?.map(str::to_owned),
            comments,
            id: item.optional_str(at, "_id")?.map(str::to_owned),
            unknown: UnknownFields::new(),
        },
        unknown,
    ))
}

/// Completes `common` with the unknown fields of the interaction `item` and those found
/// below it.
fn with_unknown(
    mut common: InteractionCommon,
    mut unknown: UnknownFields,
    item: &Fields<'_>,
    below: impl IntoIterator<Item = (Segment, UnknownFields)>,
) -> InteractionCommon {
    unknown.fields_mut().extend(item.unread());
    for (segment, child) in below {
        unknown.nest(segment, child);
    }
    common.unknown = unknown;
    common
}

fn http_interaction(
    value: &Value,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<HttpInteraction, LoadError> {
    let item = Fields::new(at.object(value)?);
    let (common, unknown) = common(&item, version, at)?;
    let _ = item.get("type");
    let request = item.get("request").ok_or_else(|| {
        at.key("request")
            .error("expected an object, but the field is missing")
    })?;
    let response = item.get("response").ok_or_else(|| {
        at.key("response")
            .error("expected an object, but the field is missing")
    })?;
    let (request, request_unknown) = request_at(request, version, &at.key("request"))?;
    let (response, response_unknown) = response_at(response, version, &at.key("response"))?;
    Ok(HttpInteraction {
        common: with_unknown(
            common,
            unknown,
            &item,
            [
                (Segment::Key("request".to_owned()), request_unknown),
                (Segment::Key("response".to_owned()), response_unknown),
            ],
        ),
        request,
        response,
    })
}

fn v4_interaction(value: &Value, at: &At<'_>) -> Result<Interaction, LoadError> {
    let item = Fields::new(at.object(value)?);
    let kind = item.optional_str(at, "type")?.unwrap_or("Synchronous/HTTP");
    match kind {
        "Synchronous/HTTP" => Ok(Interaction::Http(http_interaction(value, SpecVersion::V4, at)?)),
        "Asynchronous/Messages" => {
            let (common, unknown) = common(&item, SpecVersion::V4, at)?;
            // The message's fields are the interaction's own (one object): its unknown
            // fields are the interaction's, read below; only its body object's are its own.
            let (message, message_unknown) = v4_message_contents(&item, at)?;
            let below = message_unknown
                .child("contents")
                .cloned()
                .map(|c| (Segment::Key("contents".to_owned()), c));
            Ok(Interaction::AsyncMessage(AsyncMessage {
                common: with_unknown(common, unknown, &item, below),
                message,
            }))
        }
        "Synchronous/Messages" => {
            let (common, unknown) = common(&item, SpecVersion::V4, at)?;
            let request = item
                .get("request")
                .ok_or_else(|| at.key("request").error("expected an object, but the field is missing"))?;
            let request_at = at.key("request");
            let request_fields = Fields::new(request_at.object(request)?);
            let (request, request_unknown) = v4_message_contents(&request_fields, &request_at)?;
            let mut response = Vec::new();
            let mut responses_unknown = UnknownFields::new();
            if let Some(list) = item.get("response") {
                let list_at = at.key("response");
                for (i, r) in list_at.array(list)?.iter().enumerate() {
                    let r_at = list_at.index(i);
                    let r_fields = Fields::new(r_at.object(r)?);
                    let (contents, contents_unknown) = v4_message_contents(&r_fields, &r_at)?;
                    response.push(contents);
                    responses_unknown.nest(Segment::Index(i), contents_unknown);
                }
            }
            Ok(Interaction::SyncMessage(SyncMessage {
                common: with_unknown(
                    common,
                    unknown,
                    &item,
                    [
                        (Segment::Key("request".to_owned()), request_unknown),
                        (Segment::Key("response".to_owned()), responses_unknown),
                    ],
                ),
                request,
                response,
            }))
        }
        other => Err(at.key("type").error(format!(
            "unknown interaction type `{other}` (expected Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages)"
        ))),
    }
}

fn metadata_of(item: &Fields<'_>, at: &At<'_>) -> Result<Map<String, Value>, LoadError> {
    // Older message pacts spell it `metaData` (field case FC-10).
    for key in ["metadata", "metaData"] {
        if let Some(m) = item.get(key).filter(|m| !m.is_null()) {
            return Ok(at.key(key).object(m)?.clone());
        }
    }
    Ok(Map::new())
}

/// The contents of a V4 message, with the unknown fields of `item` (and, under
/// `contents`, of its body object).
fn v4_message_contents(
    item: &Fields<'_>,
    at: &At<'_>,
) -> Result<(MessageContents, UnknownFields), LoadError> {
    let metadata = metadata_of(item, at)?;
    let mut body_unknown = UnknownFields::new();
    let contents = match item.get("contents") {
        None => Body::Missing,
        Some(c) => {
            let (body, unknown) =
                v4_body(c, metadata_content_type(&metadata), &at.key("contents"))?;
            body_unknown = unknown;
            body
        }
    };
    let contents = MessageContents {
        contents,
        metadata,
        matching_rules: optional_rules(item, SpecVersion::V4, at)?,
        generators: optional_generators(item, at)?,
    };
    let mut unknown = UnknownFields::from_fields(item.unread());
    unknown.nest(Segment::Key("contents".to_owned()), body_unknown);
    Ok((contents, unknown))
}

fn v3_message(value: &Value, version: SpecVersion, at: &At<'_>) -> Result<AsyncMessage, LoadError> {
    let item = Fields::new(at.object(value)?);
    let (common, unknown) = common(&item, version, at)?;
    let metadata = metadata_of(&item, at)?;
    let content_type = metadata_content_type(&metadata);
    let contents = match item.get("contents") {
        None => Body::Missing,
        Some(c) => body::from_json(c, content_type),
    };
    let message = MessageContents {
        contents,
        metadata,
        matching_rules: optional_rules(&item, SpecVersion::V3, at)?,
        generators: optional_generators(&item, at)?,
    };
    Ok(AsyncMessage {
        common: with_unknown(common, unknown, &item, []),
        message,
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
    request_at(value, version, &At::new(source_name, at)).map(|(request, _)| request)
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
    response_at(value, version, &At::new(source_name, at)).map(|(response, _)| response)
}

fn request_at(
    value: &Value,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<(HttpRequest, UnknownFields), LoadError> {
    let object = Fields::new(at.object(value)?);
    // The specification's own cases leave the method out; other implementations read
    // that as GET.
    let method = match object.optional_str(at, "method")? {
        Some(method) => method.to_owned(),
        None => {
            at.key("method").warn("no `method`: read as GET");
            "GET".to_owned()
        }
    };
    let path = object.optional_str(at, "path")?.unwrap_or("/").to_owned();
    let query_value = object.get("query");
    let query = match query_value {
        None | Some(Value::Null) => None,
        Some(q) => Some(query(q, version, &at.key("query"))?),
    };
    let raw_query = match query_value {
        Some(Value::String(text)) if version == SpecVersion::V1 => Some(text.clone()),
        _ => None,
    };
    let headers = headers(&object, version, at)?;
    let (body, body_unknown) = body_field(&object, &headers, version, at)?;
    let request = HttpRequest {
        method,
        path,
        query,
        raw_query,
        headers,
        body,
        matching_rules: optional_rules(&object, version, at)?,
        generators: optional_generators(&object, at)?,
    };
    Ok((request, part_unknown(&object, body_unknown)))
}

fn response_at(
    value: &Value,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<(HttpResponse, UnknownFields), LoadError> {
    let object = Fields::new(at.object(value)?);
    let status = match object.get("status") {
        None | Some(Value::Null) => {
            at.key("status").warn("no `status`: read as 200");
            200
        }
        Some(s) => s
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .filter(|s| (100..=999).contains(s))
            .ok_or_else(|| {
                at.key("status")
                    .error(format!("expected an HTTP status code, found {s}"))
            })?,
    };
    let headers = headers(&object, version, at)?;
    let (body, body_unknown) = body_field(&object, &headers, version, at)?;
    let response = HttpResponse {
        status,
        headers,
        body,
        matching_rules: optional_rules(&object, version, at)?,
        generators: optional_generators(&object, at)?,
    };
    Ok((response, part_unknown(&object, body_unknown)))
}

/// The unknown fields of a request or response and of its body object.
fn part_unknown(object: &Fields<'_>, body_unknown: UnknownFields) -> UnknownFields {
    let mut unknown = UnknownFields::from_fields(object.unread());
    unknown.nest(Segment::Key("body".to_owned()), body_unknown);
    unknown
}

fn optional_rules(
    object: &Fields<'_>,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<MatchingRules, LoadError> {
    match object.get("matchingRules") {
        None => Ok(MatchingRules::new()),
        Some(r) if version <= SpecVersion::V2 => rules_from_v2(r, &at.key("matchingRules")),
        Some(r) => rules_from_categories(r, &at.key("matchingRules")),
    }
}

fn optional_generators(object: &Fields<'_>, at: &At<'_>) -> Result<Generators, LoadError> {
    match object.get("generators") {
        None => Ok(Generators::new()),
        Some(g) => generators_from_json(g, &at.key("generators")),
    }
}

/// A query as a V1/V2 string (`a=1&b=2`, form-decoded) or a V3/V4 map of values.
fn query(value: &Value, version: SpecVersion, at: &At<'_>) -> Result<Query, LoadError> {
    let mut query = Query::new();
    match value {
        Value::String(text) => {
            if version >= SpecVersion::V3 {
                at.warn(format!(
                    "a query string in a {version} pact, where queries are maps of parameter values: read as a V2 query string"
                ));
            }
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
        Value::Number(_) | Value::Bool(_) => {
            at.warn(format!(
                "expected a string, found {}: read as the text `{value}`",
                kind(value)
            ));
            Ok(value.to_string())
        }
        other => Err(at.error(format!("expected a string, found {}", kind(other)))),
    }
}

fn headers(object: &Fields<'_>, version: SpecVersion, at: &At<'_>) -> Result<Headers, LoadError> {
    let mut headers = Headers::new();
    let Some(value) = object.get("headers").filter(|v| !v.is_null()) else {
        return Ok(headers);
    };
    let at = at.key("headers");
    if value.as_array().is_some_and(Vec::is_empty) {
        at.warn("expected an object of headers, found []: read as no headers");
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
            other => {
                if version >= SpecVersion::V4 && other.is_string() {
                    at.warn("expected an array of values (V4), found a string: read as one value");
                }
                list.push(scalar_text(other, &at)?);
            }
        }
    }
    Ok(headers)
}

fn body_field(
    object: &Fields<'_>,
    headers: &Headers,
    version: SpecVersion,
    at: &At<'_>,
) -> Result<(Body, UnknownFields), LoadError> {
    let Some(value) = object.get("body") else {
        return Ok((Body::Missing, UnknownFields::new()));
    };
    let content_type = header_content_type(headers);
    if version >= SpecVersion::V4 {
        v4_body(value, content_type, &at.key("body"))
    } else {
        Ok((body::from_json(value, content_type), UnknownFields::new()))
    }
}

/// A V4 body: `{"content": …, "contentType": …, "encoded": false | "base64" | "json"}`,
/// with the unknown fields of that object (`contentTypeHint`, …).
fn v4_body(
    value: &Value,
    header_type: Option<String>,
    at: &At<'_>,
) -> Result<(Body, UnknownFields), LoadError> {
    let map = match value {
        Value::Object(o) if o.contains_key("content") || o.contains_key("contentType") => o,
        // Not in the V4 shape: read it as a legacy body rather than reject a file other
        // tools accept.
        other => {
            at.warn(format!(
                "expected a V4 body object with `content`, found {}: read as the body itself",
                kind(other)
            ));
            return Ok((body::from_json(other, header_type), UnknownFields::new()));
        }
    };
    let object = Fields::new(map);
    let body = v4_body_object(&object, header_type, at)?;
    Ok((body, UnknownFields::from_fields(object.unread())))
}

fn v4_body_object(
    object: &Fields<'_>,
    header_type: Option<String>,
    at: &At<'_>,
) -> Result<Body, LoadError> {
    let content_type = object
        .optional_str(at, "contentType")?
        .map(str::to_owned)
        .or(header_type);
    let encoded = match object.get("encoded") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => {
            at.key("encoded")
                .warn("expected false or an encoding name, found true: read as base64");
            Some("base64".to_owned())
        }
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

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
