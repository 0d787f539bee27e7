//! The derive's intermediate representation: what the pattern of each field is made of,
//! with the JSON key serde writes for it.
//!
//! Built from the syntax tree and the parsed attributes without judging them: conflicting
//! or misplaced keys are kept as they are for `check` to report, so building the model never
//! fails and codegen only runs on a model that passed `check`.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::spanned::Spanned as _;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use super::attr::{ContainerAttrs, Example, FieldAttrs, MatcherKind, Spanned, VariantAttrs};
use super::ty::{self, Peeled};
use crate::ctxt::Ctxt;

/// The type the derive is applied to.
pub(crate) struct Container<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) input: &'a DeriveInput,
    pub(crate) attrs: ContainerAttrs,
    /// The name serde gives the type (for `#[serde(tag = "…")]` on a struct).
    pub(crate) serialized_name: String,
    pub(crate) shape: Shape<'a>,
}

/// How the type serializes.
pub(crate) enum Shape<'a> {
    /// Named fields: a JSON object.
    Struct(Vec<Field<'a>>),
    /// Positional fields: a newtype is its field, more fields are a JSON array.
    Tuple(Vec<Field<'a>>),
    /// `struct Unit;`: JSON null.
    Unit,
    /// An enum; `check` accepts unit variants only.
    Enum(Vec<Variant<'a>>),
    /// A union: always an error, kept for the span.
    Union(Span),
}

/// One field.
pub(crate) struct Field<'a> {
    /// The JSON key (named fields) after `rename`/`rename_all`.
    pub(crate) key: String,
    /// The field's name for messages (`id`, or `0` for a tuple field).
    pub(crate) name: String,
    pub(crate) ty: &'a Type,
    pub(crate) attrs: FieldAttrs,
    pub(crate) peeled: Peeled,
    pub(crate) spec: Spec,
    pub(crate) original: &'a syn::Field,
}

/// What a field contributes.
pub(crate) enum Spec {
    /// Not serialized (`#[pact(skip)]`, `#[serde(skip)]`, `#[serde(skip_serializing)]`).
    Skip,
    /// `#[serde(flatten)]`: the fields of the field's type, inlined.
    Flatten,
    /// The type's own pattern (`<T as PactMatch>::matcher()`).
    Default,
    /// The type's pattern refined by `#[pact(...)]` keys.
    Refined(Refined),
}

/// A refined field: the leaf pattern, wrapped by the field's containers.
pub(crate) struct Refined {
    /// Where the leaf comes from.
    pub(crate) leaf: Leaf,
    /// `min`/`max` go to the outermost array; without a recognizable array in the type,
    /// the field type itself must be a sequence (`SequenceOf`).
    pub(crate) sized_via_trait: bool,
    pub(crate) min: Option<Spanned<usize>>,
    pub(crate) max: Option<Spanned<usize>>,
    pub(crate) nullable: Option<Span>,
}

/// The innermost value's pattern.
pub(crate) enum Leaf {
    /// The leaf type's own pattern.
    Default,
    /// `example = …`: the leaf type's default matcher with this example.
    Example(Spanned<Example>),
    /// `regex = "…"` with its example.
    Regex {
        regex: Spanned<String>,
        example: Option<Spanned<Example>>,
    },
    /// `matcher = "…"`, with the example and format when given.
    Matcher {
        kind: Spanned<MatcherKind>,
        example: Option<Spanned<Example>>,
        format: Option<Spanned<String>>,
    },
    /// `format = "…"` on a date or time type.
    Format {
        format: Spanned<String>,
        example: Option<Spanned<Example>>,
    },
}

/// One enum variant.
pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    /// The serialized name after `rename`/`rename_all`.
    pub(crate) name: String,
    pub(crate) skipped: bool,
    pub(crate) fields: &'a Fields,
}

impl<'a> Container<'a> {
    /// Builds the model of `input`, recording attribute syntax errors in `cx`.
    pub(crate) fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Self {
        let attrs = ContainerAttrs::parse(cx, &input.attrs);
        let rename_all = attrs.effective_rename_all();
        let shape = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Shape::Struct(
                    named
                        .named
                        .iter()
                        .enumerate()
                        .map(|(i, field)| Field::from_ast(cx, i, field, rename_all))
                        .collect(),
                ),
                Fields::Unnamed(unnamed) => Shape::Tuple(
                    unnamed
                        .unnamed
                        .iter()
                        .enumerate()
                        .map(|(i, field)| Field::from_ast(cx, i, field, None))
                        .collect(),
                ),
                Fields::Unit => Shape::Unit,
            },
            Data::Enum(data) => Shape::Enum(
                data.variants
                    .iter()
                    .map(|variant| {
                        let attrs = VariantAttrs::parse(cx, &variant.attrs);
                        let written = variant.ident.unraw().to_string();
                        let name = attrs
                            .rename
                            .as_ref()
                            .or(attrs.serde_rename.as_ref())
                            .map(|r| r.value.clone())
                            .or_else(|| rename_all.map(|rule| rule.apply_to_variant(&written)))
                            .unwrap_or(written);
                        Variant {
                            ident: &variant.ident,
                            name,
                            skipped: attrs.skip.is_some() || attrs.serde_skip,
                            fields: &variant.fields,
                        }
                    })
                    .collect(),
            ),
            Data::Union(data) => Shape::Union(data.union_token.span()),
        };
        let serialized_name =
            serde_container_rename(&input.attrs).unwrap_or_else(|| input.ident.unraw().to_string());
        Container {
            ident: &input.ident,
            input,
            attrs,
            serialized_name,
            shape,
        }
    }

    /// The fields of a struct or tuple struct (none for enums and unions).
    pub(crate) fn fields(&self) -> &[Field<'a>] {
        match &self.shape {
            Shape::Struct(fields) | Shape::Tuple(fields) => fields,
            _ => &[],
        }
    }
}

impl<'a> Field<'a> {
    fn from_ast(
        cx: &Ctxt,
        index: usize,
        field: &'a syn::Field,
        rename_all: Option<super::case::RenameRule>,
    ) -> Self {
        let attrs = FieldAttrs::parse(cx, &field.attrs);
        let name = field
            .ident
            .as_ref()
            .map_or_else(|| index.to_string(), |ident| ident.unraw().to_string());
        let key = attrs
            .rename
            .as_ref()
            .or(attrs.serde_rename.as_ref())
            .map(|r| r.value.clone())
            .or_else(|| rename_all.map(|rule| rule.apply_to_field(&name)))
            .unwrap_or_else(|| name.clone());
        let peeled = ty::peel(&field.ty);
        let spec = spec_of(&attrs, &peeled);
        Field {
            key,
            name,
            ty: &field.ty,
            attrs,
            peeled,
            spec,
            original: field,
        }
    }

    /// The span of the field's type, for the default pattern's trait-bound errors.
    pub(crate) fn ty_span(&self) -> Span {
        self.ty.span()
    }
}

fn spec_of(attrs: &FieldAttrs, peeled: &Peeled) -> Spec {
    if attrs.skip.is_some() || attrs.serde_skip {
        return Spec::Skip;
    }
    if attrs.flatten.is_some() {
        return Spec::Flatten;
    }
    if !attrs.refines() {
        return Spec::Default;
    }
    let leaf = if let Some(regex) = &attrs.regex {
        Leaf::Regex {
            regex: regex.clone(),
            example: attrs.example.clone(),
        }
    } else if let Some(kind) = &attrs.matcher {
        Leaf::Matcher {
            kind: kind.clone(),
            example: attrs.example.clone(),
            format: attrs.format.clone(),
        }
    } else if let Some(format) = &attrs.format {
        Leaf::Format {
            format: format.clone(),
            example: attrs.example.clone(),
        }
    } else if let Some(example) = &attrs.example {
        Leaf::Example(example.clone())
    } else {
        Leaf::Default
    };
    let sized = attrs.min.is_some() || attrs.max.is_some();
    Spec::Refined(Refined {
        leaf,
        sized_via_trait: sized && !peeled.has_sequence(),
        min: attrs.min.clone(),
        max: attrs.max.clone(),
        nullable: attrs.nullable,
    })
}

/// `#[serde(rename = "…")]` on the container (its `serialize` half).
fn serde_container_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut name = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                if meta.input.peek(syn::Token![=]) {
                    let lit: syn::LitStr = meta.value()?.parse()?;
                    name = Some(lit.value());
                } else {
                    meta.parse_nested_meta(|inner| {
                        if inner.path.is_ident("serialize") {
                            let lit: syn::LitStr = inner.value()?.parse()?;
                            name = Some(lit.value());
                        } else {
                            let _: syn::LitStr = inner.value()?.parse()?;
                        }
                        Ok(())
                    })?;
                }
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            } else if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                content.parse::<proc_macro2::TokenStream>()?;
            }
            Ok(())
        });
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(input: &DeriveInput) -> Vec<(String, &'static str)> {
        let cx = Ctxt::new();
        let container = Container::from_ast(&cx, input);
        let keys = container
            .fields()
            .iter()
            .map(|f| {
                let spec = match f.spec {
                    Spec::Skip => "skip",
                    Spec::Flatten => "flatten",
                    Spec::Default => "default",
                    Spec::Refined(_) => "refined",
                };
                (f.key.clone(), spec)
            })
            .collect();
        cx.check().expect("no error");
        keys
    }

    #[test]
    fn keys_follow_serde_renames_and_pact_rename_all_wins() {
        let input: DeriveInput = syn::parse_quote! {
            #[serde(rename_all = "camelCase")]
            struct User {
                user_name: String,
                #[serde(rename = "ID")] id: u64,
                #[pact(rename = "when")] r#type: String,
            }
        };
        assert_eq!(
            keys(&input),
            [
                ("userName".to_owned(), "default"),
                ("ID".to_owned(), "default"),
                ("when".to_owned(), "default"),
            ]
        );
        let input: DeriveInput = syn::parse_quote! {
            #[serde(rename_all = "camelCase")]
            #[pact(rename_all = "SCREAMING_SNAKE_CASE")]
            struct User { user_name: String }
        };
        assert_eq!(keys(&input), [("USER_NAME".to_owned(), "default")]);
    }

    #[test]
    fn skipped_flattened_and_refined_fields_are_told_apart() {
        let input: DeriveInput = syn::parse_quote! {
            struct Dto {
                #[serde(skip)] cache: u8,
                #[serde(skip_serializing)] secret: String,
                #[pact(skip)] internal: String,
                #[serde(flatten)] meta: Meta,
                #[pact(min = 2)] tags: Vec<String>,
                plain: bool,
            }
        };
        let specs: Vec<&str> = keys(&input).into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            specs,
            ["skip", "skip", "skip", "flatten", "refined", "default"]
        );
    }

    #[test]
    fn variants_take_serde_and_pact_names() {
        let input: DeriveInput = syn::parse_quote! {
            #[serde(rename_all = "snake_case")]
            enum Status { InStock, #[serde(rename = "gone")] SoldOut, #[pact(skip)] Hidden }
        };
        let cx = Ctxt::new();
        let container = Container::from_ast(&cx, &input);
        let Shape::Enum(variants) = &container.shape else {
            panic!("an enum");
        };
        let names: Vec<(&str, bool)> = variants
            .iter()
            .map(|v| (v.name.as_str(), v.skipped))
            .collect();
        assert_eq!(
            names,
            [("in_stock", false), ("gone", false), ("hidden", true)]
        );
        drop(container);
        cx.check().expect("no error");
    }
}
