//! Everything the sandbox remembers between requests.

use std::collections::HashMap;

use crate::cards::{CardSummary, Outcome};
use crate::reply::ApiError;
use crate::state::session::Session;

/// A `public_token` issued by the `token` method.
#[derive(Debug, Clone)]
pub struct PublicToken {
    /// Which widget it was made for.
    pub widget: String,
    /// Creation time.
    pub created_at: String,
}

/// A recurrent token issued after a payment asked for one.
#[derive(Debug, Clone)]
pub struct RecurrentCard {
    /// The card it charges, reduced.
    pub card: Option<CardSummary>,
    /// How payments with it end.
    pub outcome: Outcome,
}

/// In-memory state: sessions and tokens.
#[derive(Default)]
pub struct Store {
    /// Sessions by id.
    pub sessions: HashMap<String, Session>,
    /// Session id of each payment or payout id.
    pub transfer_sessions: HashMap<String, String>,
    /// Recurrent tokens by token.
    pub recurrent_tokens: HashMap<String, RecurrentCard>,
    /// Public tokens by token.
    pub public_tokens: HashMap<String, PublicToken>,
}

impl Store {
    /// The session with this id, or 404 `request_not_found`.
    pub fn session_mut(&mut self, id: &str) -> Result<&mut Session, ApiError> {
        self.sessions
            .get_mut(id)
            .ok_or_else(|| session_not_found(id))
    }

    /// The session with this id, or 404 `request_not_found`.
    pub fn session(&self, id: &str) -> Result<&Session, ApiError> {
        self.sessions.get(id).ok_or_else(|| session_not_found(id))
    }
}

/// 404 `request_not_found`.
pub fn session_not_found(id: &str) -> ApiError {
    let shown: String = id.chars().take(64).collect();
    ApiError::new(
        404,
        "request_not_found",
        format!("no session with id {shown:?}"),
    )
}
