//! `session/create`, `session/init/*` and `session/start/*`.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use crate::clock::now_timestamp;
use crate::ids::new_id;
use crate::payment_instrument::PaymentInstrument;
use crate::reply::ApiError;
use crate::state::State;
use crate::state::session::{Kind, Session, SessionStatus, Stage, Transfer};
use crate::state::store::{RecurrentCard, session_not_found};
use crate::terms::Terms;
use crate::validation::{Object, session_id};

use super::changes::{Changes, session_reply, with_store};
use super::steps::Step;

/// `session/create`: a session in status `created`, keeping the data given for a later start.
pub fn create(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let terms = Terms::parse(body)?;
    let session = Session::new(new_id("ps_"), terms);
    let reply = session_reply(&session);
    state.store().sessions.insert(session.id.clone(), session);
    Ok(reply)
}

/// `session/init/payment` and `session/init/payout`: create and start in one call.
pub fn init(
    state: &Arc<State>,
    body: &Object,
    kind: Kind,
    idempotency_key: Option<&str>,
) -> Result<Value, ApiError> {
    let terms = Terms::parse(body)?;
    with_store(state, |store, changes| {
        let mut session = Session::new(new_id("ps_"), Terms::default());
        let transfer = begin(&mut session, terms, kind, &store.recurrent_tokens, changes)?;
        store
            .transfer_sessions
            .insert(transfer.clone(), session.id.clone());
        let reply = session_reply(&session);
        store.sessions.insert(session.id.clone(), session);
        state
            .stats
            .transfer_created(kind == Kind::Payout, idempotency_key);
        Ok(reply)
    })
}

/// `session/start/payment` and `session/start/payout`.
pub fn start(
    state: &Arc<State>,
    body: &Object,
    kind: Kind,
    idempotency_key: Option<&str>,
) -> Result<Value, ApiError> {
    let id = session_id(body)?;
    let terms = Terms::parse(body)?;
    with_store(state, |store, changes| {
        let session = store
            .sessions
            .get_mut(id)
            .ok_or_else(|| session_not_found(id))?;
        let transfer = begin(session, terms, kind, &store.recurrent_tokens, changes)?;
        let reply = session_reply(session);
        store.transfer_sessions.insert(transfer, id.to_string());
        state
            .stats
            .transfer_created(kind == Kind::Payout, idempotency_key);
        Ok(reply)
    })
}

/// Starts a payment or payout in a `created` session; returns its id.
fn begin(
    session: &mut Session,
    newer: Terms,
    kind: Kind,
    recurrent_tokens: &HashMap<String, RecurrentCard>,
    changes: &mut Changes,
) -> Result<String, ApiError> {
    check_startable(session)?;
    let terms = session.terms.clone().overridden_by(newer);
    let (instrument_field, instrument, prefix) = match kind {
        Kind::Payment => ("payment_details", terms.payment_details.clone(), "pm_"),
        Kind::Payout => ("payment_method", terms.payment_method.clone(), "po_"),
    };
    let instrument =
        instrument.ok_or_else(|| ApiError::validation(instrument_field, "is required"))?;
    let amount = terms
        .amount
        .clone()
        .ok_or_else(|| ApiError::validation("amount_details", "is required"))?;
    if kind == Kind::Payment && terms.customer.is_none() {
        return Err(ApiError::validation("customer", "is required"));
    }
    let transfer = Transfer {
        id: new_id(prefix),
        kind,
        stage: Stage::Processing,
        created_at: now_timestamp(),
        finished_at: None,
        instrument: resolve_recurrent(instrument, recurrent_tokens),
        amount,
        hold_amount: None,
        terms,
        refunds: Vec::new(),
        customer_interaction: None,
        transaction_info: None,
        recurrent: None,
        error: None,
    };
    let id = transfer.id.clone();
    session.transfer = Some(transfer);
    session.status = SessionStatus::InProgress;
    session.touch();
    changes.after_delay(session, Step::Ready);
    Ok(id)
}

fn check_startable(session: &Session) -> Result<(), ApiError> {
    match session.status {
        SessionStatus::Created => Ok(()),
        SessionStatus::InProgress => Err(ApiError::bad_request(
            "session_already_started",
            "this session already has an operation in progress",
        )),
        _ => Err(ApiError::bad_request(
            "session_already_finished",
            format!(
                "this session is finished (status {}); create a new session",
                session.status.as_str()
            ),
        )),
    }
}

/// A recurrent token issued by this sandbox charges the card it was issued for.
fn resolve_recurrent(
    mut instrument: PaymentInstrument,
    recurrent_tokens: &HashMap<String, RecurrentCard>,
) -> PaymentInstrument {
    let known = instrument
        .recurrent_token
        .as_ref()
        .and_then(|token| recurrent_tokens.get(token));
    if let Some(known) = known {
        instrument.card = known.card.clone();
        instrument.outcome = known.outcome;
    }
    instrument
}
