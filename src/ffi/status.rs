//! The stable status codes of the C ABI. They are never renumbered.

/// Version of the C ABI described by `sgpay.h`; bumped on any incompatible change.
pub const SGPAY_ABI_VERSION: u32 = 1;

/// Success.
pub const SGPAY_OK: i32 = 0;
/// NULL where a value is required, non-UTF-8 text, malformed JSON, unknown operation, or a
/// request that failed local validation. Nothing was sent.
pub const SGPAY_ERR_INVALID_ARGUMENT: i32 = 1;
/// Bad configuration JSON, or an unreadable or invalid key.
pub const SGPAY_ERR_CONFIG: i32 = 2;
/// The request never reached the server (DNS, connection refused, TLS handshake).
/// Safe to send again.
pub const SGPAY_ERR_NOT_SENT: i32 = 10;
/// The request may have been processed (timeout or connection lost after sending).
/// Repeat it with the same idempotency key, or ask `session/status`.
pub const SGPAY_ERR_OUTCOME_UNKNOWN: i32 = 11;
/// The API answered `"status": "error"`; the error document holds the server's error.
pub const SGPAY_ERR_API: i32 = 20;
/// Unexpected HTTP status, non-JSON or malformed reply.
pub const SGPAY_ERR_PROTOCOL: i32 = 21;
/// A webhook signature did not verify.
pub const SGPAY_ERR_SIGNATURE: i32 = 30;
/// The crash-safe journal (`journal_path`) could not be opened or written. When this
/// comes from a call, nothing was sent.
pub const SGPAY_ERR_JOURNAL: i32 = 40;
/// A bug inside the library was caught at the boundary; the host process is unharmed.
pub const SGPAY_ERR_PANIC: i32 = 98;
/// An internal failure (e.g. out of resources).
pub const SGPAY_ERR_INTERNAL: i32 = 99;
