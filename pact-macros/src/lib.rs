//! Procedural macros for `pact-runtime`: `#[derive(PactMatch)]`, `#[pact_consumer]` and
//! `#[pact_provider]`.
//!
//! Users depend on `pact-runtime`, which re-exports this crate; the macros are sugar over
//! its public API and emit paths under `::pact_runtime::__private` only, so anything they
//! generate can be written by hand. Each macro is parsed into a model, checked, then
//! expanded (`derive/`, `harness/`); errors are gathered in a `Ctxt` and reported at the
//! offending token, beside a fallback expansion so users see one error, not thirty. The
//! documentation with examples lives on the re-exports in `pact_runtime`.

mod ctxt;
mod derive;
mod dummy;
mod harness;
mod symbol;

/// `#[pact_consumer]`, implemented here and used through `pact_runtime`, whose re-export
/// carries the documentation and examples.
#[proc_macro_attribute]
pub fn pact_consumer(
    args: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    harness::pact_consumer(args.into(), item.into()).into()
}

/// `#[pact_provider]`, implemented here and used through `pact_runtime`, whose re-export
/// carries the documentation and examples.
#[proc_macro_attribute]
pub fn pact_provider(
    args: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    harness::pact_provider(args.into(), item.into()).into()
}

/// Derives `pact_runtime::PactMatch`: the type's pattern (an example value and its matching
/// rules) follows the type, so the data-transfer object is the single source of truth of
/// the contract.
///
/// Fields take their matcher from their type (strings and nested types by type, integers
/// as integers, `Vec` as each-like with at least one element, …); `#[pact(...)]` refines
/// it with `example`, `regex`, `min`, `max`, `format`, `matcher`, `nullable`, `skip` and
/// `rename`, and `#[serde(...)]` renames, skips and flattens are followed so the pact
/// describes the JSON serde writes. Regexes, examples and bounds are checked at compile
/// time. The attribute reference, with an example of each key, is on the trait:
/// `pact_runtime::PactMatch`.
#[proc_macro_derive(PactMatch, attributes(pact))]
pub fn derive_pact_match(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive::derive(&input).into()
}
