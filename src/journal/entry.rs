//! A journal entry as stored and as shown (docs/journal.md, "Entries").

use serde_json::{Value, json};

use crate::journal::owner::{self, Owner};

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A request is (or was, when its process died) on its way; the answer is not recorded.
    Pending,
    /// The request may or may not have been processed; `recover` will find out.
    InDoubt,
    /// The outcome is known.
    Done,
    /// A person must check: the words in `note` say what.
    NeedsAttention,
}

impl State {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::InDoubt => "in_doubt",
            State::Done => "done",
            State::NeedsAttention => "needs_attention",
        }
    }

    /// Parses a stored or filtered state name.
    pub fn parse(name: &str) -> Option<State> {
        [
            State::Pending,
            State::InDoubt,
            State::Done,
            State::NeedsAttention,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// What became of one request of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpState {
    /// Written before sending; no answer recorded yet.
    Pending,
    /// The API answered `"status": "ok"`.
    Answered,
    /// The API refused it: nothing was done.
    Refused,
    /// It never reached the server.
    NotSent,
    /// It may have been processed.
    InDoubt,
}

impl OpState {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            OpState::Pending => "pending",
            OpState::Answered => "answered",
            OpState::Refused => "refused",
            OpState::NotSent => "not_sent",
            OpState::InDoubt => "in_doubt",
        }
    }
}

/// A request as the journal writes it down before sending it.
#[derive(Debug, Clone)]
pub struct Request {
    /// The API method path.
    pub operation: String,
    /// Its idempotency key.
    pub idempotency_key: Option<String>,
    /// Its `X-PARTNER-SUBMERCHANT`.
    pub submerchant: Option<String>,
    /// The exact body, only when it holds no card data.
    pub body: Option<String>,
}

/// What a new entry is for, and so what it starts with.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    /// A whole sale (`pay`): its requests are added as it goes.
    Pay,
    /// One money-moving call, starting with its request.
    Call(&'a Request),
}

impl<'a> Kind<'a> {
    /// The name the journal stores: `pay` or `call`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Pay => "pay",
            Kind::Call(_) => "call",
        }
    }

    /// The request the entry starts with, if any.
    pub fn first_request(self) -> Option<&'a Request> {
        match self {
            Kind::Pay => None,
            Kind::Call(request) => Some(request),
        }
    }
}

/// One request of an entry, and what became of it.
#[derive(Debug, Clone)]
pub struct OperationRecord {
    /// What was sent.
    pub request: Request,
    /// What became of it (an [`OpState`] name).
    pub state: String,
    /// HTTP status of the last answer, if any.
    pub http_status: Option<i64>,
    /// The API's error code, when it refused.
    pub error_code: Option<String>,
    /// When it was written.
    pub created_at: String,
}

/// What an entry is about: the sale's keys and what its requests told. Each is `None`
/// until known.
#[derive(Debug, Default, Clone)]
pub struct Details {
    /// The idempotency base of a `pay`.
    pub base_key: Option<String>,
    /// The caller's id for the sale (e.g. a receipt number).
    pub reference: Option<String>,
    /// The session.
    pub session_id: Option<String>,
    /// Amount in minor units.
    pub amount: Option<i64>,
    /// Currency code.
    pub currency: Option<String>,
    /// Card number, first 6 and last 4 digits only.
    pub card: Option<String>,
    /// What the `pay` caller decided: `auto` (confirm when ready) or `manual`.
    pub confirm: Option<String>,
    /// The `X-PARTNER-SUBMERCHANT` the `pay` caller chose, when it overrode the client's.
    pub submerchant: Option<String>,
}

/// Who works on an entry and until when: the owning process, its lease, and the fence a
/// takeover moves on (docs/journal.md, "Ownership and leases").
#[derive(Debug, Clone)]
pub struct Claim {
    /// The owning machine's name (`None` in entries written before machines were named).
    pub owner_host: Option<String>,
    /// Owning process id.
    pub owner_pid: i64,
    /// Owning process start time.
    pub owner_started: Option<i64>,
    /// Until when (ms since the Unix epoch) the owner may still be working on it.
    pub lease_until_ms: i64,
    /// Moves on each time the entry is taken over: a write by a former holder is refused.
    pub fence: i64,
}

impl Claim {
    /// The process that owns the entry.
    pub fn owner(&self) -> Owner {
        Owner {
            host: self.owner_host.clone().unwrap_or_else(owner::host_name),
            pid: u32::try_from(self.owner_pid).unwrap_or(0),
            started: self.owner_started,
        }
    }
}

/// One sale or one money-moving call.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `je_…`
    pub id: String,
    /// `pay` or `call`.
    pub kind: String,
    /// What the entry is about.
    pub details: Details,
    /// A [`State`] name.
    pub state: String,
    /// The outcome, once known (`succeeded`, `declined`, ...).
    pub outcome: Option<String>,
    /// Plain words for a person, when the entry needs attention.
    pub note: Option<String>,
    /// Who works on it, until when.
    pub claim: Claim,
    /// Timestamps, ISO 8601 UTC.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// When the till recorded the outcome, if it has.
    pub acknowledged_at: Option<String>,
    /// The requests, in order.
    pub operations: Vec<OperationRecord>,
}

impl Entry {
    /// The entry as shown to callers. Bodies are not shown.
    pub fn to_json(&self) -> Value {
        let operations: Vec<Value> = self
            .operations
            .iter()
            .map(|op| {
                json!({
                    "operation": op.request.operation,
                    "idempotency_key": op.request.idempotency_key,
                    "state": op.state,
                    "http_status": op.http_status,
                    "error_code": op.error_code,
                    "body_stored": op.request.body.is_some(),
                    "created_at": op.created_at,
                })
            })
            .collect();
        json!({
            "id": self.id,
            "kind": self.kind,
            "reference": self.details.reference,
            "idempotency_key": self.details.base_key,
            "operations": operations,
            "session_id": self.details.session_id,
            "amount": self.details.amount,
            "currency": self.details.currency,
            "card": self.details.card,
            "confirm": self.details.confirm,
            "state": self.state,
            "outcome": self.outcome,
            "note": self.note,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "acknowledged_at": self.acknowledged_at,
        })
    }

    /// The last request written.
    pub fn last_operation(&self) -> Option<&OperationRecord> {
        self.operations.last()
    }
}

/// Builds a `$ty` from a database row: each listed field from the column of its name (read
/// with the row's `$get` method), then the fields given after `;`.
macro_rules! from_columns {
    ($ty:ident from $row:ident.$get:ident: $($field:ident),* $(; $($given:tt)*)?) => {
        $ty { $($field: $row.$get(stringify!($field))?,)* $($($given)*)? }
    };
}

/// Reads an [`Entry`] from a row of `entries` with the row's `$get` method, its operations
/// left to be read: the one list of the columns an entry is made of, for every store.
macro_rules! entry_from_columns {
    ($row:ident.$get:ident) => {{
        use $crate::journal::entry::{Claim, Details, Entry, from_columns};
        let details = from_columns!(Details from $row.$get:
            base_key, reference, session_id, amount, currency, card, confirm, submerchant);
        let claim = from_columns!(Claim from $row.$get:
            owner_host, owner_pid, owner_started, lease_until_ms, fence);
        from_columns!(Entry from $row.$get:
            id, kind, state, outcome, note, created_at, updated_at, acknowledged_at;
            details, claim, operations: Vec::new())
    }};
}

/// Reads an [`OperationRecord`] from a row of `operations` with the row's `$get` method.
macro_rules! operation_from_columns {
    ($row:ident.$get:ident) => {{
        use $crate::journal::entry::{OperationRecord, Request, from_columns};
        let request = from_columns!(Request from $row.$get:
            operation, idempotency_key, submerchant, body);
        from_columns!(OperationRecord from $row.$get:
            state, http_status, error_code, created_at; request)
    }};
}
pub(crate) use {entry_from_columns, from_columns, operation_from_columns};
