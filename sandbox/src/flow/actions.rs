//! `session/confirm`, `cancel`, `capture`, `refund` and `status`.

use std::sync::Arc;

use serde_json::Value;

use crate::clock::Time;
use crate::ids::new_id;
use crate::reply::ApiError;
use crate::state::State;
use crate::state::session::{Kind, Lifetime, Refund, Session, SessionStatus, Stage, Transfer};
use crate::validation::{Amount, Object, amount, session_id};

use super::changes::{session_reply, with_session};
use super::steps::{Failure, Step, fail};

/// `session/status`: the whole session.
pub fn status(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let id = session_id(body)?;
    let store = state.store();
    Ok(session_reply(store.session(id)?))
}

/// `session/confirm`: a payment waiting in `pending` with `next_action: confirm` goes on.
pub fn confirm(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let id = session_id(body)?;
    with_session(state, id, |session, changes| {
        let transfer = transfer_in(session, &[Stage::AwaitingConfirm], "session/confirm")?;
        transfer.stage = Stage::Confirming;
        changes.after_delay(session, Step::Settle);
        Ok(session_reply(session))
    })
}

/// `session/cancel`: cancels a session not started yet, a pending operation, or a hold.
pub fn cancel(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let id = session_id(body)?;
    with_session(state, id, |session, changes| {
        if session.status == SessionStatus::Created {
            session.status = SessionStatus::Cancelled;
            session.touch(changes.now());
            return Ok(session_reply(session));
        }
        let cancellable = [
            Stage::AwaitingConfirm,
            Stage::AwaitingCustomer,
            Stage::AwaitingCapture,
        ];
        transfer_in(session, &cancellable, "session/cancel")?;
        fail(session, Failure::Cancelled, changes);
        Ok(session_reply(session))
    })
}

/// `session/capture`: debits a hold, in full or in part (`amount_details`).
pub fn capture(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let id = session_id(body)?;
    let requested = optional_amount(body)?;
    with_session(state, id, |session, changes| {
        let transfer = transfer_in(session, &[Stage::AwaitingCapture], "session/capture")?;
        let captured = requested.unwrap_or_else(|| transfer.amount.clone());
        check_within(
            &captured,
            &transfer.amount,
            "capture_amount_exceeded",
            "held",
        )?;
        transfer.hold_amount = Some(transfer.amount.clone());
        transfer.amount = captured;
        transfer.stage = Stage::Capturing;
        changes.after_delay(session, Step::Captured);
        Ok(session_reply(session))
    })
}

/// `session/refund`: refunds a succeeded payment, in full (the rest) or in part.
pub fn refund(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let id = session_id(body)?;
    let requested = optional_amount(body)?;
    let metadata = body.get("metadata").filter(|v| !v.is_null()).cloned();
    with_session(state, id, |session, changes| {
        if session.status != SessionStatus::Accepted {
            return Err(wrong_state("session/refund", session));
        }
        let transfer = transfer_in(session, &[Stage::Succeeded], "session/refund")?;
        if transfer.kind != Kind::Payment {
            return Err(ApiError::bad_request(
                "invalid_session_state",
                "session/refund: payouts cannot be refunded",
            ));
        }
        let refund = new_refund(transfer, requested, metadata, changes.now())?;
        let refund_id = refund.id.clone();
        transfer.refunds.push(refund);
        changes.after_delay(session, Step::RefundDone(refund_id));
        Ok(session_reply(session))
    })
}

fn new_refund(
    transfer: &Transfer,
    requested: Option<Amount>,
    metadata: Option<Value>,
    now: Time,
) -> Result<Refund, ApiError> {
    let left = Amount {
        value: transfer.refundable(),
        currency: transfer.amount.currency.clone(),
    };
    if left.value == 0 {
        return Err(ApiError::bad_request(
            "refund_amount_exceeded",
            "the payment has already been refunded in full",
        ));
    }
    let amount = requested.unwrap_or_else(|| left.clone());
    check_within(&amount, &left, "refund_amount_exceeded", "refundable")?;
    Ok(Refund {
        id: new_id("rf_"),
        accepted: false,
        lifetime: Lifetime::new(now),
        amount,
        metadata,
    })
}

fn optional_amount(body: &Object) -> Result<Option<Amount>, ApiError> {
    body.get("amount_details")
        .filter(|v| !v.is_null())
        .map(|v| amount(v, "amount_details"))
        .transpose()
}

fn check_within(
    wanted: &Amount,
    limit: &Amount,
    code: &'static str,
    what: &str,
) -> Result<(), ApiError> {
    if !wanted.same_currency(limit) {
        return Err(ApiError::validation(
            "amount_details.currency",
            "must be the currency of the payment",
        ));
    }
    if wanted.value > limit.value {
        return Err(ApiError::bad_request(
            code,
            format!(
                "amount {} is more than the {what} amount {}",
                wanted.value, limit.value
            ),
        ));
    }
    Ok(())
}

/// The session's payment when it is in one of `stages`, else 400 `invalid_session_state`.
fn transfer_in<'a>(
    session: &'a mut Session,
    stages: &[Stage],
    method: &str,
) -> Result<&'a mut Transfer, ApiError> {
    let error = wrong_state(method, session);
    match session.transfer.as_mut() {
        Some(transfer) if stages.contains(&transfer.stage) => Ok(transfer),
        _ => Err(error),
    }
}

fn wrong_state(method: &str, session: &Session) -> ApiError {
    let now = match (&session.transfer, session.next_action()) {
        (None, _) => format!("session is {} with no operation", session.status.as_str()),
        (Some(_), Some(next)) => format!(
            "session is {}, its next_action is {}",
            session.status.as_str(),
            next.as_str()
        ),
        (Some(t), None) => format!(
            "session is {}, its operation is {}",
            session.status.as_str(),
            t.stage.status()
        ),
    };
    ApiError::bad_request(
        "invalid_session_state",
        format!("{method} is not possible now: {now}"),
    )
}
