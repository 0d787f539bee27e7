//! Attribute parsing on `parse_quote!` inputs: values, spans kept, errors accumulated.

use super::*;
use crate::derive::suggest::edit_distance;

#[test]
fn a_near_miss_is_suggested_and_a_far_one_is_not() {
    let keys = ["example", "regex", "min", "max"];
    assert_eq!(
        did_you_mean("exmaple", keys.iter().copied()),
        " (did you mean `example`?)"
    );
    assert_eq!(
        did_you_mean("regx", keys.iter().copied()),
        " (did you mean `regex`?)"
    );
    assert_eq!(did_you_mean("colour", keys.iter().copied()), "");
}

#[test]
fn edit_distance_counts_insertions_deletions_and_substitutions() {
    assert_eq!(edit_distance("min", "min"), 0);
    assert_eq!(edit_distance("mn", "min"), 1);
    assert_eq!(edit_distance("mix", "max"), 1);
    assert_eq!(edit_distance("", "abc"), 3);
}

#[test]
fn every_pact_key_and_its_value_are_read_with_spans() {
    let cx = Ctxt::new();
    let field: syn::Field = syn::parse_quote! {
        #[pact(example = "2000-01", regex = r"\d{4}-\d{2}", nullable)]
        #[pact(min = 1, max = 3, format = "yyyy-MM", matcher = "date", rename = "m")]
        month: String
    };
    let attrs = FieldAttrs::parse(&cx, &field.attrs);
    cx.check().expect("no error");
    assert_eq!(
        attrs.example.as_ref().map(|e| e.value.kind),
        Some(LitKind::Str)
    );
    assert_eq!(
        attrs.regex.map(|r| r.value),
        Some(r"\d{4}-\d{2}".to_owned())
    );
    assert_eq!(attrs.min.map(|m| m.value), Some(1));
    assert_eq!(attrs.max.map(|m| m.value), Some(3));
    assert_eq!(attrs.format.map(|f| f.value), Some("yyyy-MM".to_owned()));
    assert_eq!(attrs.matcher.map(|m| m.value), Some(MatcherKind::Date));
    assert!(attrs.nullable.is_some());
    assert_eq!(attrs.rename.map(|r| r.value), Some("m".to_owned()));
}

#[test]
fn serde_keys_that_change_the_json_are_read_and_the_others_skipped() {
    let cx = Ctxt::new();
    let field: syn::Field = syn::parse_quote! {
        #[serde(rename(serialize = "userName", deserialize = "user_name"), with = "x", skip_serializing_if = "Option::is_none")]
        user: Option<String>
    };
    let attrs = FieldAttrs::parse(&cx, &field.attrs);
    cx.check().expect("no error");
    assert_eq!(
        attrs.serde_rename.map(|r| r.value),
        Some("userName".to_owned())
    );
    assert!(attrs.optional);
    assert!(!attrs.serde_skip);
}

#[test]
fn every_bad_key_of_one_attribute_is_reported_not_only_the_first() {
    let cx = Ctxt::new();
    let field: syn::Field = syn::parse_quote! {
        #[pact(exmaple = 1, min = "two", skip = true, regex = "a", regex = "b")]
        x: String
    };
    FieldAttrs::parse(&cx, &field.attrs);
    let error = cx.check().expect_err("errors");
    let messages: Vec<String> = error.into_iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].contains("did you mean `example`?"));
    assert!(messages[1].contains("`min` takes a whole number"));
    assert!(messages[2].contains("`skip` takes no value"));
    assert!(messages[3].contains("duplicate `regex`"));
}

#[test]
fn a_negative_number_is_an_example_and_an_expression_is_not() {
    let cx = Ctxt::new();
    let ok: Expr = syn::parse_quote!(-1.5);
    let example = example_literal(&cx, &ok).expect("a literal");
    assert_eq!(
        (example.kind, example.text.as_str()),
        (LitKind::Float, "-1.5")
    );
    let bad: Expr = syn::parse_quote!(some_fn());
    assert!(example_literal(&cx, &bad).is_none());
    let error = cx.check().expect_err("an error");
    assert!(error.to_string().contains("`example` takes a literal"));
}
