//! The one error type of the library and its mapping to the stable C status codes.

use crate::ffi::status;

/// Everything that can go wrong in a call, sorted by what the caller should do about it.
///
/// Each variant maps to one `SGPAY_ERR_*` status code (see [`Error::status`]); the
/// messages are plain words meant for the person reading a log or an error dialog, and
/// never contain secrets or full card numbers.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller passed something unusable; nothing was sent.
    #[error("{0}")]
    InvalidArgument(String),
    /// The client configuration is unusable.
    #[error("{0}")]
    Config(String),
    /// The request never reached the server; sending it again is safe.
    #[error("{0}")]
    NotSent(String),
    /// The request may have been processed; the caller must not assume either way.
    #[error("{0}")]
    OutcomeUnknown(String),
    /// The API answered with `"status": "error"`.
    #[error("the API refused the request ({code}): {description}")]
    Api {
        /// HTTP status of the reply.
        http_status: u16,
        /// The server's `error.code`.
        code: String,
        /// The server's `error.description`, card numbers masked.
        description: String,
        /// The server's whole `error` object, card numbers masked.
        error: serde_json::Value,
    },
    /// The server's reply was not what the API promises.
    #[error("{message}")]
    Protocol {
        /// HTTP status of the reply, when one was received.
        http_status: Option<u16>,
        /// What was wrong with it.
        message: String,
    },
    /// A webhook signature did not verify.
    #[error("{0}")]
    Signature(String),
    /// A bug or resource failure inside the library.
    #[error("{0}")]
    Internal(String),
    /// A panic was caught at the C boundary.
    #[error("{0}")]
    Panic(String),
    /// The crash-safe journal could not be opened or written; from a call, nothing was sent.
    #[error("{0}")]
    Journal(String),
}

impl Error {
    /// The stable C status code of this error (`SGPAY_ERR_*`).
    pub fn status(&self) -> i32 {
        match self {
            Error::InvalidArgument(_) => status::SGPAY_ERR_INVALID_ARGUMENT,
            Error::Config(_) => status::SGPAY_ERR_CONFIG,
            Error::NotSent(_) => status::SGPAY_ERR_NOT_SENT,
            Error::OutcomeUnknown(_) => status::SGPAY_ERR_OUTCOME_UNKNOWN,
            Error::Api { .. } => status::SGPAY_ERR_API,
            Error::Protocol { .. } => status::SGPAY_ERR_PROTOCOL,
            Error::Signature(_) => status::SGPAY_ERR_SIGNATURE,
            Error::Panic(_) => status::SGPAY_ERR_PANIC,
            Error::Internal(_) => status::SGPAY_ERR_INTERNAL,
            Error::Journal(_) => status::SGPAY_ERR_JOURNAL,
        }
    }

    /// The `error.code` of the error document: the API's own code for [`Error::Api`],
    /// otherwise the library's name for the kind of failure.
    pub fn code(&self) -> &str {
        match self {
            Error::InvalidArgument(_) => "invalid_argument",
            Error::Config(_) => "config",
            Error::NotSent(_) => "not_sent",
            Error::OutcomeUnknown(_) => "outcome_unknown",
            Error::Api { code, .. } => code,
            Error::Protocol { .. } => "protocol",
            Error::Signature(_) => "signature",
            Error::Panic(_) => "panic",
            Error::Internal(_) => "internal",
            Error::Journal(_) => "journal",
        }
    }

    /// The HTTP status of the reply that caused this error, if there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api { http_status, .. } => Some(*http_status),
            Error::Protocol { http_status, .. } => *http_status,
            _ => None,
        }
    }

    /// Rewrites every text the error carries (messages and the server's error object)
    /// with `f`; used to scrub values a server echoed back.
    pub fn map_text(self, f: &dyn Fn(&str) -> String) -> Error {
        match self {
            Error::InvalidArgument(m) => Error::InvalidArgument(f(&m)),
            Error::Config(m) => Error::Config(f(&m)),
            Error::NotSent(m) => Error::NotSent(f(&m)),
            Error::OutcomeUnknown(m) => Error::OutcomeUnknown(f(&m)),
            Error::Api {
                http_status,
                code,
                description,
                error,
            } => Error::Api {
                http_status,
                code: f(&code),
                description: f(&description),
                error: crate::redaction::map_json_strings(&error, f),
            },
            Error::Protocol {
                http_status,
                message,
            } => Error::Protocol {
                http_status,
                message: f(&message),
            },
            Error::Signature(m) => Error::Signature(f(&m)),
            Error::Internal(m) => Error::Internal(f(&m)),
            Error::Panic(m) => Error::Panic(f(&m)),
            Error::Journal(m) => Error::Journal(f(&m)),
        }
    }

    /// Shorthand for an [`Error::InvalidArgument`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }

    /// Shorthand for an [`Error::Config`].
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config(message.into())
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
