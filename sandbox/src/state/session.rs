//! Sessions, payments, payouts and refunds kept in memory, and their JSON form.

use serde_json::{Map, Value, json};

use crate::clock::Time;
use crate::payment_instrument::PaymentInstrument;
use crate::terms::Terms;
use crate::validation::Amount;

/// Session statuses (docs/api.md, "Statuses and flow").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    /// Waiting to be started.
    Created,
    /// An operation is running.
    InProgress,
    /// Succeeded.
    Accepted,
    /// Declined or cancelled.
    Cancelled,
    /// Failed with a processing error.
    Error,
}

impl SessionStatus {
    /// The API name of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Created => "created",
            SessionStatus::InProgress => "in_progress",
            SessionStatus::Accepted => "accepted",
            SessionStatus::Cancelled => "cancelled",
            SessionStatus::Error => "error",
        }
    }
}

/// Whether a session moves money in (payment) or out (payout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An acquiring payment (`pm_…`, listed in `acquiring_payments`).
    Payment,
    /// A payout (`po_…`, listed in `payments`).
    Payout,
}

/// Where a payment or payout is in the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Just started; becomes ready after the processing delay.
    Processing,
    /// Waiting for the customer on the 3-D Secure page.
    AwaitingCustomer,
    /// `pending`, `next_action: confirm`.
    AwaitingConfirm,
    /// Confirmed; settles after the processing delay.
    Confirming,
    /// A hold: `pending`, `next_action: capture`.
    AwaitingCapture,
    /// Capture requested; settles after the processing delay.
    Capturing,
    /// Final success.
    Succeeded,
    /// Final failure.
    Failed,
}

impl Stage {
    /// The public status of a payment in this stage.
    pub fn status(self) -> &'static str {
        match self {
            Stage::Processing | Stage::AwaitingCustomer | Stage::Confirming | Stage::Capturing => {
                "in_progress"
            }
            Stage::AwaitingConfirm | Stage::AwaitingCapture => "pending",
            Stage::Succeeded => "succeeded",
            Stage::Failed => "failed",
        }
    }
}

/// When a refund, payment or payout was created and, once it has ended, when it ended.
#[derive(Debug, Clone, Copy)]
pub struct Lifetime {
    /// Creation time.
    pub created_at: Time,
    /// When it ended, if it has.
    pub finished_at: Option<Time>,
}

impl Lifetime {
    /// Created at `now`, not ended.
    pub fn new(now: Time) -> Lifetime {
        Lifetime {
            created_at: now,
            finished_at: None,
        }
    }

    /// Ends it at `now`.
    pub fn end(&mut self, now: Time) {
        self.finished_at = Some(now);
    }

    /// The members its JSON form starts with: `id`, `status`, `created_at` and, once it has
    /// ended, `finished_at`.
    fn json(&self, id: &str, status: &str) -> Map<String, Value> {
        let mut obj = Map::new();
        obj.insert("id".into(), json!(id));
        obj.insert("status".into(), json!(status));
        obj.insert("created_at".into(), json!(self.created_at.timestamp()));
        insert_some(
            &mut obj,
            "finished_at",
            self.finished_at.map(|t| Value::from(t.timestamp())),
        );
        obj
    }
}

/// A refund of (part of) a payment.
#[derive(Debug, Clone)]
pub struct Refund {
    /// `rf_…`.
    pub id: String,
    /// True once accepted.
    pub accepted: bool,
    /// Created, and ended when it was accepted.
    pub lifetime: Lifetime,
    /// Amount refunded.
    pub amount: Amount,
    /// `metadata` of the refund request.
    pub metadata: Option<Value>,
}

impl Refund {
    /// The refund's JSON form.
    pub fn to_json(&self) -> Value {
        let status = if self.accepted {
            "accepted"
        } else {
            "in_progress"
        };
        let mut obj = self.lifetime.json(&self.id, status);
        obj.insert("amount_details".into(), self.amount.to_json());
        obj.insert("is_chargeback".into(), json!(false));
        insert_some(&mut obj, "metadata", self.metadata.clone());
        Value::Object(obj)
    }
}

/// The recurrent token a succeeded payment issued (`recurrent`, docs/api.md, "Objects").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurrentToken {
    /// `rt_…`.
    pub token: String,
    /// When it was issued.
    pub created_at: Time,
}

impl RecurrentToken {
    /// `{"token","created_at","finished_at","is_active"}`: sandbox tokens never end.
    pub fn to_json(&self) -> Value {
        json!({"token": self.token, "created_at": self.created_at.timestamp(),
            "finished_at": null, "is_active": true})
    }
}

/// A payment or payout with everything replies show about it.
#[derive(Debug, Clone)]
pub struct Transfer {
    /// `pm_…` or `po_…`.
    pub id: String,
    /// Payment or payout.
    pub kind: Kind,
    /// Position in the flow.
    pub stage: Stage,
    /// Created, and ended when it reached a final stage.
    pub lifetime: Lifetime,
    /// When the stage it waits in expires (confirm, 3-D Secure or hold time limit).
    pub expires_at: Option<Time>,
    /// The instrument (card reduced).
    pub instrument: PaymentInstrument,
    /// Current amount (the captured amount after a capture).
    pub amount: Amount,
    /// The held amount, once a hold has been captured.
    pub hold_amount: Option<Amount>,
    /// The data it was started with.
    pub terms: Terms,
    /// Refunds, oldest first.
    pub refunds: Vec<Refund>,
    /// 3-D Secure redirect while waiting for the customer.
    pub customer_interaction: Option<Value>,
    /// `rrn` and `auth_code` once succeeded.
    pub transaction_info: Option<Value>,
    /// Recurrent token, when one was asked for and the payment succeeded.
    pub recurrent: Option<RecurrentToken>,
    /// Why it failed.
    pub error: Option<Value>,
}

impl Transfer {
    /// Amount still refundable: the settled amount minus refunds made so far.
    pub fn refundable(&self) -> u64 {
        let refunded: u64 = self.refunds.iter().map(|r| r.amount.value).sum();
        self.amount.value.saturating_sub(refunded)
    }

    /// The JSON form of a payment (`acquiring_payments[]`) or payout (`payments[]`).
    pub fn to_json(&self) -> Value {
        let status = self.stage.status();
        let mut obj = self.lifetime.json(&self.id, status);
        let instrument_key = match self.kind {
            Kind::Payment => "payment_details",
            Kind::Payout => "payment_method",
        };
        obj.insert(instrument_key.into(), self.instrument.shown.clone());
        obj.insert("amount_details".into(), self.amount.to_json());
        insert_some(
            &mut obj,
            "hold_amount_details",
            self.hold_amount.as_ref().map(Amount::to_json),
        );
        insert_some(&mut obj, "customer", self.terms.customer.clone());
        insert_some(
            &mut obj,
            "participant_details",
            self.terms.participant_details.clone(),
        );
        if self.kind == Kind::Payment {
            let refunds = self.refunds.iter().map(Refund::to_json).collect();
            obj.insert("refunds".into(), Value::Array(refunds));
        }
        insert_some(
            &mut obj,
            "customer_interaction",
            self.customer_interaction.clone(),
        );
        insert_some(&mut obj, "transaction_info", self.transaction_info.clone());
        insert_some(
            &mut obj,
            "recurrent",
            self.recurrent.as_ref().map(RecurrentToken::to_json),
        );
        insert_some(&mut obj, "metadata", self.terms.metadata.clone());
        insert_some(&mut obj, "error", self.error.clone());
        Value::Object(obj)
    }
}

/// What the session waits for from the partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextAction {
    /// `session/confirm`.
    Confirm,
    /// `session/capture`.
    Capture,
}

impl NextAction {
    /// The API name of the action.
    pub fn as_str(self) -> &'static str {
        match self {
            NextAction::Confirm => "confirm",
            NextAction::Capture => "capture",
        }
    }
}

/// A session and its single payment or payout.
#[derive(Debug, Clone)]
pub struct Session {
    /// `ps_…`.
    pub id: String,
    /// Session status.
    pub status: SessionStatus,
    /// Creation time.
    pub created_at: Time,
    /// Time of the last change.
    pub updated_at: Time,
    /// Data given to `session/create`, used by a later start.
    pub terms: Terms,
    /// The payment or payout, once started.
    pub transfer: Option<Transfer>,
    /// Session-level error (status `error`).
    pub error: Option<Value>,
}

impl Session {
    /// A new session in status `created`.
    pub fn new(id: String, terms: Terms, now: Time) -> Self {
        Session {
            id,
            status: SessionStatus::Created,
            created_at: now,
            updated_at: now,
            terms,
            transfer: None,
            error: None,
        }
    }

    /// What the session waits for, derived from its payment's stage.
    pub fn next_action(&self) -> Option<NextAction> {
        match self.transfer.as_ref()?.stage {
            Stage::AwaitingConfirm => Some(NextAction::Confirm),
            Stage::AwaitingCapture => Some(NextAction::Capture),
            _ => None,
        }
    }

    /// Records a change made at `now`.
    pub fn touch(&mut self, now: Time) {
        self.updated_at = now;
    }

    /// True once nothing more will happen to it: `accepted`, `cancelled` or `error`, with
    /// no refund still in progress.
    pub fn is_finished(&self) -> bool {
        let refunding = self
            .transfer
            .as_ref()
            .is_some_and(|t| t.refunds.iter().any(|r| !r.accepted));
        !refunding
            && matches!(
                self.status,
                SessionStatus::Accepted | SessionStatus::Cancelled | SessionStatus::Error
            )
    }

    /// The session's JSON form.
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("id".into(), json!(self.id));
        obj.insert("status".into(), json!(self.status.as_str()));
        obj.insert("created_at".into(), json!(self.created_at.timestamp()));
        obj.insert("updated_at".into(), json!(self.updated_at.timestamp()));
        let next = self.next_action().map(|n| json!(n.as_str()));
        insert_some(&mut obj, "next_action", next);
        let (payments, payouts) = match &self.transfer {
            Some(t) if t.kind == Kind::Payment => (vec![t.to_json()], vec![]),
            Some(t) => (vec![], vec![t.to_json()]),
            None => (vec![], vec![]),
        };
        obj.insert("acquiring_payments".into(), Value::Array(payments));
        obj.insert("payments".into(), Value::Array(payouts));
        insert_some(&mut obj, "error", self.error.clone());
        Value::Object(obj)
    }
}

fn insert_some(obj: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        obj.insert(key.into(), value);
    }
}
