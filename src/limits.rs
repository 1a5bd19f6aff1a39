//! Every size and count limit of the library in one place: inputs from the caller and from
//! the network are bounded (docs/safety.md, "Limits").

use std::time::Duration;

/// Largest configuration document accepted, in bytes.
pub(crate) const MAX_CONFIG_BYTES: usize = 256 * 1024;
/// Largest request body accepted from the caller, in bytes.
pub(crate) const MAX_REQUEST_BYTES: usize = 1024 * 1024;
/// Largest reply body read, in bytes; a larger reply is a protocol error.
pub(crate) const MAX_REPLY_BYTES: u64 = 4 * 1024 * 1024;
/// Deepest nesting of arrays and objects accepted in a reply; a deeper one is a protocol
/// error (it could only exhaust the stack of whoever parses it).
pub(crate) const MAX_REPLY_DEPTH: usize = 64;
/// Largest webhook body verified, in bytes.
pub(crate) const MAX_WEBHOOK_BODY: usize = 1024 * 1024;
/// Longest webhook signature header read, in characters.
pub(crate) const MAX_SIGNATURE_LEN: usize = 2048;
/// Largest PEM file (key or CA bundle) read, in bytes.
pub(crate) const MAX_PEM_FILE_BYTES: u64 = 1024 * 1024;
/// Longest idempotency key, in characters (the shortest is 1).
pub(crate) const MAX_IDEMPOTENCY_KEY_LEN: usize = 255;
/// Longest value of a configured header (project, submerchant, user agent).
pub(crate) const MAX_HEADER_VALUE_LEN: usize = 1024;
/// Longest `Retry-After` honoured; a server asking for more is not waited for.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// Most attempts per call a configuration may ask for.
pub(crate) const MAX_ATTEMPTS: u32 = 10;
/// Longest timeout or deadline a configuration or a `pay` may set, in milliseconds (one
/// day).
pub(crate) const MAX_TIMEOUT_MS: u64 = 24 * 3600 * 1000;
/// Room kept after a `pay`'s idempotency base for the suffix of each step's key
/// (`-create`, `-start`, `-confirm`).
pub(crate) const STEP_SUFFIX_ROOM: usize = 15;
/// Longest idempotency base of a `pay`: each step's key must still fit.
pub(crate) const MAX_PAY_BASE_LEN: usize = MAX_IDEMPOTENCY_KEY_LEN - STEP_SUFFIX_ROOM;
/// Longest `reference` of a sale, in bytes (the shortest is 1).
pub(crate) const MAX_REFERENCE_LEN: usize = 255;
/// Longest first pause between a `pay`'s status polls, in milliseconds.
pub(crate) const MAX_POLL_INTERVAL_MS: u64 = 60_000;
/// Longest time acknowledged journal entries may be kept, in days (a hundred years).
pub(crate) const MAX_RETENTION_DAYS: u32 = 36_500;
/// Longest `journal_schema`: PostgreSQL's identifier limit (63 bytes).
pub(crate) const MAX_SCHEMA_NAME_LEN: usize = 63;
/// Longest `journal_owner`, the name of a machine in the journal.
pub(crate) const MAX_OWNER_NAME_LEN: usize = 128;

/// True when `value` can travel as an HTTP header value of ours: 1 to
/// [`MAX_HEADER_VALUE_LEN`] printable ASCII characters (spaces allowed, no tabs or
/// control characters). Configuration and per-call options use this same check.
pub(crate) fn is_header_text(value: &str) -> bool {
    (1..=MAX_HEADER_VALUE_LEN).contains(&value.len())
        && value.bytes().all(|b| (0x20..0x7f).contains(&b))
}
