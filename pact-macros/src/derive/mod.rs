//! `#[derive(PactMatch)]`, built like a small compiler: attributes are parsed
//! ([`attr`]), turned into a model ([`model`]), checked ([`check`]) and only then turned
//! into code ([`expand`]). Errors from every stage are accumulated in one [`Ctxt`], so the
//! user sees all of them at once, each at its token, and a fallback impl
//! ([`crate::dummy`]) keeps the rest of the crate compiling without a cascade.

mod attr;
mod case;
mod check;
mod expand;
mod model;
mod suggest;
mod ty;

use proc_macro2::TokenStream;
use syn::DeriveInput;

use crate::ctxt::Ctxt;

/// Expands the derive: the impls, or the errors next to a fallback impl.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let container = model::Container::from_ast(&cx, input);
    check::check(&cx, &container);
    if cx.has_errors() {
        let dummy = crate::dummy::pact_match(&container);
        drop(container);
        return match cx.check() {
            Err(errors) => {
                let errors = errors.to_compile_error();
                quote::quote!(#errors #dummy)
            }
            Ok(()) => dummy,
        };
    }
    let expanded = expand::expand(&container);
    drop(container);
    match cx.check() {
        Ok(()) => expanded,
        Err(errors) => errors.to_compile_error(),
    }
}

pub(crate) use expand::{bounded_generics, private_path};
pub(crate) use model::{Container, Shape};
