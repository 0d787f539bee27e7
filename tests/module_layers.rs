//! The dependency direction inside `pact-runtime`, checked from its sources: the layers
//! model → matching → generators → mock server / provider hold (a module uses only modules
//! of its own layer or below), and no group of sibling modules depends on itself in a
//! cycle.
//!
//! A dependency is a `crate::…` or `super::…` path in code, not in comments or test code
//! (files named `*tests.rs` and everything after a `#[cfg(test)]`): tests may reach across
//! layers, the library may not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules by layer, lowest first. A module may use its own layer and any
/// lower one. `private` (the macros' shims) and `lib` sit on top of everything.
const LAYERS: &[&[&str]] = &[
    &["warning", "java_dates"],
    &["model"],
    &["matching"],
    &["generators"],
    &["matchers"],
    &["mock_server", "provider"],
    &["consumer", "message", "stub", "broker"],
    &["prelude", "private", "lib"],
];

/// The modules whose files must not depend on each other in a cycle.
const ACYCLIC: &[&str] = &["matching", "matchers", "provider", "model", "mock_server"];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../pact-runtime/src")
}

/// Every library source file, as (module path such as `matching::values`, code).
fn sources() -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut stack = vec![src_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("pact-runtime/src is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if !name.ends_with(".rs") || name.ends_with("tests.rs") {
                continue;
            }
            let relative = path.strip_prefix(src_dir()).expect("under src");
            let mut module: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|last| last == "mod") {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            out.push((module, code_only(&text)));
        }
    }
    out
}

/// The text without comments and without test code: a `#[cfg(test)]` item that is one
/// line (a `use`, an out-of-line `mod x;`) is dropped alone; any other test item (an
/// inline `mod tests { … }`) is taken to run to the end of the file, as it does here.
fn code_only(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            while lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("#["))
            {
                lines.next();
            }
            match lines.next() {
                Some(item) if item.trim_end().ends_with(';') => continue,
                _ => break,
            }
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let line = line.split(" // ").next().unwrap_or(line);
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// The modules `code` of `module` names: `crate::a::b` → [a, b]; `super::x` resolved;
/// each name of a group (`super::{a, b::C}`) counted as a path of its own.
fn dependencies(module: &[String], code: &str) -> BTreeSet<Vec<String>> {
    let path =
        regex::Regex::new(r"\b(crate|super)((?:::(?:super|[a-z_][a-z0-9_]*))*)(?:::\{([^}]*)\})?")
            .expect("a valid regex");
    let mut deps = BTreeSet::new();
    for found in path.captures_iter(code) {
        let mut base: Vec<String> = if &found[1] == "crate" {
            Vec::new()
        } else {
            // `super` from a file module is its parent; from `mod.rs` it is the parent too
            // (the module path of a mod.rs is already its directory).
            module[..module.len().saturating_sub(1)].to_vec()
        };
        for part in found[2].split("::").filter(|p| !p.is_empty()) {
            if part == "super" {
                base.pop();
            } else {
                base.push(part.to_owned());
            }
        }
        match found.get(3) {
            Some(group) => {
                for item in group.as_str().split(',') {
                    let first = item.trim().split("::").next().unwrap_or_default();
                    let mut target = base.clone();
                    if first.starts_with(|c: char| c.is_ascii_lowercase()) && first != "self" {
                        target.push(first.to_owned());
                    }
                    deps.insert(target);
                }
            }
            None => {
                deps.insert(base);
            }
        }
    }
    deps
}

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&top))
}

#[test]
fn every_module_uses_only_its_own_layer_or_lower_ones() {
    let mut violations = Vec::new();
    for (module, code) in sources() {
        let Some(from) = module.first() else { continue };
        let from_layer = layer_of(from)
            .unwrap_or_else(|| panic!("top-level module `{from}` has no layer in LAYERS: add it"));
        for dep in dependencies(&module, &code) {
            let Some(to) = dep.first() else { continue };
            let Some(to_layer) = layer_of(to) else {
                continue;
            };
            if to_layer > from_layer {
                violations.push(format!("{} uses {}", module.join("::"), dep.join("::")));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "dependencies against the layers:\n{}",
        violations.join("\n")
    );
}

#[test]
fn sibling_modules_do_not_depend_on_each_other_in_a_cycle() {
    let sources = sources();
    let mut problems = Vec::new();
    for parent in ACYCLIC {
        // Sibling (file-level) modules of `parent` and the siblings each one uses.
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (module, code) in &sources {
            if module.len() < 2 || module[0] != *parent {
                continue;
            }
            let from = module[1].clone();
            let edges = graph.entry(from.clone()).or_default();
            for dep in dependencies(module, code) {
                if dep.len() >= 2 && dep[0] == *parent && dep[1] != from {
                    edges.insert(dep[1].clone());
                }
            }
        }
        for cycle in cycles(&graph) {
            problems.push(format!("{parent}: {}", cycle.join(" → ")));
        }
    }
    assert!(
        problems.is_empty(),
        "module cycles:\n{}",
        problems.join("\n")
    );
}

/// One cycle through each group of modules that depend on each other, as the path
/// `a → b → … → a`.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // The shortest path from `from` to `to`, if any (breadth first).
    let path = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from.to_owned()]);
        while let Some(node) = queue.pop_front() {
            if node == to {
                let mut path = vec![node.clone()];
                let mut at = node;
                while let Some(previous) = parent.get(&at) {
                    path.push(previous.clone());
                    at = previous.clone();
                }
                path.reverse();
                return Some(path);
            }
            for next in graph.get(&node).into_iter().flatten() {
                if next != from && !parent.contains_key(next) {
                    parent.insert(next.clone(), node.clone());
                    queue.push_back(next.clone());
                }
            }
        }
        None
    };
    let mut found = Vec::new();
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for (node, edges) in graph {
        for next in edges {
            if let Some(back) = path(next, node) {
                let mut cycle = vec![node.clone()];
                cycle.extend(back);
                if reported.insert(cycle.iter().cloned().collect()) {
                    found.push(cycle);
                }
            }
        }
    }
    found
}
