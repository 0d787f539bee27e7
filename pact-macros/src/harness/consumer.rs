//! `#[pact_consumer]`: checks the test function and rewrites it into a `#[test]` that
//! starts a mock server, lends it to the user's body, then verifies it and writes the pact
//! (through `__private::run_consumer` / `run_consumer_async`). A function taking
//! `&mut MessagePact` instead is a message test: the harness builds the message pact,
//! lends it, then writes it (`__private::run_message_consumer` / `…_async`).
//!
//! The kind of test is read from the parameter's mutability, which a macro can see (it
//! cannot resolve types): `&` is the mock server, `&mut` the message pact. The type's
//! last name is only used to word the error for `&mut MockServer` and `&MessagePact`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ReturnType, Type};

use super::args::{ConsumerArgs, OutputDir};
use super::item_fn::ItemFn;
use super::{check_common, runtime_path};
use crate::ctxt::Ctxt;

/// A checked consumer test: the arguments and a function of the shape
/// `[async] fn name(server: &MockServer) [-> R]` or `[async] fn name(pact: &mut MessagePact) [-> R]`.
pub(crate) struct ConsumerTest<'a> {
    args: ConsumerArgs,
    item: &'a ItemFn,
    /// The span of the parameter's type, where a wrong type is reported.
    server_ty: Span,
    kind: Kind,
}

/// What the test's parameter lends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `&MockServer`: an HTTP test.
    Server,
    /// `&mut MessagePact`: a message test.
    Messages,
}

/// Checks the signature; `None` when it cannot be rewritten (the errors say why).
pub(crate) fn check<'a>(
    args: ConsumerArgs,
    item: &'a ItemFn,
    errors: &Ctxt,
) -> Option<ConsumerTest<'a>> {
    let common = check_common(item, "pact_consumer", errors);
    let parameter = server_parameter(item, errors);
    let server_only = parameter.is_some_and(|(_, kind)| kind == Kind::Messages)
        && !server_keys_absent(&args, errors);
    match parameter {
        Some((server_ty, kind)) if common && !server_only => Some(ConsumerTest {
            args,
            item,
            server_ty,
            kind,
        }),
        _ => None,
    }
}

/// A message test has no mock server: its keys are reported where they are written.
/// Returns whether none was given.
fn server_keys_absent(args: &ConsumerArgs, errors: &Ctxt) -> bool {
    let given = [
        ("port", args.port.as_ref().map(|port| port.span())),
        ("tls", args.tls.as_ref().map(|tls| tls.span)),
        ("cors", args.cors.as_ref().map(|cors| cors.span)),
    ];
    let mut absent = true;
    for (key, span) in given {
        if let Some(span) = span {
            errors.syn_error(syn::Error::new(
                span,
                format!(
                    "`{key}` is a key of HTTP tests only; a message test (`&mut MessagePact`) \
                     takes `consumer`, `provider`, `spec`, `output_dir` and `crate`: remove it"
                ),
            ));
            absent = false;
        }
    }
    absent
}

/// The last name of a type path (`MessagePact` of `pact_runtime::message::MessagePact`).
fn last_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The one parameter must be the mock server, taken by shared reference, or the message
/// pact, taken by mutable reference.
fn server_parameter(item: &ItemFn, errors: &Ctxt) -> Option<(Span, Kind)> {
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
                "a #[pact_consumer] test takes the mock server as its parameter, \
                 `fn name(server: &MockServer)`, or for a message test the message pact, \
                 `fn name(pact: &mut MessagePact)`",
            ));
        }
        return None;
    };
    let is_message_pact = |ty: &Type| last_name(ty).as_deref() == Some("MessagePact");
    let message_test = match &*first.ty {
        Type::Reference(reference) => is_message_pact(&reference.elem),
        other => is_message_pact(other),
    };
    let mut ok = true;
    for extra in typed {
        errors.syn_error(syn::Error::new_spanned(
            extra,
            if message_test {
                "a #[pact_consumer] message test takes one parameter, the message pact; \
                 remove this one"
            } else {
                "a #[pact_consumer] test takes one parameter, the mock server; remove this one"
            },
        ));
        ok = false;
    }
    match &*first.ty {
        Type::Reference(reference)
            if reference.mutability.is_none() && is_message_pact(&reference.elem) =>
        {
            errors.syn_error(syn::Error::new_spanned(
                &first.ty,
                "take the message pact by mutable reference, `pact: &mut MessagePact`: \
                 verifying a message records it in the pact",
            ));
            None
        }
        Type::Reference(reference) if reference.mutability.is_none() => {
            ok.then(|| (first.ty.span(), Kind::Server))
        }
        Type::Reference(reference)
            if last_name(&reference.elem).as_deref() == Some("MockServer") =>
        {
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
        Type::Reference(_) => ok.then(|| (first.ty.span(), Kind::Messages)),
        other if is_message_pact(other) => {
            errors.syn_error(syn::Error::new_spanned(
                other,
                "take the message pact by mutable reference, `pact: &mut MessagePact`: the \
                 harness keeps it to write the pact after the test returns",
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
        kind,
    } = test;
    let runtime = runtime_path(args.krate.as_ref());
    let private = quote! { #runtime::__private };
    let ident = &item.sig.ident;
    let vis = &item.vis;
    let attrs = &item.attrs;
    let sig = &item.sig;
    let body = &item.body;

    let (consumer, provider) = (&args.consumer, &args.provider);
    let builder = match kind {
        Kind::Server => quote! { #private::MockServer::builder },
        Kind::Messages => quote! { #private::MessagePact::builder },
    };
    let mut server = quote! {
        #builder(#private::Pact::new(#consumer, #provider))
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
    let (run_sync, run_async) = match kind {
        Kind::Server => (
            quote! { #private::run_consumer },
            quote! { #private::run_consumer_async },
        ),
        Kind::Messages => (
            quote! { #private::run_message_consumer },
            quote! { #private::run_message_consumer_async },
        ),
    };
    let run = if sig.asyncness.is_some() {
        quote! {
            #run_async(#server, |__pact_server| {
                ::std::boxed::Box::pin(async move {
                    let #outcome = #ident(#server_arg).await;
                    #into_result
                })
            })
        }
    } else {
        quote! {
            #run_sync(#server, |__pact_server| {
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
                    fn t(pact: &mut MessagePact, server: &MockServer) {}
                ),
                "message test takes one parameter, the message pact; remove this one",
            ),
            (
                quote!(
                    fn t(pact: &mut pact_runtime::message::MessagePact, n: u8, m: u8) {}
                ),
                "message test takes one parameter, the message pact; remove this one",
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

    #[test]
    fn a_mutable_message_pact_parameter_makes_a_message_test_with_the_pact_options() {
        let sync = expand(
            quote!(
                consumer = "user-events",
                provider = "user-service",
                spec = "V3"
            ),
            quote!(
                fn handles(pact: &mut MessagePact) {}
            ),
        )
        .expect("valid");
        let asynchronous = expand(
            quote!(
                consumer = "user-events",
                provider = "user-service",
                output_dir = "pacts"
            ),
            quote!(
                async fn handles(pact: &mut pact_runtime::message::MessagePact) {}
            ),
        )
        .expect("valid");

        assert!(
            sync.contains(":: pact_runtime :: __private :: run_message_consumer (:: pact_runtime :: __private :: MessagePact :: builder (:: pact_runtime :: __private :: Pact :: new (\"user-events\" , \"user-service\")) . spec_version (:: pact_runtime :: __private :: SpecVersion :: V3)"),
            "{sync}"
        );
        assert!(
            asynchronous.contains(":: pact_runtime :: __private :: run_message_consumer_async (:: pact_runtime :: __private :: MessagePact :: builder"),
            "{asynchronous}"
        );
        assert!(asynchronous.contains("output_dir"), "{asynchronous}");
        assert!(!asynchronous.contains("MockServer"), "{asynchronous}");
    }

    #[test]
    fn message_test_mistakes_are_each_reported() {
        let cases = [
            (
                quote!(consumer = "a", provider = "b"),
                quote!(
                    fn t(pact: &MessagePact) {}
                ),
                "take the message pact by mutable reference",
            ),
            (
                quote!(consumer = "a", provider = "b"),
                quote!(
                    fn t(pact: MessagePact) {}
                ),
                "take the message pact by mutable reference",
            ),
            (
                quote!(consumer = "a", provider = "b"),
                quote!(
                    fn t(pact: &mut MessagePact, server: &MockServer) {}
                ),
                "message test takes one parameter, the message pact",
            ),
            (
                quote!(consumer = "a", provider = "b", port = 8080),
                quote!(
                    fn t(pact: &mut MessagePact) {}
                ),
                "`port` is a key of HTTP tests only; a message test (`&mut MessagePact`) takes `consumer`",
            ),
            (
                quote!(consumer = "a", provider = "b", tls = true),
                quote!(
                    fn t(pact: &mut MessagePact) {}
                ),
                "`tls` is a key of HTTP tests only; a message test (`&mut MessagePact`) takes `consumer`",
            ),
            (
                quote!(consumer = "a", provider = "b", cors = false),
                quote!(
                    fn t(pact: &mut MessagePact) {}
                ),
                "`cors` is a key of HTTP tests only; a message test (`&mut MessagePact`) takes `consumer`",
            ),
        ];
        for (args, item, expected) in cases {
            let errors = expand(args.clone(), item.clone()).expect_err("invalid");

            assert!(
                errors.iter().any(|e| e.contains(expected)),
                "{args} {item}: {errors:?}"
            );
            assert!(
                errors.iter().all(|e| !e.contains("mock server")),
                "a message test has no mock server: {args} {item}: {errors:?}"
            );
        }
    }
}
