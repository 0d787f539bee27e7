//! Bearer tokens: the service issues them, remembers whom it issued them to, and accepts
//! only those, unless their holder has been suspended.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Why a request's credentials were refused; the message is the `401` body's `error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// No `Authorization: Bearer …` header.
    #[error("a bearer token is required")]
    Missing,
    /// A token this service did not issue (or a malformed header).
    #[error("the bearer token is not valid")]
    Unknown,
    /// A token of a suspended client.
    #[error("the bearer token is not valid: client {0} is suspended")]
    Suspended(String),
}

/// The tokens the service issued, by token, and the suspended clients. Clones share them.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    table: Arc<Mutex<Table>>,
}

#[derive(Debug, Default)]
struct Table {
    subjects: HashMap<String, String>,
    suspended: BTreeSet<String>,
}

impl Tokens {
    /// An empty store.
    pub fn new() -> Self {
        Tokens::default()
    }

    /// Issues a fresh token for the client `subject` (`web-app`).
    pub fn issue(&self, subject: &str) -> String {
        let token = uuid::Uuid::new_v4().simple().to_string();
        self.lock()
            .subjects
            .insert(token.clone(), subject.to_owned());
        token
    }

    /// The client holding `token`, if the token is valid now.
    ///
    /// # Errors
    /// [`AuthError::Unknown`] for a token this store did not issue,
    /// [`AuthError::Suspended`] when its client is suspended.
    pub fn subject_of(&self, token: &str) -> Result<String, AuthError> {
        let table = self.lock();
        let subject = table.subjects.get(token).ok_or(AuthError::Unknown)?;
        if table.suspended.contains(subject) {
            return Err(AuthError::Suspended(subject.clone()));
        }
        Ok(subject.clone())
    }

    /// Checks an `Authorization` header value (`Bearer <token>`, or none).
    ///
    /// # Errors
    /// [`AuthError`] saying why it is refused.
    pub fn authorise(&self, header: Option<&str>) -> Result<String, AuthError> {
        let header = header.ok_or(AuthError::Missing)?;
        let token = header
            .strip_prefix("Bearer ")
            .filter(|token| !token.is_empty())
            .ok_or(AuthError::Unknown)?;
        self.subject_of(token)
    }

    /// Refuses every token of `subject`, issued before or after, until reinstated.
    pub fn suspend(&self, subject: &str) {
        self.lock().suspended.insert(subject.to_owned());
    }

    /// Accepts the tokens of `subject` again.
    pub fn reinstate(&self, subject: &str) {
        self.lock().suspended.remove(subject);
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        // Plain data that a panicking writer cannot leave half-updated.
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_issued_tokens_of_active_clients_are_accepted() {
        let tokens = Tokens::new();
        let token = tokens.issue("web-app");
        let header = format!("Bearer {token}");

        assert_eq!(tokens.authorise(Some(&header)), Ok("web-app".to_owned()));
        assert_eq!(tokens.authorise(None), Err(AuthError::Missing));
        assert_eq!(
            tokens.authorise(Some("Bearer forged")),
            Err(AuthError::Unknown)
        );
        assert_eq!(tokens.authorise(Some(&token)), Err(AuthError::Unknown));

        tokens.suspend("web-app");
        assert_eq!(
            tokens.authorise(Some(&header)),
            Err(AuthError::Suspended("web-app".to_owned()))
        );
        tokens.reinstate("web-app");
        assert!(tokens.authorise(Some(&header)).is_ok());
    }
}
