//! Fallback impls emitted beside compile errors.
//!
//! When the derive reports an error, the type still gets an `impl PactMatch` (and the
//! companion impls other derives rely on) whose body is never run, because the crate does
//! not compile. Without it, every use of the type as a field or body would add an error of
//! its own, burying the one that matters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::derive::{Container, Shape, bounded_generics, private_path};

/// The fallback impls for a derive that reported errors.
pub(crate) fn pact_match(container: &Container<'_>) -> TokenStream {
    let private = private_path(container);
    let ident = container.ident;
    let generics = bounded_generics(container, &private);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let fields = matches!(container.shape, Shape::Struct(_)).then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics #private::PactFields for #ident #ty_generics #where_clause {
                fn pact_fields() -> #private::Vec<(#private::String, #private::Pattern)> {
                    #private::Vec::new()
                }
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::PactMatch for #ident #ty_generics #where_clause {
            fn matcher() -> #private::Pattern {
                #private::Pattern::null()
            }
        }
        #fields
    }
}
