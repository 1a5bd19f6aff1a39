//! The journal's tables and their migrations. The version lives in SQLite's
//! `user_version`; migrations only ever add, so an upgrade never drops an entry, and a
//! journal written by a newer sgpay is refused rather than guessed at.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// Each step brings the schema from version `index` to `index + 1`. Steps are append-only
/// and never delete or drop. Version 2 adds what a `pay` caller decided (`confirm`,
/// `submerchant`), so that recovery can re-derive the sale's requests from its entry alone;
/// version 3 names the owning machine and adds the fencing counter of takeovers.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    base_key TEXT UNIQUE,
    reference TEXT,
    session_id TEXT,
    amount INTEGER,
    currency TEXT,
    card TEXT,
    state TEXT NOT NULL,
    outcome TEXT,
    note TEXT,
    owner_pid INTEGER NOT NULL,
    owner_started INTEGER,
    lease_until_ms INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    acknowledged_at TEXT
);
CREATE INDEX entries_open ON entries (state, acknowledged_at);
CREATE INDEX entries_session ON entries (session_id);
CREATE INDEX entries_reference ON entries (reference);
CREATE TABLE operations (
    entry_id TEXT NOT NULL REFERENCES entries (id),
    seq INTEGER NOT NULL,
    operation TEXT NOT NULL,
    idempotency_key TEXT,
    submerchant TEXT,
    body TEXT,
    state TEXT NOT NULL,
    http_status INTEGER,
    error_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, seq)
);
"#,
    r#"
ALTER TABLE entries ADD COLUMN confirm TEXT;
ALTER TABLE entries ADD COLUMN submerchant TEXT;
"#,
    r#"
ALTER TABLE entries ADD COLUMN owner_host TEXT;
ALTER TABLE entries ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
"#,
];

/// The schema version this build writes.
pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`CURRENT_VERSION`], one transaction per step.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(super::failed("start the schema upgrade"))?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(super::failed("read the schema version"))?;
        if version > CURRENT_VERSION {
            return Err(Error::journal(format!(
                "the journal was written by a newer sgpay (schema {version}; this one knows \
                 up to {CURRENT_VERSION}); it is left untouched: use that version"
            )));
        }
        let Some(step) = MIGRATIONS.get(version as usize) else {
            return Ok(());
        };
        tx.execute_batch(step)
            .and_then(|()| tx.pragma_update(None, "user_version", version + 1))
            .and_then(|()| tx.commit())
            .map_err(super::failed("upgrade the schema"))?;
    }
}
