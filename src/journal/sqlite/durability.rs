//! What the journal makes durable, and when (docs/journal.md, "Power loss").
//!
//! The journal runs SQLite in WAL mode with `synchronous=NORMAL`: every commit is appended
//! to the write-ahead log at once, so a crashed *process* loses nothing, but the log is
//! fsynced only by a durable write or a checkpoint, so a *power cut* may lose the commits
//! since the last one. SQLite's WAL frames are checksummed: a torn tail is dropped whole on
//! the next open, and the database stays consistent.
//!
//! One write per money-moving call is durable: the entry committed before its first byte
//! is sent, holding what recovery needs to re-derive everything else from the server (the
//! sale's idempotency base, its reference and what the caller decided; for a plain call,
//! the request itself). It commits with `synchronous=FULL`, which fsyncs the log, and with
//! it every lazy commit written before it.
//!
//! Closing a connection does not checkpoint (`SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`): the log
//! stays for the next opener, so a till that opens, sells once and exits pays for one fsync,
//! not three. Checkpoints run when the log passes SQLite's 1,000 pages, two fsyncs each,
//! shared by the dozens of sales the log holds by then.

use rusqlite::Connection;

use crate::error::Result;
use crate::journal::sqlite::failed;

/// How a journal write reaches the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Fsynced before the write returns: survives a power cut.
    Durable,
    /// Appended to the log: survives a crashed process; made durable by the next durable
    /// write or checkpoint, and lost if the power goes before that.
    Lazy,
}

/// The connection's standing mode: lazy commits, fsyncs only at checkpoints.
pub const STANDING: &str = "PRAGMA synchronous=NORMAL";

/// Runs `commit` with the connection's sync level raised for a durable write, and lowered
/// again afterwards whatever `commit` returned.
pub fn committing<T>(
    conn: &mut Connection,
    durability: Durability,
    commit: impl FnOnce(&mut Connection) -> Result<T>,
) -> Result<T> {
    if durability == Durability::Lazy {
        return commit(conn);
    }
    conn.execute_batch("PRAGMA synchronous=FULL")
        .map_err(failed("raise its sync level"))?;
    let result = commit(conn);
    let lowered = conn
        .execute_batch(STANDING)
        .map_err(failed("lower its sync level"));
    let value = result?;
    lowered.map(|()| value)
}
