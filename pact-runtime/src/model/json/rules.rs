//! Matching rules and generators in pact JSON: V2's path form (`"$.body.a": {...}`), the
//! V3/V4 category form (`"body": {"$.a": {"combine": "AND", "matchers": [...]}}`), and the
//! generator categories.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::At;
use crate::model::{
    ArrayContainsVariant, Category, Combine, DataType, DocPath, Generator, Generators, LoadError,
    MatchingRule, MatchingRules, RuleList, StatusClass, UuidFormat,
};

/// Reads `matchingRules` in the V3/V4 category form.
pub(crate) fn rules_from_categories(
    value: &Value,
    at: &At<'_>,
) -> Result<MatchingRules, LoadError> {
    let mut rules = MatchingRules::new();
    let object = match value {
        Value::Null => return Ok(rules),
        // A PHP writer emits `[]` for an empty map (field case FC-09).
        Value::Array(items) if items.is_empty() => {
            at.warn("expected an object of matching rules, found []: read as no rules");
            return Ok(rules);
        }
        _ => at.object(value)?,
    };
    // A V2 document mislabelled as V3 still uses `$.body…` keys: accept it.
    if object.keys().any(|k| k.starts_with('$')) {
        at.warn("matching rules keyed by V2 paths (`$.body…`) where categories (`body`, `header`, …) are expected: read as V2 rules");
        return rules_from_v2_form(value, at, true);
    }
    for (name, group) in object {
        let at = at.key(name);
        let category = Category::from_name(name).ok_or_else(|| {
            at.error("expected a matching rule category (body, header, query, path, status, metadata, content)")
        })?;
        match group {
            Value::Array(items) if items.is_empty() => {
                at.warn("expected an object of matching rules, found []: read as no rules");
                continue;
            }
            Value::Null => continue,
            _ => {}
        }
        let entries = at.object(group)?;
        if matches!(category, Category::Path | Category::Status) && entries.contains_key("matchers")
        {
            rules.set(category, DocPath::root(), rule_list(group, &at, true)?);
            continue;
        }
        for (key, list) in entries {
            let at = at.key(key);
            let path = category_key(category, key, &at)?;
            rules.set(category, path, rule_list(list, &at, true)?);
        }
    }
    Ok(rules)
}

/// The DocPath under which a category keys its rules: bodies use document paths; header,
/// query and metadata keys are plain names, stored as `$.name`.
fn category_key(category: Category, key: &str, at: &At<'_>) -> Result<DocPath, LoadError> {
    match category {
        Category::Body | Category::Content => key
            .parse::<DocPath>()
            .map_err(|e| at.error(format!("invalid matching rule path: {}", e.reason))),
        Category::Path | Category::Status if key == "$" || key.is_empty() => Ok(DocPath::root()),
        _ => {
            // Some writers key headers as `$.X` or `$['X']`: accept either, but a plain name
            // is taken verbatim even if it has dots.
            if key.starts_with('$')
                && let Ok(path) = key.parse::<DocPath>()
                && path.len() == 2
            {
                return Ok(path);
            }
            Ok(DocPath::root().join_field(key))
        }
    }
}

/// A rule list, `{"combine": "AND", "matchers": [...]}`. In the V3/V4 form (`v3_form`)
/// a missing `combine`, or a bare matcher in place of the list, is read with a warning;
/// in V2 that is the form itself.
fn rule_list(value: &Value, at: &At<'_>, v3_form: bool) -> Result<RuleList, LoadError> {
    let object = at.object(value)?;
    let combine = match object.get("combine") {
        None | Some(Value::Null) => {
            if v3_form && object.contains_key("matchers") {
                at.warn("a rule list without `combine`: read as AND");
            }
            Combine::And
        }
        Some(v) => match at.key("combine").string(v)? {
            text if text.eq_ignore_ascii_case("AND") => Combine::And,
            text if text.eq_ignore_ascii_case("OR") => Combine::Or,
            _ => return Err(at.key("combine").error("expected \"AND\" or \"OR\"")),
        },
    };
    let rules = match object.get("matchers") {
        Some(matchers) => {
            let at = at.key("matchers");
            at.array(matchers)?
                .iter()
                .enumerate()
                .map(|(i, m)| rule(m, &at.index(i), v3_form))
                .collect::<Result<Vec<_>, _>>()?
        }
        // A bare rule object in place of a list.
        None => {
            if v3_form {
                at.warn("a matcher where a rule list (`{\"combine\": …, \"matchers\": [...]}`) is expected: read as a list of that one matcher");
            }
            vec![rule(value, at, v3_form)?]
        }
    };
    Ok(RuleList { rules, combine })
}

/// Reads V2 `matchingRules` (`{"$.body.a": {"match": "type"}, "$.headers.X": {...}}`).
pub(crate) fn rules_from_v2(value: &Value, at: &At<'_>) -> Result<MatchingRules, LoadError> {
    rules_from_v2_form(value, at, false)
}

/// V2 `matchingRules`; `v3_form` when found in a V3/V4 document, whose rule lists are
/// then read in the V3 form.
fn rules_from_v2_form(
    value: &Value,
    at: &At<'_>,
    v3_form: bool,
) -> Result<MatchingRules, LoadError> {
    let mut rules = MatchingRules::new();
    let object = match value {
        Value::Null => return Ok(rules),
        Value::Array(items) if items.is_empty() => {
            at.warn("expected an object of matching rules, found []: read as no rules");
            return Ok(rules);
        }
        _ => at.object(value)?,
    };
    for (key, rule_value) in object {
        let at = at.key(key);
        let (category, path) = v2_key(key, &at)?;
        let list = rule_list(rule_value, &at, v3_form)?;
        for r in list.rules {
            rules.add(category, path.clone(), r);
        }
    }
    Ok(rules)
}

fn v2_key(key: &str, at: &At<'_>) -> Result<(Category, DocPath), LoadError> {
    let bad = |what: &str| at.error(format!("invalid V2 matching rule key: {what}"));
    let rest = key
        .strip_prefix("$.")
        .ok_or_else(|| bad("expected it to start with `$.`"))?;
    let (head, tail) = match rest.find(['.', '[']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    match head {
        "body" => {
            let path = format!("${tail}")
                .parse::<DocPath>()
                .map_err(|e| bad(&e.reason))?;
            Ok((Category::Body, path))
        }
        "path" => Ok((Category::Path, DocPath::root())),
        "headers" | "header" | "query" => {
            let category = if head == "query" {
                Category::Query
            } else {
                Category::Header
            };
            let name = if let Some(name) = tail.strip_prefix('.') {
                name.to_owned()
            } else {
                let path = format!("${tail}")
                    .parse::<DocPath>()
                    .map_err(|e| bad(&e.reason))?;
                match path.tokens() {
                    [_, crate::model::PathToken::Field(name)] => name.clone(),
                    _ => return Err(bad("expected a header or parameter name")),
                }
            };
            Ok((category, DocPath::root().join_field(name)))
        }
        _ => Err(bad("expected `$.body`, `$.headers`, `$.query` or `$.path`")),
    }
}

fn opt_string(
    object: &Map<String, Value>,
    keys: &[&str],
    at: &At<'_>,
) -> Result<Option<String>, LoadError> {
    for key in keys {
        if let Some(v) = object.get(*key) {
            if v.is_null() {
                continue;
            }
            return at.key(key).string(v).map(|s| Some(s.to_owned()));
        }
    }
    Ok(None)
}

fn req_string(object: &Map<String, Value>, key: &str, at: &At<'_>) -> Result<String, LoadError> {
    at.required_str(object, key).map(str::to_owned)
}

/// Reads one matcher object; in the V3/V4 form (`v3_form`) a matcher without `match` is
/// read with a warning.
fn rule(value: &Value, at: &At<'_>, v3_form: bool) -> Result<MatchingRule, LoadError> {
    let object = at.object(value)?;
    let min = object
        .get("min")
        .map(|v| at.key("min").usize(v))
        .transpose()?;
    let max = object
        .get("max")
        .map(|v| at.key("max").usize(v))
        .transpose()?;
    let match_type: &str = match object.get("match") {
        Some(v) => at.key("match").string(v)?,
        // V2 writers (and the specification's cases) leave `match` out when the kind is
        // implied by the other keys.
        None if object.contains_key("regex") || min.is_some() || max.is_some() => {
            let implied = if object.contains_key("regex") {
                "regex"
            } else {
                "type"
            };
            if v3_form {
                at.warn(format!("a matcher without `match`: read as `{implied}`"));
            }
            implied
        }
        None => return Err(at.error("expected a matcher with a `match` field")),
    };
    Ok(match match_type {
        "equality" => MatchingRule::Equality,
        "regex" => MatchingRule::Regex(req_string(object, "regex", at)?),
        "type" => match (min, max) {
            (Some(min), Some(max)) => MatchingRule::MinMaxType { min, max },
            (Some(min), None) => MatchingRule::MinType(min),
            (None, Some(max)) => MatchingRule::MaxType(max),
            (None, None) => MatchingRule::Type,
        },
        "min" => {
            MatchingRule::MinType(min.ok_or_else(|| at.key("min").error("expected a minimum"))?)
        }
        "max" => {
            MatchingRule::MaxType(max.ok_or_else(|| at.key("max").error("expected a maximum"))?)
        }
        "integer" => MatchingRule::Integer,
        "decimal" => MatchingRule::Decimal,
        "number" => MatchingRule::Number,
        "boolean" => MatchingRule::Boolean,
        "date" => MatchingRule::Date(opt_string(object, &["format", "date"], at)?),
        "time" => MatchingRule::Time(opt_string(object, &["format", "time"], at)?),
        "timestamp" | "datetime" => MatchingRule::Timestamp(opt_string(
            object,
            &["format", "timestamp", "datetime"],
            at,
        )?),
        "include" => MatchingRule::Include(req_string(object, "value", at)?),
        "null" => MatchingRule::Null,
        "values" => MatchingRule::Values,
        "contentType" => MatchingRule::ContentType(req_string(object, "value", at)?),
        "notEmpty" => MatchingRule::NotEmpty,
        "semver" => MatchingRule::Semver,
        "statusCode" => {
            MatchingRule::StatusCode(status_class(object.get("status"), &at.key("status"))?)
        }
        "eachKey" | "eachValue" => {
            let rules_at = at.key("rules");
            let list = match object.get("rules") {
                Some(v) => rules_at
                    .array(v)?
                    .iter()
                    .enumerate()
                    .map(|(i, r)| rule(r, &rules_at.index(i), v3_form))
                    .collect::<Result<Vec<_>, _>>()?,
                None => Vec::new(),
            };
            if match_type == "eachKey" {
                MatchingRule::EachKey(list)
            } else {
                MatchingRule::EachValue(list)
            }
        }
        "arrayContains" => {
            let variants_at = at.key("variants");
            let variants = object
                .get("variants")
                .ok_or_else(|| variants_at.error("expected an array of variants"))?;
            let mut out = Vec::new();
            for (i, variant) in variants_at.array(variants)?.iter().enumerate() {
                let at = variants_at.index(i);
                let v = at.object(variant)?;
                let index = match v.get("index") {
                    Some(n) => at.key("index").usize(n)?,
                    None => i,
                };
                let mut rules = BTreeMap::new();
                if let Some(r) = v.get("rules") {
                    let rules_at = at.key("rules");
                    for (key, list) in rules_at.object(r)? {
                        let at = rules_at.key(key);
                        let path = key.parse::<DocPath>().map_err(|e| {
                            at.error(format!("invalid matching rule path: {}", e.reason))
                        })?;
                        rules.insert(path, rule_list(list, &at, v3_form)?);
                    }
                }
                out.push(ArrayContainsVariant { index, rules });
            }
            MatchingRule::ArrayContains(out)
        }
        other => {
            return Err(at.key("match").error(format!(
                "unknown matcher `{other}` (expected one of equality, regex, type, integer, decimal, number, boolean, date, time, timestamp, include, null, values, contentType, arrayContains, eachKey, eachValue, notEmpty, semver, statusCode)"
            )));
        }
    })
}

fn status_class(value: Option<&Value>, at: &At<'_>) -> Result<StatusClass, LoadError> {
    let value = value.ok_or_else(|| at.error("expected a status class or an array of codes"))?;
    if let Some(codes) = value.as_array() {
        return codes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                c.as_u64()
                    .and_then(|c| u16::try_from(c).ok())
                    .ok_or_else(|| at.index(i).error("expected a status code"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(StatusClass::Codes);
    }
    Ok(match at.string(value)? {
        "info" | "information" => StatusClass::Information,
        "success" => StatusClass::Success,
        "redirect" => StatusClass::Redirect,
        "clientError" => StatusClass::ClientError,
        "serverError" => StatusClass::ServerError,
        "nonError" => StatusClass::NonError,
        "error" => StatusClass::Error,
        _ => {
            return Err(at.error(
                "expected info, success, redirect, clientError, serverError, nonError or error",
            ));
        }
    })
}

/// Writes one matcher object.
pub(crate) fn rule_to_json(rule: &MatchingRule) -> Value {
    let with_format = |kind: &str, format: &Option<String>| match format {
        Some(f) => json!({"match": kind, "format": f}),
        None => json!({"match": kind}),
    };
    match rule {
        MatchingRule::Equality => json!({"match": "equality"}),
        MatchingRule::Regex(r) => json!({"match": "regex", "regex": r}),
        MatchingRule::Type => json!({"match": "type"}),
        MatchingRule::MinType(min) => json!({"match": "type", "min": min}),
        MatchingRule::MaxType(max) => json!({"match": "type", "max": max}),
        MatchingRule::MinMaxType { min, max } => json!({"match": "type", "min": min, "max": max}),
        MatchingRule::Integer => json!({"match": "integer"}),
        MatchingRule::Decimal => json!({"match": "decimal"}),
        MatchingRule::Number => json!({"match": "number"}),
        MatchingRule::Boolean => json!({"match": "boolean"}),
        MatchingRule::Date(f) => with_format("date", f),
        MatchingRule::Time(f) => with_format("time", f),
        MatchingRule::Timestamp(f) => with_format("timestamp", f),
        MatchingRule::Include(v) => json!({"match": "include", "value": v}),
        MatchingRule::Null => json!({"match": "null"}),
        MatchingRule::Values => json!({"match": "values"}),
        MatchingRule::ContentType(v) => json!({"match": "contentType", "value": v}),
        MatchingRule::NotEmpty => json!({"match": "notEmpty"}),
        MatchingRule::Semver => json!({"match": "semver"}),
        MatchingRule::StatusCode(class) => {
            let status = match class {
                StatusClass::Information => json!("info"),
                StatusClass::Success => json!("success"),
                StatusClass::Redirect => json!("redirect"),
                StatusClass::ClientError => json!("clientError"),
                StatusClass::ServerError => json!("serverError"),
                StatusClass::NonError => json!("nonError"),
                StatusClass::Error => json!("error"),
                StatusClass::Codes(codes) => json!(codes),
            };
            json!({"match": "statusCode", "status": status})
        }
        MatchingRule::EachKey(rules) => {
            json!({"match": "eachKey", "rules": rules.iter().map(rule_to_json).collect::<Vec<_>>()})
        }
        MatchingRule::EachValue(rules) => {
            json!({"match": "eachValue", "rules": rules.iter().map(rule_to_json).collect::<Vec<_>>()})
        }
        MatchingRule::ArrayContains(variants) => {
            let variants: Vec<Value> = variants
                .iter()
                .map(|v| {
                    let rules: Map<String, Value> = v
                        .rules
                        .iter()
                        .map(|(path, list)| (path.to_string(), rule_list_to_json(list)))
                        .collect();
                    json!({"index": v.index, "rules": rules})
                })
                .collect();
            json!({"match": "arrayContains", "variants": variants})
        }
    }
}

pub(crate) fn rule_list_to_json(list: &RuleList) -> Value {
    json!({
        "combine": match list.combine { Combine::And => "AND", Combine::Or => "OR" },
        "matchers": list.rules.iter().map(rule_to_json).collect::<Vec<_>>(),
    })
}

/// The key a category uses for a rule path when written (names for header/query/metadata).
pub(crate) fn category_key_text(category: Category, path: &DocPath) -> String {
    match (category, path.tokens()) {
        (Category::Body | Category::Content, _) => path.to_string(),
        (_, [_, crate::model::PathToken::Field(name)]) => name.clone(),
        _ => path.to_string(),
    }
}

/// Writes `matchingRules` in the V3/V4 category form.
pub(crate) fn rules_to_categories(rules: &MatchingRules) -> Value {
    categories_to_json(rules.categories(), rule_list_to_json)
}

/// The category form shared by rules and generators: one object per category, keyed by
/// document path or name, except that path and status hold their one entry directly.
fn categories_to_json<'a, T: 'a>(
    categories: impl Iterator<Item = (Category, &'a BTreeMap<DocPath, T>)>,
    to_json: impl Fn(&T) -> Value,
) -> Value {
    let mut out = Map::new();
    for (category, entries) in categories {
        let value = if matches!(category, Category::Path | Category::Status)
            && entries.len() == 1
            && entries.keys().all(DocPath::is_root)
        {
            entries.values().next().map(&to_json).unwrap_or(Value::Null)
        } else {
            Value::Object(
                entries
                    .iter()
                    .map(|(path, entry)| (category_key_text(category, path), to_json(entry)))
                    .collect(),
            )
        };
        out.insert(category.as_str().to_owned(), value);
    }
    Value::Object(out)
}

/// Reads `generators` (V3/V4 category form).
pub(crate) fn generators_from_json(value: &Value, at: &At<'_>) -> Result<Generators, LoadError> {
    let mut generators = Generators::new();
    let object = match value {
        Value::Null => return Ok(generators),
        Value::Array(items) if items.is_empty() => return Ok(generators),
        _ => at.object(value)?,
    };
    for (name, group) in object {
        let at = at.key(name);
        let category = Category::from_name(name)
            .ok_or_else(|| at.error("expected a generator category (body, header, query, path, status, metadata, content)"))?;
        if group.as_array().is_some_and(Vec::is_empty) || group.is_null() {
            continue;
        }
        let entries = at.object(group)?;
        if matches!(category, Category::Path | Category::Status) && entries.contains_key("type") {
            generators.add(category, DocPath::root(), generator(group, &at)?);
            continue;
        }
        for (key, g) in entries {
            let at = at.key(key);
            let path = category_key(category, key, &at)?;
            generators.add(category, path, generator(g, &at)?);
        }
    }
    Ok(generators)
}

fn generator(value: &Value, at: &At<'_>) -> Result<Generator, LoadError> {
    let object = at.object(value)?;
    let kind = at.required_str(object, "type")?;
    let int = |key: &str, default: i64| -> Result<i64, LoadError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(default),
            Some(v) => v
                .as_i64()
                .ok_or_else(|| at.key(key).error("expected an integer")),
        }
    };
    let size = |key: &str, default: usize| -> Result<usize, LoadError> {
        match object.get(key) {
            None | Some(Value::Null) => Ok(default),
            Some(v) => at.key(key).usize(v),
        }
    };
    Ok(match kind {
        "RandomInt" => Generator::RandomInt {
            min: int("min", 0)?,
            max: int("max", 2_147_483_647)?,
        },
        "RandomDecimal" => Generator::RandomDecimal {
            digits: size("digits", 10)?,
        },
        "RandomHexadecimal" => Generator::RandomHexadecimal {
            digits: size("digits", 10)?,
        },
        "RandomString" => Generator::RandomString {
            size: size("size", 20)?,
        },
        "Regex" => Generator::Regex {
            regex: req_string(object, "regex", at)?,
        },
        "Uuid" => Generator::Uuid {
            format: match at.optional_str(object, "format")? {
                None | Some("lower-case-hyphenated") => UuidFormat::LowerCaseHyphenated,
                Some("simple") => UuidFormat::Simple,
                Some("upper-case-hyphenated") => UuidFormat::UpperCaseHyphenated,
                Some("URN") | Some("urn") => UuidFormat::Urn,
                Some(_) => {
                    return Err(at.key("format").error(
                        "expected simple, lower-case-hyphenated, upper-case-hyphenated or URN",
                    ));
                }
            },
        },
        "Date" | "Time" | "DateTime" => {
            let format = opt_string(object, &["format"], at)?;
            let expression = opt_string(object, &["expression"], at)?;
            match kind {
                "Date" => Generator::Date { format, expression },
                "Time" => Generator::Time { format, expression },
                _ => Generator::DateTime { format, expression },
            }
        }
        "RandomBoolean" => Generator::RandomBoolean,
        // The specification's text spells it `ProviderStateGenerator` (field case FC-15).
        "ProviderState" | "ProviderStateGenerator" => Generator::ProviderState {
            expression: req_string(object, "expression", at)?,
            // Without `dataType` the value keeps its own JSON type (RAW), as the official
            // implementations read it: pact-js and pact-python write no `dataType`, and a
            // `${id}` with the number 42 must stay 42 beside its `type` rule.
            data_type: match at
                .optional_str(object, "dataType")?
                .map(str::to_ascii_uppercase)
                .as_deref()
            {
                None | Some("RAW") => DataType::Raw,
                Some("STRING") => DataType::String,
                Some("INTEGER") => DataType::Integer,
                Some("DECIMAL") => DataType::Decimal,
                Some("FLOAT") => DataType::Float,
                Some("BOOLEAN") => DataType::Boolean,
                Some(_) => {
                    return Err(at
                        .key("dataType")
                        .error("expected STRING, INTEGER, DECIMAL, FLOAT, BOOLEAN or RAW"));
                }
            },
        },
        "MockServerURL" => Generator::MockServerUrl {
            example: req_string(object, "example", at)?,
            regex: req_string(object, "regex", at)?,
        },
        other => {
            return Err(at
                .key("type")
                .error(format!("unknown generator type `{other}`")));
        }
    })
}

pub(crate) fn generator_to_json(generator: &Generator) -> Value {
    let with_opt = |kind: &str, format: &Option<String>, expression: &Option<String>| {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        if let Some(f) = format {
            m.insert("format".into(), json!(f));
        }
        if let Some(e) = expression {
            m.insert("expression".into(), json!(e));
        }
        Value::Object(m)
    };
    match generator {
        Generator::RandomInt { min, max } => json!({"type": "RandomInt", "min": min, "max": max}),
        Generator::RandomDecimal { digits } => json!({"type": "RandomDecimal", "digits": digits}),
        Generator::RandomHexadecimal { digits } => {
            json!({"type": "RandomHexadecimal", "digits": digits})
        }
        Generator::RandomString { size } => json!({"type": "RandomString", "size": size}),
        Generator::Regex { regex } => json!({"type": "Regex", "regex": regex}),
        Generator::Uuid { format } => {
            let format = match format {
                UuidFormat::Simple => "simple",
                UuidFormat::LowerCaseHyphenated => "lower-case-hyphenated",
                UuidFormat::UpperCaseHyphenated => "upper-case-hyphenated",
                UuidFormat::Urn => "URN",
            };
            json!({"type": "Uuid", "format": format})
        }
        Generator::Date { format, expression } => with_opt("Date", format, expression),
        Generator::Time { format, expression } => with_opt("Time", format, expression),
        Generator::DateTime { format, expression } => with_opt("DateTime", format, expression),
        Generator::RandomBoolean => json!({"type": "RandomBoolean"}),
        Generator::ProviderState {
            expression,
            data_type,
        } => {
            let data_type = match data_type {
                DataType::String => "STRING",
                DataType::Integer => "INTEGER",
                DataType::Decimal => "DECIMAL",
                DataType::Float => "FLOAT",
                DataType::Boolean => "BOOLEAN",
                DataType::Raw => "RAW",
            };
            json!({"type": "ProviderState", "expression": expression, "dataType": data_type})
        }
        Generator::MockServerUrl { example, regex } => {
            json!({"type": "MockServerURL", "example": example, "regex": regex})
        }
    }
}

/// Writes `generators` in the category form.
pub(crate) fn generators_to_json(generators: &Generators) -> Value {
    categories_to_json(generators.categories(), generator_to_json)
}
