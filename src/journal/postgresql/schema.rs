//! The shared journal's tables and their migrations, in their own schema. The version
//! lives in `schema_version`; migrations only ever add, so an upgrade never drops an
//! entry, and a journal written by a newer sgpay is refused rather than guessed at. A
//! transaction-scoped advisory lock lets one machine migrate at a time: the others wait
//! for it (within the busy timeout) and find the work done.

use crate::error::{Error, Result};
use crate::journal::postgresql::pool::{Connection, failed};

/// Each step brings the schema from version `index` to `index + 1`: append-only, never
/// deleting or dropping. Times are ISO 8601 UTC texts, as in the SQLite journal.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    base_key TEXT UNIQUE,
    reference TEXT,
    session_id TEXT,
    amount BIGINT,
    currency TEXT,
    card TEXT,
    confirm TEXT,
    submerchant TEXT,
    state TEXT NOT NULL,
    outcome TEXT,
    note TEXT,
    owner_host TEXT,
    owner_pid BIGINT NOT NULL,
    owner_started BIGINT,
    lease_until_ms BIGINT NOT NULL,
    fence BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    acknowledged_at TEXT
);
CREATE INDEX entries_open ON entries (state, acknowledged_at);
CREATE INDEX entries_session ON entries (session_id);
CREATE INDEX entries_reference ON entries (reference);
CREATE TABLE operations (
    entry_id TEXT NOT NULL REFERENCES entries (id),
    seq BIGINT NOT NULL,
    operation TEXT NOT NULL,
    idempotency_key TEXT,
    submerchant TEXT,
    body TEXT,
    state TEXT NOT NULL,
    http_status BIGINT,
    error_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, seq)
);
"#];

/// The schema version this build writes.
pub const CURRENT_VERSION: i32 = MIGRATIONS.len() as i32;

/// Brings `schema` to [`CURRENT_VERSION`] in one transaction, holding the migration lock.
pub fn migrate(conn: &mut Connection, schema: &str) -> Result<()> {
    let mut tx = conn
        .client
        .transaction()
        .map_err(failed("start the schema upgrade"))?;
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext($1))",
        &[&format!("sgpay journal schema {schema}")],
    )
    .map_err(failed("wait for another machine's schema upgrade"))?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {schema}; \
         CREATE TABLE IF NOT EXISTS {schema}.schema_version (version INTEGER NOT NULL)"
    ))
    .map_err(failed("create its schema"))?;
    let version: i32 = tx
        .query_opt(&format!("SELECT version FROM {schema}.schema_version"), &[])
        .map_err(failed("read the schema version"))?
        .map_or(0, |row| row.get(0));
    if version > CURRENT_VERSION {
        return Err(Error::journal(format!(
            "the journal was written by a newer sgpay (schema {version}; this one knows up to \
             {CURRENT_VERSION}); it is left untouched: use that version"
        )));
    }
    if version == CURRENT_VERSION {
        return Ok(());
    }
    for step in &MIGRATIONS[version as usize..] {
        tx.batch_execute(&format!("SET LOCAL search_path TO {schema}; {step}"))
            .map_err(failed("upgrade the schema"))?;
    }
    let stored = if version == 0 {
        format!("INSERT INTO {schema}.schema_version VALUES ($1)")
    } else {
        format!("UPDATE {schema}.schema_version SET version = $1")
    };
    tx.execute(&stored, &[&CURRENT_VERSION])
        .and_then(|_| tx.commit())
        .map_err(failed("upgrade the schema"))
}
