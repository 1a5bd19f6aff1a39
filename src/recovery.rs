//! `sgpay_journal_recover`: resolves what a dead process (or an unanswered request) left
//! open. It finishes what the caller had decided and decides nothing new: it asks
//! `session/status`, re-sends a stored body (never card data) with its own idempotency
//! key, confirms a sale whose caller chose `confirm` `auto` (with the sale's own confirm
//! key), and never confirms a `manual` sale, cancels or starts a payment of its own
//! (docs/journal.md, "Recovery").

use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};

use crate::backoff::Backoff;
use crate::client::{CallOptions, Client};
use crate::error::{Error, Result};
use crate::journal::entry::{Entry, OpState, OperationRecord, Request, State};
use crate::journal::query::Query;
use crate::journal::{Journal, LEASE_MARGIN, Link, Settlement};
use crate::limits::MAX_TIMEOUT_MS;
use crate::logging::{self, Level};
use crate::operations::names;
use crate::options_document::parse_or_default;
use crate::pay::outcome::{self, Outcome};
use crate::pay::{Confirm, Step};
use crate::retry::{self, Fate};

/// Options of a recovery.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoverOptions {
    /// How long to wait, in all, for sessions still being processed (default: the
    /// client's `deadline_ms`).
    pub deadline_ms: Option<u64>,
}

impl RecoverOptions {
    /// Parses options JSON; NULL or empty text means the defaults.
    pub fn from_json(json: Option<&str>) -> Result<RecoverOptions> {
        let options: RecoverOptions = parse_or_default(json, "recover options")?;
        if options
            .deadline_ms
            .is_some_and(|ms| !(1..=MAX_TIMEOUT_MS).contains(&ms))
        {
            return Err(Error::invalid(format!(
                "\"deadline_ms\" of recover must be from 1 to {MAX_TIMEOUT_MS} (one day)"
            )));
        }
        Ok(options)
    }
}

/// What recovery concluded about one entry.
struct Resolution {
    state: State,
    outcome: Option<&'static str>,
    note: Option<String>,
}

impl Resolution {
    fn of(outcome: Outcome) -> Resolution {
        let state = match outcome {
            Outcome::InProgress | Outcome::Error => State::InDoubt,
            _ => State::Done,
        };
        Resolution {
            state,
            outcome: Some(outcome.as_str()),
            note: None,
        }
    }

    fn attention(note: String) -> Resolution {
        Resolution {
            state: State::NeedsAttention,
            outcome: None,
            note: Some(note),
        }
    }

    fn still_in_doubt(note: String) -> Resolution {
        Resolution {
            state: State::InDoubt,
            outcome: None,
            note: Some(note),
        }
    }
}

/// Resolves every open entry this process may take: `in_doubt` ones, and `pending` ones
/// whose owner is gone or whose lease has expired. Returns `{"status":"ok","entries":[...]}`.
pub fn recover(client: &Client, journal: &Journal, options: &RecoverOptions) -> Result<Value> {
    let wait = options
        .deadline_ms
        .map_or(client.config.deadline, Duration::from_millis);
    let deadline = Instant::now() + wait;
    let open = journal.list(&Query {
        unacknowledged_only: true,
        open_only: true,
        ..Query::default()
    })?;
    let mut resolved = Vec::new();
    for entry in open.into_iter().filter(|e| journal.may_take(e)) {
        let Some(link) = journal.claim(&entry, wait + LEASE_MARGIN)? else {
            continue;
        };
        let resolution = resolve(client, &entry, &link, deadline);
        let settled = journal.settle(
            &link,
            &Settlement {
                state: resolution.state,
                outcome: resolution.outcome,
                note: resolution.note.as_deref(),
            },
        );
        match settled {
            Ok(()) => {}
            Err(e)
                if journal
                    .get(&entry.id)?
                    .is_some_and(|now| now.claim.fence != link.fence) =>
            {
                logging::log(Level::Warn, &Default::default(), || e.to_string());
                continue;
            }
            Err(e) => return Err(e),
        }
        if let Some(entry) = journal.get(&entry.id)? {
            resolved.push(entry.to_json());
        }
    }
    Ok(json!({"status": "ok", "entries": resolved}))
}

fn resolve(client: &Client, entry: &Entry, link: &Link, deadline: Instant) -> Resolution {
    let session_id = match &entry.details.session_id {
        Some(id) => id.clone(),
        None => match session_from_resent_create(client, entry, link) {
            Ok(Some(id)) => id,
            Ok(None) => return without_session(entry),
            Err(resolution) => return resolution,
        },
    };
    match follow(client, entry, link, &session_id, deadline) {
        Ok(resolution) | Err(resolution) => resolution,
    }
}

/// Re-sends what the session does not show done, then polls while the payment moves.
fn follow(
    client: &Client,
    entry: &Entry,
    link: &Link,
    session_id: &str,
    deadline: Instant,
) -> Result<Resolution, Resolution> {
    let mut session = status(client, session_id)?;
    let mut to_resend = requests_to_finish(entry, session_id);
    let mut resent_confirm = false;
    let mut backoff = Backoff::new(Duration::from_millis(100), deadline);
    loop {
        let now = outcome::classify(&session);
        if let Some(at) = to_resend.iter().position(|op| should_resend(op, now)) {
            let op = to_resend.remove(at);
            resend(client, &op, link)?;
            resent_confirm |= op.request.operation == names::SESSION_CONFIRM;
            session = status(client, session_id)?;
            continue;
        }
        let moving = now.is_moving() || (resent_confirm && now == Outcome::AwaitingConfirmation);
        if !moving || !backoff.wait() {
            return Ok(Resolution::of(now));
        }
        session = status(client, session_id)?;
    }
}

/// The requests recovery may re-send: those of the entry left unanswered, and, for a sale
/// whose caller chose to confirm automatically, the sale's own confirm (derived from its
/// base, so that a confirm already sent is replayed, not repeated), which a power cut may
/// have kept from being written down.
fn requests_to_finish(entry: &Entry, session_id: &str) -> Vec<OperationRecord> {
    let mut ops: Vec<OperationRecord> = entry
        .operations
        .iter()
        .filter(|op| unanswered(op))
        .cloned()
        .collect();
    let confirm = sale_request(entry, Step::Confirm, json!({"session_id": session_id}));
    if let Some(confirm) =
        confirm.filter(|_| entry.details.confirm.as_deref() == Some(Confirm::Auto.as_str()))
        && !ops
            .iter()
            .any(|op| op.request.idempotency_key == confirm.request.idempotency_key)
    {
        ops.push(confirm);
    }
    ops
}

/// A request of a `pay` entry as the sale sends it: derived from the entry's base key.
fn sale_request(entry: &Entry, step: Step, body: Value) -> Option<OperationRecord> {
    let base = entry
        .details
        .base_key
        .as_deref()
        .filter(|_| entry.kind == "pay")?;
    Some(OperationRecord {
        request: Request {
            operation: step.operation().to_owned(),
            idempotency_key: Some(step.key(base)),
            submerchant: entry.details.submerchant.clone(),
            body: Some(body.to_string()),
        },
        state: OpState::Pending.as_str().to_owned(),
        http_status: None,
        error_code: None,
        created_at: String::new(),
    })
}

fn unanswered(op: &OperationRecord) -> bool {
    op.state == OpState::Pending.as_str() || op.state == OpState::InDoubt.as_str()
}

/// A stored request is re-sent (same body, same key) when the session does not show it
/// done. The key makes a repeat harmless where the server did get it.
fn should_resend(op: &OperationRecord, now: Outcome) -> bool {
    if op.request.body.is_none() {
        return false;
    }
    match op.request.operation.as_str() {
        names::SESSION_CONFIRM => now == Outcome::AwaitingConfirmation,
        names::SESSION_CAPTURE => now == Outcome::AwaitingCapture,
        names::SESSION_CANCEL => !matches!(now, Outcome::Declined),
        names::SESSION_REFUND => true,
        _ => false,
    }
}

/// When the session of an entry was never learnt, the create is re-sent with its key: the
/// server replays the session it made, or makes the (empty) session that was asked for. A
/// sale's create is re-derived from its base, so a power cut that lost its record loses
/// nothing; a plain call's create is the one stored.
fn session_from_resent_create(
    client: &Client,
    entry: &Entry,
    link: &Link,
) -> Result<Option<String>, Resolution> {
    let stored = entry
        .operations
        .iter()
        .find(|op| {
            op.request.operation == names::SESSION_CREATE
                && op.request.body.is_some()
                && unanswered(op)
        })
        .cloned();
    let Some(create) = sale_request(entry, Step::Create, json!({})).or(stored) else {
        return Ok(None);
    };
    let reply = resend(client, &create, link)?;
    Ok(reply
        .get("session")
        .and_then(|s| s.get("id"))
        .and_then(Value::as_str)
        .map(str::to_owned))
}

/// An entry whose session was never learnt and cannot be asked for.
fn without_session(entry: &Entry) -> Resolution {
    let Some(last) = entry.last_operation() else {
        return Resolution {
            state: State::Done,
            outcome: Some("not_sent"),
            note: None,
        };
    };
    if !unanswered(last) {
        let outcome = if last.state == OpState::Refused.as_str() {
            "refused"
        } else {
            "not_sent"
        };
        return Resolution {
            state: State::Done,
            outcome: Some(outcome),
            note: None,
        };
    }
    Resolution::attention(format!(
        "{} (idempotency key {}) may have reached the server, but its session id was never \
         received and its body is not kept (it held card data). Look the payment up by that \
         key{} in the Smart Glocal dashboard before charging the customer again.",
        last.request.operation,
        last.request.idempotency_key.as_deref().unwrap_or("none"),
        entry
            .details
            .reference
            .as_deref()
            .map(|r| format!(" or by the reference {r}"))
            .unwrap_or_default()
    ))
}

fn resend(client: &Client, op: &OperationRecord, link: &Link) -> Result<Value, Resolution> {
    let options = CallOptions {
        idempotency_key: op.request.idempotency_key.clone(),
        submerchant: op.request.submerchant.clone(),
    };
    let body = op.request.body.as_deref().unwrap_or("{}");
    let reply = client
        .call_in_entry(&op.request.operation, body, &options, Some(link))
        .map_err(|e| {
            Resolution::still_in_doubt(format!(
                "{} was re-sent with its idempotency key {} and failed: {}; run recover again",
                op.request.operation,
                op.request.idempotency_key.as_deref().unwrap_or("none"),
                e.error
            ))
        })?;
    serde_json::from_str(&reply).map_err(|_| {
        Resolution::still_in_doubt(format!(
            "the reply to {} was not JSON",
            op.request.operation
        ))
    })
}

fn status(client: &Client, session_id: &str) -> Result<Value, Resolution> {
    let body = json!({"session_id": session_id}).to_string();
    match client.call(names::SESSION_STATUS, &body, &CallOptions::default()) {
        Ok(reply) => serde_json::from_str::<Value>(&reply)
            .ok()
            .and_then(|r| r.get("session").cloned())
            .ok_or_else(|| {
                Resolution::still_in_doubt(format!(
                    "{} answered without a session",
                    names::SESSION_STATUS
                ))
            }),
        Err(e) if retry::fate(&e.error) == Fate::Refused && !retry::is_transient(&e.error) => {
            Err(Resolution::attention(format!(
                "{} for {session_id} was refused ({}); check this session in the \
                 Smart Glocal dashboard",
                names::SESSION_STATUS,
                e.error
            )))
        }
        Err(e) => Err(Resolution::still_in_doubt(format!(
            "{} for {session_id} failed ({}); run recover again",
            names::SESSION_STATUS,
            e.error
        ))),
    }
}
