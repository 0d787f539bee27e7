//! Cross-attribute rules, checked at expansion time so a contract that could never hold is
//! a compile error at the attribute, not a failed verification weeks later.
//!
//! - `regex` compiles (as the engine compiles it: the `regex` crate, then `fancy-regex` for
//!   look-around and back-references) and the example matches it as a whole.
//! - The example's kind fits the field type, and the matcher fits both.
//! - `min ≤ max`, `max > 0`, `min`/`max` only on sequences, `format` only on dates.
//! - Keys that cannot work together (`regex` with `matcher`, `skip` with anything).
//! - The shape of the type: unions and data-carrying enums have no pact representation.
//!
//! Types the derive cannot recognize by name are left to rustc: codegen puts trait bounds
//! on them at the attribute's span.

use proc_macro2::Span;
use quote::ToTokens;

use super::attr::{Example, LitKind, MatcherKind, Spanned};
use super::model::{Container, Field, Leaf, Shape, Spec};
use super::ty::LeafClass;
use crate::ctxt::Ctxt;

/// Records every rule the container breaks.
pub(crate) fn check(cx: &Ctxt, container: &Container<'_>) {
    match &container.shape {
        Shape::Union(span) => cx.error_at(
            *span,
            format!(
                "`#[derive(PactMatch)]` does not support unions (serde cannot serialize them either); {SUPPORTED}"
            ),
        ),
        Shape::Enum(variants) => check_enum(cx, container, variants),
        Shape::Struct(fields) => {
            check_fields(cx, fields);
            check_duplicate_keys(cx, fields);
        }
        Shape::Tuple(fields) => check_fields(cx, fields),
        Shape::Unit => {}
    }
}

const SUPPORTED: &str = "supported: structs with named fields, tuple structs (a newtype is its field, more fields are a JSON array), unit structs, and enums whose variants are all unit variants";

fn check_enum(cx: &Ctxt, container: &Container<'_>, variants: &[super::model::Variant<'_>]) {
    for variant in variants {
        if !variant.fields.is_empty() {
            cx.error_spanned_by(
                variant.fields,
                format!(
                    "variant `{}` carries data, and a pact cannot say \"one of these shapes\"; `#[derive(PactMatch)]` on an enum needs unit variants only (they become a regex of their serialized names): implement `PactMatch` by hand with the shape the consumer relies on",
                    variant.ident
                ),
            );
        }
    }
    if let Some(span) = container.attrs.untagged {
        cx.error_at(
            span,
            "`#[serde(untagged)]` unit variants all serialize as null, so a pact cannot tell them apart: remove `untagged` or implement `PactMatch` by hand",
        );
    }
    if variants.iter().all(|v| v.skipped) {
        cx.error_spanned_by(
            container.ident,
            format!(
                "`{}` has no serialized variant, so there is no example value to put in the pact: add a variant that is not skipped",
                container.ident
            ),
        );
    }
}

fn check_duplicate_keys(cx: &Ctxt, fields: &[Field<'_>]) {
    for (i, field) in fields.iter().enumerate() {
        if !matches!(field.spec, Spec::Default | Spec::Refined(_)) {
            continue;
        }
        let earlier = fields[..i]
            .iter()
            .filter(|f| matches!(f.spec, Spec::Default | Spec::Refined(_)))
            .find(|f| f.key == field.key);
        if let Some(earlier) = earlier {
            cx.error_spanned_by(
                field.original,
                format!(
                    "`{}` and `{}` both serialize as the key \"{}\": rename one of them",
                    earlier.name, field.name, field.key
                ),
            );
        }
    }
}

fn check_fields(cx: &Ctxt, fields: &[Field<'_>]) {
    for field in fields {
        check_rename(cx, field);
        match &field.spec {
            Spec::Skip => check_skipped(cx, field),
            Spec::Flatten => check_flattened(cx, field),
            Spec::Default => {}
            Spec::Refined(refined) => {
                check_leaf(cx, field, &refined.leaf);
                check_size(cx, field, refined.min.as_ref(), refined.max.as_ref());
            }
        }
    }
}

fn check_rename(cx: &Ctxt, field: &Field<'_>) {
    if let (Some(pact), Some(serde)) = (&field.attrs.rename, &field.attrs.serde_rename)
        && pact.value != serde.value
    {
        cx.error_at(
            pact.span,
            format!(
                "`#[pact(rename = \"{}\")]` disagrees with `#[serde(rename = \"{}\")]`; the pact must describe the JSON serde writes: remove `rename` from `#[pact(...)]`",
                pact.value, serde.value
            ),
        );
    }
}

/// Every `#[pact(...)]` key that shapes the pattern, with its span.
fn refining_keys(field: &Field<'_>) -> Vec<(&'static str, Span)> {
    let attrs = &field.attrs;
    let mut keys = Vec::new();
    if let Some(v) = &attrs.example {
        keys.push(("example", v.key));
    }
    if let Some(v) = &attrs.regex {
        keys.push(("regex", v.key));
    }
    if let Some(v) = &attrs.min {
        keys.push(("min", v.key));
    }
    if let Some(v) = &attrs.max {
        keys.push(("max", v.key));
    }
    if let Some(v) = &attrs.format {
        keys.push(("format", v.key));
    }
    if let Some(v) = &attrs.matcher {
        keys.push(("matcher", v.key));
    }
    if let Some(span) = attrs.nullable {
        keys.push(("nullable", span));
    }
    keys
}

fn check_skipped(cx: &Ctxt, field: &Field<'_>) {
    let why = if field.attrs.skip.is_some() {
        "`#[pact(skip)]`"
    } else {
        "`#[serde(skip)]`"
    };
    for (key, span) in refining_keys(field) {
        cx.error_at(
            span,
            format!(
                "{why} leaves `{}` out of the pact, so `{key}` has no effect: remove `{key}`",
                field.name
            ),
        );
    }
}

fn check_flattened(cx: &Ctxt, field: &Field<'_>) {
    for (key, span) in refining_keys(field) {
        cx.error_at(
            span,
            format!(
                "`#[serde(flatten)]` inlines the fields of `{}`, which take their patterns from their own `#[pact(...)]` keys: move `{key}` to those fields",
                type_name(field.ty)
            ),
        );
    }
}

fn check_leaf(cx: &Ctxt, field: &Field<'_>, leaf: &Leaf) {
    let class = field.peeled.class;
    match leaf {
        Leaf::Default => {}
        Leaf::Example(example) => check_example_fits(cx, field, example, class),
        Leaf::Regex { regex, example } => {
            if let Some(kind) = &field.attrs.matcher {
                cx.error_at(
                    kind.key,
                    "`regex` and `matcher` cannot be combined: `regex` is itself the matcher; keep one",
                );
            }
            if let Some(format) = &field.attrs.format {
                cx.error_at(
                    format.key,
                    "`format` goes with dates and `matcher = \"date\" | \"time\" | \"datetime\"`, not with `regex`: keep one",
                );
            }
            if class != LeafClass::Unknown && !class.is_string_like() {
                cx.error_at(
                    regex.key,
                    format!(
                        "`regex` needs a field that serializes as a string; `{}` is `{}`: use `matcher = \"…\"` for numbers and booleans",
                        field.name,
                        type_name(field.ty)
                    ),
                );
            }
            check_regex(cx, regex, example.as_ref());
        }
        Leaf::Matcher {
            kind,
            example,
            format,
        } => {
            check_matcher(cx, field, kind, example.as_ref(), class);
            if let Some(format) = format {
                if kind.value.is_date_like() {
                    require_string_example(cx, format, example.as_ref());
                } else {
                    cx.error_at(
                        format.key,
                        format!(
                            "`format` goes with `matcher = \"date\" | \"time\" | \"datetime\"`, not `matcher = \"{}\"`",
                            kind.value.name()
                        ),
                    );
                }
            }
        }
        Leaf::Format { format, example } => {
            if class != LeafClass::Unknown && class != LeafClass::Date {
                cx.error_at(
                    format.key,
                    format!(
                        "`format` needs a date or time field (chrono's `NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime`) or `matcher = \"date\" | \"time\" | \"datetime\"`; `{}` is `{}`",
                        field.name,
                        type_name(field.ty)
                    ),
                );
            }
            require_string_example(cx, format, example.as_ref());
        }
    }
}

/// `format` needs an example written in that format: the mock server sends it.
fn require_string_example(cx: &Ctxt, format: &Spanned<String>, example: Option<&Spanned<Example>>) {
    match example {
        None => cx.error_at(
            format.key,
            format!(
                "`format = \"{}\"` needs `example = \"…\"` written in that format: the mock server sends the example",
                format.value
            ),
        ),
        Some(example) if example.value.kind != LitKind::Str => cx.error_at(
            example.span,
            format!(
                "a date or time `example` is a string written in `format = \"{}\"`, not {}",
                format.value,
                example.value.kind.described()
            ),
        ),
        Some(_) => {}
    }
}

fn check_example_fits(cx: &Ctxt, field: &Field<'_>, example: &Spanned<Example>, class: LeafClass) {
    let kind = example.value.kind;
    let fits = match class {
        LeafClass::Unknown => true,
        LeafClass::Str | LeafClass::Date | LeafClass::Uuid | LeafClass::Ip => kind == LitKind::Str,
        LeafClass::Int => kind == LitKind::Int,
        // An integer literal is a fine example for a float field (codegen writes it `1.0`).
        LeafClass::Float => matches!(kind, LitKind::Int | LitKind::Float),
        LeafClass::Bool => kind == LitKind::Bool,
    };
    if !fits {
        let hint = match class {
            LeafClass::Str | LeafClass::Date | LeafClass::Uuid | LeafClass::Ip => {
                format!(
                    "write `example = \"{}\"`",
                    example.value.text.replace('"', "\\\"")
                )
            }
            LeafClass::Int => "write a whole number, e.g. `example = 42`".to_owned(),
            LeafClass::Float => "write a number, e.g. `example = 1.5`".to_owned(),
            _ => "write `example = true` or `example = false`".to_owned(),
        };
        cx.error_at(
            example.span,
            format!(
                "`example = {}` is {}, but `{}` is `{}`: {hint}",
                example.value.tokens,
                kind.described(),
                field.name,
                type_name(&field.peeled.leaf)
            ),
        );
    }
}

fn check_matcher(
    cx: &Ctxt,
    field: &Field<'_>,
    kind: &Spanned<MatcherKind>,
    example: Option<&Spanned<Example>>,
    class: LeafClass,
) {
    let name = kind.value.name();
    // Which literal kinds the matcher can carry as its example.
    let accepted: &[LitKind] = match kind.value {
        MatcherKind::Integer => &[LitKind::Int],
        MatcherKind::Decimal => &[LitKind::Float],
        MatcherKind::Number => &[LitKind::Int, LitKind::Float],
        MatcherKind::Boolean => &[LitKind::Bool],
        MatcherKind::Date | MatcherKind::Time | MatcherKind::Datetime | MatcherKind::Semver => {
            &[LitKind::Str]
        }
        MatcherKind::Equality | MatcherKind::Type | MatcherKind::NotEmpty => {
            &[LitKind::Str, LitKind::Int, LitKind::Float, LitKind::Bool]
        }
    };
    if let Some(example) = example
        && !accepted.contains(&example.value.kind)
    {
        let wanted: Vec<&str> = accepted.iter().map(|k| k.described()).collect();
        cx.error_at(
            example.span,
            format!(
                "`matcher = \"{name}\"` needs {} as its example, not {}",
                wanted.join(" or "),
                example.value.kind.described()
            ),
        );
    }
    // The field type must serialize to something the matcher can accept.
    let fits = match (kind.value, class) {
        (_, LeafClass::Unknown) => true,
        (MatcherKind::Integer, c) => c == LeafClass::Int,
        (MatcherKind::Decimal | MatcherKind::Number, c) => {
            matches!(c, LeafClass::Int | LeafClass::Float)
        }
        (MatcherKind::Boolean, c) => c == LeafClass::Bool,
        (MatcherKind::Date | MatcherKind::Time | MatcherKind::Datetime, c) => {
            matches!(c, LeafClass::Str | LeafClass::Date)
        }
        (MatcherKind::Semver, c) => c == LeafClass::Str,
        (MatcherKind::Equality | MatcherKind::Type | MatcherKind::NotEmpty, _) => true,
    };
    if !fits {
        cx.error_at(
            kind.span,
            format!(
                "`matcher = \"{name}\"` cannot match `{}`, which is `{}`: pick a matcher for that type or leave `matcher` out for the type's default",
                field.name,
                type_name(&field.peeled.leaf)
            ),
        );
    }
    if example.is_none() && kind.value.is_date_like() && field.attrs.format.is_none() {
        cx.error_at(
            kind.key,
            format!(
                "`matcher = \"{name}\"` needs `format = \"…\"` and `example = \"…\"` in that format, e.g. `format = \"yyyy-MM-dd\", example = \"2000-01-01\"`"
            ),
        );
    }
}

fn check_size(
    cx: &Ctxt,
    field: &Field<'_>,
    min: Option<&Spanned<usize>>,
    max: Option<&Spanned<usize>>,
) {
    let first = match (min, max) {
        (Some(min), _) => min,
        (None, Some(max)) => max,
        (None, None) => return,
    };
    let key = if min.is_some() { "min" } else { "max" };
    // Only a type known by name is judged here; anything else gets a trait bound at the key.
    let known_non_sequence = !field.peeled.has_sequence()
        && (field.peeled.class != LeafClass::Unknown || field.peeled.is_map());
    if known_non_sequence {
        cx.error_at(
            first.key,
            format!(
                "`{key}` needs a sequence field (Vec, VecDeque, array, slice or set); `{}` is `{}`",
                field.name,
                type_name(field.ty)
            ),
        );
        return;
    }
    if let (Some(min), Some(max)) = (min, max)
        && min.value > max.value
    {
        cx.error_at(
            min.span,
            format!(
                "`min = {}` is greater than `max = {}`: no array could match; lower `min` or raise `max`",
                min.value, max.value
            ),
        );
    }
    if let Some(max) = max
        && max.value == 0
    {
        cx.error_at(
            max.span,
            "`max = 0` allows only empty arrays, but the example needs one element to show its shape: use `max = 1` or more",
        );
    }
}

/// Checks `regex` the way the engine will use it: the whole value must match.
fn check_regex(cx: &Ctxt, regex: &Spanned<String>, example: Option<&Spanned<Example>>) {
    let compiled = match compile(&regex.value) {
        Ok(compiled) => compiled,
        Err(reason) => {
            cx.error_at(regex.span, format!("`regex` does not compile: {reason}"));
            return;
        }
    };
    let Some(example) = example else {
        cx.error_at(
            regex.key,
            "`regex` needs `example = \"…\"` too: the mock server sends the example, so it must match the regex",
        );
        return;
    };
    if example.value.kind != LitKind::Str {
        cx.error_at(
            example.span,
            format!(
                "a regex matches strings: write the example as one, `example = \"{}\"`",
                example.value.text
            ),
        );
        return;
    }
    if !compiled.full_match(&example.value.text) {
        cx.error_at(
            example.span,
            format!(
                "the example {:?} does not match `regex = {:?}` (the whole value must match): change the example or the regex",
                example.value.text, regex.value
            ),
        );
    }
}

/// A regex compiled as the engine compiles it, anchored at both ends.
enum Compiled {
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
}

impl Compiled {
    fn full_match(&self, text: &str) -> bool {
        match self {
            Compiled::Linear(regex) => regex.is_match(text),
            // Running out of backtracking steps on a literal example means the example is
            // pathological; treating it as a mismatch points the user at it.
            Compiled::Backtracking(regex) => regex.is_match(text).unwrap_or(false),
        }
    }
}

fn compile(pattern: &str) -> Result<Compiled, String> {
    use regex_syntax::ast::ErrorKind;
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(_) => {}
        Err(regex_syntax::Error::Parse(error))
            if matches!(
                error.kind(),
                ErrorKind::UnsupportedLookAround | ErrorKind::UnsupportedBackreference
            ) =>
        {
            // The engine falls back to fancy-regex for these; so does the check.
            return fancy_regex::Regex::new(&format!("^(?:{pattern})$"))
                .map(Compiled::Backtracking)
                .map_err(|error| error.to_string());
        }
        Err(regex_syntax::Error::Parse(error)) => {
            return Err(format!(
                "{} at character {} of {pattern:?}",
                error.kind(),
                error.span().start.column
            ));
        }
        Err(regex_syntax::Error::Translate(error)) => {
            return Err(format!(
                "{} at character {} of {pattern:?}",
                error.kind(),
                error.span().start.column
            ));
        }
        Err(other) => return Err(other.to_string()),
    }
    regex::Regex::new(&format!("^(?:{pattern})$"))
        .map(Compiled::Linear)
        .map_err(|error| error.to_string())
}

/// A type as written, without the token spacing of `to_string()` (`HashMap<String, Role>`).
pub(crate) fn type_name(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            ' ' => {
                let previous = out.chars().last();
                let next = chars.peek().copied();
                let tight_before = matches!(next, Some('<' | '>' | ',' | ':' | ']' | ';' | ')'));
                let tight_after = matches!(previous, Some('<' | ':' | '&' | '[' | '(' | '\''));
                if !tight_before && !tight_after {
                    out.push(' ');
                }
            }
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests;
