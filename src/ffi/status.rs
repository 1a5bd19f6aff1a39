//! The stable status codes of the C ABI and the one table that maps every error kind of
//! the core to its code, its name in the error document and the advice shown with it.
//! Codes are never renumbered.

use crate::error::Error;

/// Version of the C ABI described by `sgpay.h`; bumped on any incompatible change.
pub const SGPAY_ABI_VERSION: u32 = 1;

/// The status every function of the C ABI returns: `SGPAY_OK` or one of the
/// `SGPAY_ERR_*` codes below.
pub type SgpayStatus = i32;

/// Success.
pub const SGPAY_OK: SgpayStatus = 0;
/// NULL where a value is required, non-UTF-8 text, malformed JSON, unknown operation, or a
/// request that failed local validation. Nothing was sent.
pub const SGPAY_ERR_INVALID_ARGUMENT: SgpayStatus = 1;
/// Bad configuration JSON, or an unreadable or invalid key.
pub const SGPAY_ERR_CONFIG: SgpayStatus = 2;
/// The request never reached the server: every failure before its first byte was
/// written (DNS, connection refused, TLS handshake, proxy, a timeout in any of them).
/// Safe to send again.
pub const SGPAY_ERR_NOT_SENT: SgpayStatus = 10;
/// The request may have been processed (timeout or connection lost after sending, or a
/// later answer that does not settle an earlier attempt). Repeat it with the same
/// idempotency key, or ask `session/status`.
pub const SGPAY_ERR_OUTCOME_UNKNOWN: SgpayStatus = 11;
/// The API answered `"status": "error"`; the error document holds the server's error.
pub const SGPAY_ERR_API: SgpayStatus = 20;
/// Unexpected HTTP status, non-JSON, malformed or too deeply nested reply.
pub const SGPAY_ERR_PROTOCOL: SgpayStatus = 21;
/// A webhook signature did not verify.
pub const SGPAY_ERR_SIGNATURE: SgpayStatus = 30;
/// The crash-safe journal (`journal_path`, or the shared one at `journal_url`) could not
/// be opened, reached or written. When this comes from a call, nothing was sent.
pub const SGPAY_ERR_JOURNAL: SgpayStatus = 40;
/// A bug inside the library was caught at the boundary; the host process is unharmed.
pub const SGPAY_ERR_PANIC: SgpayStatus = 98;
/// An internal failure (e.g. out of resources).
pub const SGPAY_ERR_INTERNAL: SgpayStatus = 99;

/// How the C ABI shows one kind of error.
pub(crate) struct StatusInfo {
    /// The `SGPAY_*` code.
    pub status: SgpayStatus,
    /// The library's name of the kind (`sgpay.kind` in the error document; also
    /// `error.code`, except for API errors, which carry the server's code).
    pub kind: &'static str,
    /// Plain words on what the caller should do (`sgpay.advice`).
    pub advice: &'static str,
}

/// The one table of the error taxonomy.
pub(crate) fn status_info(error: &Error) -> StatusInfo {
    let (status, kind, advice) = match error {
        Error::InvalidArgument(_) => (
            SGPAY_ERR_INVALID_ARGUMENT,
            "invalid_argument",
            "Nothing was sent: correct the request and send it again.",
        ),
        Error::Config { .. } => (
            SGPAY_ERR_CONFIG,
            "config",
            "Correct the client configuration; no request was made.",
        ),
        Error::NotSent { .. } => (
            SGPAY_ERR_NOT_SENT,
            "not_sent",
            "The request never reached the server: it is safe to send again.",
        ),
        Error::OutcomeUnknown { .. } => (
            SGPAY_ERR_OUTCOME_UNKNOWN,
            "outcome_unknown",
            "The server may have processed it: repeat the call with the same idempotency key \
             and body, or check the session with session/status, before charging again.",
        ),
        Error::Api { .. } => (SGPAY_ERR_API, "api", ""),
        Error::Protocol { .. } => (
            SGPAY_ERR_PROTOCOL,
            "protocol",
            "The reply is not the API's: check base_url and any proxy.",
        ),
        Error::Signature(_) => (
            SGPAY_ERR_SIGNATURE,
            "signature",
            "Do not trust the webhook's contents.",
        ),
        Error::Journal { .. } => (
            SGPAY_ERR_JOURNAL,
            "journal",
            "Nothing was sent: make the journal file (journal_path) writable or fix its disk, \
             or make the PostgreSQL journal (journal_url) reachable.",
        ),
        Error::Panic(_) => (
            SGPAY_ERR_PANIC,
            "panic",
            "Please report this bug; if the call could move money, check session/status.",
        ),
        Error::Internal(_) => (SGPAY_ERR_INTERNAL, "internal", "Please report this bug."),
    };
    StatusInfo {
        status,
        kind,
        advice,
    }
}

impl Error {
    /// The stable C status code of this error (`SGPAY_ERR_*`).
    pub fn status(&self) -> SgpayStatus {
        status_info(self).status
    }

    /// The `error.code` of the error document: the API's own code for [`Error::Api`],
    /// otherwise the library's name of the kind.
    pub fn code(&self) -> &str {
        match self {
            Error::Api { code, .. } => code,
            other => status_info(other).kind,
        }
    }
}

impl crate::call_error::CallError {
    /// The stable C status code of this error (`SGPAY_ERR_*`).
    pub fn status(&self) -> SgpayStatus {
        self.error.status()
    }
}
