//! Every attribute key the macros read, as a constant, so a key is spelled once and the
//! list of valid keys shown in error messages cannot drift from what the parser accepts.

use std::fmt::{self, Display};

use syn::{Ident, Path};

/// An attribute key (`example`, `regex`, …).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Symbol(pub(crate) &'static str);

/// `#[pact(...)]` itself.
pub(crate) const PACT: Symbol = Symbol("pact");
/// `#[serde(...)]`, read so the pact describes the JSON serde writes.
pub(crate) const SERDE: Symbol = Symbol("serde");

// #[pact(...)] keys.
pub(crate) const CRATE: Symbol = Symbol("crate");
pub(crate) const EXAMPLE: Symbol = Symbol("example");
pub(crate) const FORMAT: Symbol = Symbol("format");
pub(crate) const MATCHER: Symbol = Symbol("matcher");
pub(crate) const MAX: Symbol = Symbol("max");
pub(crate) const MIN: Symbol = Symbol("min");
pub(crate) const NULLABLE: Symbol = Symbol("nullable");
pub(crate) const REGEX: Symbol = Symbol("regex");
pub(crate) const RENAME: Symbol = Symbol("rename");
pub(crate) const RENAME_ALL: Symbol = Symbol("rename_all");
pub(crate) const SKIP: Symbol = Symbol("skip");

// #[serde(...)] keys that change the JSON (everything else is ignored).
pub(crate) const CONTENT: Symbol = Symbol("content");
pub(crate) const DEFAULT: Symbol = Symbol("default");
pub(crate) const FLATTEN: Symbol = Symbol("flatten");
pub(crate) const SERIALIZE: Symbol = Symbol("serialize");
pub(crate) const SKIP_SERIALIZING: Symbol = Symbol("skip_serializing");
pub(crate) const SKIP_SERIALIZING_IF: Symbol = Symbol("skip_serializing_if");
pub(crate) const TAG: Symbol = Symbol("tag");
pub(crate) const TRANSPARENT: Symbol = Symbol("transparent");
pub(crate) const UNTAGGED: Symbol = Symbol("untagged");

/// The keys `#[pact(...)]` accepts on a struct or enum.
pub(crate) const CONTAINER_KEYS: &[Symbol] = &[CRATE, RENAME_ALL];
/// The keys `#[pact(...)]` accepts on a field.
pub(crate) const FIELD_KEYS: &[Symbol] = &[
    EXAMPLE, REGEX, MIN, MAX, FORMAT, MATCHER, NULLABLE, SKIP, RENAME,
];
/// The keys `#[pact(...)]` accepts on an enum variant.
pub(crate) const VARIANT_KEYS: &[Symbol] = &[RENAME, SKIP];

impl PartialEq<Symbol> for Ident {
    fn eq(&self, word: &Symbol) -> bool {
        self == word.0
    }
}

impl PartialEq<Symbol> for Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
