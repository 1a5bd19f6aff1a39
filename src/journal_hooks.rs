//! The journal's two points in the call path: before the first byte of a money-moving
//! request (the entry is committed, or nothing is sent) and after its answer.

use serde_json::Value;

use crate::call_error::CallError;
use crate::client::{CallOptions, Client};
use crate::error::{Error, Result};
use crate::journal::entry::{Details, Kind, OpState, Request, State};
use crate::journal::{Answer, Journal, LEASE_MARGIN, Link, masking};
use crate::logging::{self, Level};
use crate::operations::Operation;
use crate::pay::outcome;
use crate::request_body::{Json, Object, get};
use crate::retry::{self, Fate};

/// A journaled request on its way.
#[derive(Debug)]
pub struct Tracked {
    link: Link,
    seq: i64,
    /// True for a plain call: its entry is settled by its own answer.
    own_entry: bool,
}

/// True for the requests that create or move money.
pub fn journaled(op: &Operation) -> bool {
    !op.read_only && op.path.starts_with("session/")
}

/// Commits the entry of a request about to be sent. `Ok(None)` when there is no journal
/// or the request moves no money; an error means nothing may be sent.
pub fn before_send(
    client: &Client,
    op: &Operation,
    body: &Object<'_>,
    request_json: &str,
    options: &CallOptions,
    entry: Option<&Link>,
    idempotency_key: Option<&str>,
) -> Result<Option<Tracked>> {
    let Some(journal) = client.journal.as_ref() else {
        return Ok(None);
    };
    if !journaled(op) {
        return Ok(None);
    }
    let request = Request {
        operation: op.path.to_owned(),
        idempotency_key: idempotency_key.map(str::to_owned),
        submerchant: options
            .submerchant
            .clone()
            .or_else(|| client.config.submerchant.clone()),
        body: masking::storable(body, request_json).then(|| request_json.to_owned()),
    };
    let details = details_of(body);
    let tracked = match entry {
        Some(link) => Tracked {
            seq: journal.add_request(link, &request, &details)?,
            link: link.clone(),
            own_entry: false,
        },
        None => Tracked {
            link: journal.create(
                Kind::Call(&request),
                &details,
                client.config.deadline + LEASE_MARGIN,
            )?,
            seq: 0,
            own_entry: true,
        },
    };
    Ok(Some(tracked))
}

/// What a request body tells about the sale: session, amount, masked card.
pub fn details_of(body: &Object<'_>) -> Details {
    let (amount, currency) = masking::amount(body);
    Details {
        session_id: get(body, "session_id")
            .and_then(Json::as_str)
            .map(str::to_owned),
        amount,
        currency,
        card: masking::masked_card(body),
        ..Default::default()
    }
}

/// Records the answer. A failure here is logged, not returned: the request has been
/// answered, and `recover` resolves an entry left `pending`.
pub fn after_reply(client: &Client, tracked: Option<Tracked>, result: &Result<String, CallError>) {
    let (Some(journal), Some(tracked)) = (client.journal.as_ref(), tracked) else {
        return;
    };
    if let Err(error) = record(journal, &tracked, result) {
        logging::log(Level::Warn, &Default::default(), || {
            format!("the answer could not be written to the journal: {error}")
        });
    }
}

fn record(journal: &Journal, tracked: &Tracked, result: &Result<String, CallError>) -> Result<()> {
    let (state, http_status, error_code) = answer_state(result);
    let session = result
        .as_ref()
        .ok()
        .and_then(|body| serde_json::from_str::<Value>(body).ok())
        .and_then(|mut reply| reply.get_mut("session").map(Value::take));
    let settle = tracked.own_entry.then(|| match state {
        OpState::Answered => (
            State::Done,
            session
                .as_ref()
                .map_or("answered", |s| outcome::classify(s).as_str()),
        ),
        OpState::Refused => (State::Done, "refused"),
        OpState::NotSent => (State::Done, "not_sent"),
        OpState::InDoubt | OpState::Pending => (State::InDoubt, "in_progress"),
    });
    journal.record_answer(&Answer {
        link: &tracked.link,
        seq: tracked.seq,
        state,
        http_status,
        error_code,
        session_id: session
            .as_ref()
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str),
        settle,
    })
}

/// How an answer (or its absence) leaves a request.
pub fn answer_state(result: &Result<String, CallError>) -> (OpState, Option<u16>, Option<&str>) {
    match result {
        Ok(_) => (OpState::Answered, None, None),
        Err(failure) => {
            let error = &failure.error;
            let code = match error {
                Error::Api { code, .. } => Some(code.as_str()),
                _ => None,
            };
            (error_state(error), error.http_status(), code)
        }
    }
}

/// How a failure leaves a request: refused, never sent, or in doubt ([`retry::fate`]).
pub fn error_state(error: &Error) -> OpState {
    match retry::fate(error) {
        Fate::NotSent => OpState::NotSent,
        Fate::Refused => OpState::Refused,
        Fate::InDoubt => OpState::InDoubt,
    }
}
