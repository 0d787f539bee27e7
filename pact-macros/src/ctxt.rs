//! Error accumulator shared by every stage of a macro.
//!
//! Each stage records what is wrong and carries on, so the user sees every problem of one
//! item in one build rather than fixing them one compile at a time. The errors are attached
//! to the offending tokens by their spans and combined into one `syn::Error` at the end.

use std::cell::RefCell;
use std::fmt::Display;

use quote::ToTokens;

/// Collects the errors of one macro invocation.
///
/// [`Ctxt::check`] must be called before the context is dropped: an unchecked context
/// would mean errors silently lost, which is a bug in the macro, so `Drop` panics then
/// (unless the thread is already unwinding).
pub(crate) struct Ctxt {
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    /// A context with no error yet.
    pub(crate) fn new() -> Self {
        Ctxt {
            errors: RefCell::new(Some(Vec::new())),
        }
    }

    /// Records `message` spanned over the tokens of `tokens` (an attribute, a literal, …).
    pub(crate) fn error_spanned_by(&self, tokens: impl ToTokens, message: impl Display) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records `message` at `span`.
    pub(crate) fn error_at(&self, span: proc_macro2::Span, message: impl Display) {
        self.syn_error(syn::Error::new(span, message));
    }

    /// Records an error produced by `syn` (a parse error keeps its own span).
    pub(crate) fn syn_error(&self, error: syn::Error) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(error);
        }
    }

    /// True when at least one error was recorded.
    pub(crate) fn has_errors(&self) -> bool {
        self.errors.borrow().as_ref().is_some_and(|e| !e.is_empty())
    }

    /// Consumes the context: `Ok` when nothing was recorded, otherwise every error combined
    /// into one (each keeps its own span).
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        let errors = self.errors.borrow_mut().take().unwrap_or_default();
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("pact-macros: Ctxt dropped without check(); errors would be lost");
        }
    }
}
