//! The journal database: opening it, and every read and write of entries.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, Row, Transaction, TransactionBehavior, params};

use crate::error::{Error, Result};
use crate::journal::durability::{self, Durability, STANDING};
use crate::journal::entry::{Details, Entry, OpState, OperationRecord, Request, State};
use crate::journal::owner::Owner;
use crate::journal::schema;
use crate::pay::poll::Backoff;

/// The current time as SQLite writes it: ISO 8601 UTC with milliseconds.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// An open journal, shared by the threads of one client.
pub struct Journal {
    conn: Mutex<Connection>,
    owner: Owner,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("owner", &self.owner)
            .finish()
    }
}

/// The answer to a journaled request.
#[derive(Debug)]
pub struct Answer<'a> {
    /// The entry.
    pub entry_id: &'a str,
    /// The request's position in it.
    pub seq: i64,
    /// What became of the request.
    pub state: OpState,
    /// HTTP status, when known.
    pub http_status: Option<u16>,
    /// The API's error code, when it refused.
    pub error_code: Option<&'a str>,
    /// The session the answer named.
    pub session_id: Option<&'a str>,
    /// The entry's new state and outcome, for an entry of its own.
    pub settle: Option<(State, &'a str)>,
}

/// Wraps a database error with what the journal was doing.
pub fn failed(what: &'static str) -> impl Fn(rusqlite::Error) -> Error {
    move |e| Error::journal(format!("the journal could not {what}")).caused_by(e)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
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

fn lease_end(lease: Duration) -> i64 {
    now_ms().saturating_add(lease.as_millis().min(i64::MAX as u128) as i64)
}

impl Journal {
    /// Opens (creating if needed) the journal at `path`: WAL, `synchronous=NORMAL` (see
    /// [`durability`](crate::journal::durability)), a busy
    /// timeout, the schema brought up to date, and acknowledged entries older than
    /// `retention_days` purged.
    pub fn open(path: &str, retention_days: u32, busy_timeout: Duration) -> Result<Journal> {
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
        let journal = Journal {
            conn: Mutex::new(conn),
            owner: Owner::current(),
        };
        journal.purge(retention_days)?;
        Ok(journal)
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

    /// The process writing through this journal.
    pub fn owner(&self) -> Owner {
        self.owner
    }

    /// Deletes acknowledged entries older than `days`; unacknowledged ones are kept forever.
    pub fn purge(&self, days: u32) -> Result<usize> {
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

    /// Creates an entry owned by this process, with its first request when one is given:
    /// the one durable write of a money-moving call, committed before its first byte is
    /// sent. Returns the entry id.
    pub fn create(
        &self,
        kind: &str,
        details: &Details,
        first: Option<&Request>,
        lease: Duration,
    ) -> Result<String> {
        let id = format!("je_{}", uuid::Uuid::new_v4().simple());
        self.in_transaction("write an entry", Durability::Durable, |tx| {
            tx.execute(
                &format!(
                    "INSERT INTO entries (id, kind, base_key, reference, session_id, amount, \
                     currency, card, confirm, submerchant, state, owner_pid, owner_started, \
                     lease_until_ms, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, \
                     ?8, ?9, ?10, 'pending', ?11, ?12, ?13, {NOW}, {NOW})"
                ),
                params![
                    id,
                    kind,
                    details.base_key,
                    details.reference,
                    details.session_id,
                    details.amount,
                    details.currency,
                    details.card,
                    details.confirm,
                    details.submerchant,
                    self.owner.pid,
                    self.owner.started,
                    lease_end(lease)
                ],
            )
            .map_err(failed("write an entry"))?;
            if let Some(op) = first {
                insert_operation(tx, &id, 0, op)?;
            }
            Ok(id)
        })
    }

    /// Adds a request to an entry about to send it, taking the entry over for this process
    /// and moving it back to `pending` (a lazy write: the entry, already durable, lets
    /// recovery re-derive it). Returns the request's position.
    pub fn add_operation(
        &self,
        entry_id: &str,
        op: &Request,
        details: &Details,
        lease: Duration,
    ) -> Result<i64> {
        self.in_transaction("write a request", Durability::Lazy, |tx| {
            let seq: i64 = tx
                .query_row(
                    "SELECT COALESCE(MAX(seq) + 1, 0) FROM operations WHERE entry_id = ?1",
                    [entry_id],
                    |row| row.get(0),
                )
                .map_err(failed("number a request"))?;
            insert_operation(tx, entry_id, seq, op)?;
            tx.execute(
                &format!(
                    "UPDATE entries SET state = 'pending', owner_pid = ?2, owner_started = ?3, \
                     lease_until_ms = ?4, session_id = COALESCE(?5, session_id), \
                     amount = COALESCE(?6, amount), currency = COALESCE(?7, currency), \
                     card = COALESCE(?8, card), updated_at = {NOW} WHERE id = ?1"
                ),
                params![
                    entry_id,
                    self.owner.pid,
                    self.owner.started,
                    lease_end(lease),
                    details.session_id,
                    details.amount,
                    details.currency,
                    details.card
                ],
            )
            .map_err(failed("update an entry"))?;
            Ok(seq)
        })
    }

    /// Records what became of a request, the session it named and, for an entry of its
    /// own, the entry's new state: one lazy transaction (recovery re-derives an answer lost
    /// in a power cut by asking the server).
    pub fn record_answer(&self, answer: &Answer<'_>) -> Result<()> {
        self.in_transaction("record an answer", Durability::Lazy, |tx| {
            tx.execute(
                &format!(
                    "UPDATE operations SET state = ?3, http_status = ?4, error_code = ?5, \
                     updated_at = {NOW} WHERE entry_id = ?1 AND seq = ?2"
                ),
                params![
                    answer.entry_id,
                    answer.seq,
                    answer.state.as_str(),
                    answer.http_status,
                    answer.error_code
                ],
            )
            .map_err(failed("record an answer"))?;
            let (state, outcome) = match answer.settle {
                Some((state, outcome)) => (Some(state.as_str()), Some(outcome)),
                None => (None, None),
            };
            tx.execute(
                &format!(
                    "UPDATE entries SET session_id = COALESCE(session_id, ?2), \
                     state = COALESCE(?3, state), outcome = COALESCE(?4, outcome), \
                     lease_until_ms = CASE WHEN ?3 IS NULL THEN lease_until_ms ELSE 0 END, \
                     updated_at = {NOW} WHERE id = ?1"
                ),
                params![answer.entry_id, answer.session_id, state, outcome],
            )
            .map_err(failed("record an answer"))?;
            Ok(())
        })
    }

    /// Records the session of an entry and what the request told about the sale.
    pub fn set_details(&self, entry_id: &str, details: &Details) -> Result<()> {
        self.conn()
            .execute(
                &format!(
                    "UPDATE entries SET session_id = COALESCE(?2, session_id), \
                     amount = COALESCE(?3, amount), currency = COALESCE(?4, currency), \
                     card = COALESCE(?5, card), reference = COALESCE(?6, reference), \
                     updated_at = {NOW} WHERE id = ?1"
                ),
                params![
                    entry_id,
                    details.session_id,
                    details.amount,
                    details.currency,
                    details.card,
                    details.reference
                ],
            )
            .map(drop)
            .map_err(failed("record a session"))
    }

    /// Moves an entry to `state` with its outcome and note. Any state but `pending`
    /// releases the lease, so that `recover` may look at it at once.
    pub fn settle(
        &self,
        entry_id: &str,
        state: State,
        outcome: Option<&str>,
        note: Option<&str>,
    ) -> Result<()> {
        self.conn()
            .execute(
                &format!(
                    "UPDATE entries SET state = ?2, outcome = COALESCE(?3, outcome), note = ?4, \
                     lease_until_ms = CASE WHEN ?2 = 'pending' THEN lease_until_ms ELSE 0 END, \
                     updated_at = {NOW} WHERE id = ?1"
                ),
                params![entry_id, state.as_str(), outcome, note],
            )
            .map(drop)
            .map_err(failed("record an outcome"))
    }

    /// Takes an entry over for this process (a resumed `pay`), as `pending`.
    pub fn take_over(&self, entry_id: &str, lease: Duration) -> Result<()> {
        self.conn()
            .execute(
                &format!(
                    "UPDATE entries SET state = 'pending', owner_pid = ?2, owner_started = ?3, \
                     lease_until_ms = ?4, acknowledged_at = NULL, updated_at = {NOW} \
                     WHERE id = ?1"
                ),
                params![
                    entry_id,
                    self.owner.pid,
                    self.owner.started,
                    lease_end(lease)
                ],
            )
            .map(drop)
            .map_err(failed("take an entry over"))
    }

    /// Claims an entry for recovery unless someone else changed or claimed it since it
    /// was read. True when this process now holds it.
    pub fn claim(&self, entry: &Entry, lease: Duration) -> Result<bool> {
        self.conn()
            .execute(
                "UPDATE entries SET owner_pid = ?2, owner_started = ?3, lease_until_ms = ?4 \
                 WHERE id = ?1 AND owner_pid = ?5 AND owner_started IS ?6 \
                 AND lease_until_ms = ?7 AND state = ?8",
                params![
                    entry.id,
                    self.owner.pid,
                    self.owner.started,
                    lease_end(lease),
                    entry.owner_pid,
                    entry.owner_started,
                    entry.lease_until_ms,
                    entry.state
                ],
            )
            .map(|changed| changed == 1)
            .map_err(failed("claim an entry"))
    }

    /// Marks an entry's outcome as recorded by the till.
    pub fn acknowledge(&self, entry_id: &str) -> Result<bool> {
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

    /// One entry by id.
    pub fn get(&self, entry_id: &str) -> Result<Option<Entry>> {
        Ok(self
            .select("WHERE id = ?1", &[&entry_id])?
            .into_iter()
            .next())
    }

    /// The entry of a `pay` by its idempotency base.
    pub fn by_base_key(&self, base_key: &str) -> Result<Option<Entry>> {
        Ok(self
            .select("WHERE base_key = ?1", &[&base_key])?
            .into_iter()
            .next())
    }

    /// The newest unacknowledged `pay` entry of a session.
    pub fn open_pay_for_session(&self, session_id: &str) -> Result<Option<Entry>> {
        Ok(self
            .select(
                "WHERE session_id = ?1 AND kind = 'pay' AND acknowledged_at IS NULL \
                 ORDER BY created_at DESC LIMIT 1",
                &[&session_id],
            )?
            .into_iter()
            .next())
    }

    /// Entries matching a SQL condition (with `?1`.. parameters), oldest first unless the
    /// condition orders them.
    pub fn select(&self, condition: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Entry>> {
        let conn = self.conn();
        let order = if condition.contains("ORDER BY") {
            ""
        } else {
            " ORDER BY created_at, id"
        };
        let mut statement = conn
            .prepare(&format!("SELECT * FROM entries {condition}{order}"))
            .map_err(failed("read entries"))?;
        let mut entries = statement
            .query_map(args, entry_from_row)
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
}

fn insert_operation(
    tx: &rusqlite::Transaction<'_>,
    entry_id: &str,
    seq: i64,
    op: &Request,
) -> Result<()> {
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

/// Builds a `$ty` from `$row`: each listed field from the column of its name, then the
/// fields given after `;`.
macro_rules! from_columns {
    ($ty:ident from $row:ident: $($field:ident),* $(; $($given:tt)*)?) => {
        $ty { $($field: $row.get(stringify!($field))?,)* $($($given)*)? }
    };
}

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let details = from_columns!(Details from row:
        base_key, reference, session_id, amount, currency, card, confirm, submerchant);
    Ok(from_columns!(Entry from row:
        id, kind, state, outcome, note, owner_pid, owner_started, lease_until_ms, created_at,
        updated_at, acknowledged_at; details, operations: Vec::new()))
}

fn operation_from_row(row: &Row<'_>) -> rusqlite::Result<OperationRecord> {
    let request = from_columns!(Request from row: operation, idempotency_key, submerchant, body);
    Ok(from_columns!(OperationRecord from row:
        state, http_status, error_code, created_at; request))
}
