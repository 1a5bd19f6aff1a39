//! The crash-safe journal (docs/journal.md): an SQLite database where every money-moving
//! call is committed, durably, before its first byte is sent, and where its requests and
//! answers are recorded as they come (lazily: see [`durability`]). After a crash or a power
//! cut, [`recover`] finds out what happened to what was left open.
//!
//! Never stored: full card numbers (first 6 and last 4 digits at most), CVCs, expiry
//! dates, keys and secrets. A body is kept only when it holds no card data.

pub(crate) mod durability;
pub(crate) mod entry;
pub(crate) mod hook;
pub(crate) mod listing;
pub(crate) mod location;
pub(crate) mod masking;
pub(crate) mod owner;
pub(crate) mod recover;
pub(crate) mod schema;
pub(crate) mod store;

pub use entry::State;
pub use store::Journal;

use std::time::Duration;

/// Added to a call's deadline to make the lease of its entry: a live owner's entry is left
/// alone until then.
pub const LEASE_MARGIN: Duration = Duration::from_secs(5);

/// Longest wait for another process's lock on the journal file.
pub const MAX_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Ties a call to the entry of the `pay` (or recovery) that makes it, instead of giving
/// it an entry of its own.
#[derive(Debug, Clone)]
pub struct Link {
    /// The entry the request belongs to.
    pub entry_id: String,
    /// How long the caller may still work on it.
    pub lease: Duration,
}
