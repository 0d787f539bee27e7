//! `#[pact_provider]`: checks the verification function and rewrites it into a function of
//! the same name returning `__private::ProviderHarness`: how to obtain the `Verifier`
//! (returned by the function, or built from `base_url`), the pact sources and, with
//! `broker`, the Pact Broker settings. `pact_runtime::provider_main!` lists such functions
//! and runs their interactions as one libtest-mimic trial each.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, LitStr, ReturnType, Type};

use super::args::{BrokerArgs, ProviderArgs, SourceKind};
use super::item_fn::ItemFn;
use super::{check_common, runtime_path};
use crate::ctxt::Ctxt;

/// A checked provider verification.
pub(crate) struct ProviderTest<'a> {
    args: ProviderArgs,
    item: &'a ItemFn,
    setup: Setup,
}

/// Where the `Verifier` comes from.
enum Setup {
    /// The function returns it (`-> Verifier` or `-> Result<Verifier, E>`); the span is
    /// the return type's, where a wrong type is reported.
    Returned(Span),
    /// The function returns nothing; the verifier is `Verifier::new(provider, base_url)`.
    BaseUrl(LitStr),
}

/// Checks the signature and how the verifier is obtained; `None` when the function cannot
/// be rewritten (the errors say why).
pub(crate) fn check<'a>(
    args: ProviderArgs,
    item: &'a ItemFn,
    errors: &Ctxt,
) -> Option<ProviderTest<'a>> {
    let mut ok = check_common(item, "pact_provider", errors);
    let sig = &item.sig;
    for input in &sig.inputs {
        if let FnArg::Typed(typed) = input {
            errors.syn_error(syn::Error::new_spanned(
                typed,
                "a #[pact_provider] function takes no parameters: start the provider in the \
                 body and return its `Verifier`, e.g. `async fn verifies() -> Verifier { … }`",
            ));
            ok = false;
        }
    }
    let sources_mentioned = ["pacts", "pact", "broker"]
        .iter()
        .any(|key| args.mentioned.contains(key));
    if args.sources.is_empty() && args.broker.is_none() && !sources_mentioned {
        errors.syn_error(syn::Error::new(
            Span::call_site(),
            "#[pact_provider] needs the pacts to verify: add `pacts = \"../pacts\"` (a \
             directory), `pact = \"pacts/web-app-user-service.json\"` (a file) or \
             `broker = \"https://…\"` (a Pact Broker)",
        ));
    }
    // A broker key without the broker would be silently ignored: publishing results
    // that are never published is the worst of them.
    if args.broker.is_none() && (args.broker_off || !args.mentioned.contains(&"broker")) {
        for (key, span) in &args.broker_only {
            errors.syn_error(syn::Error::new(
                *span,
                format!(
                    "`{key}` is for pacts from a Pact Broker: add `broker = \"https://…\"` \
                     (or `broker = true` to read $PACT_BROKER_BASE_URL when the test runs)"
                ),
            ));
        }
    }
    // With `base_url` the verifier is built here and needs the name; a returned one has it.
    if args.provider.is_none()
        && !args.mentioned.contains(&"provider")
        && args.base_url.is_some()
        && returned_type(&sig.output).is_none()
    {
        errors.syn_error(syn::Error::new(
            Span::call_site(),
            "#[pact_provider] with `base_url` needs `provider = \"…\"`, the name the pacts give \
             the service under test; e.g. #[pact_provider(provider = \"user-service\", pacts = \
             \"../pacts\", base_url = \"http://…\")] (a function returning its `Verifier` needs \
             no `provider`: the Verifier names it)",
        ));
    }
    let setup = match (returned_type(&sig.output), &args.base_url) {
        (Some(ty), None) => Setup::Returned(ty.span()),
        (Some(_), Some(base_url)) => {
            errors.syn_error(syn::Error::new(
                base_url.span(),
                "`base_url` is for a function that returns nothing; this one returns the \
                 `Verifier`, which already has the provider's URL: remove `base_url`",
            ));
            Setup::BaseUrl(base_url.clone())
        }
        (None, Some(base_url)) => Setup::BaseUrl(base_url.clone()),
        (None, None) if args.mentioned.contains(&"base_url") => {
            Setup::BaseUrl(LitStr::new("", Span::call_site()))
        }
        (None, None) => {
            errors.syn_error(syn::Error::new(
                sig.ident.span(),
                "#[pact_provider] needs the provider's address: start the provider in the \
                 function and return its `Verifier` (`async fn name() -> Verifier`), or add \
                 `base_url = \"http://…\"` to the attribute",
            ));
            Setup::BaseUrl(LitStr::new("", Span::call_site()))
        }
    };
    ok.then_some(ProviderTest { args, item, setup })
}

/// The return type, unless it is absent or `()`.
fn returned_type(output: &ReturnType) -> Option<&Type> {
    match output {
        ReturnType::Default => None,
        ReturnType::Type(_, ty) => match &**ty {
            Type::Tuple(tuple) if tuple.elems.is_empty() => None,
            ty => Some(ty),
        },
    }
}

/// The rewritten function: the user's function nested inside, called when the harness
/// asks for the verifier.
pub(crate) fn generate(test: &ProviderTest<'_>) -> TokenStream {
    let ProviderTest { args, item, setup } = test;
    let runtime = runtime_path(args.krate.as_ref());
    let private = quote! { #runtime::__private };
    let ident = &item.sig.ident;
    let vis = &item.vis;
    let attrs = &item.attrs;
    let sig = &item.sig;
    let body = &item.body;
    let provider = match &args.provider {
        Some(provider) => quote! { ::core::option::Option::Some(#provider) },
        None => quote! { ::core::option::Option::None },
    };

    let sources = args.sources.iter().map(|source| {
        let path = &source.path;
        let constructor = match source.kind {
            SourceKind::Dir => quote_spanned! {path.span()=> dir },
            SourceKind::File => quote_spanned! {path.span()=> file },
        };
        quote! {
            #private::PactSource::#constructor(
                #private::crate_relative(::core::env!("CARGO_MANIFEST_DIR"), #path)
            )
        }
    });
    let call = if sig.asyncness.is_some() {
        quote! { #ident().await }
    } else {
        quote! { #ident() }
    };
    let verifier = match setup {
        Setup::Returned(span) => {
            // A local spanned at the return type, so an unsupported one is reported there.
            let returned = quote_spanned! {Span::call_site().located_at(*span)=> __pact_returned };
            quote! {
                {
                    let #returned = #call;
                    #private::ProviderSetup::into_verifier(#returned)
                }
            }
        }
        Setup::BaseUrl(base_url) => {
            let name = args
                .provider
                .clone()
                .unwrap_or_else(|| LitStr::new("", Span::call_site()));
            quote! {
                {
                    #call;
                    ::core::result::Result::Ok(#private::Verifier::new(#name, #base_url))
                }
            }
        }
    };
    // Opting in is the user's call, made on the verifier their function built.
    let allows_nothing = args
        .allow_no_interactions
        .as_ref()
        .is_some_and(|flag| flag.value);
    let verifier = if allows_nothing {
        quote! {
            {
                let __pact_setup: ::core::result::Result<#private::Verifier, _> = #verifier;
                __pact_setup.map(#private::Verifier::allow_no_interactions)
            }
        }
    } else {
        verifier
    };
    let broker = args.broker.as_ref().map(|broker| {
        let settings = broker_settings(broker, &private);
        quote! { .broker(#settings) }
    });
    quote! {
        #(#attrs)*
        #vis fn #ident() -> #private::ProviderHarness {
            #sig #body
            #private::ProviderHarness::new(
                ::core::stringify!(#ident),
                #provider,
                ::std::vec![#(#sources),*],
                async { #verifier },
            )
            #broker
        }
    }
}

/// The `__private::BrokerSettings` literal for `broker`'s keys; each selector expression
/// keeps its span, so one that is not a `ConsumerVersionSelector` is reported there.
fn broker_settings(broker: &BrokerArgs, private: &TokenStream) -> TokenStream {
    let option = |value: Option<TokenStream>| match value {
        Some(value) => quote! { ::core::option::Option::Some(#value) },
        None => quote! { ::core::option::Option::None },
    };
    let url = option(broker.url.as_ref().map(|url| quote! { #url }));
    let branch = option(broker.provider_branch.as_ref().map(|b| quote! { #b }));
    let wip = option(broker.include_wip_since.as_ref().map(|d| quote! { #d }));
    let publish = option(broker.publish_results.as_ref().map(|p| quote! { #p }));
    let pending = broker
        .include_pending
        .as_ref()
        .map_or_else(|| quote! { false }, |p| quote! { #p });
    let selectors = &broker.selectors;
    quote! {
        #private::BrokerSettings {
            url: #url,
            selectors: ::std::vec![#(#selectors),*],
            provider_branch: #branch,
            include_pending: #pending,
            include_wip_since: #wip,
            publish_results: #publish,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::args;

    fn expand(args: TokenStream, item: TokenStream) -> Result<String, Vec<String>> {
        let errors = Ctxt::new();
        let args = args::provider(args, &errors);
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
    fn a_function_returning_the_verifier_is_verified_against_every_source() {
        let expanded = expand(
            quote!(
                provider = "user-service",
                pacts = ["../pacts", "more"],
                pact = "a.json"
            ),
            quote!(
                async fn verifies() -> Verifier {
                    Verifier::new("user-service", "http://x")
                }
            ),
        )
        .expect("valid");

        assert!(
            expanded.starts_with("fn verifies () -> :: pact_runtime :: __private :: ProviderHarness { async fn verifies () -> Verifier"),
            "{expanded}"
        );
        assert!(
            expanded.contains("ProviderHarness :: new (:: core :: stringify ! (verifies) , :: core :: option :: Option :: Some (\"user-service\")"),
            "{expanded}"
        );
        assert!(expanded.contains("PactSource :: dir (:: pact_runtime :: __private :: crate_relative (:: core :: env ! (\"CARGO_MANIFEST_DIR\") , \"../pacts\"))"), "{expanded}");
        assert!(expanded.contains("PactSource :: dir (:: pact_runtime :: __private :: crate_relative (:: core :: env ! (\"CARGO_MANIFEST_DIR\") , \"more\"))"), "{expanded}");
        assert!(expanded.contains("PactSource :: file"), "{expanded}");
        assert!(
            expanded.contains("let __pact_returned = verifies () . await ; :: pact_runtime :: __private :: ProviderSetup :: into_verifier (__pact_returned)"),
            "{expanded}"
        );
    }

    #[test]
    fn a_function_returning_its_verifier_needs_no_provider_name() {
        for item in [
            quote!(
                fn v() -> Verifier {
                    todo!()
                }
            ),
            quote!(
                async fn v() -> Result<Verifier, String> {
                    todo!()
                }
            ),
        ] {
            let expanded = expand(quote!(pacts = "d"), item).expect("valid");

            assert!(
                expanded.contains("ProviderHarness :: new (:: core :: stringify ! (v) , :: core :: option :: Option :: None ,"),
                "{expanded}"
            );
        }
    }

    #[test]
    fn a_function_returning_nothing_uses_base_url() {
        let expanded = expand(
            quote!(
                provider = "user-service",
                pact = "a.json",
                base_url = "http://127.0.0.1:8080"
            ),
            quote!(
                fn verifies() {}
            ),
        )
        .expect("valid");

        assert!(expanded.contains("verifies () ; :: core :: result :: Result :: Ok (:: pact_runtime :: __private :: Verifier :: new (\"user-service\" , \"http://127.0.0.1:8080\"))"), "{expanded}");
    }

    #[test]
    fn allow_no_interactions_true_opts_the_verifier_in_and_false_changes_nothing() {
        let item = quote!(
            fn verifies() -> Verifier {
                todo!()
            }
        );
        let opted_in = expand(
            quote!(provider = "p", pacts = "d", allow_no_interactions = true),
            item.clone(),
        )
        .expect("valid");
        let explicit_default = expand(
            quote!(provider = "p", pacts = "d", allow_no_interactions = false),
            item.clone(),
        )
        .expect("valid");
        let default = expand(quote!(provider = "p", pacts = "d"), item).expect("valid");

        assert!(
            opted_in.contains(
                "__pact_setup . map (:: pact_runtime :: __private :: Verifier :: allow_no_interactions)"
            ),
            "{opted_in}"
        );
        assert!(!default.contains("allow_no_interactions"), "{default}");
        assert_eq!(explicit_default, default);
    }

    #[test]
    fn a_broker_adds_its_settings_and_the_broker_runner() {
        let expanded = expand(
            quote!(
                provider = "p",
                broker = "https://broker.example",
                selectors = [Select::main_branch(), Select::tag("prod").latest()],
                provider_branch = "main",
                include_pending = true,
                include_wip_since = "2024-01-01",
                publish_results = true
            ),
            quote!(
                fn v() -> Verifier {
                    todo!()
                }
            ),
        )
        .expect("valid");

        assert!(
            expanded.contains(". broker (:: pact_runtime :: __private :: BrokerSettings { url : :: core :: option :: Option :: Some (\"https://broker.example\") , selectors : :: std :: vec ! [Select :: main_branch () , Select :: tag (\"prod\") . latest ()] , provider_branch : :: core :: option :: Option :: Some (\"main\") , include_pending : true , include_wip_since : :: core :: option :: Option :: Some (\"2024-01-01\") , publish_results : :: core :: option :: Option :: Some (true) , }"),
            "{expanded}"
        );
    }

    #[test]
    fn a_broker_from_the_environment_leaves_everything_else_unset() {
        let expanded = expand(
            quote!(provider = "p", pacts = "d", broker = true),
            quote!(
                fn v() -> Verifier {
                    todo!()
                }
            ),
        )
        .expect("valid");

        assert!(
            expanded.contains("BrokerSettings { url : :: core :: option :: Option :: None , selectors : :: std :: vec ! [] , provider_branch : :: core :: option :: Option :: None , include_pending : false , include_wip_since : :: core :: option :: Option :: None , publish_results : :: core :: option :: Option :: None , }"),
            "{expanded}"
        );
        assert!(expanded.contains("PactSource :: dir"), "{expanded}");
        let without = expand(
            quote!(provider = "p", pacts = "d", broker = false),
            quote!(
                fn v() -> Verifier {
                    todo!()
                }
            ),
        )
        .expect("valid");
        assert!(
            without.contains("__private :: ProviderHarness :: new (")
                && !without.contains("Broker"),
            "{without}"
        );
    }

    #[test]
    fn broker_misuse_is_reported() {
        let returning = quote!(
            fn v() -> Verifier {
                todo!()
            }
        );
        let cases = [
            (
                quote!(provider = "p", pacts = "d", publish_results = true),
                "`publish_results` is for pacts from a Pact Broker",
            ),
            (
                quote!(provider = "p", pacts = "d", selectors = [x()]),
                "`selectors` is for pacts from a Pact Broker",
            ),
            (
                quote!(
                    provider = "p",
                    pacts = "d",
                    broker = false,
                    include_pending = true
                ),
                "`include_pending` is for pacts from a Pact Broker",
            ),
            (
                quote!(provider = "p", broker = "broker.example"),
                "`broker` takes the Pact Broker's URL",
            ),
            (
                quote!(provider = "p", broker = 1),
                "`broker` takes the Pact Broker's URL",
            ),
            (
                quote!(provider = "p", broker = true, selectors = []),
                "needs at least one selector",
            ),
            (
                quote!(provider = "p", broker = true, selectors = "mainBranch"),
                "takes a list of consumer version selectors",
            ),
            (
                quote!(
                    provider = "p",
                    broker = true,
                    include_wip_since = "2024-13-01"
                ),
                "as YYYY-MM-DD",
            ),
            (
                quote!(
                    provider = "p",
                    broker = true,
                    include_wip_since = "yesterday"
                ),
                "as YYYY-MM-DD",
            ),
            (
                quote!(provider = "p", broker = true, publish_results = "yes"),
                "`publish_results` takes `true` or `false`",
            ),
            (
                quote!(provider = "p", broker = true, provider_branch = ""),
                "`provider_branch` cannot be empty",
            ),
            (quote!(provider = "p"), "or `broker = \"https://…\"`"),
        ];
        for (args, expected) in cases {
            let errors = expand(args.clone(), returning.clone()).expect_err("misuse");

            assert!(
                errors.iter().any(|e| e.contains(expected)),
                "{args}: {errors:?}"
            );
        }
    }

    #[test]
    fn misuse_is_reported() {
        let cases = [
            (
                quote!(provider = "p", pacts = "d"),
                quote!(
                    fn v() {}
                ),
                "needs the provider's address",
            ),
            (
                quote!(provider = "p", pacts = "d", base_url = "http://x"),
                quote!(
                    fn v() -> Verifier {
                        todo!()
                    }
                ),
                "remove `base_url`",
            ),
            (
                quote!(provider = "p"),
                quote!(
                    fn v() -> Verifier {
                        todo!()
                    }
                ),
                "needs the pacts to verify",
            ),
            (
                quote!(pacts = "d", base_url = "http://x"),
                quote!(
                    fn v() {}
                ),
                "with `base_url` needs `provider = \"…\"`",
            ),
            (
                quote!(provider = "p", pacts = "d"),
                quote!(
                    fn v(x: u8) -> Verifier {
                        todo!()
                    }
                ),
                "takes no parameters",
            ),
            (
                quote!(provider = "p", pacts = []),
                quote!(
                    fn v() -> Verifier {
                        todo!()
                    }
                ),
                "needs at least one path",
            ),
            (
                quote!(provider = "p", pacts = 1),
                quote!(
                    fn v() -> Verifier {
                        todo!()
                    }
                ),
                "`pacts` takes a path as a string literal",
            ),
            (
                quote!(provider = "p", pacts = "d", base_url = "localhost"),
                quote!(
                    fn v() {}
                ),
                "http:// or https:// URL",
            ),
            (
                quote!(provider = "p", pacts = "d", allow_no_interactions = "yes"),
                quote!(
                    fn v() -> Verifier {
                        todo!()
                    }
                ),
                "`allow_no_interactions` takes `true` or `false`",
            ),
            (
                quote!(provider = "p", pacts = "d", allow_no_interaction = true),
                quote!(
                    fn v() -> Verifier {
                        todo!()
                    }
                ),
                "did you mean `allow_no_interactions`?",
            ),
        ];
        for (args, item, expected) in cases {
            let errors = expand(args.clone(), item.clone()).expect_err("misuse");

            assert!(
                errors.iter().any(|e| e.contains(expected)),
                "{args} {item}: {errors:?}"
            );
        }
    }
}
