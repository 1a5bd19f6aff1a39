//! The JSON error document handed to C callers on every failure (docs/c-abi.md, "Error document"). This is
//! one of the two places where errors leave the library (the log line is the other), so
//! card data and secrets are removed here, from keys and values alike.

use serde_json::{Map, Value, json};

use crate::call_error::CallError;
use crate::error::{Error, LastReply};
use crate::ffi::status::status_info;
use crate::redaction;

impl CallError {
    /// The error document as a JSON value, redacted.
    pub fn document(&self) -> Value {
        let info = status_info(&self.error);
        let error_object = match &self.error {
            Error::Api {
                error,
                code,
                description,
                ..
            } => api_error_object(error, code, description),
            other => json!({"code": info.kind, "description": other.to_string()}),
        };
        let ctx = &self.context;
        let mut details = json!({
            "status": info.status,
            "kind": info.kind,
            "operation": ctx.operation,
            "http_status": self.error.http_status(),
            "idempotency_key": ctx.idempotency_key,
            "attempts": ctx.attempts,
            "session_id": ctx.session_id,
            "advice": info.advice,
        });
        if let Error::OutcomeUnknown {
            last_reply: Some(reply),
            ..
        } = &self.error
        {
            details["last_reply"] = last_reply_object(reply);
        }
        let document = json!({"status": "error", "error": error_object, "sgpay": details});
        let sensitive = &ctx.sensitive;
        let mut shown = redaction::map_json_strings(&redaction::redact_json(&document), &|t| {
            sensitive.scrub(t)
        });
        if ctx.key_generated {
            shown["sgpay"]["idempotency_key"] = json!(ctx.idempotency_key);
        }
        shown
    }

    /// The error document serialised.
    pub fn document_json(&self) -> String {
        self.document().to_string()
    }
}

fn last_reply_object(reply: &LastReply) -> Value {
    json!({"http_status": reply.http_status, "code": reply.code, "description": reply.description})
}

/// The server's error object, made to carry `code` and `description` as strings whatever
/// the server sent; anything else it sent is kept.
fn api_error_object(server: &Value, code: &str, description: &str) -> Value {
    let mut object = match server {
        Value::Object(map) => map.clone(),
        Value::Null => Map::new(),
        other => Map::from_iter([("server_error".to_owned(), other.clone())]),
    };
    for (key, fallback) in [("code", code), ("description", description)] {
        if !object.get(key).is_some_and(Value::is_string) {
            object.insert(key.to_owned(), Value::String(fallback.to_owned()));
        }
    }
    Value::Object(object)
}
