//! Model → `impl PactMatch` (and the hidden companion impls), for a model that passed
//! `check`.
//!
//! Codegen reports nothing: every user error was found by `check`, and type questions are
//! left to rustc by calling trait methods at the span of the attribute that asked for them,
//! so "`example = 42` on a `String`" or "`min` on a non-sequence" point at the key.

use proc_macro2::{Literal, Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::{GenericParam, Ident, LitStr, Type};

use super::attr::{Example, LitKind, MatcherKind, Spanned};
use super::model::{Container, Field, Leaf, Refined, Shape, Spec, Variant};
use super::ty::{LeafClass, Wrapper};

/// The `impl` blocks for `container`.
pub(crate) fn expand(container: &Container<'_>) -> TokenStream {
    let private = private_path(container);
    match &container.shape {
        Shape::Struct(fields) if container.attrs.transparent => {
            let body = transparent_body(&private, fields);
            impl_pact_match(container, &private, body)
        }
        Shape::Struct(fields) => expand_struct(container, &private, fields),
        Shape::Tuple(fields) => {
            let body = tuple_body(&private, fields);
            impl_pact_match(container, &private, body)
        }
        Shape::Unit => impl_pact_match(container, &private, quote!(#private::Pattern::null())),
        Shape::Enum(variants) => expand_enum(container, &private, variants),
        // `check` rejected it; nothing to generate.
        Shape::Union(_) => TokenStream::new(),
    }
}

/// `::pact_runtime::__private`, or `<crate = "…">::__private`.
pub(crate) fn private_path(container: &Container<'_>) -> TokenStream {
    match &container.attrs.krate {
        Some(krate) => {
            let path = &krate.value;
            quote!(#path::__private)
        }
        None => quote!(::pact_runtime::__private),
    }
}

fn impl_pact_match(
    container: &Container<'_>,
    private: &TokenStream,
    body: TokenStream,
) -> TokenStream {
    let ident = container.ident;
    let generics = bounded_generics(container, private);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::PactMatch for #ident #ty_generics #where_clause {
            fn matcher() -> #private::Pattern {
                #body
            }
        }
    }
}

fn expand_struct(
    container: &Container<'_>,
    private: &TokenStream,
    fields: &[Field<'_>],
) -> TokenStream {
    let ident = container.ident;
    let generics = bounded_generics(container, private);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let tag = container.attrs.tag.as_ref().map(|tag| {
        let name = &container.serialized_name;
        quote! {
            fields.push((#private::String::from(#tag), #private::Pattern::from(#name)));
        }
    });
    let pushes = fields.iter().map(|field| match &field.spec {
        Spec::Skip => TokenStream::new(),
        Spec::Flatten => {
            let ty = field.ty;
            quote_spanned! {field.ty_span()=>
                fields.extend(<#ty as #private::PactFields>::pact_fields());
            }
        }
        Spec::Default | Spec::Refined(_) => {
            let key = &field.key;
            let pattern = field_pattern(private, field);
            quote! {
                fields.push((#private::String::from(#key), #pattern));
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::PactFields for #ident #ty_generics #where_clause {
            fn pact_fields() -> #private::Vec<(#private::String, #private::Pattern)> {
                let mut fields = #private::Vec::new();
                #tag
                #(#pushes)*
                fields
            }
        }

        #[automatically_derived]
        impl #impl_generics #private::PactMatch for #ident #ty_generics #where_clause {
            fn matcher() -> #private::Pattern {
                #private::Pattern::object(<Self as #private::PactFields>::pact_fields())
            }
        }
    }
}

/// `#[serde(transparent)]`: the one serialized field's pattern.
fn transparent_body(private: &TokenStream, fields: &[Field<'_>]) -> TokenStream {
    fields
        .iter()
        .find(|f| matches!(f.spec, Spec::Default | Spec::Refined(_)))
        .map_or_else(
            || quote!(#private::Pattern::null()),
            |field| field_pattern(private, field),
        )
}

/// A newtype is its field (as serde writes it); more fields are a positional array.
fn tuple_body(private: &TokenStream, fields: &[Field<'_>]) -> TokenStream {
    if let [field] = fields
        && matches!(field.spec, Spec::Default | Spec::Refined(_))
    {
        return field_pattern(private, field);
    }
    let elements = fields
        .iter()
        .filter(|f| matches!(f.spec, Spec::Default | Spec::Refined(_)))
        .map(|field| field_pattern(private, field));
    quote! {
        #private::Pattern::array(#private::vec![#(#elements),*])
    }
}

fn expand_enum(
    container: &Container<'_>,
    private: &TokenStream,
    variants: &[Variant<'_>],
) -> TokenStream {
    let names: Vec<&str> = variants
        .iter()
        .filter(|v| !v.skipped)
        .map(|v| v.name.as_str())
        .collect();
    let Some(first) = names.first() else {
        return TokenStream::new();
    };
    let alternatives: Vec<String> = names.iter().map(|n| regex_syntax::escape(n)).collect();
    let regex = format!("^({})$", alternatives.join("|"));
    let ident = container.ident;
    let generics = bounded_generics(container, private);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let name_pattern = |example: TokenStream| quote!(#private::term(#example, #regex));
    let wrap = |name: TokenStream| match &container.attrs.tag {
        // Internally and adjacently tagged unit variants are `{"<tag>": "<name>"}`.
        Some(tag) => quote! {
            #private::Pattern::object(#private::vec![(#private::String::from(#tag), #name)])
        },
        None => name,
    };
    let default = wrap(name_pattern(quote!(#first)));
    let string_leaf = container.attrs.tag.is_none().then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::StringLeaf for #ident #ty_generics #where_clause {}
        }
    });
    let with_example = wrap(name_pattern(quote!(example)));
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::PactMatch for #ident #ty_generics #where_clause {
            fn matcher() -> #private::Pattern {
                #default
            }
        }

        #[automatically_derived]
        impl #impl_generics #private::LeafExample for #ident #ty_generics #where_clause {
            type Literal = &'static str;

            fn with_example(example: &'static str) -> #private::Pattern {
                #with_example
            }

            fn json(example: &'static str) -> #private::Value {
                #private::Value::from(example)
            }
        }

        #string_leaf
    }
}

/// `tokens` with every span moved to `span`: a type named only for trait dispatch then gets
/// its trait-bound errors at the attribute that asked for the trait, not at the field type.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                return proc_macro2::TokenTree::Group(inner);
            }
            token.set_span(span);
            token
        })
        .collect()
}

/// The span of the key that refines the leaf, for the leaf type's trait-bound errors.
fn leaf_span(leaf: &Leaf, field: &Field<'_>) -> Span {
    match leaf {
        Leaf::Default => field.ty_span(),
        Leaf::Example(example) => example.span,
        Leaf::Regex { regex, .. } => regex.key,
        Leaf::Matcher { kind, .. } => kind.key,
        Leaf::Format { format, .. } => format.key,
    }
}

/// The pattern of one serialized field.
fn field_pattern(private: &TokenStream, field: &Field<'_>) -> TokenStream {
    let ty = field.ty;
    match &field.spec {
        Spec::Refined(refined) => refined_pattern(private, field, refined),
        _ => quote_spanned! {field.ty_span()=>
            <#ty as #private::PactMatch>::matcher()
        },
    }
}

fn refined_pattern(private: &TokenStream, field: &Field<'_>, refined: &Refined) -> TokenStream {
    let size_span = refined
        .min
        .as_ref()
        .or(refined.max.as_ref())
        .map_or_else(|| field.ty_span(), |s| s.key);
    let ty = respan(field.ty.to_token_stream(), size_span);
    let leaf_ty = if refined.sized_via_trait {
        quote_spanned!(size_span=> <#ty as #private::Sequence>::Element)
    } else {
        respan(
            field.peeled.leaf.to_token_stream(),
            leaf_span(&refined.leaf, field),
        )
    };
    let class = if refined.sized_via_trait {
        LeafClass::Unknown
    } else {
        field.peeled.class
    };
    let mut pattern = leaf_pattern(private, &leaf_ty, class, &refined.leaf, field);

    let min = optional_usize(private, refined.min.as_ref());
    let max = optional_usize(private, refined.max.as_ref());
    if refined.sized_via_trait {
        pattern = quote_spanned! {size_span=>
            #private::sized::<#ty>(#pattern, #min, #max)
        };
    } else {
        let wrappers = &field.peeled.wrappers;
        let outermost_sequence = wrappers.iter().position(|w| matches!(w, Wrapper::Sequence));
        for (index, wrapper) in wrappers.iter().enumerate().rev() {
            pattern = match wrapper {
                Wrapper::Sequence if Some(index) == outermost_sequence => {
                    quote!(#private::each_like_sized(#pattern, #min, #max))
                }
                Wrapper::Sequence => {
                    quote!(#private::each_like_sized(#pattern, #private::Option::None, #private::Option::None))
                }
                Wrapper::Map { key } => quote!(#private::each_value::<#key>(#pattern)),
                Wrapper::Optional | Wrapper::Transparent => pattern,
            };
        }
    }
    match refined.nullable {
        Some(span) => quote_spanned!(span=> #private::nullable(#pattern)),
        None => pattern,
    }
}

fn leaf_pattern(
    private: &TokenStream,
    leaf_ty: &TokenStream,
    class: LeafClass,
    leaf: &Leaf,
    field: &Field<'_>,
) -> TokenStream {
    match leaf {
        Leaf::Default => quote_spanned! {field.ty_span()=>
            <#leaf_ty as #private::PactMatch>::matcher()
        },
        Leaf::Example(example) => {
            let literal = example_tokens(example, class);
            quote_spanned! {example.span=>
                <#leaf_ty as #private::LeafExample>::with_example(#literal)
            }
        }
        Leaf::Regex { regex, example } => {
            let example = example
                .as_ref()
                .map_or_else(String::new, |e| e.value.text.clone());
            let example = LitStr::new(&example, regex.span);
            let pattern = LitStr::new(&regex.value, regex.span);
            quote_spanned! {regex.key=>
                #private::regex_leaf::<#leaf_ty>(#example, #pattern)
            }
        }
        Leaf::Matcher {
            kind,
            example,
            format,
        } => {
            let kind_tokens = matcher_kind_tokens(private, kind);
            let format = match format {
                Some(format) => {
                    let lit = LitStr::new(&format.value, format.span);
                    quote!(#private::Option::Some(#lit))
                }
                None => quote!(#private::Option::None),
            };
            match example {
                Some(example) => {
                    let literal = example_tokens(example, class);
                    let json = quote_spanned! {example.span=>
                        <#leaf_ty as #private::LeafExample>::json(#literal)
                    };
                    quote_spanned! {kind.key=>
                        #private::matcher_leaf(#kind_tokens, #json, #format)
                    }
                }
                None => quote_spanned! {kind.key=>
                    #private::matcher_leaf_default::<#leaf_ty>(#kind_tokens, #format)
                },
            }
        }
        Leaf::Format { format, example } => {
            let lit = LitStr::new(&format.value, format.span);
            let example = example
                .as_ref()
                .map_or_else(String::new, |e| e.value.text.clone());
            let example = LitStr::new(&example, format.span);
            quote_spanned! {format.key=>
                <#leaf_ty as #private::DateLeaf>::with_format(#lit, #example)
            }
        }
    }
}

/// The example literal as written, except an integer literal for a float field, which is
/// written as a float so `example = 1` works on an `f64`.
fn example_tokens(example: &Spanned<Example>, class: LeafClass) -> TokenStream {
    if class == LeafClass::Float
        && example.value.kind == LitKind::Int
        && let Ok(value) = example.value.text.parse::<f64>()
    {
        let mut literal = Literal::f64_unsuffixed(value.abs());
        literal.set_span(example.span);
        return if value.is_sign_negative() {
            quote_spanned!(example.span=> -#literal)
        } else {
            literal.into_token_stream()
        };
    }
    example.value.tokens.clone()
}

fn matcher_kind_tokens(private: &TokenStream, kind: &Spanned<MatcherKind>) -> TokenStream {
    let variant = match kind.value {
        MatcherKind::Equality => "Equality",
        MatcherKind::Type => "Type",
        MatcherKind::Integer => "Integer",
        MatcherKind::Decimal => "Decimal",
        MatcherKind::Number => "Number",
        MatcherKind::Boolean => "Boolean",
        MatcherKind::Date => "Date",
        MatcherKind::Time => "Time",
        MatcherKind::Datetime => "Datetime",
        MatcherKind::NotEmpty => "NotEmpty",
        MatcherKind::Semver => "Semver",
    };
    let variant = Ident::new(variant, kind.span);
    quote!(#private::MatcherKind::#variant)
}

fn optional_usize(private: &TokenStream, value: Option<&Spanned<usize>>) -> TokenStream {
    match value {
        Some(value) => {
            let mut literal = Literal::usize_unsuffixed(value.value);
            literal.set_span(value.span);
            quote!(#private::Option::Some(#literal))
        }
        None => quote!(#private::Option::None),
    }
}

/// The container's generics with `T: PactMatch` for every type parameter a serialized
/// field's type mentions (as serde bounds `T: Serialize`): a parameter used only in a
/// skipped field or in `PhantomData` needs no bound.
pub(crate) fn bounded_generics(container: &Container<'_>, private: &TokenStream) -> syn::Generics {
    let mut generics = container.input.generics.clone();
    let params: Vec<Ident> = generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(ty) => Some(ty.ident.clone()),
            _ => None,
        })
        .collect();
    if params.is_empty() {
        return generics;
    }
    let used: Vec<&Ident> = params
        .iter()
        .filter(|param| {
            container
                .fields()
                .iter()
                .filter(|f| !matches!(f.spec, Spec::Skip))
                .any(|f| mentions(f.ty, param))
        })
        .collect();
    if used.is_empty() {
        return generics;
    }
    let where_clause = generics.make_where_clause();
    for param in used {
        where_clause
            .predicates
            .push(syn::parse_quote!(#param: #private::PactMatch));
    }
    generics
}

/// True when `ty` mentions the type parameter `param` outside `PhantomData`.
fn mentions(ty: &Type, param: &Ident) -> bool {
    match ty {
        Type::Path(path) => {
            if let Some(qself) = &path.qself
                && mentions(&qself.ty, param)
            {
                return true;
            }
            if path.qself.is_none() && path.path.is_ident(param) {
                return true;
            }
            if path
                .path
                .segments
                .first()
                .is_some_and(|s| &s.ident == param)
            {
                return true;
            }
            path.path.segments.iter().any(|segment| {
                if segment.ident == "PhantomData" {
                    return false;
                }
                match &segment.arguments {
                    syn::PathArguments::AngleBracketed(args) => args.args.iter().any(|arg| {
                        matches!(arg, syn::GenericArgument::Type(inner) if mentions(inner, param))
                    }),
                    _ => false,
                }
            })
        }
        Type::Reference(reference) => mentions(&reference.elem, param),
        Type::Array(array) => mentions(&array.elem, param),
        Type::Slice(slice) => mentions(&slice.elem, param),
        Type::Paren(inner) => mentions(&inner.elem, param),
        Type::Group(inner) => mentions(&inner.elem, param),
        Type::Ptr(pointer) => mentions(&pointer.elem, param),
        Type::Tuple(tuple) => tuple.elems.iter().any(|elem| mentions(elem, param)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_in_phantom_data_or_a_skipped_field_is_not_bounded() {
        let t: Ident = syn::parse_quote!(T);
        assert!(mentions(&syn::parse_quote!(Vec<Option<T>>), &t));
        assert!(mentions(&syn::parse_quote!(<T as Trait>::Assoc), &t));
        assert!(mentions(&syn::parse_quote!(T::Assoc), &t));
        assert!(!mentions(&syn::parse_quote!(PhantomData<T>), &t));
        assert!(!mentions(&syn::parse_quote!(Vec<Tee>), &t));
    }
}
