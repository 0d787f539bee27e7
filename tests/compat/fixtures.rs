//! The suite's tables and fixtures in model form: the interactions of `the following HTTP
//! interactions have been defined`, bodies given as `JSON: …`, `XML: …`, `file: …` or plain
//! text, headers given as `'Name: value', …`, and matching rules given as `JSON: …` or a
//! fixture file (V2 `$.body.x` paths or V3 categories).

use pact_runtime::model::json::request_from_json;
use pact_runtime::model::{Body, Headers, HttpInteraction, MatchingRules, Query, SpecVersion};
use serde_json::Value;

use super::World;

/// The interactions of a definition table, in row order, described `Interaction N` (N from 0,
/// as the official suite names them).
///
/// # Errors
/// A cell that cannot be read (a missing fixture, rules that are not JSON).
pub fn interactions_from_table(
    world: &World,
    rows: &[Vec<(String, String)>],
) -> Result<Vec<HttpInteraction>, String> {
    let mut interactions = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let mut interaction = HttpInteraction::default();
        interaction.common.description = format!("Interaction {index}");
        // A `content type` column decides how the body is read, wherever it stands.
        let mut row = row.clone();
        row.sort_by_key(|(column, _)| column != "content type");
        for (column, cell) in &row {
            let request = &mut interaction.request;
            match column.as_str() {
                "No" => {}
                "method" => request.method = cell.clone(),
                "path" => request.path = cell.clone(),
                "query" => request.query = parse_query(cell),
                "headers" => add_headers(&mut request.headers, cell),
                "content type" => {
                    request
                        .headers
                        .insert("Content-Type".to_owned(), vec![cell.clone()]);
                }
                "raw headers" => add_raw_headers(&mut request.headers, cell),
                "body" => {
                    if let Some(body) = body_from_cell(world, cell, content_type(&request.headers))?
                    {
                        set_content_type(&mut request.headers, &body);
                        request.body = body;
                    }
                }
                "matching rules" => request.matching_rules = rules_from_cell(world, cell)?,
                "response" => {
                    interaction.response.status = cell
                        .parse()
                        .map_err(|_| format!("`{cell}` is not a status code"))?;
                }
                "response headers" => add_headers(&mut interaction.response.headers, cell),
                "response content" => {
                    if !cell.is_empty() {
                        interaction
                            .response
                            .headers
                            .insert("Content-Type".to_owned(), vec![cell.clone()]);
                    }
                }
                "response body" => {
                    let response = &mut interaction.response;
                    if let Some(body) =
                        body_from_cell(world, cell, content_type(&response.headers))?
                    {
                        set_content_type(&mut response.headers, &body);
                        response.body = body;
                    }
                }
                "response matching rules" => {
                    interaction.response.matching_rules = rules_from_cell(world, cell)?;
                }
                other => return Err(format!("unknown interaction column `{other}`")),
            }
        }
        interactions.push(interaction);
    }
    Ok(interactions)
}

/// `a=1&b=2` → `{a: [1], b: [2]}`; an empty cell is no query.
pub fn parse_query(text: &str) -> Option<Query> {
    if text.is_empty() {
        return None;
    }
    let mut query = Query::new();
    for (name, value) in form_urlencoded::parse(text.as_bytes()) {
        query
            .entry(name.into_owned())
            .or_default()
            .push(value.into_owned());
    }
    Some(query)
}

/// `'X-A: 1', 'X-B: 2, 3'` → headers (a value with commas stays one value, as the official
/// suite's header parser keeps it for names it does not split).
pub fn add_headers(headers: &mut Headers, cell: &str) {
    for item in split_header_cell(cell) {
        if let Some((name, value)) = item.split_once(':') {
            headers
                .entry(name.trim().to_owned())
                .or_default()
                .extend(value.split(',').map(|v| v.trim().to_owned()));
        }
    }
}

/// Like [`add_headers`], but each value is kept as written.
pub fn add_raw_headers(headers: &mut Headers, cell: &str) {
    for item in split_header_cell(cell) {
        if let Some((name, value)) = item.split_once(':') {
            headers
                .entry(name.trim().to_owned())
                .or_default()
                .push(value.trim().to_owned());
        }
    }
}

/// The quoted items of a headers cell: `'A: 1', 'B: 2'` → `A: 1`, `B: 2`.
fn split_header_cell(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = cell.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('\'') {
            let end = quoted.find('\'').unwrap_or(quoted.len());
            items.push(quoted[..end].to_owned());
            rest = quoted
                .get(end + 1..)
                .unwrap_or("")
                .trim_start_matches([',', ' ']);
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            items.push(rest[..end].trim().to_owned());
            rest = rest.get(end + 1..).unwrap_or("").trim_start();
        }
    }
    items
}

/// The `Content-Type` header's value, whatever its case.
pub fn content_type(headers: &Headers) -> Option<String> {
    headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .and_then(|(_, values)| values.first().cloned())
}

/// Sets `Content-Type` to the body's content type unless a header already gives one.
pub fn set_content_type(headers: &mut Headers, body: &Body) {
    if content_type(headers).is_none()
        && let Some(content_type) = body.content_type()
    {
        headers.insert("Content-Type".to_owned(), vec![content_type.to_owned()]);
    }
}

/// A body cell: `JSON: …`, `XML: …`, `file: name` (a `*-body.xml` fixture holds its content
/// type and contents), `EMPTY` (an empty body), or plain text. The content type comes from
/// the prefix or the file's extension, else from `current` (the part's header), else
/// `text/plain`. An empty cell is no body.
///
/// # Errors
/// A fixture that cannot be read.
pub fn body_from_cell(
    world: &World,
    cell: &str,
    current: Option<String>,
) -> Result<Option<Body>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    let (bytes, content_type) = if let Some(json) = cell.strip_prefix("JSON:") {
        (
            json.trim().as_bytes().to_vec(),
            "application/json".to_owned(),
        )
    } else if let Some(xml) = cell.strip_prefix("XML:") {
        (xml.trim().as_bytes().to_vec(), "application/xml".to_owned())
    } else if let Some(name) = cell.strip_prefix("file:") {
        let name = name.trim();
        if name.ends_with("-body.xml") {
            body_fixture(world, name)?
        } else {
            let path = world.fixture(name);
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("cannot read the fixture {}: {e}", path.display()))?;
            (bytes, content_type_of(name, current))
        }
    } else if cell == "EMPTY" {
        (
            Vec::new(),
            current.unwrap_or_else(|| "text/plain".to_owned()),
        )
    } else {
        (
            cell.as_bytes().to_vec(),
            current.unwrap_or_else(|| "text/plain".to_owned()),
        )
    };
    Ok(Some(body_from_bytes(&bytes, &content_type)))
}

/// A body in model form; an empty body stays an (empty) body.
pub fn body_from_bytes(bytes: &[u8], content_type: &str) -> Body {
    if bytes.is_empty() {
        return Body::Text {
            text: String::new(),
            content_type: Some(content_type.to_owned()),
        };
    }
    Body::from_bytes(bytes, Some(content_type))
}

fn content_type_of(name: &str, current: Option<String>) -> String {
    let by_extension = [
        (".json", "application/json"),
        (".xml", "application/xml"),
        (".jpg", "image/jpeg"),
        (".pdf", "application/pdf"),
    ];
    by_extension
        .iter()
        .find(|(extension, _)| name.ends_with(extension))
        .map(|(_, content_type)| (*content_type).to_owned())
        .or(current)
        .unwrap_or_else(|| "text/plain".to_owned())
}

/// A `*-body.xml` fixture: `<body><contentType>…</contentType><contents eol="CRLF">…</contents></body>`;
/// `<contents encoding="base64">` holds the bytes base64-encoded (binary contents, as the
/// Kafka schema registry's header before its JSON).
fn body_fixture(world: &World, name: &str) -> Result<(Vec<u8>, String), String> {
    let path = world.fixture(name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the fixture {}: {e}", path.display()))?;
    let document = roxmltree::Document::parse(&text)
        .map_err(|e| format!("the fixture {name} is not XML: {e}"))?;
    let root = document.root_element();
    let child = |tag: &str| root.children().find(|n| n.has_tag_name(tag));
    let content_type = child("contentType")
        .map(|n| n.text().unwrap_or_default().trim().to_owned())
        .unwrap_or_else(|| "text/plain".to_owned());
    let Some(node) = child("contents") else {
        return Ok((Vec::new(), content_type));
    };
    let text: String = node
        .children()
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    let contents = match (node.attribute("encoding"), node.attribute("eol")) {
        (Some("base64"), _) => {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|e| format!("the base64 contents of {name} do not decode: {e}"))?
        }
        (Some(other), _) => {
            return Err(format!(
                "the fixture {name} has an unknown encoding `{other}`"
            ));
        }
        (None, Some("CRLF")) => text.replace('\n', "\r\n").into_bytes(),
        (None, _) => text.into_bytes(),
    };
    Ok((contents, content_type))
}

/// Matching rules from `JSON: …` or a fixture file, in V2 form (`$.body.x` keys) or V3 form
/// (categories), read with the model's own spec adapters.
///
/// # Errors
/// Rules that cannot be read.
pub fn rules_from_cell(world: &World, cell: &str) -> Result<MatchingRules, String> {
    if cell.is_empty() {
        return Ok(MatchingRules::new());
    }
    let json: Value = if let Some(json) = cell.strip_prefix("JSON:") {
        serde_json::from_str(json.trim()).map_err(|e| format!("rules `{cell}`: {e}"))?
    } else {
        let path = world.fixture(cell);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read the fixture {}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    };
    let v2 = json
        .as_object()
        .is_some_and(|rules| rules.keys().any(|key| key.starts_with('$')));
    let version = match (v2, world.spec) {
        (true, _) => SpecVersion::V2,
        (false, SpecVersion::V4) => SpecVersion::V4,
        (false, _) => SpecVersion::V3,
    };
    let request = serde_json::json!({"method": "GET", "path": "/", "matchingRules": json});
    request_from_json(&request, version, cell, "$")
        .map(|request| request.matching_rules)
        .map_err(|e| format!("rules `{cell}`: {e}"))
}

/// The JSON document of the fixture `name` (`basic` or `basic.json`).
///
/// # Errors
/// A fixture that cannot be read as JSON.
pub fn json_fixture(world: &World, name: &str) -> Result<Value, String> {
    let name = if name.ends_with(".json") {
        name.to_owned()
    } else {
        format!("{name}.json")
    };
    let path = world.fixture(&name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the fixture {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
