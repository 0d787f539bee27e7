//! One generator → one value.

use chrono::{DateTime, FixedOffset, Utc};
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::{Number, Value};

use super::{GenerateFailure, GeneratorContext, GeneratorMode, expression, provider_state};
use crate::java_dates::format_java_date;
use crate::model::{Generator, UuidFormat};

/// The name pact files give the generator (used in errors).
pub(crate) fn type_name(generator: &Generator) -> &'static str {
    match generator {
        Generator::RandomInt { .. } => "RandomInt",
        Generator::RandomDecimal { .. } => "RandomDecimal",
        Generator::RandomHexadecimal { .. } => "RandomHexadecimal",
        Generator::RandomString { .. } => "RandomString",
        Generator::Regex { .. } => "Regex",
        Generator::Uuid { .. } => "Uuid",
        Generator::Date { .. } => "Date",
        Generator::Time { .. } => "Time",
        Generator::DateTime { .. } => "DateTime",
        Generator::RandomBoolean => "RandomBoolean",
        Generator::ProviderState { .. } => "ProviderState",
        Generator::MockServerUrl { .. } => "MockServerURL",
        // The model is non-exhaustive for other crates only; within this crate every
        // generator is listed above.
    }
}

/// The value `generator` gives in place of `current`; `None` when the generator does not
/// apply in `mode` (the example stays).
pub(crate) fn generate(
    generator: &Generator,
    current: &Value,
    mode: GeneratorMode,
    context: &GeneratorContext,
) -> Result<Option<Value>, GenerateFailure> {
    let mut rng = rand::rng();
    let value = match generator {
        Generator::RandomInt { min, max } => {
            if min > max {
                return Err(GenerateFailure::EmptyRange {
                    min: *min,
                    max: *max,
                });
            }
            Value::from(rng.random_range(*min..=*max))
        }
        Generator::RandomDecimal { digits } => random_decimal(*digits, &mut rng),
        Generator::RandomHexadecimal { digits } => {
            let hex: String = (0..*digits)
                .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
                .collect();
            Value::String(hex)
        }
        Generator::RandomString { size } => Value::String(
            (&mut rng)
                .sample_iter(Alphanumeric)
                .take(*size)
                .map(char::from)
                .collect(),
        ),
        Generator::Regex { regex } => Value::String(from_regex(regex, &mut rng)?),
        Generator::Uuid { format } => {
            // `from_random_bytes` sets the version (4) and variant bits.
            let uuid = uuid::Builder::from_random_bytes(rng.random()).into_uuid();
            Value::String(match format {
                UuidFormat::Simple => uuid.simple().to_string(),
                UuidFormat::LowerCaseHyphenated => uuid.hyphenated().to_string(),
                UuidFormat::UpperCaseHyphenated => uuid.hyphenated().to_string().to_uppercase(),
                UuidFormat::Urn => uuid.urn().to_string(),
            })
        }
        Generator::Date { format, expression } => date_time(
            format.as_deref().unwrap_or("yyyy-MM-dd"),
            expression.as_deref(),
            context,
        )?,
        Generator::Time { format, expression } => date_time(
            format.as_deref().unwrap_or("HH:mm:ss"),
            expression.as_deref(),
            context,
        )?,
        Generator::DateTime { format, expression } => date_time(
            format.as_deref().unwrap_or("yyyy-MM-dd'T'HH:mm:ssXXX"),
            expression.as_deref(),
            context,
        )?,
        Generator::RandomBoolean => Value::Bool(rng.random()),
        Generator::ProviderState {
            expression,
            data_type,
        } => {
            if mode != GeneratorMode::Provider {
                return Ok(None);
            }
            provider_state::evaluate(expression, *data_type, &context.provider_state)?
        }
        Generator::MockServerUrl { example, regex } => {
            if mode != GeneratorMode::Consumer {
                return Ok(None);
            }
            let Some(base) = context.mock_server_url.as_deref() else {
                return Err(GenerateFailure::MissingMockServerUrl);
            };
            // The generator carries its own example URL, which the regex is written for
            // (pact-jvm's MockServerURLGenerator and pact-reference generate from it, and the
            // compatibility suite's V4 generator scenario has a body value that is no URL);
            // the value at the location is the fallback for a generator written without one.
            let source = if example.is_empty() {
                current.clone()
            } else {
                Value::String(example.clone())
            };
            Value::String(mock_server_url(regex, &source, base)?)
        }
    };
    Ok(Some(value))
}

/// A number with `digits` significant digits and a fractional part (`digits` below 2 gives
/// `0.d`, the smallest number that still has one).
fn random_decimal(digits: usize, rng: &mut impl Rng) -> Value {
    // f64 keeps about 15 significant digits; more would be rounded away anyway.
    let digits = digits.clamp(1, 15);
    let mut text = String::with_capacity(digits + 2);
    if digits == 1 {
        text.push_str("0.");
        text.push(char::from(b'1' + rng.random_range(0..9u8)));
    } else {
        let point = rng.random_range(1..digits);
        for position in 0..digits {
            if position == point {
                text.push('.');
            }
            // No leading zero, and a non-zero last digit so the fraction survives as f64.
            let low = if position == 0 || position == digits - 1 {
                1
            } else {
                0
            };
            text.push(char::from(b'0' + rng.random_range(low..10u8)));
        }
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// A string matching `regex`: anchors at the ends are dropped (every Pact regex matches
/// the whole value), `\d`, `\w`, `\s` and `.` are narrowed to ASCII so the values are
/// ordinary text, and the result is checked against the original regex.
fn from_regex(regex: &str, rng: &mut impl Rng) -> Result<String, GenerateFailure> {
    let invalid = |reason: String| GenerateFailure::InvalidRegex {
        regex: regex.to_owned(),
        reason,
    };
    let generator = rand_regex::Regex::compile(&ascii_classes(strip_anchors(regex)), 8)
        .map_err(|error| invalid(error.to_string()))?;
    let check = regex::Regex::new(&format!("^(?:{})$", strip_anchors(regex)))
        .map_err(|error| invalid(error.to_string()))?;
    for _ in 0..16 {
        let text: String = rng.sample(&generator);
        if check.is_match(&text) {
            return Ok(text);
        }
    }
    Err(invalid(
        "the generated values do not match it (lookaround or anchors inside?)".to_owned(),
    ))
}

fn strip_anchors(regex: &str) -> &str {
    let regex = regex.strip_prefix('^').unwrap_or(regex);
    match regex.strip_suffix('$') {
        // `\$` is a literal dollar, not an anchor: count the backslashes before it.
        Some(rest) if rest.chars().rev().take_while(|&c| c == '\\').count() % 2 == 0 => rest,
        _ => regex,
    }
}

/// `\d` → `[0-9]`, `\w` → `[0-9A-Za-z_]`, `\s` → a space, `.` → printable ASCII, inside
/// and outside character classes.
fn ascii_classes(regex: &str) -> String {
    let mut out = String::with_capacity(regex.len() + 16);
    let mut in_class = false;
    let mut chars = regex.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(class @ ('d' | 'w' | 's')) => {
                    let ranges = match class {
                        'd' => "0-9",
                        'w' => "0-9A-Za-z_",
                        _ => " ",
                    };
                    if in_class {
                        out.push_str(ranges);
                    } else {
                        out.push('[');
                        out.push_str(ranges);
                        out.push(']');
                    }
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                // `[]` and `[^]` start with a literal `]`.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '.' if !in_class => out.push_str("[ -~]"),
            other => out.push(other),
        }
    }
    out
}

fn now(context: &GeneratorContext) -> DateTime<FixedOffset> {
    let now = context.now.unwrap_or_else(std::time::SystemTime::now);
    DateTime::<Utc>::from(now).fixed_offset()
}

fn date_time(
    format: &str,
    expression: Option<&str>,
    context: &GeneratorContext,
) -> Result<Value, GenerateFailure> {
    let now = now(context);
    let at = match expression {
        Some(expression) => expression::evaluate(expression, now).map_err(|reason| {
            GenerateFailure::InvalidDateExpression {
                expression: expression.to_owned(),
                reason,
            }
        })?,
        None => now,
    };
    format_java_date(format, &at)
        .map(Value::String)
        .map_err(|source| GenerateFailure::InvalidDateFormat {
            format: format.to_owned(),
            source,
        })
}

/// `current` with the part `regex` matches replaced by `base` followed by the regex's
/// first group (`http://localhost:1234/orders/1` with `.*(/orders/\d+)$` →
/// `http://127.0.0.1:5000/orders/1`). Pacts capture the path with its leading slash
/// (pact-reference's examples) or without it (pact-jvm's `.*\/(orders\/\d+)$`, whose
/// generator always joins with `/`): either way one slash separates the two.
fn mock_server_url(regex: &str, current: &Value, base: &str) -> Result<String, GenerateFailure> {
    let text = match current {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    // The same dialect as the matchers: pacts written by JVM tools quote with `\Q…\E`.
    let compiled =
        regex::Regex::new(&crate::matching::regexes::unquote(regex)).map_err(|error| {
            GenerateFailure::InvalidRegex {
                regex: regex.to_owned(),
                reason: error.to_string(),
            }
        })?;
    let Some(captures) = compiled.captures(&text) else {
        return Err(GenerateFailure::MockServerUrlNoMatch {
            regex: regex.to_owned(),
            value: text,
        });
    };
    let whole = captures.get(0).map_or(0..0, |m| m.range());
    let kept = captures.get(1).map_or("", |m| m.as_str());
    let base = base.trim_end_matches('/');
    let slash = if kept.is_empty() || kept.starts_with(['/', '?', '#']) {
        ""
    } else {
        "/"
    };
    Ok(format!(
        "{}{base}{slash}{kept}{}",
        &text[..whole.start],
        &text[whole.end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mock_server_url_regexes_may_quote_with_java_q_and_e() {
        let cases = [
            (
                r".*(\/\Qpacts\E\/\Qprovider\E\/\Q{provider}\E\/\Qfor-verification\E)$",
                "http://localhost:9876/pacts/provider/{provider}/for-verification",
                "http://127.0.0.1:5/pacts/provider/{provider}/for-verification",
            ),
            (
                r".*\/(\Qpacts\E\/\Qprovider\E\/\Q{provider}\E\/\Qfor-verification\E)$",
                "http://localhost:9876/pacts/provider/{provider}/for-verification",
                "http://127.0.0.1:5/pacts/provider/{provider}/for-verification",
            ),
            (r".*(\/\Qa.b\E)$", "http://x/a.b", "http://127.0.0.1:5/a.b"),
        ];
        for (regex, example, expected) in cases {
            let generated = mock_server_url(
                regex,
                &Value::String(example.to_owned()),
                "http://127.0.0.1:5/",
            );
            assert_eq!(generated.as_deref(), Ok(expected), "{regex}");
        }
    }

    #[test]
    fn the_base_and_the_kept_path_are_joined_by_exactly_one_slash() {
        let cases = [
            (
                r".*\/(orders\/\d+)$",
                "http://localhost:1234/orders/7",
                "http://127.0.0.1:5/orders/7",
            ),
            (
                r".*(/orders/\d+)$",
                "http://localhost:1234/orders/7",
                "http://127.0.0.1:5/orders/7",
            ),
            (
                r".*(\?page=\d)$",
                "http://localhost:1234?page=2",
                "http://127.0.0.1:5?page=2",
            ),
            (
                r".*(#top)$",
                "http://localhost:1234#top",
                "http://127.0.0.1:5#top",
            ),
            (
                r"http://localhost:1234()$",
                "http://localhost:1234",
                "http://127.0.0.1:5",
            ),
        ];
        for (regex, example, expected) in cases {
            for base in ["http://127.0.0.1:5", "http://127.0.0.1:5/"] {
                let generated = mock_server_url(regex, &Value::String(example.to_owned()), base);
                assert_eq!(generated.as_deref(), Ok(expected), "{regex} on {base}");
            }
        }
    }

    #[test]
    fn regexes_generate_matching_ascii_text() {
        let mut rng = rand::rng();
        for regex in [
            r"^\d{4}-\d{2}-\d{2}$",
            r"^[A-Z]-\d+$",
            r"\w+@\w+\.com",
            r"^(red|green|blue)$",
            r"^.{5}$",
            r"^price \$\d+$",
        ] {
            for _ in 0..20 {
                let text = from_regex(regex, &mut rng).expect("generates");
                assert!(text.is_ascii(), "{regex} gave {text:?}");
                assert!(
                    regex::Regex::new(regex).expect("valid").is_match(&text),
                    "{regex} gave {text:?}"
                );
            }
        }
    }

    #[test]
    fn a_regex_with_inner_anchors_is_an_error_naming_it() {
        let error = from_regex(r"a\bb", &mut rand::rng()).expect_err("fails");
        assert!(
            error
                .to_string()
                .starts_with(r"the regular expression /a\bb/ cannot generate values")
        );
    }

    #[test]
    fn random_decimals_have_the_digits_and_a_fraction() {
        let mut rng = rand::rng();
        for digits in [1, 2, 6, 10, 15] {
            for _ in 0..50 {
                let value = random_decimal(digits, &mut rng);
                let number = value.as_f64().expect("a number");
                assert!(number.fract() != 0.0, "{value} for {digits} digits");
                let significant = value.to_string().replace(['.', '-'], "");
                let significant = significant.trim_start_matches('0');
                assert_eq!(significant.len(), digits, "{value} for {digits} digits");
            }
        }
    }

    #[test]
    fn the_mock_server_url_replaces_the_matched_prefix() {
        let current = Value::from("http://localhost:1234/orders/1");
        assert_eq!(
            mock_server_url(r".*(/orders/\d+)$", &current, "http://127.0.0.1:5000/"),
            Ok("http://127.0.0.1:5000/orders/1".to_owned())
        );
        assert_eq!(
            mock_server_url(r"^http://x(/y)$", &current, "http://a"),
            Err(GenerateFailure::MockServerUrlNoMatch {
                regex: r"^http://x(/y)$".to_owned(),
                value: "http://localhost:1234/orders/1".to_owned()
            })
        );
    }
}
