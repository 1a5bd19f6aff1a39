//! The SQLite backend: the journal in one file on the till's own disk, opened in WAL mode
//! (see [`durability`] for what reaches the disk and when).

pub(crate) mod durability;
pub(crate) mod location;
pub(crate) mod schema;

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{
    Connection, OptionalExtension, Row, ToSql, Transaction, TransactionBehavior, params,
};

use crate::backoff::Backoff;
use crate::error::{Error, Result};
use crate::journal::entry::{
    Details, Entry, Kind, OperationRecord, Request, entry_from_columns, operation_from_columns,
};
use crate::journal::owner::Owner;
use crate::journal::query::Query;
use crate::journal::{Answer, Link, Settlement, Store, taken_over};
use durability::{Durability, STANDING};

/// The current time as SQLite writes it: ISO 8601 UTC with milliseconds.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// A journal file, shared by the threads of one client through one connection, written
/// by one [`Owner`].
pub struct SqliteStore {
    conn: Mutex<Connection>,
    owner: Owner,
}

/// Wraps a database error with what the journal was doing.
pub fn failed(what: &'static str) -> impl Fn(rusqlite::Error) -> Error {
    move |e| Error::journal(format!("the journal could not {what}")).caused_by(e)
}

/// Puts the database in WAL mode (a lasting property of the file). Two processes opening
/// a new journal at once may both try; SQLite then answers one of them "busy" at once,
/// without waiting on the busy timeout (each holds the lock the other needs), so the
/// switch is retried until `busy_timeout` has passed.
fn switch_to_wal(conn: &Connection, path: &str, busy_timeout: Duration) -> Result<()> {
    let mut backoff = Backoff::new(Duration::from_millis(2), Instant::now() + busy_timeout);
    let mode = loop {
        match conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get::<_, String>(0)) {
            Ok(mode) => break mode,
            Err(e) if is_busy(&e) && backoff.wait() => {}
            Err(e) => return Err(failed("switch to WAL mode")(e)),
        }
    };
    if mode.eq_ignore_ascii_case("wal") {
        Ok(())
    } else {
        Err(Error::journal(format!(
            "the journal at \"{path}\" cannot use WAL mode (it is in {mode} mode)"
        )))
    }
}

fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// The `WHERE` of every write through a link: its entry, as long as the fence has not
/// moved on (`?1`, `?2`; the statement's own values follow from `?3`).
const FENCED: &str = "WHERE id = ?1 AND fence = ?2";

/// Runs `sql`, an `UPDATE entries … {FENCED}`, with `values` after the link's; fails with
/// [`taken_over`] when it changed no row.
fn update_fenced(
    conn: &Connection,
    what: &'static str,
    sql: &str,
    link: &Link,
    values: &[&dyn ToSql],
) -> Result<()> {
    let mut args: Vec<&dyn ToSql> = vec![&link.entry_id, &link.fence];
    args.extend_from_slice(values);
    if conn.execute(sql, args.as_slice()).map_err(failed(what))? == 0 {
        return Err(taken_over(&link.entry_id));
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) the journal at `path`: WAL, `synchronous=NORMAL` (see
    /// [`durability`]), a busy timeout and the schema brought up to date, for `owner` to
    /// write.
    pub fn open(path: &str, busy_timeout: Duration, owner: Owner) -> Result<SqliteStore> {
        let mut conn = Connection::open(path).map_err(|e| {
            Error::journal(format!("the journal at \"{path}\" could not be opened")).caused_by(e)
        })?;
        conn.busy_timeout(busy_timeout)
            .map_err(failed("set its busy timeout"))?;
        switch_to_wal(&conn, path, busy_timeout)?;
        conn.execute_batch(&format!("{STANDING}; PRAGMA foreign_keys=ON;"))
            .map_err(failed("set its sync level"))?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(failed("keep its log on close"))?;
        schema::migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            owner,
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `work` in one write transaction, committed when `work` succeeds, as durably as
    /// `durability` says; `what` names the whole in errors.
    fn in_transaction<T>(
        &self,
        what: &'static str,
        durability: Durability,
        work: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.conn();
        durability::committing(&mut conn, durability, |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(failed(what))?;
            let value = work(&tx)?;
            tx.commit().map_err(failed(what))?;
            Ok(value)
        })
    }
}

impl Store for SqliteStore {
    fn create(&self, kind: Kind<'_>, details: &Details, until: i64) -> Result<String> {
        let id = format!("je_{}", uuid::Uuid::new_v4().simple());
        self.in_transaction("write an entry", Durability::Durable, |tx| {
            tx.execute(
                &format!(
                    "INSERT INTO entries (id, kind, base_key, reference, session_id, amount, \
                     currency, card, confirm, submerchant, state, owner_host, owner_pid, \
                     owner_started, lease_until_ms, fence, created_at, updated_at) VALUES (?1, \
                     ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending', ?11, ?12, ?13, ?14, 0, \
                     {NOW}, {NOW})"
                ),
                params![
                    id,
                    kind.name(),
                    details.base_key,
                    details.reference,
                    details.session_id,
                    details.amount,
                    details.currency,
                    details.card,
                    details.confirm,
                    details.submerchant,
                    self.owner.host,
                    self.owner.pid,
                    self.owner.started,
                    until
                ],
            )
            .map_err(failed("write an entry"))?;
            if let Some(op) = kind.first_request() {
                insert_operation(tx, &id, 0, op)?;
            }
            Ok(id)
        })
    }

    fn add_request(&self, link: &Link, op: &Request, details: &Details, until: i64) -> Result<i64> {
        self.in_transaction("write a request", Durability::Lazy, |tx| {
            update_fenced(
                tx,
                "update an entry",
                &format!(
                    "UPDATE entries SET state = 'pending', owner_host = ?3, owner_pid = ?4, \
                     owner_started = ?5, lease_until_ms = ?6, \
                     session_id = COALESCE(?7, session_id), amount = COALESCE(?8, amount), \
                     currency = COALESCE(?9, currency), card = COALESCE(?10, card), \
                     updated_at = {NOW} {FENCED}"
                ),
                link,
                params![
                    self.owner.host,
                    self.owner.pid,
                    self.owner.started,
                    until,
                    details.session_id,
                    details.amount,
                    details.currency,
                    details.card
                ],
            )?;
            let seq: i64 = tx
                .query_row(
                    "SELECT COALESCE(MAX(seq) + 1, 0) FROM operations WHERE entry_id = ?1",
                    [&link.entry_id],
                    |row| row.get(0),
                )
                .map_err(failed("number a request"))?;
            insert_operation(tx, &link.entry_id, seq, op)?;
            Ok(seq)
        })
    }

    fn record_answer(&self, answer: &Answer<'_>) -> Result<()> {
        let link = answer.link;
        self.in_transaction("record an answer", Durability::Lazy, |tx| {
            let (state, outcome) = match answer.settle {
                Some((state, outcome)) => (Some(state.as_str()), Some(outcome)),
                None => (None, None),
            };
            update_fenced(
                tx,
                "record an answer",
                &format!(
                    "UPDATE entries SET session_id = COALESCE(session_id, ?3), \
                     state = COALESCE(?4, state), outcome = COALESCE(?5, outcome), \
                     lease_until_ms = CASE WHEN ?4 IS NULL THEN lease_until_ms ELSE 0 END, \
                     updated_at = {NOW} {FENCED}"
                ),
                link,
                params![answer.session_id, state, outcome],
            )?;
            tx.execute(
                &format!(
                    "UPDATE operations SET state = ?3, http_status = ?4, error_code = ?5, \
                     updated_at = {NOW} WHERE entry_id = ?1 AND seq = ?2"
                ),
                params![
                    link.entry_id,
                    answer.seq,
                    answer.state.as_str(),
                    answer.http_status,
                    answer.error_code
                ],
            )
            .map_err(failed("record an answer"))?;
            Ok(())
        })
    }

    fn set_details(&self, link: &Link, details: &Details) -> Result<()> {
        update_fenced(
            &self.conn(),
            "record a session",
            &format!(
                "UPDATE entries SET session_id = COALESCE(?3, session_id), \
                 amount = COALESCE(?4, amount), currency = COALESCE(?5, currency), \
                 card = COALESCE(?6, card), reference = COALESCE(?7, reference), \
                 updated_at = {NOW} {FENCED}"
            ),
            link,
            params![
                details.session_id,
                details.amount,
                details.currency,
                details.card,
                details.reference
            ],
        )
    }

    fn settle(&self, link: &Link, settlement: &Settlement<'_>) -> Result<()> {
        update_fenced(
            &self.conn(),
            "record an outcome",
            &format!(
                "UPDATE entries SET state = ?3, outcome = COALESCE(?4, outcome), note = ?5, \
                 lease_until_ms = CASE WHEN ?3 = 'pending' THEN lease_until_ms ELSE 0 END, \
                 updated_at = {NOW} {FENCED}"
            ),
            link,
            params![
                settlement.state.as_str(),
                settlement.outcome,
                settlement.note
            ],
        )
    }

    fn take_over(&self, entry_id: &str, until: i64) -> Result<i64> {
        self.conn()
            .query_row(
                &format!(
                    "UPDATE entries SET state = 'pending', owner_host = ?2, owner_pid = ?3, \
                     owner_started = ?4, lease_until_ms = ?5, fence = fence + 1, \
                     acknowledged_at = NULL, updated_at = {NOW} WHERE id = ?1 RETURNING fence"
                ),
                params![
                    entry_id,
                    self.owner.host,
                    self.owner.pid,
                    self.owner.started,
                    until
                ],
                |row| row.get(0),
            )
            .map_err(failed("take an entry over"))
    }

    fn claim(&self, seen: &Entry, until: i64) -> Result<Option<i64>> {
        self.conn()
            .query_row(
                "UPDATE entries SET owner_host = ?2, owner_pid = ?3, owner_started = ?4, \
                 lease_until_ms = ?5, fence = fence + 1 WHERE id = ?1 AND fence = ?6 \
                 AND lease_until_ms = ?7 AND state = ?8 AND acknowledged_at IS NULL \
                 RETURNING fence",
                params![
                    seen.id,
                    self.owner.host,
                    self.owner.pid,
                    self.owner.started,
                    until,
                    seen.claim.fence,
                    seen.claim.lease_until_ms,
                    seen.state
                ],
                |row| row.get(0),
            )
            .optional()
            .map_err(failed("claim an entry"))
    }

    fn acknowledge(&self, entry_id: &str) -> Result<bool> {
        self.conn()
            .execute(
                &format!(
                    "UPDATE entries SET acknowledged_at = COALESCE(acknowledged_at, {NOW}), \
                     updated_at = {NOW} WHERE id = ?1"
                ),
                [entry_id],
            )
            .map(|changed| changed == 1)
            .map_err(failed("acknowledge an entry"))
    }

    fn list(&self, query: &Query<'_>) -> Result<Vec<Entry>> {
        let conn = self.conn();
        let (condition, args) = (*query).to_sql(|n| format!("?{n}"));
        let mut statement = conn
            .prepare(&format!("SELECT * FROM entries {condition}"))
            .map_err(failed("read entries"))?;
        let mut entries = statement
            .query_map(rusqlite::params_from_iter(args), entry_from_row)
            .and_then(Iterator::collect::<rusqlite::Result<Vec<Entry>>>)
            .map_err(failed("read entries"))?;
        let mut ops = conn
            .prepare("SELECT * FROM operations WHERE entry_id = ?1 ORDER BY seq")
            .map_err(failed("read requests"))?;
        for entry in &mut entries {
            entry.operations = ops
                .query_map([&entry.id], operation_from_row)
                .and_then(Iterator::collect)
                .map_err(failed("read requests"))?;
        }
        Ok(entries)
    }

    fn purge(&self, days: u32) -> Result<usize> {
        self.in_transaction("purge old entries", Durability::Lazy, |tx| {
            let cutoff = format!("-{days} days");
            let old = "SELECT id FROM entries WHERE acknowledged_at IS NOT NULL AND \
                       acknowledged_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)";
            tx.execute(
                &format!("DELETE FROM operations WHERE entry_id IN ({old})"),
                [&cutoff],
            )
            .map_err(failed("purge old operations"))?;
            let purged = tx
                .execute(
                    &format!("DELETE FROM entries WHERE id IN ({old})"),
                    [&cutoff],
                )
                .map_err(failed("purge old entries"))?;
            Ok(purged)
        })
    }
}

fn insert_operation(tx: &Transaction<'_>, entry_id: &str, seq: i64, op: &Request) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO operations (entry_id, seq, operation, idempotency_key, submerchant, \
             body, state, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', \
             {NOW}, {NOW})"
        ),
        params![
            entry_id,
            seq,
            op.operation,
            op.idempotency_key,
            op.submerchant,
            op.body
        ],
    )
    .map(drop)
    .map_err(failed("write a request"))
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(entry_from_columns!(row.get))
}

fn operation_from_row(row: &Row<'_>) -> rusqlite::Result<OperationRecord> {
    Ok(operation_from_columns!(row.get))
}
