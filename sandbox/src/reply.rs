//! Responses: the API error envelope and the bytes sent back.

use bytes::Bytes;
use serde_json::{Value, json};

/// An API failure, sent as `{"status":"error","error":{"code","description"}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status of the reply.
    pub http_status: u16,
    /// Machine-readable error code.
    pub code: &'static str,
    /// Plain-words explanation; never contains card data or secrets.
    pub description: String,
}

impl ApiError {
    /// An error with the given status, code and description.
    pub fn new(http_status: u16, code: &'static str, description: impl Into<String>) -> Self {
        ApiError {
            http_status,
            code,
            description: description.into(),
        }
    }

    /// 400 `request_body_validation_error` naming the offending field.
    pub fn validation(field: &str, reason: &str) -> Self {
        Self::new(
            400,
            "request_body_validation_error",
            format!("{field}: {reason}"),
        )
    }

    /// 400 with a flow code (wrong state, amount too large, ...).
    pub fn bad_request(code: &'static str, description: impl Into<String>) -> Self {
        Self::new(400, code, description)
    }

    /// The JSON envelope of this error.
    pub fn to_json(&self) -> Value {
        json!({"status": "error", "error": {"code": self.code, "description": self.description}})
    }

    /// This error as a reply.
    pub fn to_reply(&self) -> Reply {
        Reply::json(self.http_status, &self.to_json())
    }
}

/// A finished HTTP reply: status, content type, body and optional extra headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Value of `Content-Type`.
    pub content_type: &'static str,
    /// The exact body bytes.
    pub body: Bytes,
    /// Extra headers (name, value).
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, value: &Value) -> Self {
        let body = serde_json::to_vec(value).unwrap_or_default();
        Reply::bytes(status, "application/json", body)
    }

    /// A reply with a body of any type.
    pub fn bytes(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        Reply {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// An HTML page.
    pub fn html(status: u16, page: String) -> Self {
        Reply::bytes(status, "text/html; charset=utf-8", page)
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

impl From<ApiError> for Reply {
    fn from(error: ApiError) -> Self {
        error.to_reply()
    }
}
