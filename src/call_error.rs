//! A failed call: the error and what the library knows about the call it happened in.
//! The JSON error document built from it is the C ABI's business (`src/ffi/error_document.rs`).

use crate::error::Error;
use crate::redaction::SensitiveValues;

/// What the library knows about the call in which an error happened.
#[derive(Debug, Clone, Default)]
pub struct CallContext {
    /// The API method path, e.g. `session/start/payment`.
    pub operation: Option<String>,
    /// The idempotency key the request carried, if any.
    pub idempotency_key: Option<String>,
    /// True when the library generated the key: it then holds no caller data and is shown
    /// exactly, so that the call can be repeated with it.
    pub key_generated: bool,
    /// How many times the request was sent (0 when it failed before sending).
    pub attempts: u32,
    /// The session the call was about, when known.
    pub session_id: Option<String>,
    /// Card numbers and CVCs of the request, removed from anything shown of the error.
    pub sensitive: SensitiveValues,
}

/// A failed call: the error and the context needed to recover from it.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct CallError {
    /// What went wrong.
    pub error: Error,
    /// Where it went wrong.
    pub context: CallContext,
}

impl CallError {
    /// Wraps an error with its call context.
    pub fn new(error: Error, context: CallContext) -> Self {
        CallError { error, context }
    }
}

impl From<Error> for CallError {
    fn from(error: Error) -> Self {
        CallError::new(error, CallContext::default())
    }
}
