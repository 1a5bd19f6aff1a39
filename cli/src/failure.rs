//! A command's failure: the library's status number, plain words, the library's advice
//! and the error document that `--json` prints.

use serde_json::{Value, json};
use sgpay::ffi::{
    SGPAY_ERR_API, SGPAY_ERR_CONFIG, SGPAY_ERR_INTERNAL, SGPAY_ERR_INVALID_ARGUMENT,
    SGPAY_ERR_JOURNAL, SGPAY_ERR_NOT_SENT, SGPAY_ERR_OUTCOME_UNKNOWN, SGPAY_ERR_PANIC,
    SGPAY_ERR_PROTOCOL, SGPAY_ERR_SIGNATURE,
};

/// Why a command failed, and the exit status it ends with.
#[derive(Debug)]
pub struct Failure {
    /// The library's status number, which is the exit status.
    pub status: i32,
    /// What went wrong, with card data removed.
    pub message: String,
    /// What to do about it (may be empty).
    pub advice: String,
    /// The error document (the library's own for library errors).
    pub document: Value,
    /// Already reported in the command's own output: only the exit status is left to set.
    pub quiet: bool,
}

/// The library's name of a status (`sgpay.kind` of the error document).
pub fn kind(status: i32) -> &'static str {
    match status {
        SGPAY_ERR_INVALID_ARGUMENT => "invalid_argument",
        SGPAY_ERR_CONFIG => "config",
        SGPAY_ERR_NOT_SENT => "not_sent",
        SGPAY_ERR_OUTCOME_UNKNOWN => "outcome_unknown",
        SGPAY_ERR_API => "api",
        SGPAY_ERR_PROTOCOL => "protocol",
        SGPAY_ERR_SIGNATURE => "signature",
        SGPAY_ERR_JOURNAL => "journal",
        SGPAY_ERR_PANIC => "panic",
        SGPAY_ERR_INTERNAL => "internal",
        _ => "error",
    }
}

impl Failure {
    /// A failure found by the tool itself, with its document in the library's shape.
    pub fn new(status: i32, message: impl Into<String>, advice: impl Into<String>) -> Self {
        let message = message.into();
        let advice = advice.into();
        let document = json!({
            "status": "error",
            "error": {"code": kind(status), "description": message},
            "sgpay": {"status": status, "kind": kind(status), "advice": advice},
        });
        Failure {
            status,
            message,
            advice,
            document,
            quiet: false,
        }
    }

    /// A command line value that cannot be used (exit 1): nothing was sent.
    pub fn invalid(message: impl Into<String>) -> Self {
        Failure::new(
            SGPAY_ERR_INVALID_ARGUMENT,
            message,
            "Nothing was sent: correct the command and run it again.",
        )
    }

    /// A configuration problem (exit 2).
    pub fn config(message: impl Into<String>) -> Self {
        Failure::new(
            SGPAY_ERR_CONFIG,
            message,
            "Correct the client configuration; no request was made.",
        )
    }

    /// The same failure with other advice.
    pub fn with_advice(mut self, advice: impl Into<String>) -> Self {
        self.advice = advice.into();
        self.document["sgpay"]["advice"] = json!(self.advice);
        self
    }

    /// The same failure, not printed again (the command's output already told it).
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    /// The same failure with `context` before its message (e.g. the configuration file).
    pub fn in_context(mut self, context: &str) -> Self {
        self.message = format!("{context}: {}", self.message);
        if let Some(description) = self.document.pointer_mut("/error/description") {
            if let Some(text) = description.as_str() {
                *description = json!(format!("{context}: {text}"));
            }
        }
        self
    }
}

impl From<sgpay::CallError> for Failure {
    fn from(error: sgpay::CallError) -> Self {
        // The document is redacted (no card numbers, CVCs, keys or secrets): the words
        // shown come from it, not from the error itself.
        let document = error.document();
        let text = |pointer: &str| {
            document
                .pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let message = match &error.error {
            sgpay::Error::Api { .. } => format!(
                "the API refused the request ({}): {}",
                text("/error/code"),
                text("/error/description")
            ),
            _ => text("/error/description"),
        };
        Failure {
            status: error.status(),
            message,
            advice: text("/sgpay/advice"),
            document,
            quiet: false,
        }
    }
}

impl From<sgpay::Error> for Failure {
    fn from(error: sgpay::Error) -> Self {
        Failure::from(sgpay::CallError::from(error))
    }
}
