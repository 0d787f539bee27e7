//! `#[pact_consumer]`: checks the test function and rewrites it into a `#[test]` that
//! starts a mock server, lends it to the user's body, then verifies it and writes the pact
//! (through `__private::run_consumer` / `run_consumer_async`).

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ReturnType, Type};

use super::args::{ConsumerArgs, OutputDir};
use super::item_fn::ItemFn;
use super::{check_common, runtime_path};
use crate::ctxt::Ctxt;

/// A checked consumer test: the arguments and a function of the shape
/// `[async] fn name(server: &MockServer) [-> R]`.
pub(crate) struct ConsumerTest<'a> {
    args: ConsumerArgs,
    item: &'a ItemFn,
    /// The span of the server parameter's type, where a wrong type is reported.
    server_ty: Span,
}

/// Checks the signature; `None` when it cannot be rewritten (the errors say why).
pub(crate) fn check<'a>(
    args: ConsumerArgs,
    item: &'a ItemFn,
    errors: &Ctxt,
) -> Option<ConsumerTest<'a>> {
    let common = check_common(item, "pact_consumer", errors);
    let server_ty = server_parameter(item, errors);
    match server_ty {
        Some(server_ty) if common => Some(ConsumerTest {
            args,
            item,
            server_ty,
        }),
        _ => None,
    }
}

/// The one parameter must be the mock server, taken by shared reference.
fn server_parameter(item: &ItemFn, errors: &Ctxt) -> Option<Span> {
    let sig = &item.sig;
    let mut typed = sig.inputs.iter().filter_map(|input| match input {
        FnArg::Typed(typed) => Some(typed),
        // Reported by `check_common`.
        FnArg::Receiver(_) => None,
    });
    let Some(first) = typed.next() else {
        if sig.receiver().is_none() {
            errors.syn_error(syn::Error::new(
                sig.paren_token.span.join(),
                "a #[pact_consumer] test takes the mock server as its parameter: \
                 `fn name(server: &MockServer)`",
            ));
        }
        return None;
    };
    let mut ok = true;
    for extra in typed {
        errors.syn_error(syn::Error::new_spanned(
            extra,
            "a #[pact_consumer] test takes one parameter, the mock server; remove this one",
        ));
        ok = false;
    }
    match &*first.ty {
        Type::Reference(reference) if reference.mutability.is_none() => ok.then(|| first.ty.span()),
        Type::Reference(reference) => {
            let span = reference
                .mutability
                .map_or_else(|| first.ty.span(), |m| m.span);
            errors.syn_error(syn::Error::new(
                span,
                "take the mock server by shared reference, `&MockServer`: mounting \
                 interactions does not need `&mut`",
            ));
            None
        }
        other => {
            errors.syn_error(syn::Error::new_spanned(
                other,
                "take the mock server by reference, `server: &MockServer`: the harness keeps \
                 it to verify it and write the pact after the test returns",
            ));
            None
        }
    }
}

/// The rewritten test.
pub(crate) fn generate(test: &ConsumerTest<'_>) -> TokenStream {
    let ConsumerTest {
        args,
        item,
        server_ty,
    } = test;
    let runtime = runtime_path(args.krate.as_ref());
    let private = quote! { #runtime::__private };
    let ident = &item.sig.ident;
    let vis = &item.vis;
    let attrs = &item.attrs;
    let sig = &item.sig;
    let body = &item.body;

    let (consumer, provider) = (&args.consumer, &args.provider);
    let mut server = quote! {
        #private::MockServer::builder(#private::Pact::new(#consumer, #provider))
    };
    if let Some(spec) = &args.spec {
        server = quote_spanned! {spec.span()=> #server.spec_version(#private::SpecVersion::#spec) };
    }
    match &args.output_dir {
        Some(OutputDir::Literal(dir)) => {
            server = quote_spanned! {dir.span()=>
                #server.output_dir(#private::crate_relative(::core::env!("CARGO_MANIFEST_DIR"), #dir))
            };
        }
        Some(OutputDir::Expr(dir)) => {
            server = quote_spanned! {dir.span()=> #server.output_dir(#dir) };
        }
        None => {}
    }
    if let Some(port) = &args.port {
        server = quote_spanned! {port.span()=> #server.port(#port) };
    }
    if let Some(tls) = args.tls.as_ref().filter(|tls| tls.value) {
        server = quote_spanned! {tls.span()=> #server.tls() };
    }
    if let Some(cors) = args.cors.as_ref().filter(|cors| cors.value) {
        server = quote_spanned! {cors.span()=> #server.cors() };
    }

    // The user's function is kept whole, signature and body, as an item inside the test:
    // rustc then reports type errors in the body, the parameter and the return type at
    // the user's own tokens. `server` in the call is spanned at the parameter's type so a
    // wrong type is reported there, and the outcome conversion at the return type.
    let server_arg = quote_spanned! {Span::call_site().located_at(*server_ty)=> __pact_server };
    let outcome_span = match &sig.output {
        ReturnType::Default => Span::call_site(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    // The outcome goes through a local spanned at the return type: rustc reports an
    // unsupported return type at the argument, which is then the user's return type.
    let outcome = quote_spanned! {Span::call_site().located_at(outcome_span)=> __pact_outcome };
    let into_result = quote! { #private::TestOutcome::into_result(#outcome) };
    let run = if sig.asyncness.is_some() {
        quote! {
            #private::run_consumer_async(#server, |__pact_server| {
                ::std::boxed::Box::pin(async move {
                    let #outcome = #ident(#server_arg).await;
                    #into_result
                })
            })
        }
    } else {
        quote! {
            #private::run_consumer(#server, |__pact_server| {
                let #outcome = #ident(#server_arg);
                #into_result
            })
        }
    };
    quote! {
        #(#attrs)*
        #[::core::prelude::v1::test]
        #vis fn #ident() {
            #sig #body
            #run
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::args;

    fn expand(args: TokenStream, item: TokenStream) -> Result<String, Vec<String>> {
        let errors = Ctxt::new();
        let args = args::consumer(args, &errors);
        let item: ItemFn = syn::parse2(item).map_err(|e| vec![e.to_string()])?;
        let test = check(args, &item, &errors);
        let expanded = test.map(|test| generate(&test).to_string());
        let messages = crate::harness::messages(errors);
        match expanded {
            Some(expanded) if messages.is_empty() => Ok(expanded),
            _ => Err(messages),
        }
    }

    #[test]
    fn a_sync_test_becomes_a_test_calling_run_consumer_with_the_inner_function() {
        let expanded = expand(
            quote!(consumer = "web-app", provider = "user-service"),
            quote!(
                fn fetches(server: &MockServer) {
                    let _ = server;
                }
            ),
        )
        .expect("valid");

        assert!(
            expanded.contains("# [:: core :: prelude :: v1 :: test] fn fetches ()"),
            "{expanded}"
        );
        assert!(
            expanded.contains("fn fetches (server : & MockServer) { let _ = server ; }"),
            "{expanded}"
        );
        assert!(expanded.contains(":: pact_runtime :: __private :: run_consumer (:: pact_runtime :: __private :: MockServer :: builder (:: pact_runtime :: __private :: Pact :: new (\"web-app\" , \"user-service\"))"), "{expanded}");
    }

    #[test]
    fn an_async_test_runs_through_run_consumer_async_and_keeps_the_options() {
        let expanded = expand(
            quote!(
                consumer = "web-app",
                provider = "user-service",
                spec = "V3",
                output_dir = "pacts",
                crate = "my::pact"
            ),
            quote!(
                async fn fetches(server: &MockServer) -> Result<(), String> {
                    Ok(())
                }
            ),
        )
        .expect("valid");

        assert!(
            expanded.contains("my :: pact :: __private :: run_consumer_async"),
            "{expanded}"
        );
        assert!(
            expanded.contains(". spec_version (my :: pact :: __private :: SpecVersion :: V3)"),
            "{expanded}"
        );
        assert!(
            expanded
                .contains("crate_relative (:: core :: env ! (\"CARGO_MANIFEST_DIR\") , \"pacts\")"),
            "{expanded}"
        );
        assert!(
            expanded.contains("let __pact_outcome = fetches (__pact_server) . await ;"),
            "{expanded}"
        );
        assert!(!expanded.contains("::pact_runtime"), "{expanded}");
    }

    #[test]
    fn port_tls_and_cors_become_builder_options_and_false_switches_add_nothing() {
        let expanded = |args: TokenStream| {
            expand(
                args,
                quote!(
                    fn fetches(server: &MockServer) {}
                ),
            )
            .expect("valid")
        };

        let on = expanded(quote!(
            consumer = "web-app",
            provider = "user-service",
            port = 8080,
            tls = true,
            cors = true
        ));
        let off = expanded(quote!(
            consumer = "web-app",
            provider = "user-service",
            tls = false,
            cors = false
        ));

        assert!(
            on.contains("\"user-service\")) . port (8080) . tls () . cors ()"),
            "{on}"
        );
        assert!(
            !off.contains(". tls ()") && !off.contains(". cors ()") && !off.contains(". port"),
            "{off}"
        );
    }

    #[test]
    fn signature_mistakes_are_each_reported() {
        let cases = [
            (
                quote!(
                    fn t() {}
                ),
                "takes the mock server as its parameter",
            ),
            (
                quote!(
                    fn t(server: &MockServer, other: u8) {}
                ),
                "takes one parameter, the mock server; remove this one",
            ),
            (
                quote!(
                    fn t(server: MockServer) {}
                ),
                "take the mock server by reference",
            ),
            (
                quote!(
                    fn t(server: &mut MockServer) {}
                ),
                "by shared reference",
            ),
            (
                quote!(
                    fn t<T>(server: &MockServer) {}
                ),
                "cannot be generic",
            ),
            (
                quote!(
                    fn t(&self, server: &MockServer) {}
                ),
                "not a method",
            ),
            (
                quote!(
                    unsafe fn t(server: &MockServer) {}
                ),
                "cannot be `unsafe`",
            ),
            (
                quote!(
                    #[test]
                    fn t(server: &MockServer) {}
                ),
                "remove this test attribute",
            ),
        ];
        for (item, expected) in cases {
            let errors = expand(quote!(consumer = "a", provider = "b"), item.clone())
                .expect_err("invalid signature");

            assert!(
                errors.iter().any(|e| e.contains(expected)),
                "{item}: {errors:?}"
            );
        }
    }
}
