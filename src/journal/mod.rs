//! The crash-safe journal (docs/journal.md): the storage layer where every money-moving
//! call is committed, durably, before its first byte is sent, and where its requests and
//! answers are recorded as they come. [`Store`] is its one interface, with two backends: an
//! embedded SQLite file ([`sqlite`], the default) and a PostgreSQL database shared by many
//! machines ([`postgresql`]). What to write and when (the call hooks, `pay`, recovery) lives
//! above it, in `journal_hooks.rs`, `pay/` and `recovery.rs`, and knows no SQL.
//!
//! Never stored: full card numbers (first 6 and last 4 digits at most), CVCs, expiry
//! dates, keys and secrets. A body is kept only when it holds no card data.

pub(crate) mod clock;
pub(crate) mod entry;
pub(crate) mod listing;
pub(crate) mod masking;
pub(crate) mod owner;
pub(crate) mod postgresql;
pub(crate) mod query;
pub(crate) mod sqlite;

pub use entry::State;

use std::time::Duration;

use crate::config::{JournalConfig, JournalLocation};
use crate::error::{Error, Result};
use entry::{Details, Entry, Kind, OpState, Request};
use owner::Owner;
use query::Query;

/// Added to a call's deadline to make the lease of its entry: a live owner's entry is left
/// alone until then.
pub const LEASE_MARGIN: Duration = Duration::from_secs(5);

/// Longest wait for the journal (another process's lock on the SQLite file, a PostgreSQL
/// connection or lock); never longer than the call's deadline.
pub const MAX_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Ties a call to the entry of the `pay` (or recovery) that makes it, instead of giving
/// it an entry of its own.
#[derive(Debug, Clone)]
pub struct Link {
    /// The entry the request belongs to.
    pub entry_id: String,
    /// How long the caller may still work on it.
    pub lease: Duration,
    /// The entry's fencing counter when the caller took it: a write through a link whose
    /// entry has since been taken over is refused.
    pub fence: i64,
}

/// The answer to a journaled request.
#[derive(Debug)]
pub struct Answer<'a> {
    /// The entry, and the fence its writer holds.
    pub link: &'a Link,
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

/// What recovery concluded about an entry, or how a `pay` ended.
#[derive(Debug)]
pub struct Settlement<'a> {
    /// The entry's new state; any but `pending` releases its lease.
    pub state: State,
    /// The outcome, when known.
    pub outcome: Option<&'a str>,
    /// Plain words for a person.
    pub note: Option<&'a str>,
}

/// The journal's storage, opened by one writer (this process, an [`Owner`]): every read
/// and write an entry needs, each one transaction. Lease ends are in ms since the Unix
/// epoch. A write through a [`Link`] changes nothing, and fails, when the entry's fence
/// has moved on (someone else took the entry over).
pub trait Store: Send + Sync {
    /// Commits a new entry owned by this store's writer, with the request it starts with,
    /// leased until `until`: the one durable write of a money-moving call. Returns the
    /// entry id.
    fn create(&self, kind: Kind<'_>, details: &Details, until: i64) -> Result<String>;

    /// Adds a request to an entry about to send it, renews the lease until `until` and
    /// moves the entry back to `pending`. Returns the request's position.
    fn add_request(&self, link: &Link, op: &Request, details: &Details, until: i64) -> Result<i64>;

    /// Records what became of a request and, for an entry of its own, the entry's state.
    fn record_answer(&self, answer: &Answer<'_>) -> Result<()>;

    /// Records what a request told about the sale (session, amount, card, reference).
    fn set_details(&self, link: &Link, details: &Details) -> Result<()>;

    /// Moves an entry to a state with its outcome and note.
    fn settle(&self, link: &Link, settlement: &Settlement<'_>) -> Result<()>;

    /// Takes an entry over for this store's writer (a resumed `pay`), as `pending`, leased
    /// until `until`, moving its fence on. Returns the new fence.
    fn take_over(&self, entry_id: &str, until: i64) -> Result<i64>;

    /// Claims an entry for recovery when nobody changed or claimed it since it was read as
    /// `seen`; another claimer's locked row is skipped, not waited for. Returns the new
    /// fence when this store's writer now holds it, leased until `until`.
    fn claim(&self, seen: &Entry, until: i64) -> Result<Option<i64>>;

    /// Marks an entry's outcome as recorded by the till. False when no entry has that id.
    fn acknowledge(&self, entry_id: &str) -> Result<bool>;

    /// The entries a query matches, with their requests.
    fn list(&self, query: &Query<'_>) -> Result<Vec<Entry>>;

    /// Deletes acknowledged entries older than `days`; unacknowledged ones are kept forever.
    fn purge(&self, days: u32) -> Result<usize>;
}

/// An open journal, shared by the threads of one client: a store and this process as its
/// writer.
pub struct Journal {
    store: Box<dyn Store>,
    owner: Owner,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

/// The refusal of a write through a link whose entry was taken over.
pub fn taken_over(entry_id: &str) -> Error {
    Error::journal(format!(
        "journal entry {entry_id} was taken over by another process while this one worked \
         on it; its result is theirs to record (list the entry to see it)"
    ))
}

impl Journal {
    /// Opens the journal `settings` name: the schema brought up to date and old
    /// acknowledged entries purged. A busy database is waited for up to `deadline` (at most
    /// a few seconds); a shared journal's TLS trusts `ca_bundle_path` too.
    pub fn open(
        settings: &JournalConfig,
        deadline: Duration,
        ca_bundle_path: Option<&str>,
    ) -> Result<Journal> {
        let busy = deadline.min(MAX_BUSY_TIMEOUT);
        let owner = Owner::current(settings.owner.clone());
        let store: Box<dyn Store> = match &settings.location {
            JournalLocation::File {
                path,
                allow_network_drive,
            } => {
                sqlite::location::check(path, *allow_network_drive)?;
                Box::new(sqlite::SqliteStore::open(path, busy, owner.clone())?)
            }
            JournalLocation::Shared { url, schema } => Box::new(postgresql::PostgresStore::open(
                url,
                schema,
                ca_bundle_path,
                busy,
                owner.clone(),
            )?),
        };
        store.purge(settings.retention_days)?;
        Ok(Journal { store, owner })
    }

    /// Commits a new entry owned by this process; returns the link to write through it.
    pub fn create(&self, kind: Kind<'_>, details: &Details, lease: Duration) -> Result<Link> {
        let id = self.store.create(kind, details, clock::lease_end(lease))?;
        Ok(Link {
            entry_id: id,
            lease,
            fence: 0,
        })
    }

    /// Adds a request to the linked entry, renewing its lease.
    pub fn add_request(&self, link: &Link, op: &Request, details: &Details) -> Result<i64> {
        let until = clock::lease_end(link.lease);
        self.store.add_request(link, op, details, until)
    }

    /// Records the answer to a request.
    pub fn record_answer(&self, answer: &Answer<'_>) -> Result<()> {
        self.store.record_answer(answer)
    }

    /// Records what a request told about the sale.
    pub fn set_details(&self, link: &Link, details: &Details) -> Result<()> {
        self.store.set_details(link, details)
    }

    /// Moves the linked entry to a state.
    pub fn settle(&self, link: &Link, settlement: &Settlement<'_>) -> Result<()> {
        self.store.settle(link, settlement)
    }

    /// Takes an entry over for this process (a resumed `pay`).
    pub fn take_over(&self, entry_id: &str, lease: Duration) -> Result<Link> {
        let until = clock::lease_end(lease);
        let fence = self.store.take_over(entry_id, until)?;
        Ok(Link {
            entry_id: entry_id.to_owned(),
            lease,
            fence,
        })
    }

    /// Claims an entry for recovery; `None` when another process changed or holds it.
    pub fn claim(&self, seen: &Entry, lease: Duration) -> Result<Option<Link>> {
        let until = clock::lease_end(lease);
        Ok(self.store.claim(seen, until)?.map(|fence| Link {
            entry_id: seen.id.clone(),
            lease,
            fence,
        }))
    }

    /// Marks an entry's outcome as recorded by the till.
    pub fn acknowledge(&self, entry_id: &str) -> Result<bool> {
        self.store.acknowledge(entry_id)
    }

    /// The entries a query matches.
    pub fn list(&self, query: &Query<'_>) -> Result<Vec<Entry>> {
        self.store.list(query)
    }

    /// One entry by id.
    pub fn get(&self, entry_id: &str) -> Result<Option<Entry>> {
        self.first(&Query {
            id: Some(entry_id),
            ..Query::default()
        })
    }

    /// The entry of a `pay` by its idempotency base.
    pub fn by_base_key(&self, base_key: &str) -> Result<Option<Entry>> {
        self.first(&Query {
            base_key: Some(base_key),
            ..Query::default()
        })
    }

    /// The newest unacknowledged `pay` entry of a session.
    pub fn open_pay_for_session(&self, session_id: &str) -> Result<Option<Entry>> {
        self.first(&Query {
            session_id: Some(session_id),
            kind: Some("pay"),
            unacknowledged_only: true,
            newest_only: true,
            ..Query::default()
        })
    }

    fn first(&self, query: &Query<'_>) -> Result<Option<Entry>> {
        Ok(self.store.list(query)?.into_iter().next())
    }

    /// True when this process may take `entry` over for recovery: nobody works on it any
    /// more, because its lease has expired, or because its owner ran on this machine and
    /// is gone.
    pub fn may_take(&self, entry: &Entry) -> bool {
        if entry.claim.lease_until_ms <= clock::now_ms() {
            return true;
        }
        let owner = entry.claim.owner();
        owner.host == self.owner.host && owner != self.owner && !owner.is_alive()
    }
}
