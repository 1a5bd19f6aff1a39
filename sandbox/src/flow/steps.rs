//! Steps that happen after the processing delay, and the final outcomes of a payment.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::cards::Outcome;
use crate::ids::{digits, new_id};
use crate::state::State;
use crate::state::session::{Kind, RecurrentToken, Session, SessionStatus, Stage};
use crate::state::store::{RecurrentCard, Store};

use super::changes::{Changes, Webhook, with_store};
use super::timeouts::wait_in;

/// A delayed step of the flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Processing after start is over: ready to confirm, or 3-D Secure needed.
    Ready,
    /// Confirmation is processed: success, decline, error or hold.
    Settle,
    /// A capture is processed.
    Captured,
    /// The refund with this id is accepted.
    RefundDone(String),
}

/// Runs `step` on a session after the state's processing delay.
pub fn schedule(state: &Arc<State>, session_id: String, step: Step) {
    let state_for_task = state.clone();
    state.runtime.spawn(async move {
        tokio::time::sleep(state_for_task.delay).await;
        let _ = with_store(&state_for_task, |store, changes| {
            apply(&state_for_task, store, &session_id, step, changes);
            Ok(())
        });
    });
}

fn apply(state: &State, store: &mut Store, session_id: &str, step: Step, changes: &mut Changes) {
    let Some(session) = store.sessions.get_mut(session_id) else {
        return;
    };
    let Some(stage) = session.transfer.as_ref().map(|t| t.stage) else {
        return;
    };
    match (step, stage) {
        (Step::Ready, Stage::Processing) => ready(state, session, changes),
        (Step::Settle, Stage::Confirming) => settle(store, session_id, changes),
        (Step::Captured, Stage::Capturing) => succeed(store, session_id, changes),
        (Step::RefundDone(id), _) => refund_done(store, session_id, &id, changes),
        _ => {}
    }
}

fn ready(state: &State, session: &mut Session, changes: &mut Changes) {
    let Some(transfer) = session.transfer.as_mut() else {
        return;
    };
    if transfer.kind == Kind::Payment && transfer.instrument.outcome == Outcome::ThreeDs {
        transfer.customer_interaction = Some(redirect(&state.base_url, &transfer.id));
        wait_in(session, Stage::AwaitingCustomer, changes);
        changes.webhook(session, Webhook::ActionRequired);
    } else {
        wait_in(session, Stage::AwaitingConfirm, changes);
        changes.webhook(session, Webhook::ReadyToConfirm);
    }
}

fn redirect(base_url: &str, payment_id: &str) -> Value {
    let url = format!("{base_url}/_sandbox/3ds/{payment_id}");
    json!({"type": "redirect", "redirect": {
        "url": url, "base_url": url, "method": "GET", "qs": {}, "params": {}}})
}

fn settle(store: &mut Store, session_id: &str, changes: &mut Changes) {
    let Some(session) = store.sessions.get_mut(session_id) else {
        return;
    };
    let Some(transfer) = session.transfer.as_mut() else {
        return;
    };
    match (transfer.kind, transfer.instrument.outcome) {
        (Kind::Payment, Outcome::Hold) => {
            wait_in(session, Stage::AwaitingCapture, changes);
            changes.webhook(session, Webhook::ReadyToCapture);
        }
        (_, Outcome::Decline) => fail(session, Failure::Declined, changes),
        (_, Outcome::Error) => fail(session, Failure::ProcessingError, changes),
        _ => succeed(store, session_id, changes),
    }
}

/// Makes the session's payment succeed: session `accepted`, webhook `payment_finished`.
pub fn succeed(store: &mut Store, session_id: &str, changes: &mut Changes) {
    let Some(session) = store.sessions.get_mut(session_id) else {
        return;
    };
    let Some(transfer) = session.transfer.as_mut() else {
        return;
    };
    transfer.stage = Stage::Succeeded;
    transfer.lifetime.end(changes.now());
    let amount = i64::try_from(transfer.amount.value).unwrap_or(i64::MAX);
    let currency = transfer.amount.currency.clone();
    if transfer.kind == Kind::Payment {
        transfer.transaction_info = Some(json!({"rrn": digits(12), "auth_code": digits(6)}));
        if transfer.terms.wants_recurrent() {
            let token = new_id("rt_");
            transfer.recurrent = Some(RecurrentToken {
                token: token.clone(),
                created_at: changes.now(),
            });
            let card = RecurrentCard {
                card: transfer.instrument.card.clone(),
                outcome: transfer.instrument.outcome,
                created_at: changes.now(),
            };
            store.recurrent_tokens.insert(token, card);
        }
    }
    let kind = transfer.kind;
    session.status = SessionStatus::Accepted;
    changes.webhook(session, Webhook::PaymentFinished);
    match kind {
        Kind::Payment => store.credit(&currency, amount),
        Kind::Payout => store.credit(&currency, -amount),
    }
}

/// Why a payment failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The issuer declined the card.
    Declined,
    /// Processing failed; the session goes to `error`.
    ProcessingError,
    /// The customer failed 3-D Secure.
    AuthenticationFailed,
    /// The partner cancelled it (or released the hold).
    Cancelled,
    /// Nobody confirmed it within 240 minutes.
    ConfirmTimeout,
    /// The customer did not finish 3-D Secure within 60 minutes.
    AuthenticationTimeout,
    /// The hold was not captured within 5 days and was released.
    HoldExpired,
}

impl Failure {
    fn error(self) -> Value {
        let (code, description) = match self {
            Failure::Declined => ("card_declined", "the issuer declined the card"),
            Failure::ProcessingError => ("processing_error", "the payment could not be processed"),
            Failure::AuthenticationFailed => (
                "authentication_failed",
                "the customer did not pass 3-D Secure",
            ),
            Failure::Cancelled => ("cancelled", "cancelled by the partner"),
            Failure::ConfirmTimeout => (
                "confirmation_timeout",
                "not confirmed within 240 minutes; cancelled",
            ),
            Failure::AuthenticationTimeout => (
                "authentication_timeout",
                "the customer did not finish 3-D Secure within 60 minutes",
            ),
            Failure::HoldExpired => (
                "hold_expired",
                "the hold was not captured within 5 days and was released",
            ),
        };
        json!({"code": code, "description": description})
    }
}

/// Makes the session's payment fail: session `cancelled` (or `error`), webhook `payment_finished`.
pub fn fail(session: &mut Session, failure: Failure, changes: &mut Changes) {
    let Some(transfer) = session.transfer.as_mut() else {
        return;
    };
    transfer.stage = Stage::Failed;
    transfer.lifetime.end(changes.now());
    transfer.customer_interaction = None;
    transfer.error = Some(failure.error());
    if failure == Failure::ProcessingError {
        session.status = SessionStatus::Error;
        session.error = Some(failure.error());
    } else {
        session.status = SessionStatus::Cancelled;
    }
    changes.webhook(session, Webhook::PaymentFinished);
}

fn refund_done(store: &mut Store, session_id: &str, refund_id: &str, changes: &mut Changes) {
    let Some(session) = store.sessions.get_mut(session_id) else {
        return;
    };
    let Some(transfer) = session.transfer.as_mut() else {
        return;
    };
    let Some(refund) = transfer.refunds.iter_mut().find(|r| r.id == refund_id) else {
        return;
    };
    if refund.accepted {
        return;
    }
    refund.accepted = true;
    refund.lifetime.end(changes.now());
    let amount = i64::try_from(refund.amount.value).unwrap_or(i64::MAX);
    let currency = refund.amount.currency.clone();
    changes.webhook(session, Webhook::PaymentRefunded);
    store.credit(&currency, -amount);
}
