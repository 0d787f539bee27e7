//! `check` on `parse_quote!` inputs: each rule's message, and that valid inputs pass.

use syn::DeriveInput;

use super::*;
use crate::derive::model::Container;

/// Every message `check` (and attribute parsing) records for `input`.
fn messages(input: DeriveInput) -> Vec<String> {
    let cx = Ctxt::new();
    let container = Container::from_ast(&cx, &input);
    check(&cx, &container);
    drop(container);
    match cx.check() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.into_iter().map(|e| e.to_string()).collect(),
    }
}

fn one_message(input: DeriveInput) -> String {
    let messages = messages(input);
    assert_eq!(messages.len(), 1, "{messages:#?}");
    messages.into_iter().next().unwrap_or_default()
}

#[test]
fn a_dto_using_every_key_correctly_passes() {
    let input = syn::parse_quote! {
        #[pact(rename_all = "camelCase", crate = "my::pact_runtime")]
        struct Dto<T> {
            #[pact(example = 42)] id: u64,
            #[pact(example = 1)] price: f64,
            #[pact(example = "2000-01-01", regex = r"^\d{4}-\d{2}-\d{2}$")] born: String,
            #[pact(min = 1, max = 3, example = "x")] tags: Vec<String>,
            #[pact(format = "dd/MM/yyyy", example = "31/12/2024")] due: chrono::NaiveDate,
            #[pact(matcher = "date", format = "yyyy", example = "2024")] year: String,
            #[pact(matcher = "type")] nested: T,
            #[pact(skip)] cache: u8,
            #[pact(min = 2)] aliased: Tags,
        }
    };
    assert_eq!(messages(input), Vec::<String>::new());
}

#[test]
fn a_regex_that_does_not_compile_names_the_problem_and_its_position() {
    let message = one_message(syn::parse_quote! {
        struct A { #[pact(example = "1", regex = r"\d{4")] a: String }
    });
    assert_eq!(
        message,
        r#"`regex` does not compile: unclosed counted repetition at character 3 of "\\d{4""#
    );
}

#[test]
fn look_around_compiles_as_the_engine_compiles_it() {
    let ok = messages(syn::parse_quote! {
        struct A { #[pact(example = "ab", regex = r"a(?=b)b")] a: String }
    });
    assert_eq!(ok, Vec::<String>::new());
    let message = one_message(syn::parse_quote! {
        struct A { #[pact(example = "ac", regex = r"a(?=b)\w")] a: String }
    });
    assert!(
        message.starts_with("the example \"ac\" does not match"),
        "{message}"
    );
}

#[test]
fn the_example_must_match_the_whole_regex() {
    let message = one_message(syn::parse_quote! {
        struct A { #[pact(example = "x2024-01", regex = r"\d{4}-\d{2}")] a: String }
    });
    assert_eq!(
        message,
        r#"the example "x2024-01" does not match `regex = "\\d{4}-\\d{2}"` (the whole value must match): change the example or the regex"#
    );
}

#[test]
fn a_regex_needs_a_string_example() {
    assert!(
        one_message(syn::parse_quote! {
            struct A { #[pact(regex = "a")] a: String }
        })
        .starts_with("`regex` needs `example = \"…\"` too")
    );
    assert!(
        one_message(syn::parse_quote! {
            struct A { #[pact(regex = "1", example = 1)] a: String }
        })
        .starts_with("a regex matches strings: write the example as one, `example = \"1\"`")
    );
}

#[test]
fn an_example_of_the_wrong_kind_names_the_type_and_the_fix() {
    let messages = messages(syn::parse_quote! {
        struct A {
            #[pact(example = 42)] name: String,
            #[pact(example = 1.5)] id: Option<u64>,
            #[pact(example = "yes")] on: bool,
        }
    });
    assert_eq!(
        messages,
        [
            "`example = 42` is an integer, but `name` is `String`: write `example = \"42\"`",
            "`example = 1.5` is a decimal number, but `id` is `u64`: write a whole number, e.g. `example = 42`",
            "`example = \"yes\"` is a string, but `on` is `bool`: write `example = true` or `example = false`",
        ]
    );
}

#[test]
fn min_max_rules() {
    assert_eq!(
        one_message(syn::parse_quote! {
            struct A { #[pact(min = 3, max = 2)] a: Vec<u8> }
        }),
        "`min = 3` is greater than `max = 2`: no array could match; lower `min` or raise `max`"
    );
    assert_eq!(
        one_message(syn::parse_quote! {
            struct A { #[pact(min = 1)] roles: HashMap<String, Role> }
        }),
        "`min` needs a sequence field (Vec, VecDeque, array, slice or set); `roles` is `HashMap<String, Role>`"
    );
    assert!(
        one_message(syn::parse_quote! {
            struct A { #[pact(max = 0)] a: Vec<u8> }
        })
        .starts_with("`max = 0` allows only empty arrays")
    );
}

#[test]
fn format_needs_a_date_and_an_example() {
    assert_eq!(
        one_message(syn::parse_quote! {
            struct A { #[pact(format = "yyyy", example = "2024")] a: String }
        }),
        "`format` needs a date or time field (chrono's `NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime`) or `matcher = \"date\" | \"time\" | \"datetime\"`; `a` is `String`"
    );
    assert!(
        one_message(syn::parse_quote! {
            struct A { #[pact(format = "yyyy")] a: chrono::NaiveDate }
        })
        .starts_with("`format = \"yyyy\"` needs `example = \"…\"`")
    );
    assert!(
        one_message(syn::parse_quote! {
            struct A { #[pact(matcher = "integer", format = "yyyy", example = 1)] a: u32 }
        })
        .starts_with("`format` goes with `matcher = \"date\"")
    );
}

#[test]
fn matchers_must_fit_the_example_and_the_type() {
    assert_eq!(
        one_message(syn::parse_quote! {
            struct A { #[pact(matcher = "integer", example = "x")] a: u32 }
        }),
        "`matcher = \"integer\"` needs an integer as its example, not a string"
    );
    assert!(
        one_message(syn::parse_quote! {
            struct A { #[pact(matcher = "boolean")] a: String }
        })
        .starts_with("`matcher = \"boolean\"` cannot match `a`, which is `String`")
    );
    assert!(
        one_message(syn::parse_quote! {
            struct A { #[pact(matcher = "date")] a: String }
        })
        .starts_with("`matcher = \"date\"` needs `format = \"…\"`")
    );
    assert!(
        one_message(syn::parse_quote! {
            struct A { #[pact(matcher = "type", regex = "a", example = "a")] a: String }
        })
        .starts_with("`regex` and `matcher` cannot be combined")
    );
}

#[test]
fn unknown_keys_and_matchers_suggest_the_nearest() {
    let messages = messages(syn::parse_quote! {
        #[pact(rename_al = "camelCase")]
        struct A {
            #[pact(exmaple = 1)] a: u8,
            #[pact(matcher = "integr")] b: u8,
            #[pact(matcher = "regex")] c: String,
        }
    });
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].starts_with(
        "unknown key `rename_al` in `#[pact(...)]` on a struct or enum (did you mean `rename_all`?); expected one of: crate, rename_all"
    ));
    assert!(messages[1].contains("(did you mean `example`?); expected one of: example, regex, min, max, format, matcher, nullable, skip, rename"));
    assert!(messages[2].starts_with("unknown matcher `integr` (did you mean `integer`?)"));
    assert!(messages[3].starts_with("`matcher = \"regex\"` is written `regex = \"…\"`"));
}

#[test]
fn shapes_without_a_pact_representation_say_what_is_supported() {
    assert!(
        one_message(syn::parse_quote! {
            union U { a: u8 }
        })
        .contains("supported: structs with named fields, tuple structs")
    );
    let messages = messages(syn::parse_quote! {
        enum Shape { Empty, Circle { r: f64 }, Square(f64) }
    });
    assert_eq!(messages.len(), 2);
    assert!(messages[0].starts_with("variant `Circle` carries data"));
    assert!(
        one_message(syn::parse_quote! {
            #[serde(untagged)] enum E { A, B }
        })
        .starts_with("`#[serde(untagged)]` unit variants all serialize as null")
    );
    assert!(
        one_message(syn::parse_quote! {
            enum Never {}
        })
        .starts_with("`Never` has no serialized variant")
    );
}

#[test]
fn keys_that_cannot_take_effect_are_reported() {
    let messages = messages(syn::parse_quote! {
        struct A {
            #[pact(skip, example = 1)] a: u8,
            #[serde(flatten)] #[pact(min = 1)] b: B,
            #[serde(rename = "x")] #[pact(rename = "y")] c: u8,
            d: u8,
            #[serde(rename = "d")] e: u8,
        }
    });
    assert_eq!(
        messages,
        [
            "`#[pact(skip)]` leaves `a` out of the pact, so `example` has no effect: remove `example`",
            "`#[serde(flatten)]` inlines the fields of `B`, which take their patterns from their own `#[pact(...)]` keys: move `min` to those fields",
            "`#[pact(rename = \"y\")]` disagrees with `#[serde(rename = \"x\")]`; the pact must describe the JSON serde writes: remove `rename` from `#[pact(...)]`",
            "`d` and `e` both serialize as the key \"d\": rename one of them",
        ]
    );
}

#[test]
fn type_names_are_printed_as_written() {
    let ty: syn::Type = syn::parse_quote!(HashMap<String, Vec<&'a [u8; 4]>>);
    assert_eq!(type_name(&ty), "HashMap<String, Vec<&'a [u8; 4]>>");
    let ty: syn::Type = syn::parse_quote!(std::option::Option<T>);
    assert_eq!(type_name(&ty), "std::option::Option<T>");
}
