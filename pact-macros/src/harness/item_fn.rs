//! A light model of the function an attribute is applied to: attributes, visibility and
//! signature are parsed; the body is kept as tokens (as tokio-macros does), because the
//! harness never looks inside it and re-parsing a large test body costs compile time.

use proc_macro2::{Group, TokenStream};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Signature, Token, Visibility};

/// A function item, as written by the user.
pub(crate) struct ItemFn {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// The braced body, verbatim, with its original spans.
    pub(crate) body: Group,
}

impl ItemFn {
    /// Whether the user already put `#[test]` (or a path ending in `test`, such as
    /// `#[tokio::test]`) on the function: the harness generates the test attribute itself.
    pub(crate) fn test_attribute(&self) -> Option<&Attribute> {
        self.attrs.iter().find(|attr| {
            attr.path()
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "test")
        })
    }

    /// The function as written, minus any test attribute, for the fallback expansion.
    pub(crate) fn to_original_tokens(&self) -> TokenStream {
        let test = self.test_attribute();
        let mut tokens = TokenStream::new();
        for attr in &self.attrs {
            if !test.is_some_and(|test| std::ptr::eq(test, attr)) {
                attr.to_tokens(&mut tokens);
            }
        }
        self.vis.to_tokens(&mut tokens);
        self.sig.to_tokens(&mut tokens);
        self.body.to_tokens(&mut tokens);
        tokens
    }
}

impl Parse for ItemFn {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let starts_like_a_fn = input.peek(Token![fn])
            || input.peek(Token![async])
            || input.peek(Token![const])
            || input.peek(Token![unsafe])
            || input.peek(Token![extern]);
        if !starts_like_a_fn {
            return Err(input.error(NOT_A_FN));
        }
        let sig: Signature = input.parse()?;
        let body: Group = input.parse()?;
        if body.delimiter() != proc_macro2::Delimiter::Brace {
            return Err(syn::Error::new(
                body.span(),
                "expected the function's body `{ … }`",
            ));
        }
        Ok(ItemFn {
            attrs,
            vis,
            sig,
            body,
        })
    }
}

/// The parse error for an item that is not a function; the caller replaces it with a
/// message naming its attribute.
pub(crate) const NOT_A_FN: &str = "expected a function";

/// Where a non-function item starts (after its attributes and visibility), so the error
/// points at `struct`, `mod`, … rather than at the attribute.
pub(crate) fn item_start_span(item: &TokenStream) -> proc_macro2::Span {
    let parser = |input: ParseStream<'_>| {
        input.call(Attribute::parse_outer)?;
        let _: Visibility = input.parse()?;
        let start = input.span();
        let _: TokenStream = input.parse()?;
        Ok(start)
    };
    syn::parse::Parser::parse2(parser, item.clone())
        .unwrap_or_else(|_| proc_macro2::Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_keeps_its_attributes_signature_and_body() {
        let item: ItemFn = syn::parse_quote! {
            /// Docs.
            #[ignore]
            pub async fn fetches(server: &MockServer) -> Result<(), String> { Ok(()) }
        };

        assert_eq!(item.attrs.len(), 2);
        assert!(item.sig.asyncness.is_some());
        assert_eq!(item.sig.ident, "fetches");
        assert_eq!(item.body.stream().to_string(), "Ok (())");
        assert!(item.test_attribute().is_none());
    }

    #[test]
    fn a_struct_is_not_a_function() {
        let error = syn::parse2::<ItemFn>(quote::quote! { #[derive(Debug)] pub struct S; })
            .err()
            .map(|e| e.to_string());

        assert_eq!(error.as_deref(), Some(NOT_A_FN));
    }

    #[test]
    fn an_existing_test_attribute_is_found() {
        let item: ItemFn = syn::parse_quote! { #[tokio::test] async fn t() {} };

        assert!(item.test_attribute().is_some());
    }
}
