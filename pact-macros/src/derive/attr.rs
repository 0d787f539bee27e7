//! `#[pact(...)]` and `#[serde(...)]` attributes → [`ContainerAttrs`], [`FieldAttrs`] and
//! [`VariantAttrs`].
//!
//! Parsing only: every value is stored with its span so later stages can point at the
//! exact token, and every problem is recorded in the [`Ctxt`] while parsing carries on (an
//! unknown key does not hide the bad regex next to it). `#[serde(...)]` is read leniently:
//! the keys that change the JSON are kept, every other key is skipped, and serde's own
//! derive reports serde's errors.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{Attribute, Expr, ExprLit, ExprUnary, Lit, LitStr, Token, UnOp};

use super::case::RenameRule;
use super::suggest::did_you_mean;
use crate::ctxt::Ctxt;
use crate::symbol::*;

/// A value with the span of its key (`min`) and of its value tokens (`2`).
#[derive(Debug, Clone)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) key: Span,
    pub(crate) span: Span,
}

/// The kind of literal given to `example = …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LitKind {
    Str,
    Int,
    Float,
    Bool,
}

impl LitKind {
    /// "a string", "an integer", … for messages.
    pub(crate) fn described(self) -> &'static str {
        match self {
            LitKind::Str => "a string",
            LitKind::Int => "an integer",
            LitKind::Float => "a decimal number",
            LitKind::Bool => "a boolean",
        }
    }
}

/// `example = <literal>`: the literal's kind, its text (for messages and regex checks) and
/// its tokens (emitted as written, so rustc checks its type at its own span).
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub(crate) kind: LitKind,
    /// The string's value for a string literal; the source text otherwise.
    pub(crate) text: String,
    pub(crate) tokens: TokenStream,
}

/// `matcher = "…"`: the rule that replaces the type's default one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MatcherKind {
    Equality,
    Type,
    Integer,
    Decimal,
    Number,
    Boolean,
    Date,
    Time,
    Datetime,
    NotEmpty,
    Semver,
}

impl MatcherKind {
    /// Every accepted name, in the order the error message lists them.
    pub(crate) const NAMES: &'static [(&'static str, MatcherKind)] = &[
        ("equality", MatcherKind::Equality),
        ("type", MatcherKind::Type),
        ("integer", MatcherKind::Integer),
        ("decimal", MatcherKind::Decimal),
        ("number", MatcherKind::Number),
        ("boolean", MatcherKind::Boolean),
        ("date", MatcherKind::Date),
        ("time", MatcherKind::Time),
        ("datetime", MatcherKind::Datetime),
        ("not_empty", MatcherKind::NotEmpty),
        ("semver", MatcherKind::Semver),
    ];

    /// The name as written in the attribute.
    pub(crate) fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, kind)| *kind == self)
            .map_or("?", |(name, _)| name)
    }

    /// True for the matchers that take a `format`.
    pub(crate) fn is_date_like(self) -> bool {
        matches!(
            self,
            MatcherKind::Date | MatcherKind::Time | MatcherKind::Datetime
        )
    }
}

/// `#[pact(...)]` and `#[serde(...)]` on a struct or enum.
#[derive(Default)]
pub(crate) struct ContainerAttrs {
    /// `#[pact(crate = "…")]`: the path of `pact_runtime` for re-exporting crates.
    pub(crate) krate: Option<Spanned<syn::Path>>,
    /// `#[pact(rename_all = "…")]`: wins over serde's.
    pub(crate) rename_all: Option<Spanned<RenameRule>>,
    /// `#[serde(rename_all = "…")]` (its `serialize` half).
    pub(crate) serde_rename_all: Option<RenameRule>,
    /// `#[serde(transparent)]`.
    pub(crate) transparent: bool,
    /// `#[serde(tag = "…")]`.
    pub(crate) tag: Option<String>,
    /// `#[serde(content = "…")]`.
    pub(crate) content: Option<String>,
    /// `#[serde(untagged)]`, with its span for the error on enums.
    pub(crate) untagged: Option<Span>,
}

/// `#[pact(...)]` and `#[serde(...)]` on a field.
#[derive(Default)]
pub(crate) struct FieldAttrs {
    pub(crate) example: Option<Spanned<Example>>,
    pub(crate) regex: Option<Spanned<String>>,
    pub(crate) min: Option<Spanned<usize>>,
    pub(crate) max: Option<Spanned<usize>>,
    pub(crate) format: Option<Spanned<String>>,
    pub(crate) matcher: Option<Spanned<MatcherKind>>,
    pub(crate) nullable: Option<Span>,
    pub(crate) skip: Option<Span>,
    pub(crate) rename: Option<Spanned<String>>,
    /// `#[serde(rename = "…")]` (its `serialize` half).
    pub(crate) serde_rename: Option<Spanned<String>>,
    /// `#[serde(skip)]` or `#[serde(skip_serializing)]`: the key never appears.
    pub(crate) serde_skip: bool,
    /// `#[serde(flatten)]`.
    pub(crate) flatten: Option<Span>,
    /// `#[serde(default)]` or `#[serde(skip_serializing_if = "…")]`: serde may leave the key
    /// out (see `model::Field::optional`).
    pub(crate) optional: bool,
}

/// `#[pact(...)]` and `#[serde(...)]` on an enum variant.
#[derive(Default)]
pub(crate) struct VariantAttrs {
    pub(crate) rename: Option<Spanned<String>>,
    pub(crate) skip: Option<Span>,
    pub(crate) serde_rename: Option<Spanned<String>>,
    pub(crate) serde_skip: bool,
}

impl ContainerAttrs {
    /// Reads the container's attributes.
    pub(crate) fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = ContainerAttrs::default();
        for attr in attrs {
            if attr.path() == PACT {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path == CRATE {
                        if let Some(lit) = string_value(cx, &meta, CRATE)? {
                            match lit.parse::<syn::Path>() {
                                Ok(path) => set(cx, &mut out.krate, &meta, spanned(&meta, &lit, path)),
                                Err(_) => cx.error_spanned_by(
                                    &lit,
                                    format!("`crate = {:?}` is not a path; write the path of pact_runtime as re-exported, e.g. `crate = \"my_crate::pact_runtime\"`", lit.value()),
                                ),
                            }
                        }
                    } else if meta.path == RENAME_ALL {
                        if let Some(lit) = string_value(cx, &meta, RENAME_ALL)?
                            && let Some(rule) = rename_rule(cx, &lit)
                        {
                            set(cx, &mut out.rename_all, &meta, spanned(&meta, &lit, rule));
                        }
                    } else {
                        unknown_key(cx, &meta, CONTAINER_KEYS, "a struct or enum")?;
                    }
                    Ok(())
                });
                if let Err(error) = result {
                    cx.syn_error(error);
                }
            } else if attr.path() == SERDE {
                // serde reports its own syntax errors; a malformed serde attribute is ignored here.
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path == RENAME_ALL {
                        if let Some(name) = serde_serialize_name(&meta)?
                            && let Ok(rule) = RenameRule::from_name(&name)
                        {
                            out.serde_rename_all = Some(rule);
                        }
                    } else if meta.path == TRANSPARENT {
                        out.transparent = true;
                    } else if meta.path == TAG {
                        out.tag = serde_serialize_name(&meta)?;
                    } else if meta.path == CONTENT {
                        out.content = serde_serialize_name(&meta)?;
                    } else if meta.path == UNTAGGED {
                        out.untagged = Some(meta.path.span());
                    } else {
                        skip_value(&meta)?;
                    }
                    Ok(())
                });
            }
        }
        out
    }

    /// The rename rule in force: pact's when given, else serde's.
    pub(crate) fn effective_rename_all(&self) -> Option<RenameRule> {
        self.rename_all
            .as_ref()
            .map(|rule| rule.value)
            .or(self.serde_rename_all)
    }
}

impl FieldAttrs {
    /// Reads a field's attributes.
    pub(crate) fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = FieldAttrs::default();
        for attr in attrs {
            if attr.path() == PACT {
                let result = attr.parse_nested_meta(|meta| out.parse_pact_key(cx, &meta));
                if let Err(error) = result {
                    cx.syn_error(error);
                }
            } else if attr.path() == SERDE {
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path == RENAME {
                        let span = meta.path.span();
                        if let Some(name) = serde_serialize_name(&meta)? {
                            out.serde_rename = Some(Spanned {
                                value: name,
                                key: span,
                                span,
                            });
                        }
                    } else if meta.path == SKIP || meta.path == SKIP_SERIALIZING {
                        out.serde_skip = true;
                    } else if meta.path == FLATTEN {
                        out.flatten = Some(meta.path.span());
                    } else if meta.path == DEFAULT || meta.path == SKIP_SERIALIZING_IF {
                        out.optional = true;
                        skip_value(&meta)?;
                    } else {
                        skip_value(&meta)?;
                    }
                    Ok(())
                });
            }
        }
        out
    }

    fn parse_pact_key(&mut self, cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        if meta.path == EXAMPLE {
            let expr: Expr = meta.value()?.parse()?;
            if let Some(example) = example_literal(cx, &expr) {
                let span = expr.span();
                set(
                    cx,
                    &mut self.example,
                    meta,
                    Spanned {
                        value: example,
                        key: meta.path.span(),
                        span,
                    },
                );
            }
        } else if meta.path == REGEX {
            if let Some(lit) = string_value(cx, meta, REGEX)? {
                set(cx, &mut self.regex, meta, spanned(meta, &lit, lit.value()));
            }
        } else if meta.path == MIN || meta.path == MAX {
            let key = if meta.path == MIN { MIN } else { MAX };
            let expr: Expr = meta.value()?.parse()?;
            let parsed = match &expr {
                Expr::Lit(ExprLit {
                    lit: Lit::Int(int), ..
                }) => int.base10_parse::<usize>().ok(),
                _ => None,
            };
            match parsed {
                Some(value) => {
                    let slot = if key == MIN {
                        &mut self.min
                    } else {
                        &mut self.max
                    };
                    let value = Spanned {
                        value,
                        key: meta.path.span(),
                        span: expr.span(),
                    };
                    set(cx, slot, meta, value);
                }
                None => cx.error_spanned_by(
                    &expr,
                    format!("`{key}` takes a whole number of array elements, e.g. `{key} = 2`"),
                ),
            }
        } else if meta.path == FORMAT {
            if let Some(lit) = string_value(cx, meta, FORMAT)? {
                set(cx, &mut self.format, meta, spanned(meta, &lit, lit.value()));
            }
        } else if meta.path == MATCHER {
            if let Some(lit) = string_value(cx, meta, MATCHER)?
                && let Some(kind) = matcher_kind(cx, &lit)
            {
                set(cx, &mut self.matcher, meta, spanned(meta, &lit, kind));
            }
        } else if meta.path == NULLABLE {
            flag(cx, meta, NULLABLE, &mut self.nullable)?;
        } else if meta.path == SKIP {
            flag(cx, meta, SKIP, &mut self.skip)?;
        } else if meta.path == RENAME {
            if let Some(lit) = string_value(cx, meta, RENAME)? {
                set(cx, &mut self.rename, meta, spanned(meta, &lit, lit.value()));
            }
        } else {
            unknown_key(cx, meta, FIELD_KEYS, "a field")?;
        }
        Ok(())
    }

    /// True when any `#[pact(...)]` key refines the field's pattern.
    pub(crate) fn refines(&self) -> bool {
        self.example.is_some()
            || self.regex.is_some()
            || self.min.is_some()
            || self.max.is_some()
            || self.format.is_some()
            || self.matcher.is_some()
            || self.nullable.is_some()
    }
}

impl VariantAttrs {
    /// Reads an enum variant's attributes.
    pub(crate) fn parse(cx: &Ctxt, attrs: &[Attribute]) -> Self {
        let mut out = VariantAttrs::default();
        for attr in attrs {
            if attr.path() == PACT {
                let result = attr.parse_nested_meta(|meta| {
                    if meta.path == RENAME {
                        if let Some(lit) = string_value(cx, &meta, RENAME)? {
                            set(
                                cx,
                                &mut out.rename,
                                &meta,
                                spanned(&meta, &lit, lit.value()),
                            );
                        }
                    } else if meta.path == SKIP {
                        flag(cx, &meta, SKIP, &mut out.skip)?;
                    } else {
                        unknown_key(cx, &meta, VARIANT_KEYS, "an enum variant")?;
                    }
                    Ok(())
                });
                if let Err(error) = result {
                    cx.syn_error(error);
                }
            } else if attr.path() == SERDE {
                let _ = attr.parse_nested_meta(|meta| {
                    if meta.path == RENAME {
                        let span = meta.path.span();
                        if let Some(name) = serde_serialize_name(&meta)? {
                            out.serde_rename = Some(Spanned {
                                value: name,
                                key: span,
                                span,
                            });
                        }
                    } else if meta.path == SKIP || meta.path == SKIP_SERIALIZING {
                        out.serde_skip = true;
                    } else {
                        skip_value(&meta)?;
                    }
                    Ok(())
                });
            }
        }
        out
    }
}

fn spanned<T>(meta: &ParseNestedMeta<'_>, lit: &LitStr, value: T) -> Spanned<T> {
    Spanned {
        value,
        key: meta.path.span(),
        span: lit.span(),
    }
}

/// Stores `value`, or reports a duplicate at the second key.
fn set<T>(cx: &Ctxt, slot: &mut Option<T>, meta: &ParseNestedMeta<'_>, value: T) {
    if slot.is_some() {
        let key = meta
            .path
            .get_ident()
            .map_or_else(String::new, ToString::to_string);
        cx.error_spanned_by(
            &meta.path,
            format!("duplicate `{key}`: it is already given above; keep one"),
        );
    } else {
        *slot = Some(value);
    }
}

/// A flag key (`skip`, `nullable`): no value allowed.
fn flag(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: crate::symbol::Symbol,
    slot: &mut Option<Span>,
) -> syn::Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        let span = meta.path.span();
        skip_value(meta)?;
        cx.error_at(
            span,
            format!("`{key}` takes no value: write `#[pact({key})]`"),
        );
        return Ok(());
    }
    if slot.is_some() {
        cx.error_spanned_by(
            &meta.path,
            format!("duplicate `{key}`: it is already given above; keep one"),
        );
    } else {
        *slot = Some(meta.path.span());
    }
    Ok(())
}

/// `key = "string"`; anything else is reported (and skipped) and gives `None`.
fn string_value(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    key: crate::symbol::Symbol,
) -> syn::Result<Option<LitStr>> {
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(
            &meta.path,
            format!("`{key}` needs a value: write `{key} = \"…\"`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let expr: Expr = meta.value()?.parse()?;
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(Some(lit)),
        other => {
            cx.error_spanned_by(
                &other,
                format!("`{key}` takes a string literal: write `{key} = \"…\"`"),
            );
            Ok(None)
        }
    }
}

/// Classifies `example = …`: a string, integer, decimal or boolean literal, optionally
/// negated. Anything else is reported.
fn example_literal(cx: &Ctxt, expr: &Expr) -> Option<Example> {
    let (negative, lit) = match expr {
        Expr::Lit(ExprLit { lit, .. }) => (false, lit),
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr: inner,
            ..
        }) => match &**inner {
            Expr::Lit(ExprLit {
                lit: lit @ (Lit::Int(_) | Lit::Float(_)),
                ..
            }) => (true, lit),
            _ => (false, &Lit::Verbatim(proc_macro2::Literal::u8_suffixed(0))),
        },
        _ => (false, &Lit::Verbatim(proc_macro2::Literal::u8_suffixed(0))),
    };
    let sign = if negative { "-" } else { "" };
    let (kind, text) = match lit {
        Lit::Str(s) => (LitKind::Str, s.value()),
        Lit::Int(i) => (LitKind::Int, format!("{sign}{}", i.base10_digits())),
        Lit::Float(f) => (LitKind::Float, format!("{sign}{}", f.base10_digits())),
        Lit::Bool(b) => (LitKind::Bool, b.value.to_string()),
        _ => {
            cx.error_spanned_by(
                expr,
                "`example` takes a literal: a string, a number or `true`/`false`, e.g. `example = \"Alice\"` or `example = 42`",
            );
            return None;
        }
    };
    Some(Example {
        kind,
        text,
        tokens: quote::quote!(#expr),
    })
}

fn matcher_kind(cx: &Ctxt, lit: &LitStr) -> Option<MatcherKind> {
    let name = lit.value();
    if let Some((_, kind)) = MatcherKind::NAMES.iter().find(|(n, _)| *n == name) {
        return Some(*kind);
    }
    let names: Vec<&str> = MatcherKind::NAMES.iter().map(|(n, _)| *n).collect();
    let message = if name == "regex" {
        "`matcher = \"regex\"` is written `regex = \"…\"` together with `example = \"…\"`"
            .to_owned()
    } else {
        format!(
            "unknown matcher `{name}`{}; expected one of: {}",
            did_you_mean(&name, names.iter().copied()),
            names.join(", ")
        )
    };
    cx.error_spanned_by(lit, message);
    None
}

fn rename_rule(cx: &Ctxt, lit: &LitStr) -> Option<RenameRule> {
    match RenameRule::from_name(&lit.value()) {
        Ok(rule) => Some(rule),
        Err(names) => {
            let name = lit.value();
            cx.error_spanned_by(
                lit,
                format!(
                    "unknown `rename_all` rule `{name}`{}; expected one of: {}",
                    did_you_mean(&name, names.iter().copied()),
                    names.join(", ")
                ),
            );
            None
        }
    }
}

/// Reports an unknown key with the valid ones and the nearest, then skips its value so the
/// following keys are still read.
fn unknown_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    keys: &[crate::symbol::Symbol],
    place: &str,
) -> syn::Result<()> {
    let name = meta.path.get_ident().map_or_else(
        || quote::ToTokens::to_token_stream(&meta.path).to_string(),
        ToString::to_string,
    );
    let names: Vec<&str> = keys.iter().map(|k| k.0).collect();
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown key `{name}` in `#[pact(...)]` on {place}{}; expected one of: {}",
            did_you_mean(&name, names.iter().copied()),
            names.join(", ")
        ),
    );
    skip_value(meta)
}

/// Consumes `= expr` or `(…)` after a key, whatever it holds.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<TokenStream>()?;
    }
    Ok(())
}

/// serde's `key = "name"` or `key(serialize = "name", deserialize = "…")`: the name used
/// when serializing, which is what the pact describes.
fn serde_serialize_name(meta: &ParseNestedMeta<'_>) -> syn::Result<Option<String>> {
    if meta.input.peek(Token![=]) {
        let expr: Expr = meta.value()?.parse()?;
        if let Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) = expr
        {
            return Ok(Some(lit.value()));
        }
        return Ok(None);
    }
    let mut name = None;
    if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| {
            if inner.path == SERIALIZE {
                let lit: LitStr = inner.value()?.parse()?;
                name = Some(lit.value());
            } else {
                skip_value(&inner)?;
            }
            Ok(())
        })?;
    }
    Ok(name)
}

#[cfg(test)]
mod tests;
