//! How rule paths name the nodes of an XML body, namespaces included.
//!
//! A node is an element, an attribute (`@name`) or an element's text (`#text`). Pact
//! implementations write rule paths for it in several notations, so a rule applies when
//! its path matches the node in any of them (see [`XmlRules::own`]).
//!
//! A name in a rule path is compared with a node's expanded name (namespace URI, local
//! name), never with the prefix the actual document happens to use:
//! - `ns1:order` (or `@ns1:id`) names the element (attribute) whose local name is `order`
//!   and whose namespace is the URI `ns1` is bound to in the **expected** document, where
//!   that element is. The actual document may bind another prefix, or the default
//!   namespace, to the same URI; the same prefix bound to another URI there is another
//!   element, and a mismatch.
//! - `urn:x:order` (the URI, then the local name after its last `:`, as pact-reference
//!   writes paths) and `{urn:x}order` (Clark notation, as pact-jvm names elements) name
//!   the same element without a prefix.
//! - A name without a prefix, `order` or `@id`, is the local name in any namespace, as in
//!   the mismatch paths the matcher reports (which leave namespaces out), so a path
//!   copied from a report selects what the report meant.
//!
//! A prefix the expected document does not declare where the node is binds to nothing:
//! the rule selects nothing, and the reports warn about it (see [`undeclared_prefixes`]),
//! the same as for any rule path that reaches nothing.

use roxmltree::{Attribute, Node};

use crate::model::{DocPath, PathToken, RuleList};

use super::rules::Rules;

/// One element on the way from the root to a node.
#[derive(Debug, Clone, Copy)]
pub(super) struct Step<'a, 'input> {
    /// The element of the expected document at this place: its expanded name, and the
    /// scope prefixes in rule paths resolve in.
    pub(super) element: Node<'a, 'input>,
    /// Index among the siblings of the same name.
    pub(super) index: usize,
    /// Index among all sibling elements.
    pub(super) position: usize,
}

/// Where a node is: its elements from the root (the root first).
#[derive(Debug, Clone)]
pub(super) struct Location<'a, 'input> {
    root: Step<'a, 'input>,
    /// The elements below the root.
    below: Vec<Step<'a, 'input>>,
}

/// The node below an element a path ends at, if it is not the element itself.
#[derive(Debug, Clone, Copy)]
pub(super) enum Leaf<'a, 'input> {
    /// One of the element's attributes.
    Attribute(Attribute<'a, 'input>),
    /// The element's text.
    Text,
}

impl<'a, 'input> Location<'a, 'input> {
    /// The location of the root element.
    pub(super) fn root(element: Node<'a, 'input>) -> Self {
        Location {
            root: Step {
                element,
                index: 0,
                position: 0,
            },
            below: Vec::new(),
        }
    }

    pub(super) fn child(&self, step: Step<'a, 'input>) -> Self {
        let mut below = self.below.clone();
        below.push(step);
        Location {
            root: self.root,
            below,
        }
    }

    fn steps(&self) -> impl Iterator<Item = &Step<'a, 'input>> {
        std::iter::once(&self.root).chain(&self.below)
    }

    /// The path mismatches report: local names with the index among same-named siblings,
    /// `$.root.child[i].grandchild[j]`, then the leaf (`@name` or `#text`).
    pub(super) fn path(&self, leaf: Option<Leaf<'_, '_>>) -> DocPath {
        let mut path = DocPath::root();
        for (depth, step) in self.steps().enumerate() {
            path = path.join_field(step.element.tag_name().name());
            if depth > 0 {
                path = path.join_index(step.index);
            }
        }
        match leaf {
            Some(Leaf::Attribute(attribute)) => path.join_field(format!("@{}", attribute.name())),
            Some(Leaf::Text) => path.join_field("#text"),
            None => path,
        }
    }

    /// The path of a child that has no counterpart in the expected document (an
    /// unexpected element), for mismatches.
    pub(super) fn child_path(&self, child: Node<'_, '_>, index: usize) -> DocPath {
        self.path(None)
            .join_field(child.tag_name().name())
            .join_index(index)
    }

    /// True at the root element, which belongs to no group of repeated elements.
    pub(super) fn is_root(&self) -> bool {
        self.below.is_empty()
    }

    /// The element the location ends at.
    fn last(&self) -> Node<'a, 'input> {
        self.below.last().unwrap_or(&self.root).element
    }

    /// The node in every notation rule paths are written in, most usual first:
    /// - names and indexes, `$.animals.alligator[1].@name` (also our mismatch paths);
    /// - names only, `$.animals.alligator.@name` (every element of that name);
    /// - child position then name, `$.animals[1].alligator.@name`;
    /// - child positions only, `$.animals[1].@name`;
    /// - the root element as `$` and child positions, `$[1].@name`.
    fn notations(&self, leaf: Option<Leaf<'a, 'input>>) -> [Vec<Token<'a, 'input>>; 5] {
        let mut names_and_indexes = vec![Token::Root];
        let mut names = vec![Token::Root];
        let mut position_then_name = vec![Token::Root];
        let mut positions = vec![Token::Root];
        let mut bare_positions = vec![Token::Root];
        for (depth, step) in self.steps().enumerate() {
            let element = Token::Element(step.element);
            names_and_indexes.push(element);
            names.push(element);
            if depth == 0 {
                position_then_name.push(element);
                positions.push(element);
                continue;
            }
            names_and_indexes.push(Token::Index(step.index));
            position_then_name.extend([Token::Index(step.position), element]);
            positions.push(Token::Index(step.position));
            bare_positions.push(Token::Index(step.position));
        }
        let mut all = [
            names_and_indexes,
            names,
            position_then_name,
            positions,
            bare_positions,
        ];
        if let Some(leaf) = leaf {
            let token = match leaf {
                Leaf::Attribute(attribute) => Token::Attribute(self.last(), attribute),
                Leaf::Text => Token::Text,
            };
            for notation in &mut all {
                notation.push(token);
            }
        }
        all
    }
}

/// One step of a concrete XML path, in one notation.
#[derive(Debug, Clone, Copy)]
enum Token<'a, 'input> {
    Root,
    Element(Node<'a, 'input>),
    Index(usize),
    /// An attribute, with the element that holds it (the scope of its prefix).
    Attribute(Node<'a, 'input>, Attribute<'a, 'input>),
    Text,
}

/// The body rules, looked up for XML nodes.
#[derive(Debug, Clone, Default)]
pub(super) struct XmlRules<'r> {
    /// Every non-empty rule list with its path, in map order (which decides ties).
    entries: Vec<(&'r DocPath, &'r RuleList)>,
}

impl<'r> XmlRules<'r> {
    pub(super) fn new(rules: Rules<'r>) -> Self {
        XmlRules {
            entries: rules.entries().collect(),
        }
    }

    /// The rule list written for this node: in the first notation any rule path matches,
    /// the most specific of those as long as the node's path (an exact step weighs 2, a
    /// wildcard 1, multiplied along the path, as [`DocPath::match_weight`] weighs them).
    pub(super) fn own(
        &self,
        location: &Location<'_, '_>,
        leaf: Option<Leaf<'_, '_>>,
    ) -> Option<&'r RuleList> {
        if self.entries.is_empty() {
            return None;
        }
        location.notations(leaf).iter().find_map(|notation| {
            let mut best: Option<(usize, &'r RuleList)> = None;
            for (path, list) in &self.entries {
                if let Some(weight) = weight(path.tokens(), notation)
                    && best.is_none_or(|(w, _)| weight > w)
                {
                    best = Some((weight, list));
                }
            }
            best.map(|(_, list)| list)
        })
    }

    /// The rule paths, for the walk that looks for those that select nothing.
    pub(super) fn paths(&self) -> impl Iterator<Item = &'r DocPath> + '_ {
        self.entries.iter().map(|(path, _)| *path)
    }
}

/// True when `path` selects the node at `location` (and `leaf`) in some notation.
pub(super) fn selects(
    path: &DocPath,
    location: &Location<'_, '_>,
    leaf: Option<Leaf<'_, '_>>,
) -> bool {
    location
        .notations(leaf)
        .iter()
        .any(|notation| weight(path.tokens(), notation).is_some())
}

/// How well rule tokens match a concrete path of the same length; `None` when they do not.
fn weight(rule: &[PathToken], concrete: &[Token<'_, '_>]) -> Option<usize> {
    if rule.len() != concrete.len() {
        return None;
    }
    let mut weight = 1usize;
    for (rule, token) in rule.iter().zip(concrete) {
        let step = match (rule, token) {
            (PathToken::Root, Token::Root) => 2,
            (PathToken::Field(name), Token::Element(element))
                if names(
                    name,
                    element.tag_name().namespace(),
                    element.tag_name().name(),
                    *element,
                ) =>
            {
                2
            }
            (PathToken::Field(name), Token::Attribute(owner, attribute))
                if name.strip_prefix('@').is_some_and(|name| {
                    names(name, attribute.namespace(), attribute.name(), *owner)
                }) =>
            {
                2
            }
            (PathToken::Field(name), Token::Text) if name == "#text" => 2,
            (PathToken::Index(a), Token::Index(b)) if a == b => 2,
            (PathToken::StarIndex, Token::Index(_)) => 1,
            // `*` stands for any element, attribute or text, and for an index in the paths
            // other implementations write.
            (PathToken::StarField, Token::Element(_) | Token::Attribute(..) | Token::Text) => 1,
            (PathToken::StarField, Token::Index(_)) => 1,
            _ => return None,
        };
        weight = weight.saturating_mul(step);
    }
    Some(weight)
}

/// True when the name written in a rule path names a node with this namespace and local
/// name; `scope` is the expected element where the node is, whose declarations give
/// prefixes their URIs.
fn names(written: &str, namespace: Option<&str>, local: &str, scope: Node<'_, '_>) -> bool {
    if let Some(clark) = written.strip_prefix('{') {
        return clark
            .split_once('}')
            .is_some_and(|(uri, name)| name == local && namespace == Some(uri));
    }
    match written.rsplit_once(':') {
        None => written == local,
        Some((qualifier, name)) => {
            name == local
                && namespace.is_some_and(|namespace| {
                    scope.lookup_namespace_uri(Some(qualifier)) == Some(namespace)
                        || qualifier == namespace
                })
        }
    }
}

/// The prefixes written in `path` that the expected document declares nowhere and that
/// are not a namespace URI it uses either: names no node can have.
pub(super) fn undeclared_prefixes(
    path: &DocPath,
    document: &roxmltree::Document<'_>,
) -> Vec<String> {
    let mut known: Vec<&str> = Vec::new();
    for node in document.descendants().filter(Node::is_element) {
        for namespace in node.namespaces() {
            if let Some(prefix) = namespace.name() {
                known.push(prefix);
            }
            known.push(namespace.uri());
        }
    }
    let mut undeclared = Vec::new();
    for token in path.tokens() {
        let PathToken::Field(name) = token else {
            continue;
        };
        let name = name.strip_prefix('@').unwrap_or(name);
        if name.starts_with('{') {
            continue;
        }
        if let Some((qualifier, _)) = name.rsplit_once(':')
            && !known.contains(&qualifier)
            && !undeclared.iter().any(|known: &String| known == qualifier)
        {
            undeclared.push(qualifier.to_owned());
        }
    }
    undeclared
}

/// The rule paths of `rules` that select no node (element, attribute or text) of the
/// expected XML document, each with the prefixes it writes that the document declares
/// nowhere. Nothing when the document does not parse: matching reports that.
pub(super) fn unreached<'r>(expected: &str, rules: Rules<'r>) -> Vec<(&'r DocPath, Vec<String>)> {
    let rules = XmlRules::new(rules);
    let mut left: Vec<&'r DocPath> = rules.paths().collect();
    if left.is_empty() {
        return Vec::new();
    }
    let Ok(document) = roxmltree::Document::parse(expected) else {
        return Vec::new();
    };
    let root = document.root_element();
    visit(&Location::root(root), root, &mut left);
    left.into_iter()
        .map(|path| (path, undeclared_prefixes(path, &document)))
        .collect()
}

/// Drops from `left` every path that selects `element`, its text, an attribute of it, or
/// a node below it.
fn visit<'a, 'input>(
    location: &Location<'a, 'input>,
    element: Node<'a, 'input>,
    left: &mut Vec<&DocPath>,
) {
    let leaves = std::iter::once(None)
        .chain(std::iter::once(Some(Leaf::Text)))
        .chain(element.attributes().map(|a| Some(Leaf::Attribute(a))));
    for leaf in leaves {
        left.retain(|path| !selects(path, location, leaf));
        if left.is_empty() {
            return;
        }
    }
    let mut seen: Vec<Node<'a, 'input>> = Vec::new();
    for (position, child) in element.children().filter(Node::is_element).enumerate() {
        let index = seen
            .iter()
            .filter(|other| other.tag_name() == child.tag_name())
            .count();
        seen.push(child);
        let step = Step {
            element: child,
            index,
            position,
        };
        visit(&location.child(step), child, left);
        if left.is_empty() {
            return;
        }
    }
}
