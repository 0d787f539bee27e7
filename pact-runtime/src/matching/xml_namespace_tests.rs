//! Namespaces in XML bodies and in the rule paths written for them.

use crate::model::{Category, MatchingRule, MatchingRules};

use super::*;

fn rules(entries: &[(&str, MatchingRule)]) -> MatchingRules {
    let mut rules = MatchingRules::new();
    for (path, rule) in entries {
        let path = path.parse().expect("a valid rule path");
        rules.add(Category::Body, path, rule.clone());
    }
    rules
}

fn check(expected: &str, actual: &str, rules: &MatchingRules) -> Vec<String> {
    match_xml(
        expected,
        actual,
        Rules::new(rules.category(Category::Body)),
        UnexpectedKeys::Reject,
        "request body",
    )
    .into_iter()
    .map(|m| m.message())
    .collect()
}

const ORDER: &str =
    r#"<ns1:order xmlns:ns1="urn:orders"><ns1:item ns1:id="1">apple</ns1:item></ns1:order>"#;

fn order_rules() -> MatchingRules {
    rules(&[
        ("$.ns1:order.ns1:item", MatchingRule::MinType(1)),
        ("$.ns1:order.ns1:item[*].@ns1:id", MatchingRule::Integer),
    ])
}

#[test]
fn a_prefixed_rule_applies_where_the_actual_uses_another_prefix_for_the_same_uri() {
    let actual = r#"<o:order xmlns:o="urn:orders"><o:item o:id="42">pear</o:item><o:item o:id="7">fig</o:item></o:order>"#;
    assert_eq!(check(ORDER, actual, &order_rules()), Vec::<String>::new());

    let bad = r#"<o:order xmlns:o="urn:orders"><o:item o:id="42">pear</o:item><o:item o:id="x7">fig</o:item></o:order>"#;
    assert_eq!(
        check(ORDER, bad, &order_rules()),
        [r#"$.order.item[1].@id: expected an integer, found "x7""#]
    );
}

#[test]
fn a_prefixed_rule_applies_where_the_actual_uses_the_default_namespace() {
    // Attributes never take the default namespace, so the actual still needs a prefix
    // for `id`; the elements take theirs from `xmlns`.
    let actual = r#"<order xmlns="urn:orders" xmlns:q="urn:orders"><item q:id="42">pear</item><item q:id="8">fig</item></order>"#;
    assert_eq!(check(ORDER, actual, &order_rules()), Vec::<String>::new());
    let unqualified_id = r#"<order xmlns="urn:orders"><item id="42">pear</item></order>"#;
    assert_eq!(
        check(ORDER, unqualified_id, &order_rules()),
        [
            r#"$.order.item[0].@id: expected attribute id="1" but it was missing"#,
            r#"$.order.item[0].@id: unexpected attribute id="42" in request body"#,
        ]
    );
}

#[test]
fn the_same_prefix_bound_to_another_uri_is_another_element_whatever_the_rules() {
    let other_root =
        r#"<ns1:order xmlns:ns1="urn:other"><ns1:item ns1:id="42">pear</ns1:item></ns1:order>"#;
    assert_eq!(
        check(ORDER, other_root, &order_rules()),
        ["$.order: expected element <{urn:orders}order> but found <{urn:other}order>"]
    );
    let other_item = r#"<ns1:order xmlns:ns1="urn:orders"><ns1:item xmlns:ns1="urn:other" ns1:id="42">pear</ns1:item></ns1:order>"#;
    let messages = check(ORDER, other_item, &order_rules());
    assert_eq!(
        messages,
        [
            "$.order.item: expected child <{urn:orders}item/> but was missing (min = 1); found <{urn:other}item> in another namespace",
            "$.order.item[0]: unexpected element <{urn:other}item> in request body",
        ]
    );
}

#[test]
fn a_prefix_in_a_rule_means_what_the_expected_document_binds_it_to() {
    // The actual swaps the two prefixes: `b:v` there is in `urn:x`, but the rule means
    // the expected document's `b`, `urn:y`, which is where `v` is in both documents.
    let expected = r#"<a:root xmlns:a="urn:x" xmlns:b="urn:y"><b:v>1</b:v></a:root>"#;
    let actual = r#"<b:root xmlns:b="urn:x" xmlns:a="urn:y"><a:v>22</a:v></b:root>"#;
    let by_expected = rules(&[("$.a:root.b:v", MatchingRule::Regex(r"^\d+$".into()))]);
    assert_eq!(check(expected, actual, &by_expected), Vec::<String>::new());
    // Read with the actual document's bindings the same path names nothing, and the texts
    // compare by equality.
    let by_actual = rules(&[("$.b:root.a:v", MatchingRule::Regex(r"^\d+$".into()))]);
    assert_eq!(
        check(expected, actual, &by_actual),
        [r##"$.root.v[0].#text: expected "1", found "22""##]
    );
}

#[test]
fn prefixed_rules_resolve_on_nested_elements_in_their_own_scope() {
    // `p` is bound twice in the expected document; the rule means the second binding.
    let expected = r#"<root><p:a xmlns:p="urn:1"><p:v>1</p:v></p:a><p:b xmlns:p="urn:2"><p:v>1</p:v></p:b></root>"#;
    let actual = r#"<root><x:a xmlns:x="urn:1"><x:v>5</x:v></x:a><y:b xmlns:y="urn:2"><y:v>5</y:v></y:b></root>"#;
    let rules = rules(&[("$.root.p:b.p:v.#text", MatchingRule::Integer)]);
    assert_eq!(
        check(expected, actual, &rules),
        [r##"$.root.a[0].v[0].#text: expected "1", found "5""##]
    );
}

#[test]
fn a_prefixed_attribute_rule_leaves_the_unprefixed_attribute_of_the_same_name_alone() {
    let expected = r#"<r xmlns:n="urn:n" n:id="1" id="abc"/>"#;
    let rules = rules(&[("$.r.@n:id", MatchingRule::Integer)]);
    assert!(
        check(
            expected,
            r#"<r xmlns:m="urn:n" m:id="42" id="abc"/>"#,
            &rules
        )
        .is_empty()
    );
    assert_eq!(
        check(
            expected,
            r#"<r xmlns:m="urn:n" m:id="42" id="xyz"/>"#,
            &rules
        ),
        [r#"$.r.@id: expected "abc", found "xyz""#]
    );
}

#[test]
fn uri_and_clark_notations_name_namespaced_nodes_too() {
    let expected =
        r#"<ns:foo xmlns:ns="urn:ns"><ns:something ns:n="1">101</ns:something></ns:foo>"#;
    let actual = r#"<a:foo xmlns:a="urn:ns"><a:something a:n="2">100</a:something></a:foo>"#;
    for (text_path, attribute_path) in [
        (
            "$['urn:ns:foo']['urn:ns:something']['#text']",
            "$['urn:ns:foo']['urn:ns:something']['@urn:ns:n']",
        ),
        (
            "$['{urn:ns}foo']['{urn:ns}something']['#text']",
            "$['{urn:ns}foo']['{urn:ns}something']['@{urn:ns}n']",
        ),
    ] {
        let rules = rules(&[
            (text_path, MatchingRule::Regex("^[0-9]+$".into())),
            (attribute_path, MatchingRule::Integer),
        ]);
        assert_eq!(
            check(expected, actual, &rules),
            Vec::<String>::new(),
            "{text_path}"
        );
    }
}

#[test]
fn an_unprefixed_rule_name_is_a_local_name_in_any_namespace() {
    // As the mismatch paths are written: a path copied from a report selects its node.
    let rules = rules(&[("$.order.item[0].@id", MatchingRule::Integer)]);
    let actual = r#"<o:order xmlns:o="urn:orders"><o:item o:id="9">apple</o:item></o:order>"#;
    assert!(check(ORDER, actual, &rules).is_empty());
}

#[test]
fn a_rule_with_an_undeclared_prefix_selects_nothing() {
    let rules = rules(&[("$.ns9:order.ns9:item.@ns9:id", MatchingRule::Integer)]);
    let actual = r#"<o:order xmlns:o="urn:orders"><o:item o:id="9">apple</o:item></o:order>"#;
    assert_eq!(
        check(ORDER, actual, &rules),
        [r#"$.order.item[0].@id: expected "1", found "9""#]
    );
}

/// Issue 11, D8: a shop whose `item` group has `min = 1`; `price` has no rule of its own.
const SHOP: &str = r#"<s:shop xmlns:s="urn:shop" xmlns:p="urn:price"><s:item><s:sku>A1</s:sku><p:price>3</p:price></s:item></s:shop>"#;

fn shop_rules() -> MatchingRules {
    rules(&[("$.s:shop.s:item", MatchingRule::MinType(1))])
}

#[test]
fn an_element_in_the_wrong_namespace_is_named_missing_without_the_parents_minimum() {
    for (wrong, other) in [
        (
            r#"<s:shop xmlns:s="urn:shop"><s:item><s:sku>B2</s:sku><s:price>4</s:price></s:item></s:shop>"#,
            "<{urn:shop}price>",
        ),
        (
            r#"<s:shop xmlns:s="urn:shop"><s:item><s:sku>B2</s:sku><price>4</price></s:item></s:shop>"#,
            "<price>",
        ),
        (
            r#"<s:shop xmlns:s="urn:shop" xmlns:q="urn:elsewhere"><s:item><s:sku>B2</s:sku><q:price>4</q:price></s:item></s:shop>"#,
            "<{urn:elsewhere}price>",
        ),
    ] {
        let messages = check(SHOP, wrong, &shop_rules());

        let expected = format!(
            "$.shop.item[0].price: expected child <{{urn:price}}price/> but was missing; \
             found {other} in another namespace"
        );
        assert_eq!(messages[0], expected, "{messages:#?}");
        assert!(
            messages.iter().all(|m| !m.contains("min = 1")),
            "{messages:#?}"
        );
    }
}

#[test]
fn a_required_group_with_no_elements_is_named_at_its_path_without_an_index() {
    let no_items = r#"<s:shop xmlns:s="urn:shop"></s:shop>"#;
    assert_eq!(
        check(SHOP, no_items, &shop_rules()),
        ["$.shop.item: expected child <{urn:shop}item/> but was missing (min = 1)"]
    );
    let two = rules(&[(
        "$.s:shop.s:item",
        MatchingRule::MinMaxType { min: 2, max: 5 },
    )]);
    assert_eq!(
        check(SHOP, no_items, &two),
        ["$.shop.item: expected child <{urn:shop}item/> but was missing (min = 2)"]
    );
    // Some elements but too few: the count, at the group's first element.
    let one = r#"<s:shop xmlns:s="urn:shop" xmlns:p="urn:price"><s:item><s:sku>A1</s:sku><p:price>3</p:price></s:item></s:shop>"#;
    assert_eq!(
        check(SHOP, one, &two),
        ["$.shop.item[0]: <{urn:shop}item> expected at least 2 elements (min = 2), found 1"]
    );
}
