//! The PostgreSQL backend: one journal shared by many machines, so that any of them can
//! finish what another left open. Each write is one transaction; the entry of a
//! money-moving call commits with `synchronous_commit` on (made durable by the server
//! before its first byte is sent), the lazy writes after it with it off, as the SQLite
//! journal does. Claims take the row with `FOR UPDATE SKIP LOCKED` and move its fence on.

pub(crate) mod pool;
pub(crate) mod schema;
pub(crate) mod tls;

use std::time::Duration;

use postgres::types::ToSql;
use postgres::{GenericClient, Row, Statement, Transaction};

use crate::error::Result;
use crate::journal::entry::{
    Details, Entry, Kind, OperationRecord, Request, entry_from_columns, operation_from_columns,
};
use crate::journal::owner::Owner;
use crate::journal::query::Query;
use crate::journal::{Answer, Link, Settlement, Store, taken_over};
use crate::journal_url::JournalUrl;
use pool::{Pool, failed};

/// The current time as the journal writes it: ISO 8601 UTC with milliseconds.
const NOW: &str =
    r#"to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#;

/// A shared journal in one PostgreSQL schema, written by one [`Owner`].
pub struct PostgresStore {
    pool: Pool,
    owner: Owner,
}

/// The `WHERE` of every write through a link: its entry, as long as the fence has not
/// moved on (`$1`, `$2`; the statement's own values follow from `$3`).
const FENCED: &str = "WHERE id = $1 AND fence = $2";

/// Runs `statement`, an `UPDATE entries … {FENCED}`, with `values` after the link's; fails
/// with [`taken_over`] when it changed no row.
fn update_fenced(
    client: &mut impl GenericClient,
    what: &'static str,
    statement: &Statement,
    link: &Link,
    values: &[&(dyn ToSql + Sync)],
) -> Result<()> {
    let mut args: Vec<&(dyn ToSql + Sync)> = vec![&link.entry_id, &link.fence];
    args.extend_from_slice(values);
    if client.execute(statement, &args).map_err(failed(what))? == 0 {
        return Err(taken_over(&link.entry_id));
    }
    Ok(())
}

impl PostgresStore {
    /// Connects to the journal at `url` (TLS as its `sslmode` says, trusting
    /// `ca_bundle_path` too) and brings the tables of the schema `schema_name` up to date,
    /// for `owner` to write.
    pub fn open(
        url: &JournalUrl,
        schema_name: &str,
        ca_bundle_path: Option<&str>,
        busy: Duration,
        owner: Owner,
    ) -> Result<PostgresStore> {
        let tls = tls::connector(url.ssl_mode, ca_bundle_path)?;
        let pool = Pool::new(url, tls, schema_name, busy);
        let mut conn = pool.connect()?;
        schema::migrate(&mut conn, schema_name)?;
        Ok(PostgresStore { pool, owner })
    }

    /// Runs `work` in one transaction over the statements `sqls`, prepared first; the
    /// commit is made durable before it returns when `durable` says so.
    fn write<T>(
        &self,
        what: &'static str,
        durable: bool,
        sqls: &[&str],
        work: impl FnOnce(&mut Transaction<'_>, &[Statement]) -> Result<T>,
    ) -> Result<T> {
        self.pool.run(|conn| {
            let statements = sqls
                .iter()
                .map(|sql| conn.statement(sql))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(failed(what))?;
            let mut tx = conn.client.transaction().map_err(failed(what))?;
            if durable {
                tx.batch_execute("SET LOCAL synchronous_commit TO on")
                    .map_err(failed(what))?;
            }
            let value = work(&mut tx, &statements)?;
            tx.commit().map_err(failed(what))?;
            Ok(value)
        })
    }

    /// Runs one fenced update of the linked entry on its own: see [`update_fenced`].
    fn update_entry(
        &self,
        what: &'static str,
        sql: &str,
        link: &Link,
        values: &[&(dyn ToSql + Sync)],
    ) -> Result<()> {
        self.pool.run(|conn| {
            let statement = conn.statement(sql).map_err(failed(what))?;
            update_fenced(&mut conn.client, what, &statement, link, values)
        })
    }

    /// Runs one statement on its own; returns the rows it changed.
    fn execute(&self, what: &'static str, sql: &str, args: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        self.pool.run(|conn| {
            let statement = conn.statement(sql).map_err(failed(what))?;
            conn.client.execute(&statement, args).map_err(failed(what))
        })
    }

    /// Runs one statement on its own, durably; returns the first column of its one row.
    fn returning(
        &self,
        what: &'static str,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<i64>> {
        self.write(what, true, &[sql], |tx, statements| {
            let row = tx.query_opt(&statements[0], args).map_err(failed(what))?;
            Ok(row.map(|row| row.get(0)))
        })
    }
}

impl Store for PostgresStore {
    fn create(&self, kind: Kind<'_>, details: &Details, until: i64) -> Result<String> {
        let id = format!("je_{}", uuid::Uuid::new_v4().simple());
        let insert = format!(
            "INSERT INTO entries (id, kind, base_key, reference, session_id, amount, currency, \
             card, confirm, submerchant, state, owner_host, owner_pid, owner_started, \
             lease_until_ms, fence, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, \
             $8, $9, $10, 'pending', $11, $12, $13, $14, 0, {NOW}, {NOW})"
        );
        let insert_op = insert_operation_sql();
        self.write("write an entry", true, &[&insert, &insert_op], |tx, st| {
            tx.execute(
                &st[0],
                &[
                    &id,
                    &kind.name(),
                    &details.base_key,
                    &details.reference,
                    &details.session_id,
                    &details.amount,
                    &details.currency,
                    &details.card,
                    &details.confirm,
                    &details.submerchant,
                    &self.owner.host,
                    &i64::from(self.owner.pid),
                    &self.owner.started,
                    &until,
                ],
            )
            .map_err(failed("write an entry"))?;
            if let Some(op) = kind.first_request() {
                insert_operation(tx, &st[1], &id, 0, op)?;
            }
            Ok(id)
        })
    }

    fn add_request(&self, link: &Link, op: &Request, details: &Details, until: i64) -> Result<i64> {
        let update = format!(
            "UPDATE entries SET state = 'pending', owner_host = $3, owner_pid = $4, \
             owner_started = $5, lease_until_ms = $6, session_id = COALESCE($7, session_id), \
             amount = COALESCE($8, amount), currency = COALESCE($9, currency), \
             card = COALESCE($10, card), updated_at = {NOW} {FENCED}"
        );
        let next = "SELECT COALESCE(MAX(seq) + 1, 0) FROM operations WHERE entry_id = $1";
        let insert_op = insert_operation_sql();
        self.write(
            "write a request",
            false,
            &[&update, next, &insert_op],
            |tx, st| {
                update_fenced(
                    tx,
                    "update an entry",
                    &st[0],
                    link,
                    &[
                        &self.owner.host,
                        &i64::from(self.owner.pid),
                        &self.owner.started,
                        &until,
                        &details.session_id,
                        &details.amount,
                        &details.currency,
                        &details.card,
                    ],
                )?;
                let seq: i64 = tx
                    .query_one(&st[1], &[&link.entry_id])
                    .map_err(failed("number a request"))?
                    .get(0);
                insert_operation(tx, &st[2], &link.entry_id, seq, op)?;
                Ok(seq)
            },
        )
    }

    fn record_answer(&self, answer: &Answer<'_>) -> Result<()> {
        let link = answer.link;
        let entry = format!(
            "UPDATE entries SET session_id = COALESCE(session_id, $3), \
             state = COALESCE($4::text, state), outcome = COALESCE($5, outcome), \
             lease_until_ms = CASE WHEN $4::text IS NULL THEN lease_until_ms ELSE 0 END, \
             updated_at = {NOW} {FENCED}"
        );
        let operation = format!(
            "UPDATE operations SET state = $3, http_status = $4, error_code = $5, \
             updated_at = {NOW} WHERE entry_id = $1 AND seq = $2"
        );
        let (state, outcome) = match answer.settle {
            Some((state, outcome)) => (Some(state.as_str()), Some(outcome)),
            None => (None, None),
        };
        let http_status = answer.http_status.map(i64::from);
        self.write(
            "record an answer",
            false,
            &[&entry, &operation],
            |tx, st| {
                update_fenced(
                    tx,
                    "record an answer",
                    &st[0],
                    link,
                    &[&answer.session_id, &state, &outcome],
                )?;
                tx.execute(
                    &st[1],
                    &[
                        &link.entry_id,
                        &answer.seq,
                        &answer.state.as_str(),
                        &http_status,
                        &answer.error_code,
                    ],
                )
                .map_err(failed("record an answer"))?;
                Ok(())
            },
        )
    }

    fn set_details(&self, link: &Link, details: &Details) -> Result<()> {
        let sql = format!(
            "UPDATE entries SET session_id = COALESCE($3, session_id), \
             amount = COALESCE($4, amount), currency = COALESCE($5, currency), \
             card = COALESCE($6, card), reference = COALESCE($7, reference), \
             updated_at = {NOW} {FENCED}"
        );
        let values: [&(dyn ToSql + Sync); 5] = [
            &details.session_id,
            &details.amount,
            &details.currency,
            &details.card,
            &details.reference,
        ];
        self.update_entry("record a session", &sql, link, &values)
    }

    fn settle(&self, link: &Link, settlement: &Settlement<'_>) -> Result<()> {
        let sql = format!(
            "UPDATE entries SET state = $3, outcome = COALESCE($4, outcome), note = $5, \
             lease_until_ms = CASE WHEN $3 = 'pending' THEN lease_until_ms ELSE 0 END, \
             updated_at = {NOW} {FENCED}"
        );
        let values: [&(dyn ToSql + Sync); 3] = [
            &settlement.state.as_str(),
            &settlement.outcome,
            &settlement.note,
        ];
        self.update_entry("record an outcome", &sql, link, &values)
    }

    fn take_over(&self, entry_id: &str, until: i64) -> Result<i64> {
        let sql = format!(
            "UPDATE entries SET state = 'pending', owner_host = $2, owner_pid = $3, \
             owner_started = $4, lease_until_ms = $5, fence = fence + 1, \
             acknowledged_at = NULL, updated_at = {NOW} WHERE id = $1 RETURNING fence"
        );
        let args: [&(dyn ToSql + Sync); 5] = [
            &entry_id,
            &self.owner.host,
            &i64::from(self.owner.pid),
            &self.owner.started,
            &until,
        ];
        self.returning("take an entry over", &sql, &args)?
            .ok_or_else(|| taken_over(entry_id))
    }

    fn claim(&self, seen: &Entry, until: i64) -> Result<Option<i64>> {
        let sql = "WITH claimable AS (SELECT id FROM entries WHERE id = $1 AND fence = $6 \
                   AND lease_until_ms = $7 AND state = $8 AND acknowledged_at IS NULL \
                   FOR UPDATE SKIP LOCKED) \
                   UPDATE entries SET owner_host = $2, owner_pid = $3, owner_started = $4, \
                   lease_until_ms = $5, fence = entries.fence + 1 FROM claimable \
                   WHERE entries.id = claimable.id RETURNING entries.fence";
        let args: [&(dyn ToSql + Sync); 8] = [
            &seen.id,
            &self.owner.host,
            &i64::from(self.owner.pid),
            &self.owner.started,
            &until,
            &seen.claim.fence,
            &seen.claim.lease_until_ms,
            &seen.state,
        ];
        self.returning("claim an entry", sql, &args)
    }

    fn acknowledge(&self, entry_id: &str) -> Result<bool> {
        let sql = format!(
            "UPDATE entries SET acknowledged_at = COALESCE(acknowledged_at, {NOW}), \
             updated_at = {NOW} WHERE id = $1"
        );
        Ok(self.execute("acknowledge an entry", &sql, &[&entry_id])? == 1)
    }

    fn list(&self, query: &Query<'_>) -> Result<Vec<Entry>> {
        let (condition, args) = (*query).to_sql(|n| format!("${n}"));
        let select = format!("SELECT * FROM entries {condition}");
        let ops = "SELECT * FROM operations WHERE entry_id = ANY($1) ORDER BY entry_id, seq";
        self.pool.run(|conn| {
            let statement = conn.statement(&select).map_err(failed("read entries"))?;
            let args: Vec<&(dyn ToSql + Sync)> =
                args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
            let mut entries = conn
                .client
                .query(&statement, &args)
                .map_err(failed("read entries"))?
                .iter()
                .map(entry_from_row)
                .collect::<std::result::Result<Vec<Entry>, _>>()
                .map_err(failed("read entries"))?;
            let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
            let statement = conn.statement(ops).map_err(failed("read requests"))?;
            let rows = conn
                .client
                .query(&statement, &[&ids])
                .map_err(failed("read requests"))?;
            for row in &rows {
                let entry_id: &str = row.get("entry_id");
                let op = operation_from_row(row).map_err(failed("read requests"))?;
                if let Some(entry) = entries.iter_mut().find(|e| e.id == entry_id) {
                    entry.operations.push(op);
                }
            }
            Ok(entries)
        })
    }

    fn purge(&self, days: u32) -> Result<usize> {
        let old = r#"SELECT id FROM entries WHERE acknowledged_at IS NOT NULL AND acknowledged_at
                 < to_char((clock_timestamp() - make_interval(days => $1)) AT TIME ZONE 'UTC',
                 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#;
        let ops = format!("DELETE FROM operations WHERE entry_id IN ({old})");
        let entries = format!("DELETE FROM entries WHERE id IN ({old})");
        let days = i32::try_from(days).unwrap_or(i32::MAX);
        self.write("purge old entries", false, &[&ops, &entries], |tx, st| {
            tx.execute(&st[0], &[&days])
                .map_err(failed("purge old operations"))?;
            let purged = tx
                .execute(&st[1], &[&days])
                .map_err(failed("purge old entries"))?;
            Ok(purged as usize)
        })
    }
}

fn insert_operation_sql() -> String {
    format!(
        "INSERT INTO operations (entry_id, seq, operation, idempotency_key, submerchant, body, \
         state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', {NOW}, {NOW})"
    )
}

fn insert_operation(
    tx: &mut Transaction<'_>,
    statement: &Statement,
    entry_id: &str,
    seq: i64,
    op: &Request,
) -> Result<()> {
    tx.execute(
        statement,
        &[
            &entry_id,
            &seq,
            &op.operation,
            &op.idempotency_key,
            &op.submerchant,
            &op.body,
        ],
    )
    .map(drop)
    .map_err(failed("write a request"))
}

fn entry_from_row(row: &Row) -> std::result::Result<Entry, postgres::Error> {
    Ok(entry_from_columns!(row.try_get))
}

fn operation_from_row(row: &Row) -> std::result::Result<OperationRecord, postgres::Error> {
    Ok(operation_from_columns!(row.try_get))
}
