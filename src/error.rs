//! The one error type of the library. It knows nothing of the C ABI: `src/ffi/status.rs`
//! maps each kind to its stable `SGPAY_*` code and name.

/// Everything that can go wrong, sorted by what the caller should do about it.
///
/// The messages are plain words meant for the person reading a log or an error dialog.
/// Card numbers and secrets are removed where errors leave the library (the error
/// document and the log line), never stored in them on purpose.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The caller passed something unusable; nothing was sent.
    #[error("{0}")]
    InvalidArgument(String),
    /// The client configuration is unusable.
    #[error("{message}")]
    Config {
        /// What is wrong and what to do.
        message: String,
        /// The lower-level error, when one caused it (an unreadable file, a bad key).
        #[source]
        cause: Option<Cause>,
    },
    /// The request never reached the server; sending it again is safe.
    #[error("{message}")]
    NotSent {
        /// What happened and what to do.
        message: String,
        /// The network stack's error, when one caused it.
        #[source]
        cause: Option<Cause>,
    },
    /// The request may have been processed; the caller must not assume either way.
    #[error("{message}")]
    OutcomeUnknown {
        /// What happened and what to do.
        message: String,
        /// The server's last answer, when a later attempt got one that did not settle
        /// the outcome (kept for diagnosis).
        last_reply: Option<LastReply>,
    },
    /// The API answered with `"status": "error"`.
    #[error("the API refused the request ({code}): {description}")]
    Api {
        /// HTTP status of the reply.
        http_status: u16,
        /// The server's `error.code`.
        code: String,
        /// The server's `error.description`.
        description: String,
        /// The server's whole `error` object.
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
    /// The crash-safe journal could not be opened or written; when this comes from a call,
    /// nothing was sent.
    #[error("{message}")]
    Journal {
        /// What happened and what to do.
        message: String,
        /// The database's error, when one caused it.
        #[source]
        cause: Option<Cause>,
    },
    /// A bug or resource failure inside the library.
    #[error("{0}")]
    Internal(String),
    /// A panic was caught at the C boundary.
    #[error("{0}")]
    Panic(String),
}

/// The lower-level error behind an [`Error`], kept for Rust callers
/// ([`std::error::Error::source`]); C callers get its words in the message.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A server answer that did not settle a call whose earlier attempt may have been acted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastReply {
    /// Its HTTP status.
    pub http_status: Option<u16>,
    /// The API's error code, or `protocol` for a body that is not the API's JSON.
    pub code: String,
    /// The API's description, or what was wrong with the body.
    pub description: String,
}

impl Error {
    /// The HTTP status of the reply that caused this error, if there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api { http_status, .. } => Some(*http_status),
            Error::Protocol { http_status, .. } => *http_status,
            Error::OutcomeUnknown { last_reply, .. } => {
                last_reply.as_ref().and_then(|r| r.http_status)
            }
            _ => None,
        }
    }

    /// The server's answer this error reports, in the shape kept by
    /// [`Error::OutcomeUnknown`]; `None` when no server answer is involved.
    pub fn as_last_reply(&self) -> Option<LastReply> {
        match self {
            Error::Api {
                http_status,
                code,
                description,
                ..
            } => Some(LastReply {
                http_status: Some(*http_status),
                code: code.clone(),
                description: description.clone(),
            }),
            Error::Protocol {
                http_status,
                message,
            } => Some(LastReply {
                http_status: *http_status,
                code: "protocol".to_owned(),
                description: message.clone(),
            }),
            Error::OutcomeUnknown { last_reply, .. } => last_reply.clone(),
            _ => None,
        }
    }

    /// Rewrites every text the error carries (messages, the server's error object, the
    /// last reply) with `f`: how a request's card data, echoed by a server, is removed
    /// where the reply enters the library.
    pub fn map_text(self, f: &dyn Fn(&str) -> String) -> Error {
        match self {
            Error::InvalidArgument(m) => Error::InvalidArgument(f(&m)),
            Error::Config { message, cause } => Error::Config {
                message: f(&message),
                cause,
            },
            Error::NotSent { message, cause } => Error::NotSent {
                message: f(&message),
                cause,
            },
            Error::OutcomeUnknown {
                message,
                last_reply,
            } => Error::OutcomeUnknown {
                message: f(&message),
                last_reply: last_reply.map(|r| LastReply {
                    description: f(&r.description),
                    code: f(&r.code),
                    ..r
                }),
            },
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
            Error::Journal { message, cause } => Error::Journal {
                message: f(&message),
                cause,
            },
            Error::Internal(m) => Error::Internal(f(&m)),
            Error::Panic(m) => Error::Panic(f(&m)),
        }
    }

    /// Shorthand for an [`Error::InvalidArgument`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidArgument(message.into())
    }

    /// Shorthand for an [`Error::Config`].
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
            cause: None,
        }
    }

    /// Shorthand for an [`Error::NotSent`].
    pub fn not_sent(message: impl Into<String>) -> Self {
        Error::NotSent {
            message: message.into(),
            cause: None,
        }
    }

    /// Shorthand for an [`Error::Journal`].
    pub fn journal(message: impl Into<String>) -> Self {
        Error::Journal {
            message: message.into(),
            cause: None,
        }
    }

    /// The same error with `cause` kept as its source and its words ending the message;
    /// only [`Error::Config`], [`Error::NotSent`] and [`Error::Journal`] keep a cause.
    pub fn caused_by(self, cause: impl Into<Cause>) -> Self {
        let cause = cause.into();
        let with = |message: String| format!("{message}: {cause}");
        match self {
            Error::Config { message, .. } => Error::Config {
                message: with(message),
                cause: Some(cause),
            },
            Error::NotSent { message, .. } => Error::NotSent {
                message: with(message),
                cause: Some(cause),
            },
            Error::Journal { message, .. } => Error::Journal {
                message: with(message),
                cause: Some(cause),
            },
            other => other,
        }
    }

    /// Shorthand for an [`Error::OutcomeUnknown`] without a server answer.
    pub fn outcome_unknown(message: impl Into<String>) -> Self {
        Error::OutcomeUnknown {
            message: message.into(),
            last_reply: None,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
