//! Unit tests of attribute-argument parsing: each mistake gives its message.

use quote::quote;

use super::*;

fn consumer_errors(args: TokenStream) -> Vec<String> {
    let errors = Ctxt::new();
    consumer(args, &errors);
    crate::harness::messages(errors)
}

fn assert_no_errors(errors: Ctxt) {
    let messages = crate::harness::messages(errors);
    assert!(messages.is_empty(), "{messages:?}");
}

#[test]
fn valid_consumer_args_are_all_read() {
    let errors = Ctxt::new();

    let args = consumer(
        quote!(
            consumer = "web-app",
            provider = "user-service",
            spec = "V3",
            output_dir = "pacts",
            crate = "::my::pact"
        ),
        &errors,
    );

    assert_no_errors(errors);
    assert_eq!(args.consumer.value(), "web-app");
    assert_eq!(args.provider.value(), "user-service");
    assert_eq!(args.spec.map(|s| s.to_string()).as_deref(), Some("V3"));
    assert!(matches!(args.output_dir, Some(OutputDir::Literal(ref l)) if l.value() == "pacts"));
    let krate = args.krate.expect("crate path");
    assert_eq!(quote!(#krate).to_string(), ":: my :: pact");
}

#[test]
fn an_expression_is_accepted_as_output_dir() {
    let errors = Ctxt::new();

    let args = consumer(
        quote!(
            consumer = "a",
            provider = "b",
            output_dir = concat!(env!("X"), "/p")
        ),
        &errors,
    );

    assert_no_errors(errors);
    assert!(matches!(args.output_dir, Some(OutputDir::Expr(_))));
}

#[test]
fn both_missing_names_are_reported_at_once() {
    let errors = consumer_errors(quote!());

    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("#[pact_consumer] needs `consumer = \"…\"`"));
    assert!(errors[1].starts_with("#[pact_consumer] needs `provider = \"…\"`"));
}

#[test]
fn an_unknown_key_lists_the_valid_keys_and_suggests_a_near_miss() {
    let errors = consumer_errors(quote!(consumr = "a", provider = "b"));

    assert_eq!(
        errors,
        [
            "unknown key `consumr` in #[pact_consumer]; did you mean `consumer`? the keys are: \
             consumer, provider, spec, output_dir, port, tls, cors, crate",
        ]
    );
}

#[test]
fn port_tls_and_cors_take_a_port_number_and_booleans() {
    let errors = consumer_errors(quote!(
        consumer = "a",
        provider = "b",
        port = "8080",
        tls = "yes",
        cors = 1
    ));
    let zero = consumer_errors(quote!(consumer = "a", provider = "b", port = 0));
    let too_big = consumer_errors(quote!(consumer = "a", provider = "b", port = 70000));

    assert_eq!(
        errors,
        [
            "`port` takes a port number from 1 to 65535, e.g. `port = 8080` (leave it out for a free port)",
            "`tls` takes `true` or `false`, e.g. `tls = true`",
            "`cors` takes `true` or `false`, e.g. `cors = true`",
        ]
    );
    assert_eq!(zero.len(), 1, "{zero:?}");
    assert!(
        zero[0].starts_with("`port` takes a port number"),
        "{zero:?}"
    );
    assert_eq!(too_big.len(), 1, "{too_big:?}");
    assert!(
        too_big[0].starts_with("`port` takes a port number"),
        "{too_big:?}"
    );
}

#[test]
fn a_far_key_gets_no_suggestion() {
    let errors = consumer_errors(quote!(consumer = "a", provider = "b", timeout = 3));

    assert_eq!(
        errors,
        [
            "unknown key `timeout` in #[pact_consumer]; the keys are: consumer, provider, spec, output_dir, port, tls, cors, crate"
        ]
    );
}

#[test]
fn a_duplicate_key_is_reported_once() {
    let errors = consumer_errors(quote!(consumer = "a", provider = "b", consumer = "c"));

    assert_eq!(
        errors,
        ["`consumer` is given twice in #[pact_consumer]; keep one"]
    );
}

#[test]
fn value_mistakes_say_what_to_write() {
    let cases = [
        (
            quote!(consumer = 42, provider = "b"),
            "`consumer` takes a string literal, e.g. `consumer = \"web-app\"`",
        ),
        (
            quote!(consumer = "", provider = "b"),
            "`consumer` cannot be empty: the name goes into the pact and its file name",
        ),
        (
            quote!(consumer = "a", provider = "b", spec = "v3"),
            "unknown pact specification version \"v3\"; did you mean \"V3\"? use \"V2\", \"V3\" or \"V4\" (the default)",
        ),
        (
            quote!(consumer = "a", provider = "b", spec = "V9"),
            "unknown pact specification version \"V9\"; use \"V2\", \"V3\" or \"V4\" (the default)",
        ),
        (
            quote!(consumer = "a", provider = "b", output_dir = 3),
            "`output_dir` takes a path as a string literal, e.g. `output_dir = \"target/pacts\"`, or an expression such as `concat!(env!(\"CARGO_TARGET_TMPDIR\"), \"/pacts\")`",
        ),
        (
            quote!(consumer = "a", provider = "b", crate = "not a path"),
            "`crate` takes the path pact_runtime is re-exported at, e.g. `crate = \"my_crate::pact\"`; \"not a path\" is not a path",
        ),
        (
            quote!(consumer, provider = "b"),
            "`consumer` needs a value: `consumer = \"…\"`",
        ),
    ];
    for (args, expected) in cases {
        let errors = consumer_errors(args.clone());

        assert!(errors.iter().any(|e| e == expected), "{args}: {errors:?}");
    }
}

#[test]
fn provider_sources_accept_a_string_or_a_list() {
    let errors = Ctxt::new();

    let args = provider(
        quote!(
            provider = "p",
            pacts = ["a", "b"],
            pact = "c.json",
            base_url = "https://x"
        ),
        &errors,
    );

    assert_no_errors(errors);
    let sources: Vec<(SourceKind, String)> = args
        .sources
        .iter()
        .map(|s| (s.kind, s.path.value()))
        .collect();
    assert_eq!(
        sources,
        [
            (SourceKind::Dir, "a".to_owned()),
            (SourceKind::Dir, "b".to_owned()),
            (SourceKind::File, "c.json".to_owned())
        ]
    );
    assert_eq!(
        args.base_url.map(|u| u.value()).as_deref(),
        Some("https://x")
    );
}

#[test]
fn near_misses_are_found_and_far_ones_are_not() {
    assert_eq!(did_you_mean("pact_dir", PROVIDER_KEYS), None);
    assert_eq!(did_you_mean("baseurl", PROVIDER_KEYS), Some("base_url"));
    assert_eq!(did_you_mean("Provider", PROVIDER_KEYS), Some("provider"));
    assert_eq!(did_you_mean("outputdir", CONSUMER_KEYS), Some("output_dir"));
}

#[test]
fn a_name_given_wrongly_or_misspelled_is_not_also_reported_missing() {
    for args in [
        quote!(consumer = 42, provider = "b"),
        quote!(consumer = "", provider = "b"),
        quote!(consumr = "a", provider = "b"),
    ] {
        let errors = consumer_errors(args.clone());

        assert_eq!(errors.len(), 1, "{args}: {errors:?}");
    }
}
