//! The documented time limits (docs/api.md, "Time limits"), run on the sandbox clock: a payment left waiting
//! for `session/confirm` 240 minutes is cancelled, a 3-D Secure check not finished in
//! 60 minutes fails, and a hold not captured in 5 days is released.

use std::sync::{Arc, Weak};
use std::time::Duration;

use crate::state::State;
use crate::state::session::{Session, Stage};

use super::changes::{Changes, with_store};
use super::steps::{Failure, fail};

/// How long a payment waits for `session/confirm`.
pub const CONFIRM_LIMIT: Duration = Duration::from_secs(240 * 60);
/// How long the customer has for 3-D Secure.
pub const CUSTOMER_LIMIT: Duration = Duration::from_secs(60 * 60);
/// How long a hold waits for `session/capture`.
pub const HOLD_LIMIT: Duration = Duration::from_secs(5 * 24 * 3600);
/// How often real time is checked for limits that have passed.
const TICK: Duration = Duration::from_secs(1);

/// Puts the session's payment in a waiting `stage` and arms that stage's time limit.
pub fn wait_in(session: &mut Session, stage: Stage, changes: &mut Changes) {
    let Some(transfer) = session.transfer.as_mut() else {
        return;
    };
    transfer.stage = stage;
    let limit = match stage {
        Stage::AwaitingConfirm => Some(CONFIRM_LIMIT),
        Stage::AwaitingCustomer => Some(CUSTOMER_LIMIT),
        Stage::AwaitingCapture => Some(HOLD_LIMIT),
        _ => None,
    };
    transfer.expires_at = limit.map(|limit| changes.now().plus(limit));
    if let Some(at) = transfer.expires_at {
        changes.deadline(session, at);
    }
}

/// Ends every waiting payment whose time limit has passed on the sandbox clock (payment
/// `failed`, session `cancelled`, webhook `payment_finished`); returns how many.
pub fn expire_due(state: &Arc<State>) -> usize {
    let expired = with_store(state, |store, changes| {
        let mut expired = 0;
        for (at, id) in store.due(changes.now()) {
            let Some(session) = store.sessions.get_mut(&id) else {
                continue;
            };
            let waiting = session
                .transfer
                .as_ref()
                .filter(|t| t.expires_at == Some(at))
                .map(|t| t.stage);
            let failure = match waiting {
                Some(Stage::AwaitingConfirm) => Failure::ConfirmTimeout,
                Some(Stage::AwaitingCustomer) => Failure::AuthenticationTimeout,
                Some(Stage::AwaitingCapture) => Failure::HoldExpired,
                _ => continue,
            };
            fail(session, failure, changes);
            expired += 1;
        }
        Ok(expired)
    });
    expired.unwrap_or(0)
}

/// Checks the limits every second of real time while the sandbox lives.
pub fn spawn_ticker(state: &Arc<State>) {
    let weak: Weak<State> = Arc::downgrade(state);
    state.runtime.spawn(async move {
        let mut ticks = tokio::time::interval(TICK);
        loop {
            ticks.tick().await;
            let Some(state) = weak.upgrade() else {
                return;
            };
            expire_due(&state);
        }
    });
}
