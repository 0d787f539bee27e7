//! The events the user service publishes on its message broker. The service calls
//! [`user_created`] when a user is created and hands the result to its broker client; the
//! message verification calls the same function (`contract::messages`).

use serde::Serialize;

use super::User;

/// The topic of [`UserCreated`].
pub const USER_CREATED_TOPIC: &str = "users.created";

/// The payload of the `users.created` event, as the service serialises it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserCreated {
    /// The new user's id.
    pub id: u64,
    /// The display name.
    pub name: String,
    /// The e-mail address.
    pub email: String,
    /// When the user was created (RFC 3339, UTC).
    pub created_at: String,
}

/// An event ready for the broker: its topic, its key and its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing<T> {
    /// The topic to publish on.
    pub topic: &'static str,
    /// The partition key (the user's id, so a user's events stay in order).
    pub key: String,
    /// The payload, serialised as JSON by the broker client.
    pub payload: T,
}

/// The event announcing `user`.
pub fn user_created(user: &User) -> Outgoing<UserCreated> {
    Outgoing {
        topic: USER_CREATED_TOPIC,
        key: user.id.to_string(),
        payload: UserCreated {
            id: user.id,
            name: user.name.clone(),
            email: user.email.clone(),
            created_at: user.created_at.clone(),
        },
    }
}
