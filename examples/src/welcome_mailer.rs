//! A message consumer: the welcome mailer, which listens on `users.created` and sends each
//! new user a welcome e-mail. Its [`UserCreated`] is its own reading of the event (the
//! fields it needs), declared with `#[derive(PactMatch)]` so its contract comes from the
//! type it deserialises.

use pact_runtime::PactMatch;
use serde::Deserialize;

/// The `users.created` event as the mailer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, PactMatch)]
pub struct UserCreated {
    /// The new user's id.
    #[pact(example = 42)]
    pub id: u64,
    /// The name the greeting uses.
    #[pact(example = "Alice")]
    pub name: String,
    /// Where the e-mail goes: it must look like an address.
    #[pact(example = "alice@example.com", regex = r"^[^@\s]+@[^@\s]+\.[a-z]+$")]
    pub email: String,
}

/// The e-mail the mailer sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WelcomeEmail {
    /// The recipient.
    pub to: String,
    /// The subject line.
    pub subject: String,
}

/// Why an event could not be handled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HandlerError {
    /// The event has no name to greet.
    #[error("user {0} has no name to greet")]
    NoName(u64),
}

/// The mailer's handler of `users.created`.
///
/// # Errors
/// [`HandlerError::NoName`] for a user without a name.
pub fn on_user_created(event: UserCreated) -> Result<WelcomeEmail, HandlerError> {
    if event.name.trim().is_empty() {
        return Err(HandlerError::NoName(event.id));
    }
    Ok(WelcomeEmail {
        to: event.email,
        subject: format!("Welcome, {}!", event.name),
    })
}
