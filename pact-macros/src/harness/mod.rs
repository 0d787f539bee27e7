//! `#[pact_consumer]` and `#[pact_provider]`: attribute macros that turn a function into a
//! `#[test]` running a consumer test against a mock server, or into the provider
//! verification `provider_main!` runs as one test per interaction.
//!
//! Each goes parse ([`args`], [`item_fn`]) → check and model (`consumer::check`,
//! `provider::check`) → generate (`consumer::generate`, `provider::generate`). Errors are
//! collected, never thrown at the first one, and the expansion always contains the user's
//! function in some form so that one mistake gives one error, not a cascade.

mod args;
mod consumer;
mod item_fn;
mod provider;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ctxt::Ctxt;
use item_fn::ItemFn;

/// Every message of `ctxt`, in order; for unit tests.
#[cfg(test)]
pub(crate) fn messages(ctxt: Ctxt) -> Vec<String> {
    match ctxt.check() {
        Ok(()) => Vec::new(),
        Err(combined) => combined.into_iter().map(|e| e.to_string()).collect(),
    }
}

/// The collected errors as `compile_error!` invocations, each at its own span.
fn compile_errors(ctxt: Ctxt) -> TokenStream {
    match ctxt.check() {
        Ok(()) => TokenStream::new(),
        Err(combined) => combined.to_compile_error(),
    }
}

/// The entry point of `#[pact_consumer(...)]`.
pub(crate) fn pact_consumer(args: TokenStream, item: TokenStream) -> TokenStream {
    let not_a_fn = "#[pact_consumer] goes on a test function, \
                    e.g. `async fn fetches_a_user(server: &MockServer) { … }`";
    expand(args, item, not_a_fn, |args, item, errors| {
        let args = args::consumer(args, errors);
        consumer::check(args, item, errors).map(|test| consumer::generate(&test))
    })
}

/// The entry point of `#[pact_provider(...)]`.
pub(crate) fn pact_provider(args: TokenStream, item: TokenStream) -> TokenStream {
    let not_a_fn = "#[pact_provider] goes on a function that starts the provider, \
                    e.g. `async fn honours_its_pacts() -> Verifier { … }`";
    expand(args, item, not_a_fn, |args, item, errors| {
        let args = args::provider(args, errors);
        provider::check(args, item, errors).map(|test| provider::generate(&test))
    })
}

/// Shared driver: parses the item, runs `run`, and adds the collected errors. When `run`
/// cannot produce an expansion, the user's function is kept as a plain item (with dead
/// code allowed, since it is no longer a test) so its body is still type-checked.
fn expand(
    args: TokenStream,
    item: TokenStream,
    not_a_fn: &str,
    run: impl FnOnce(TokenStream, &ItemFn, &Ctxt) -> Option<TokenStream>,
) -> TokenStream {
    let errors = Ctxt::new();
    let parsed = match syn::parse2::<ItemFn>(item.clone()) {
        Ok(parsed) => parsed,
        Err(error) => {
            let error = if error.to_string() == item_fn::NOT_A_FN {
                syn::Error::new(item_fn::item_start_span(&item), not_a_fn)
            } else {
                error
            };
            errors.syn_error(error);
            let compile_errors = compile_errors(errors);
            // The item itself is left alone: it is not ours to change.
            return quote! { #compile_errors #item };
        }
    };
    let expansion = run(args, &parsed, &errors);
    let compile_errors = compile_errors(errors);
    match expansion {
        Some(expansion) => quote! { #compile_errors #expansion },
        None => fallback(&parsed, compile_errors),
    }
}

/// The function as written beside the errors. A `self` parameter would add an error of
/// its own outside an `impl`, so such a function is dropped instead.
fn fallback(item: &ItemFn, compile_errors: TokenStream) -> TokenStream {
    if item.sig.receiver().is_some() {
        return compile_errors;
    }
    let original = item.to_original_tokens();
    quote! {
        #compile_errors
        #[allow(dead_code)]
        #original
    }
}

/// Checks every harness function shares: not a method, not generic, not `unsafe` or
/// `extern`, and no test attribute of its own. Returns whether all passed.
fn check_common(item: &ItemFn, macro_name: &str, errors: &Ctxt) -> bool {
    let mut ok = true;
    let mut fail = |error: syn::Error| {
        errors.syn_error(error);
        ok = false;
    };
    let sig = &item.sig;
    if let Some(test) = item.test_attribute() {
        fail(syn::Error::new_spanned(
            test,
            format!("remove this test attribute: #[{macro_name}] makes the function a test itself"),
        ));
    }
    if let Some(receiver) = sig.receiver() {
        fail(syn::Error::new_spanned(
            receiver,
            format!(
                "#[{macro_name}] goes on a free function, not a method: remove `self` and move \
                 the function out of the `impl`"
            ),
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        fail(syn::Error::new_spanned(
            &sig.generics,
            format!(
                "a #[{macro_name}] function cannot be generic: the test harness calls it with no \
                 type arguments; remove the generic parameters"
            ),
        ));
    }
    if let Some(unsafety) = &sig.unsafety {
        fail(syn::Error::new(
            unsafety.span,
            format!("a #[{macro_name}] function cannot be `unsafe`"),
        ));
    }
    if let Some(abi) = &sig.abi {
        fail(syn::Error::new_spanned(
            abi,
            format!("a #[{macro_name}] function cannot be `extern`"),
        ));
    }
    if let Some(variadic) = &sig.variadic {
        fail(syn::Error::new_spanned(
            variadic,
            format!("a #[{macro_name}] function cannot be variadic"),
        ));
    }
    ok
}

/// The path generated code starts from: `crate = "…"` or `::pact_runtime`.
fn runtime_path(krate: Option<&syn::Path>) -> TokenStream {
    match krate {
        Some(path) => quote! { #path },
        None => quote! { ::pact_runtime },
    }
}
