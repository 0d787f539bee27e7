//! `ProviderState` generators: `${name}` placeholders replaced with the provider state's
//! values, the result converted to the generator's data type.
//!
//! A name is looked up as a key first, then as a dotted path into nested objects
//! (`${user.id}`). An expression that is exactly one placeholder keeps the value's own
//! JSON type before conversion (so `RAW`, the default, injects a number as a number and
//! an object as an object); anything else, text around the placeholder included, is text.

use serde_json::{Map, Number, Value};

use super::GenerateFailure;
use crate::model::DataType;

/// True when `expression` holds at least one `${…}` placeholder.
pub(crate) fn has_placeholder(expression: &str) -> bool {
    expression
        .find("${")
        .is_some_and(|start| expression[start..].contains('}'))
}

/// The value of `expression` with `values` substituted, converted to `data_type`.
pub(crate) fn evaluate(
    expression: &str,
    data_type: DataType,
    values: &Map<String, Value>,
) -> Result<Value, GenerateFailure> {
    let raw = substitute(expression, values)?;
    convert(expression, raw, data_type)
}

fn lookup<'v>(name: &str, values: &'v Map<String, Value>) -> Option<&'v Value> {
    if let Some(value) = values.get(name) {
        return Some(value);
    }
    let mut parts = name.split('.');
    let mut current = values.get(parts.next()?)?;
    for part in parts {
        current = match current {
            Value::Object(map) => map.get(part)?,
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The expression with its placeholders filled: the value itself when the expression is
/// one placeholder, text otherwise.
fn substitute(expression: &str, values: &Map<String, Value>) -> Result<Value, GenerateFailure> {
    let missing = |name: &str| GenerateFailure::MissingProviderStateValue {
        name: name.to_owned(),
        expression: expression.to_owned(),
    };
    // Only an expression that is exactly one placeholder is the value itself: any text
    // around it, a space included, makes the result text.
    if let Some(name) = expression
        .strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .filter(|name| !name.contains('}'))
    {
        let name = name.trim();
        return lookup(name, values).cloned().ok_or_else(|| missing(name));
    }
    let mut out = String::new();
    let mut rest = expression;
    while let Some(start) = rest.find("${") {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = rest[start + 2..start + length].trim();
        out.push_str(&text_of(lookup(name, values).ok_or_else(|| missing(name))?));
        rest = &rest[start + length + 1..];
    }
    out.push_str(rest);
    Ok(Value::String(out))
}

fn convert(expression: &str, raw: Value, data_type: DataType) -> Result<Value, GenerateFailure> {
    let fail = |value: &Value, wanted: &'static str| GenerateFailure::ProviderStateConversion {
        expression: expression.to_owned(),
        value: text_of(value),
        data_type: wanted,
    };
    match data_type {
        DataType::Raw => Ok(raw),
        DataType::String => Ok(Value::String(text_of(&raw))),
        DataType::Integer => match &raw {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(raw),
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                // The filter keeps whole numbers well inside i64: the cast is exact.
                .map(|f| Value::from(f as i64))
                .ok_or_else(|| fail(&raw, "an integer")),
            Value::String(text) => text
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| fail(&raw, "an integer")),
            _ => Err(fail(&raw, "an integer")),
        },
        DataType::Decimal | DataType::Float => {
            let number = match &raw {
                Value::Number(n) => n.as_f64(),
                Value::String(text) => text.trim().parse::<f64>().ok(),
                _ => None,
            };
            number
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| fail(&raw, "a decimal number"))
        }
        DataType::Boolean => match &raw {
            Value::Bool(_) => Ok(raw),
            Value::String(text) if text.trim().eq_ignore_ascii_case("true") => {
                Ok(Value::Bool(true))
            }
            Value::String(text) if text.trim().eq_ignore_ascii_case("false") => {
                Ok(Value::Bool(false))
            }
            _ => Err(fail(&raw, "a boolean")),
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn values() -> Map<String, Value> {
        match json!({"id": 6000, "name": "Alice", "user": {"id": "u-1"}, "ok": "true", "n": "2.5"})
        {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn placeholders_are_replaced_and_converted_to_the_data_type() {
        let cases = [
            ("/users/${id}", DataType::String, json!("/users/6000")),
            ("${id}", DataType::Integer, json!(6000)),
            ("${id}", DataType::String, json!("6000")),
            ("${ user.id }-${name}", DataType::String, json!("u-1-Alice")),
            ("${ok}", DataType::Boolean, json!(true)),
            ("${n}", DataType::Decimal, json!(2.5)),
            ("${n}", DataType::Float, json!(2.5)),
            ("${user}", DataType::Raw, json!({"id": "u-1"})),
            ("${id}0", DataType::Integer, json!(60000)),
            (
                "/api/users/{id}",
                DataType::String,
                json!("/api/users/{id}"),
            ),
        ];
        for (expression, data_type, expected) in cases {
            assert_eq!(
                evaluate(expression, data_type, &values()),
                Ok(expected),
                "{expression}"
            );
        }
    }

    #[test]
    fn a_missing_value_is_named() {
        let error = evaluate("/users/${userId}", DataType::String, &values()).expect_err("fails");
        assert_eq!(
            error.to_string(),
            "the provider state has no value `userId` (expression \"/users/${userId}\")"
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_a_conversion_error() {
        let error = evaluate("${name}", DataType::Integer, &values()).expect_err("fails");
        assert_eq!(
            error.to_string(),
            "\"Alice\" from expression \"${name}\" is not an integer"
        );
        assert!(evaluate("${name}", DataType::Boolean, &values()).is_err());
    }

    #[test]
    fn placeholders_are_detected() {
        assert!(has_placeholder("/users/${id}"));
        assert!(!has_placeholder("/users/{id}"));
        assert!(!has_placeholder("/users/${id"));
    }
}
