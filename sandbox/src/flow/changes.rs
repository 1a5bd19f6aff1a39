//! Changing the store under its lock, then sending the webhooks and arming the timers
//! that the change caused.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::clock::Time;
use crate::reply::ApiError;
use crate::state::State;
use crate::state::session::Session;
use crate::state::store::Store;

use super::steps::{Step, schedule};

/// Webhook types (docs/api.md, "Webhooks").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Webhook {
    /// `ready_to_confirm`
    ReadyToConfirm,
    /// `ready_to_capture`
    ReadyToCapture,
    /// `action_required`
    ActionRequired,
    /// `payment_finished`
    PaymentFinished,
    /// `payment_refunded`
    PaymentRefunded,
}

impl Webhook {
    fn as_str(self) -> &'static str {
        match self {
            Webhook::ReadyToConfirm => "ready_to_confirm",
            Webhook::ReadyToCapture => "ready_to_capture",
            Webhook::ActionRequired => "action_required",
            Webhook::PaymentFinished => "payment_finished",
            Webhook::PaymentRefunded => "payment_refunded",
        }
    }
}

/// Effects of a change, carried out once the change is made.
pub struct Changes {
    now: Time,
    webhooks: Vec<(String, Webhook)>,
    steps: Vec<(String, Step)>,
    deadlines: Vec<(Time, String)>,
}

impl Changes {
    /// No effects yet, for a change made at `now`.
    pub fn new(now: Time) -> Changes {
        Changes {
            now,
            webhooks: Vec::new(),
            steps: Vec::new(),
            deadlines: Vec::new(),
        }
    }

    /// The sandbox-clock time of the change.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Checks `session` for an expired time limit once the clock reaches `at`.
    pub fn deadline(&mut self, session: &Session, at: Time) {
        self.deadlines.push((at, session.id.clone()));
    }

    /// Records that `session` changed now and sends a webhook about it (rendered as it is
    /// after the change).
    pub fn webhook(&mut self, session: &mut Session, kind: Webhook) {
        session.touch(self.now);
        self.webhooks.push((session.id.clone(), kind));
    }

    /// Records that `session` changed now and runs `step` on it after the processing delay.
    pub fn after_delay(&mut self, session: &mut Session, step: Step) {
        session.touch(self.now);
        self.steps.push((session.id.clone(), step));
    }
}

/// Runs `change` on the locked store, then queues its webhooks (still under the lock, so
/// that events of one session keep their order) and arms its timers.
pub fn with_store<T>(
    state: &Arc<State>,
    change: impl FnOnce(&mut Store, &mut Changes) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let mut store = state.store();
    let mut changes = Changes::new(state.clock.now());
    let result = change(&mut store, &mut changes);
    for (at, session_id) in changes.deadlines {
        store.deadlines.insert((at, session_id));
    }
    for (session_id, kind) in changes.webhooks {
        if let Some(session) = store.sessions.get(&session_id) {
            state
                .webhooks
                .enqueue(&session_id, webhook_body(kind, session.to_json()));
        }
    }
    drop(store);
    for (session_id, step) in changes.steps {
        schedule(state, session_id, step);
    }
    result
}

/// Like [`with_store`], for one session found by id (404 when unknown).
pub fn with_session<T>(
    state: &Arc<State>,
    session_id: &str,
    change: impl FnOnce(&mut Session, &mut Changes) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    with_store(state, |store, changes| {
        change(store.session_mut(session_id)?, changes)
    })
}

fn webhook_body(kind: Webhook, session: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"type": kind.as_str(), "session": session})).unwrap_or_default()
}

/// `{"status":"ok","session":{..}}` in v1 names (the API layer renames for v2).
pub fn session_reply(session: &Session) -> Value {
    json!({"status": "ok", "session": session.to_json()})
}
