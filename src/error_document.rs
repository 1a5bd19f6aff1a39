//! The JSON error document handed to callers on every failure (contract §3).

use serde_json::{Value, json};

use crate::errors::Error;
use crate::redaction;

/// What the library knows about the call in which an error happened.
#[derive(Debug, Clone, Default)]
pub struct CallContext {
    /// The API method path, e.g. `session/start/payment`.
    pub operation: Option<String>,
    /// The idempotency key the request carried, if any.
    pub idempotency_key: Option<String>,
    /// How many times the request was sent (0 when it failed before sending).
    pub attempts: u32,
    /// The session the call was about, when known.
    pub session_id: Option<String>,
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

    /// The stable C status code.
    pub fn status(&self) -> i32 {
        self.error.status()
    }

    /// The error document as a JSON value.
    pub fn document(&self) -> Value {
        let error = &self.error;
        let error_object = match error {
            Error::Api {
                error,
                code,
                description,
                ..
            } => api_error_object(error, code, description),
            _ => json!({
                "code": error.code(),
                "description": redaction::mask_card_numbers(&error.to_string()),
            }),
        };
        let ctx = &self.context;
        json!({
            "status": "error",
            "error": error_object,
            "sgpay": {
                "status": error.status(),
                "operation": ctx.operation,
                "http_status": error.http_status(),
                "idempotency_key": ctx.idempotency_key,
                "attempts": ctx.attempts,
                "session_id": ctx.session_id,
            }
        })
    }

    /// The error document serialised.
    pub fn document_json(&self) -> String {
        self.document().to_string()
    }
}

/// The server's error object, made to carry `code` and `description` as strings whatever
/// the server sent; anything else it sent is kept.
fn api_error_object(server: &Value, code: &str, description: &str) -> Value {
    let mut object = match server {
        Value::Object(map) => map.clone(),
        Value::Null => serde_json::Map::new(),
        other => serde_json::Map::from_iter([("server_error".to_owned(), other.clone())]),
    };
    for (key, fallback) in [("code", code), ("description", description)] {
        if !object.get(key).is_some_and(Value::is_string) {
            object.insert(key.to_owned(), Value::String(fallback.to_owned()));
        }
    }
    Value::Object(object)
}

impl From<Error> for CallError {
    fn from(error: Error) -> Self {
        CallError::new(error, CallContext::default())
    }
}
