//! The arguments of `#[pact_consumer(...)]` and `#[pact_provider(...)]`, parsed into
//! [`ConsumerArgs`] and [`ProviderArgs`].
//!
//! Parsing never stops at the first mistake: every unknown, duplicate, missing or
//! ill-typed key is reported at its own token, and the args are still returned (with
//! placeholders) so the caller can emit a fallback expansion beside the errors.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Lit, LitStr, Token};

use crate::ctxt::Ctxt;

/// Keys accepted by `#[pact_consumer]`.
pub(crate) const CONSUMER_KEYS: &[&str] = &[
    "consumer",
    "provider",
    "spec",
    "output_dir",
    "port",
    "tls",
    "cors",
    "crate",
];
/// Keys accepted by `#[pact_provider]`.
pub(crate) const PROVIDER_KEYS: &[&str] = &[
    "provider",
    "pacts",
    "pact",
    "base_url",
    "allow_no_interactions",
    "crate",
    "broker",
    "selectors",
    "provider_branch",
    "include_pending",
    "include_wip_since",
    "publish_results",
];
/// The keys of `#[pact_provider]` that configure verification from a Pact Broker, and
/// mean nothing without `broker`.
pub(crate) const BROKER_ONLY_KEYS: &[&str] = &[
    "selectors",
    "provider_branch",
    "include_pending",
    "include_wip_since",
    "publish_results",
];

/// The specification versions a consumer test can write, as `model::SpecVersion` names.
const SPEC_VERSIONS: &[&str] = &["V2", "V3", "V4"];

/// `#[pact_consumer(...)]`.
pub(crate) struct ConsumerArgs {
    pub(crate) consumer: LitStr,
    pub(crate) provider: LitStr,
    /// A `SpecVersion` variant name, spanned at the user's literal.
    pub(crate) spec: Option<syn::Ident>,
    pub(crate) output_dir: Option<OutputDir>,
    /// `port = 8080`: the mock server listens there instead of on a free port.
    pub(crate) port: Option<syn::LitInt>,
    /// `tls = true`: HTTPS with a generated certificate.
    pub(crate) tls: Option<syn::LitBool>,
    /// `cors = true`: CORS pre-flights answered.
    pub(crate) cors: Option<syn::LitBool>,
    pub(crate) krate: Option<syn::Path>,
}

/// Where the pact goes: a literal path (relative to the crate's directory) or any
/// expression that converts into a `PathBuf` (`concat!(env!("CARGO_TARGET_TMPDIR"), …)`).
pub(crate) enum OutputDir {
    Literal(LitStr),
    Expr(Expr),
}

/// `#[pact_provider(...)]`.
pub(crate) struct ProviderArgs {
    /// `provider = "…"`: optional when the function returns the `Verifier`, which names
    /// the provider already; required with `base_url`.
    pub(crate) provider: Option<LitStr>,
    pub(crate) sources: Vec<Source>,
    pub(crate) base_url: Option<LitStr>,
    /// `allow_no_interactions = true`: a run that verified nothing passes
    /// (`Verifier::allow_no_interactions`).
    pub(crate) allow_no_interactions: Option<syn::LitBool>,
    pub(crate) krate: Option<syn::Path>,
    /// `broker = "https://…"` or `broker = true`: pacts from a Pact Broker too.
    pub(crate) broker: Option<BrokerArgs>,
    /// The broker-only keys given (with the span of each key), checked against `broker`.
    pub(crate) broker_only: Vec<(&'static str, Span)>,
    /// `broker = false`: written, valid, and no broker.
    pub(crate) broker_off: bool,
    /// Keys the user wrote (valid or not) or misspelled (an unknown key whose suggestion
    /// is this key): a missing-key error for them would repeat an error already given.
    pub(crate) mentioned: Vec<&'static str>,
}

/// Where `#[pact_provider(broker = …)]` fetches pacts and what it does with the results;
/// every key but `broker` is optional.
pub(crate) struct BrokerArgs {
    /// The broker's URL, or `None` for `PACT_BROKER_BASE_URL` at run time.
    pub(crate) url: Option<LitStr>,
    /// `selectors = [expr, …]`: each a `ConsumerVersionSelector` expression.
    pub(crate) selectors: Vec<Expr>,
    pub(crate) provider_branch: Option<LitStr>,
    pub(crate) include_pending: Option<syn::LitBool>,
    pub(crate) include_wip_since: Option<LitStr>,
    pub(crate) publish_results: Option<syn::LitBool>,
}

/// One pact source of `#[pact_provider]`.
pub(crate) struct Source {
    pub(crate) kind: SourceKind,
    /// Relative to the crate's directory unless absolute.
    pub(crate) path: LitStr,
}

/// What a [`Source`] path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// `pacts = "dir"`: every pact for the provider in a directory.
    Dir,
    /// `pact = "file.json"`: one pact file.
    File,
}

/// One `key = value` pair as written.
struct Arg {
    key: String,
    /// The key's span, where a key that does not fit the others is reported.
    span: Span,
    value: Expr,
}

/// The pairs with a known key, and the keys [`ProviderArgs::mentioned`] describes.
struct KeyValues {
    args: Vec<Arg>,
    mentioned: Vec<&'static str>,
}

/// Parses `#[pact_consumer(...)]`'s arguments.
pub(crate) fn consumer(args: TokenStream, errors: &Ctxt) -> ConsumerArgs {
    let mut parsed = ConsumerArgs {
        consumer: placeholder(),
        provider: placeholder(),
        spec: None,
        output_dir: None,
        port: None,
        tls: None,
        cors: None,
        krate: None,
    };
    let (mut consumer, mut provider) = (None, None);
    let KeyValues { args, mentioned } = key_values("pact_consumer", CONSUMER_KEYS, args, errors);
    for arg in args {
        match arg.key.as_str() {
            "consumer" => consumer = name(&arg, "web-app", errors),
            "provider" => provider = name(&arg, "user-service", errors),
            "spec" => parsed.spec = spec(&arg, errors),
            "output_dir" => parsed.output_dir = output_dir(arg, errors),
            "port" => parsed.port = port(&arg, errors),
            "tls" => parsed.tls = flag(&arg, errors),
            "cors" => parsed.cors = flag(&arg, errors),
            "crate" => parsed.krate = crate_path(&arg, errors),
            _ => {}
        }
    }
    let example = "e.g. #[pact_consumer(consumer = \"web-app\", provider = \"user-service\")]";
    match consumer {
        Some(consumer) => parsed.consumer = consumer,
        None if mentioned.contains(&"consumer") => {}
        None => errors.syn_error(syn::Error::new(
            Span::call_site(),
            format!(
                "#[pact_consumer] needs `consumer = \"…\"`, the application whose test this is; {example}"
            ),
        )),
    }
    match provider {
        Some(provider) => parsed.provider = provider,
        None if mentioned.contains(&"provider") => {}
        None => errors.syn_error(syn::Error::new(
            Span::call_site(),
            format!(
                "#[pact_consumer] needs `provider = \"…\"`, the service the mock server stands in for; {example}"
            ),
        )),
    }
    parsed
}

/// Parses `#[pact_provider(...)]`'s arguments.
pub(crate) fn provider(args: TokenStream, errors: &Ctxt) -> ProviderArgs {
    let mut parsed = ProviderArgs {
        provider: None,
        sources: Vec::new(),
        base_url: None,
        allow_no_interactions: None,
        krate: None,
        broker: None,
        broker_only: Vec::new(),
        broker_off: false,
        mentioned: Vec::new(),
    };
    let mut broker = BrokerArgs {
        url: None,
        selectors: Vec::new(),
        provider_branch: None,
        include_pending: None,
        include_wip_since: None,
        publish_results: None,
    };
    let mut broker_on = false;
    let KeyValues { args, mentioned } = key_values("pact_provider", PROVIDER_KEYS, args, errors);
    for arg in args {
        match arg.key.as_str() {
            "provider" => parsed.provider = name(&arg, "user-service", errors),
            "pacts" => parsed
                .sources
                .extend(sources(&arg, SourceKind::Dir, errors)),
            "pact" => parsed
                .sources
                .extend(sources(&arg, SourceKind::File, errors)),
            "base_url" => parsed.base_url = base_url(&arg, errors),
            "allow_no_interactions" => parsed.allow_no_interactions = flag(&arg, errors),
            "crate" => parsed.krate = crate_path(&arg, errors),
            "broker" => match broker_url(&arg, errors) {
                Some(BrokerUrl::Given(url)) => {
                    broker.url = Some(url);
                    broker_on = true;
                }
                Some(BrokerUrl::FromEnv) => broker_on = true,
                Some(BrokerUrl::Off) => parsed.broker_off = true,
                None => {}
            },
            key @ ("selectors" | "provider_branch" | "include_pending" | "include_wip_since"
            | "publish_results") => {
                if let Some(known) = BROKER_ONLY_KEYS.iter().find(|k| **k == key) {
                    parsed.broker_only.push((known, arg.span));
                }
                match key {
                    "selectors" => broker.selectors = selectors(&arg, errors),
                    "provider_branch" => broker.provider_branch = name(&arg, "main", errors),
                    "include_pending" => broker.include_pending = flag(&arg, errors),
                    "include_wip_since" => broker.include_wip_since = wip_since(&arg, errors),
                    _ => broker.publish_results = flag(&arg, errors),
                }
            }
            _ => {}
        }
    }
    if broker_on {
        parsed.broker = Some(broker);
    }
    parsed.mentioned = mentioned;
    parsed
}

/// An empty literal standing in for a missing required name, so expansion can go on.
fn placeholder() -> LitStr {
    LitStr::new("", Span::call_site())
}

/// Every `key = value`, with unknown and duplicate keys reported and dropped.
fn key_values(
    macro_name: &str,
    valid: &[&'static str],
    args: TokenStream,
    errors: &Ctxt,
) -> KeyValues {
    let mut found: Vec<Arg> = Vec::new();
    let mut mentioned: Vec<&'static str> = Vec::new();
    let parser = syn::meta::parser(|meta| {
        let key_span = meta.path.span();
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            // `crate` is a keyword, which `get_ident` does not return.
            .or_else(|| meta.path.is_ident("crate").then(|| "crate".to_owned()))
            .unwrap_or_else(|| {
                let path = &meta.path;
                quote::quote!(#path).to_string().replace(' ', "")
            });
        let known = valid.iter().find(|valid| **valid == key);
        mentioned.extend(known.copied().or_else(|| did_you_mean(&key, valid)));
        if !meta.input.peek(Token![=]) {
            let hint = if valid.contains(&key.as_str()) {
                format!("`{key}` needs a value: `{key} = \"…\"`")
            } else {
                unknown_key_message(macro_name, &key, valid)
            };
            errors.syn_error(syn::Error::new(key_span, hint));
            // Skip a `(…)` list so the following keys are still read.
            if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
                let _: proc_macro2::TokenTree = meta.input.parse()?;
            }
            return Ok(());
        }
        let value: Expr = meta.value()?.parse()?;
        if !valid.contains(&key.as_str()) {
            errors.syn_error(syn::Error::new(
                key_span,
                unknown_key_message(macro_name, &key, valid),
            ));
        } else if found.iter().any(|arg| arg.key == key) {
            errors.syn_error(syn::Error::new(
                key_span,
                format!("`{key}` is given twice in #[{macro_name}]; keep one"),
            ));
        } else {
            found.push(Arg {
                key,
                span: key_span,
                value,
            });
        }
        Ok(())
    });
    if let Err(error) = parser.parse2(args) {
        errors.syn_error(error);
    }
    KeyValues {
        args: found,
        mentioned,
    }
}

fn unknown_key_message(macro_name: &str, key: &str, valid: &[&str]) -> String {
    let suggestion = did_you_mean(key, valid)
        .map(|near| format!("did you mean `{near}`? "))
        .unwrap_or_default();
    format!(
        "unknown key `{key}` in #[{macro_name}]; {suggestion}the keys are: {}",
        valid.join(", ")
    )
}

/// The valid key closest to `key`, when it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(key: &str, valid: &[&'a str]) -> Option<&'a str> {
    let key = key.to_lowercase();
    valid
        .iter()
        .map(|candidate| (edit_distance(&key, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over chars; keys are short, so the quadratic table is fine.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The value as a string literal, or an error saying what to write instead.
fn string(arg: &Arg, example: &str, errors: &Ctxt) -> Option<LitStr> {
    match &arg.value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Some(lit.clone()),
        other => {
            errors.syn_error(syn::Error::new_spanned(
                other,
                format!(
                    "`{}` takes a string literal, e.g. `{} = \"{example}\"`",
                    arg.key, arg.key
                ),
            ));
            None
        }
    }
}

/// A pacticipant name: a non-empty string literal.
fn name(arg: &Arg, example: &str, errors: &Ctxt) -> Option<LitStr> {
    let lit = string(arg, example, errors)?;
    if lit.value().trim().is_empty() {
        errors.syn_error(syn::Error::new(
            lit.span(),
            format!(
                "`{}` cannot be empty: the name goes into the pact and its file name",
                arg.key
            ),
        ));
        return None;
    }
    Some(lit)
}

/// A port number: an integer literal from 1 to 65535.
fn port(arg: &Arg, errors: &Ctxt) -> Option<syn::LitInt> {
    let message = "`port` takes a port number from 1 to 65535, e.g. `port = 8080` (leave it out for a free port)";
    match &arg.value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        }) => match lit.base10_parse::<u16>() {
            Ok(port) if port != 0 => Some(lit.clone()),
            _ => {
                errors.syn_error(syn::Error::new(lit.span(), message));
                None
            }
        },
        other => {
            errors.syn_error(syn::Error::new_spanned(other, message));
            None
        }
    }
}

/// A switch: `true` or `false`.
fn flag(arg: &Arg, errors: &Ctxt) -> Option<syn::LitBool> {
    match &arg.value {
        Expr::Lit(ExprLit {
            lit: Lit::Bool(lit),
            ..
        }) => Some(lit.clone()),
        other => {
            errors.syn_error(syn::Error::new_spanned(
                other,
                format!(
                    "`{}` takes `true` or `false`, e.g. `{} = true`",
                    arg.key, arg.key
                ),
            ));
            None
        }
    }
}

fn spec(arg: &Arg, errors: &Ctxt) -> Option<syn::Ident> {
    let lit = string(arg, "V4", errors)?;
    let value = lit.value();
    if SPEC_VERSIONS.contains(&value.as_str()) {
        return Some(syn::Ident::new(&value, lit.span()));
    }
    // "v3", "3", "3.0.0" are near misses worth naming.
    let normalized = value.trim().trim_start_matches(['v', 'V']);
    let major = normalized.split('.').next().unwrap_or_default();
    let hint = SPEC_VERSIONS
        .iter()
        .find(|v| v[1..] == *major)
        .map(|v| format!("did you mean \"{v}\"? "))
        .unwrap_or_default();
    errors.syn_error(syn::Error::new(
        lit.span(),
        format!(
            "unknown pact specification version \"{value}\"; {hint}use \"V2\", \"V3\" or \"V4\" (the default)"
        ),
    ));
    None
}

fn output_dir(arg: Arg, errors: &Ctxt) -> Option<OutputDir> {
    match arg.value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            if lit.value().is_empty() {
                errors.syn_error(syn::Error::new(
                    lit.span(),
                    "`output_dir` cannot be empty; leave it out to use $PACT_OUTPUT_DIR or target/pacts",
                ));
                return None;
            }
            Some(OutputDir::Literal(lit))
        }
        Expr::Lit(other) => {
            errors.syn_error(syn::Error::new_spanned(
                other,
                "`output_dir` takes a path as a string literal, e.g. `output_dir = \"target/pacts\"`, \
                 or an expression such as `concat!(env!(\"CARGO_TARGET_TMPDIR\"), \"/pacts\")`",
            ));
            None
        }
        expr => Some(OutputDir::Expr(expr)),
    }
}

fn crate_path(arg: &Arg, errors: &Ctxt) -> Option<syn::Path> {
    let lit = string(arg, "my_crate::pact", errors)?;
    match lit.parse_with(syn::Path::parse_mod_style) {
        Ok(path) => Some(respan_path(path, lit.span())),
        Err(_) => {
            errors.syn_error(syn::Error::new(
                lit.span(),
                format!(
                    "`crate` takes the path pact_runtime is re-exported at, e.g. \
                     `crate = \"my_crate::pact\"`; \"{}\" is not a path",
                    lit.value()
                ),
            ));
            None
        }
    }
}

/// The path with every segment spanned at the user's literal, so a wrong path is reported
/// there.
fn respan_path(mut path: syn::Path, span: Span) -> syn::Path {
    for segment in &mut path.segments {
        segment.ident.set_span(span);
    }
    path
}

fn sources(arg: &Arg, kind: SourceKind, errors: &Ctxt) -> Vec<Source> {
    let example = match kind {
        SourceKind::Dir => "../pacts",
        SourceKind::File => "pacts/web-app-user-service.json",
    };
    let wrong_type = |expr: &Expr| {
        syn::Error::new_spanned(
            expr,
            format!(
                "`{key}` takes a path as a string literal or a list of them, e.g. \
                 `{key} = \"{example}\"` or `{key} = [\"{example}\", …]`",
                key = arg.key
            ),
        )
    };
    let literals: Vec<&Expr> = match &arg.value {
        Expr::Array(array) => {
            if array.elems.is_empty() {
                errors.syn_error(syn::Error::new_spanned(
                    array,
                    format!("`{}` needs at least one path", arg.key),
                ));
            }
            array.elems.iter().collect()
        }
        single => vec![single],
    };
    let mut found = Vec::new();
    for expr in literals {
        match expr {
            Expr::Lit(ExprLit {
                lit: Lit::Str(lit), ..
            }) if !lit.value().is_empty() => found.push(Source {
                kind,
                path: lit.clone(),
            }),
            other => errors.syn_error(wrong_type(other)),
        }
    }
    found
}

fn base_url(arg: &Arg, errors: &Ctxt) -> Option<LitStr> {
    let lit = string(arg, "http://127.0.0.1:8080", errors)?;
    let value = lit.value();
    if value.starts_with("http://") || value.starts_with("https://") {
        return Some(lit);
    }
    errors.syn_error(syn::Error::new(
        lit.span(),
        format!(
            "`base_url` is the provider's address, an http:// or https:// URL such as \
             \"http://127.0.0.1:8080\"; found \"{value}\""
        ),
    ));
    None
}

/// What `broker = …` says.
enum BrokerUrl {
    /// `broker = "https://…"`.
    Given(LitStr),
    /// `broker = true`: `PACT_BROKER_BASE_URL` at run time.
    FromEnv,
    /// `broker = false`: as if the key were absent.
    Off,
}

fn broker_url(arg: &Arg, errors: &Ctxt) -> Option<BrokerUrl> {
    let message = "`broker` takes the Pact Broker's URL, e.g. `broker = \"https://broker.example\"`, \
                   or `broker = true` to read $PACT_BROKER_BASE_URL when the test runs; the \
                   credentials always come from $PACT_BROKER_TOKEN or \
                   $PACT_BROKER_USERNAME/$PACT_BROKER_PASSWORD";
    match &arg.value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
            let value = lit.value();
            if value.starts_with("http://") || value.starts_with("https://") {
                Some(BrokerUrl::Given(lit.clone()))
            } else {
                errors.syn_error(syn::Error::new(
                    lit.span(),
                    format!("{message}; found \"{value}\""),
                ));
                None
            }
        }
        Expr::Lit(ExprLit {
            lit: Lit::Bool(lit),
            ..
        }) => Some(if lit.value {
            BrokerUrl::FromEnv
        } else {
            BrokerUrl::Off
        }),
        other => {
            errors.syn_error(syn::Error::new_spanned(other, message));
            None
        }
    }
}

/// `selectors = [expr, …]`: the expressions, type-checked as `ConsumerVersionSelector`s
/// by the compiler where they are used.
fn selectors(arg: &Arg, errors: &Ctxt) -> Vec<Expr> {
    let example = "e.g. `selectors = [ConsumerVersionSelector::main_branch(), \
                   ConsumerVersionSelector::deployed_or_released()]`";
    match &arg.value {
        Expr::Array(array) if array.elems.is_empty() => {
            errors.syn_error(syn::Error::new_spanned(
                array,
                format!(
                    "`selectors` needs at least one selector (leave it out for the broker's \
                     default), {example}"
                ),
            ));
            Vec::new()
        }
        Expr::Array(array) => array.elems.iter().cloned().collect(),
        other => {
            errors.syn_error(syn::Error::new_spanned(
                other,
                format!("`selectors` takes a list of consumer version selectors, {example}"),
            ));
            Vec::new()
        }
    }
}

/// A `YYYY-MM-DD` date, as the broker's `includeWipPactsSince` takes.
fn wip_since(arg: &Arg, errors: &Ctxt) -> Option<LitStr> {
    let lit = string(arg, "2024-01-01", errors)?;
    let value = lit.value();
    let parts: Vec<&str> = value.split('-').collect();
    let number = |text: &str, digits: usize, range: std::ops::RangeInclusive<u32>| {
        text.len() == digits
            && text.bytes().all(|b| b.is_ascii_digit())
            && text.parse::<u32>().is_ok_and(|n| range.contains(&n))
    };
    let valid = matches!(parts.as_slice(), [year, month, day]
        if number(year, 4, 1..=9999) && number(month, 2, 1..=12) && number(day, 2, 1..=31));
    if valid {
        return Some(lit);
    }
    errors.syn_error(syn::Error::new(
        lit.span(),
        format!(
            "`include_wip_since` takes the date work-in-progress pacts are included from, \
             as YYYY-MM-DD (e.g. \"2024-01-01\"); found \"{value}\""
        ),
    ));
    None
}

#[cfg(test)]
#[path = "args_tests.rs"]
mod tests;
