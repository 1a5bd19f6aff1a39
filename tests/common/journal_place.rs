//! Where a test's journal lives. The journal suites run on both backends: on the SQLite
//! file by default, and on PostgreSQL (a cluster this process starts, one schema per
//! journal) when `SGPAY_TEST_JOURNAL=postgres` (`make test` runs them both ways).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{Value, json};

use super::postgres;

/// A test's journal: a file in a scratch folder, or a schema of the shared cluster.
pub struct JournalPlace {
    dir: PathBuf,
    schema: Option<String>,
    /// Whether the folder is this place's to remove.
    owned: bool,
}

/// True when this run's journal suites use PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("SGPAY_TEST_JOURNAL").is_ok_and(|backend| backend == "postgres")
}

impl JournalPlace {
    /// The journal of a test named `name` on this run's backend.
    pub fn new(name: &str) -> JournalPlace {
        if on_postgres() {
            JournalPlace::postgres(name)
        } else {
            JournalPlace::file(name)
        }
    }

    /// A journal file, whatever the run's backend (for tests about the file itself).
    pub fn file(name: &str) -> JournalPlace {
        JournalPlace {
            dir: scratch(name),
            schema: None,
            owned: true,
        }
    }

    /// A journal file in `dir`, a folder the caller owns (e.g. a test file system).
    pub fn in_folder(dir: PathBuf) -> JournalPlace {
        JournalPlace {
            dir,
            schema: None,
            owned: false,
        }
    }

    /// A fresh schema of the shared PostgreSQL cluster.
    pub fn postgres(name: &str) -> JournalPlace {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let schema = format!(
            "j_{}_{}_{}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                .to_lowercase(),
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        JournalPlace {
            dir: scratch(name),
            schema: Some(schema),
            owned: true,
        }
    }

    /// The configuration members that put a client's journal here.
    pub fn config(&self) -> Value {
        match &self.schema {
            None => json!({"journal_path": self.path()}),
            Some(schema) => json!({
                "journal_url": postgres::shared().url("verify-full"),
                "journal_schema": schema,
                "ca_bundle_path": postgres::shared().ca(),
            }),
        }
    }

    /// The journal file (SQLite), or where it would be.
    pub fn path(&self) -> String {
        self.dir.join("journal.db").display().to_string()
    }

    /// The scratch folder of the test.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// The PostgreSQL schema, on that backend.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// The environment that hands this journal to the `pay_with_journal` payer.
    pub fn env(&self) -> Vec<(String, String)> {
        let config = self.config();
        config
            .as_object()
            .unwrap()
            .iter()
            .map(|(key, value)| {
                let text = value.as_str().map_or(value.to_string(), str::to_owned);
                (format!("SGPAY_{}", key.to_uppercase()), text)
            })
            .collect()
    }
}

/// Another process's hold on the journal's write lock, until dropped: a writer then waits,
/// and fails when its busy timeout runs out.
pub enum WriteLock {
    /// An immediate transaction on the file.
    File(rusqlite::Connection),
    /// A transaction holding the entries table in exclusive mode.
    Postgres(::postgres::Client),
}

impl JournalPlace {
    /// Takes the journal's write lock (its tables must exist: a client has opened it).
    pub fn lock_writes(&self) -> WriteLock {
        match &self.schema {
            None => {
                let lock = rusqlite::Connection::open(self.path()).unwrap();
                lock.execute_batch("BEGIN IMMEDIATE").unwrap();
                WriteLock::File(lock)
            }
            Some(schema) => {
                let url = postgres::shared().url("disable");
                let mut lock = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
                lock.batch_execute(&format!(
                    "BEGIN; LOCK TABLE {schema}.entries IN EXCLUSIVE MODE"
                ))
                .unwrap();
                WriteLock::Postgres(lock)
            }
        }
    }
}

impl JournalPlace {
    /// The first column of every row `sql` returns, as text, read straight from the
    /// journal's tables.
    pub fn texts(&self, sql: &str) -> Vec<Option<String>> {
        match &self.schema {
            None => {
                let raw = rusqlite::Connection::open(self.path()).unwrap();
                let mut statement = raw.prepare(sql).unwrap();
                statement
                    .query_map([], |row| row.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap()
            }
            Some(schema) => {
                let mut raw = self.raw_postgres(schema);
                let rows = raw.query(sql, &[]).unwrap();
                rows.iter().map(|row| row.get(0)).collect()
            }
        }
    }

    /// Runs a statement straight on the journal's tables.
    pub fn execute(&self, sql: &str) {
        match &self.schema {
            None => {
                let raw = rusqlite::Connection::open(self.path()).unwrap();
                raw.execute_batch(sql).unwrap();
            }
            Some(schema) => {
                self.raw_postgres(schema).batch_execute(sql).unwrap();
            }
        }
    }

    /// Marks the journal as written by a future sgpay (schema version `version`).
    pub fn set_schema_version(&self, version: i32) {
        match &self.schema {
            None => {
                let raw = rusqlite::Connection::open(self.path()).unwrap();
                raw.pragma_update(None, "user_version", version).unwrap();
            }
            Some(schema) => {
                let mut raw = self.raw_postgres(schema);
                raw.execute("UPDATE schema_version SET version = $1", &[&version])
                    .unwrap();
            }
        }
    }

    fn raw_postgres(&self, schema: &str) -> ::postgres::Client {
        let url = postgres::shared().url("disable");
        let mut raw = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
        raw.batch_execute(&format!("SET search_path TO {schema}"))
            .unwrap();
        raw
    }
}

impl Drop for JournalPlace {
    fn drop(&mut self) {
        if self.owned {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn scratch(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("sgpay-journal-{name}-{nanos}"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
