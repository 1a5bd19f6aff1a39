//! A small pool of PostgreSQL connections for one client. A connection is opened on
//! demand within the busy timeout, each carries its prepared statements, a connection the
//! server closed is dropped and a new one opened, and at most [`MAX_IDLE`] wait idle.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use postgres::{Client, Statement};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::{Error, Result};
use crate::journal_url::JournalUrl;

/// Connections kept open between calls.
const MAX_IDLE: usize = 4;

/// One connection and the statements prepared on it.
pub struct Connection {
    /// The session.
    pub client: Client,
    statements: HashMap<String, Statement>,
}

impl Connection {
    /// The statement for `sql`, prepared once per connection.
    pub fn statement(&mut self, sql: &str) -> std::result::Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }
}

/// The connections of one client to one journal.
pub struct Pool {
    url: JournalUrl,
    tls: MakeRustlsConnect,
    /// Statements run as each connection opens (search path, timeouts).
    session_setup: String,
    idle: Mutex<Vec<Connection>>,
}

impl Pool {
    /// A pool for `url`, whose connections wait at most `busy` for the server, a lock or a
    /// statement, and find the journal's tables in `schema`.
    pub fn new(url: &JournalUrl, tls: MakeRustlsConnect, schema: &str, busy: Duration) -> Pool {
        let mut url = url.clone();
        url.settings.connect_timeout(busy);
        url.settings.tcp_user_timeout(busy);
        let ms = busy.as_millis();
        Pool {
            url,
            tls,
            session_setup: format!(
                "SET search_path TO {schema}; SET statement_timeout = {ms}; \
                 SET lock_timeout = {ms}; SET idle_in_transaction_session_timeout = {}; \
                 SET synchronous_commit TO off",
                ms.saturating_mul(4)
            ),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `work` on a connection: an idle one still open, or a new one. A connection the
    /// server closed meanwhile is dropped rather than given back.
    pub fn run<T>(&self, work: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = self.take()?;
        let result = work(&mut conn);
        if !conn.client.is_closed() {
            self.give_back(conn);
        }
        result
    }

    /// An idle connection still open, or a new one.
    fn take(&self) -> Result<Connection> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        while let Some(conn) = idle.pop() {
            if !conn.client.is_closed() {
                return Ok(conn);
            }
        }
        drop(idle);
        self.connect()
    }

    /// Opens a connection and prepares its session.
    pub fn connect(&self) -> Result<Connection> {
        let mut client = self.url.settings.connect(self.tls.clone()).map_err(|e| {
            Error::journal(format!(
                "the journal at {} could not be reached",
                self.url.redacted()
            ))
            .caused_by(e)
        })?;
        client
            .batch_execute(&self.session_setup)
            .map_err(failed("set up its session"))?;
        Ok(Connection {
            client,
            statements: HashMap::new(),
        })
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }
}

/// Wraps a database error with what the journal was doing.
pub fn failed(what: &'static str) -> impl Fn(postgres::Error) -> Error {
    move |e| Error::journal(format!("the shared journal could not {what}")).caused_by(e)
}
