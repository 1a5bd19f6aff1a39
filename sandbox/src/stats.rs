//! Counters served by `GET /_sandbox/stats`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::bounded::BoundedMap;
use crate::locked::Locked;

struct Counters {
    requests: BTreeMap<String, u64>,
    payments_created: u64,
    payouts_created: u64,
    refunds_created: u64,
    replays: u64,
    idempotency_conflicts: u64,
    faults_applied: u64,
    payments_by_idempotency_key: BoundedMap<String, u64>,
    webhook_attempts: u64,
    webhooks_delivered: u64,
    connections_accepted: u64,
}

impl Counters {
    fn new(max_keys: usize) -> Counters {
        Counters {
            requests: BTreeMap::new(),
            payments_created: 0,
            payouts_created: 0,
            refunds_created: 0,
            replays: 0,
            idempotency_conflicts: 0,
            faults_applied: 0,
            payments_by_idempotency_key: BoundedMap::new(max_keys),
            webhook_attempts: 0,
            webhooks_delivered: 0,
            connections_accepted: 0,
        }
    }
}

/// Thread-safe counters.
pub struct Stats {
    counters: Locked<Counters>,
}

impl Default for Stats {
    fn default() -> Self {
        Stats::new(crate::config::DEFAULT_MAX_IDEMPOTENCY_KEYS)
    }
}

/// Something worth counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A refund was created.
    RefundCreated,
    /// A stored response was replayed for an idempotency key.
    Replay,
    /// An idempotency key came back with a different body.
    IdempotencyConflict,
    /// An injected fault was applied.
    FaultApplied,
    /// A webhook POST was attempted.
    WebhookAttempt,
    /// A webhook was answered 200.
    WebhookDelivered,
    /// A client opened a connection (shows whether clients keep connections alive).
    ConnectionAccepted,
}

impl Stats {
    /// Zeroed counters keeping payment counts for at most `max_keys` idempotency keys.
    pub fn new(max_keys: usize) -> Stats {
        Stats {
            counters: Locked::new(Counters::new(max_keys)),
        }
    }

    /// Counts one request to an API method.
    pub fn request(&self, operation: &str) {
        self.counters
            .with(|c| *c.requests.entry(operation.to_string()).or_default() += 1);
    }

    /// Counts a created payment (or payout), and the idempotency key it came with.
    pub fn transfer_created(&self, payout: bool, idempotency_key: Option<&str>) {
        self.counters.with(|c| {
            if payout {
                c.payouts_created += 1;
            } else {
                c.payments_created += 1;
            }
            if let Some(key) = idempotency_key {
                let key = key.to_string();
                let count = c.payments_by_idempotency_key.get(&key).copied();
                c.payments_by_idempotency_key
                    .insert(key, count.unwrap_or(0) + 1);
            }
        });
    }

    /// Counts one event.
    pub fn count(&self, event: Event) {
        self.counters.with(|c| {
            let counter = match event {
                Event::RefundCreated => &mut c.refunds_created,
                Event::Replay => &mut c.replays,
                Event::IdempotencyConflict => &mut c.idempotency_conflicts,
                Event::FaultApplied => &mut c.faults_applied,
                Event::WebhookAttempt => &mut c.webhook_attempts,
                Event::WebhookDelivered => &mut c.webhooks_delivered,
                Event::ConnectionAccepted => &mut c.connections_accepted,
            };
            *counter += 1;
        });
    }

    /// Zeroes everything.
    pub fn reset(&self) {
        self.counters
            .with(|c| *c = Counters::new(c.payments_by_idempotency_key.capacity()));
    }

    /// The stats document; `held` adds what the sandbox keeps in memory.
    pub fn to_json(&self, held: Value) -> Value {
        self.counters.with(|c| {
            let by_key: Map<String, Value> = c
                .payments_by_idempotency_key
                .iter()
                .map(|(key, count)| (key.clone(), json!(count)))
                .collect();
            json!({
                "requests": c.requests,
                "payments_created": c.payments_created,
                "payouts_created": c.payouts_created,
                "refunds_created": c.refunds_created,
                "replays": c.replays,
                "idempotency_conflicts": c.idempotency_conflicts,
                "faults_applied": c.faults_applied,
                "payments_by_idempotency_key": by_key,
                "webhooks": {"attempts": c.webhook_attempts, "delivered": c.webhooks_delivered},
                "connections_accepted": c.connections_accepted,
                "held": held,
            })
        })
    }
}
