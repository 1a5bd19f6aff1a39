//! `session/create`, `session/init/*` and `session/start/*`.

use std::sync::Arc;

use serde_json::Value;

use crate::ids::new_id;
use crate::reply::ApiError;
use crate::state::State;
use crate::state::session::{Kind, Lifetime, Session, SessionStatus, Stage, Transfer};
use crate::state::store::Store;
use crate::terms::Terms;
use crate::validation::{Object, session_id};

use super::changes::{Changes, session_reply, with_store};
use super::steps::Step;

/// `session/create`: a session in status `created`, keeping the data given for a later start.
pub fn create(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let terms = Terms::parse(body)?;
    let session = Session::new(new_id("ps_"), terms, state.clock.now());
    let reply = session_reply(&session);
    state.store().insert_session(session)?;
    Ok(reply)
}

/// The session a payment or payout is started in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A new one: `session/init/*` creates and starts in one call.
    NewSession,
    /// The `created` session named by `session_id`: `session/start/*`.
    NamedSession,
}

/// `session/init/*` and `session/start/*`: starts a payment or payout in `target`.
pub fn transfer(
    state: &Arc<State>,
    body: &Object,
    kind: Kind,
    target: Target,
) -> Result<Value, ApiError> {
    let named = match target {
        Target::NewSession => None,
        Target::NamedSession => Some(session_id(body)?),
    };
    let terms = Terms::parse(body)?;
    with_store(state, |store, changes| {
        let mut session = match named {
            Some(id) => store.session(id)?.clone(),
            None => Session::new(new_id("ps_"), Terms::default(), changes.now()),
        };
        let transfer = begin(&mut session, terms, kind, store, changes)?;
        let reply = session_reply(&session);
        let id = session.id.clone();
        store.insert_session(session)?;
        store.transfer_sessions.insert(transfer, id);
        Ok(reply)
    })
}

/// Starts a payment or payout in a `created` session; returns its id.
fn begin(
    session: &mut Session,
    newer: Terms,
    kind: Kind,
    store: &mut Store,
    changes: &mut Changes,
) -> Result<String, ApiError> {
    check_startable(session)?;
    let mut terms = session.terms.clone().overridden_by(newer);
    let (instrument_field, instrument, prefix) = match kind {
        Kind::Payment => ("payment_details", terms.payment_details.take(), "pm_"),
        Kind::Payout => ("payment_method", terms.payment_method.take(), "po_"),
    };
    let instrument =
        instrument.ok_or_else(|| ApiError::validation(instrument_field, "is required"))?;
    let instrument = store.resolve_card(instrument, &format!("{instrument_field}.card"))?;
    let amount = terms
        .amount
        .clone()
        .ok_or_else(|| ApiError::validation("amount_details", "is required"))?;
    if kind == Kind::Payment && terms.customer.is_none() {
        return Err(ApiError::validation("customer", "is required"));
    }
    session.terms = Terms::default();
    let transfer = Transfer {
        id: new_id(prefix),
        kind,
        stage: Stage::Processing,
        lifetime: Lifetime::new(changes.now()),
        expires_at: None,
        instrument,
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
