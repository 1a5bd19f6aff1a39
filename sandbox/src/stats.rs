//! Counters served by `GET /_sandbox/stats`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::bounded::BoundedMap;
use crate::locked::Locked;

/// Counts per idempotency key, for at most a bounded number of keys.
type ByKey = BoundedMap<String, u64>;

struct Counters {
    /// Most idempotency keys each per-key map keeps.
    max_keys: usize,
    requests: BTreeMap<String, u64>,
    payments_created: u64,
    payouts_created: u64,
    refunds_created: u64,
    captures_created: u64,
    confirms_accepted: u64,
    replays: u64,
    idempotency_conflicts: u64,
    faults_applied: u64,
    payments_by_idempotency_key: ByKey,
    money_movements_by_idempotency_key: ByKey,
    idempotency_keys_by_operation: BTreeMap<String, ByKey>,
    webhook_attempts: u64,
    webhooks_delivered: u64,
    connections_accepted: u64,
}

impl Counters {
    fn new(max_keys: usize) -> Counters {
        Counters {
            max_keys,
            requests: BTreeMap::new(),
            payments_created: 0,
            payouts_created: 0,
            refunds_created: 0,
            captures_created: 0,
            confirms_accepted: 0,
            replays: 0,
            idempotency_conflicts: 0,
            faults_applied: 0,
            payments_by_idempotency_key: BoundedMap::new(max_keys),
            money_movements_by_idempotency_key: BoundedMap::new(max_keys),
            idempotency_keys_by_operation: BTreeMap::new(),
            webhook_attempts: 0,
            webhooks_delivered: 0,
            connections_accepted: 0,
        }
    }

    /// The counter of one kind of money movement.
    fn movements(&mut self, movement: MoneyMovement) -> &mut u64 {
        match movement {
            MoneyMovement::Payment => &mut self.payments_created,
            MoneyMovement::Payout => &mut self.payouts_created,
            MoneyMovement::Confirm => &mut self.confirms_accepted,
            MoneyMovement::Capture => &mut self.captures_created,
            MoneyMovement::Refund => &mut self.refunds_created,
        }
    }

    /// Every money movement so far, of any kind.
    fn money_movements(&self) -> u64 {
        self.payments_created
            + self.payouts_created
            + self.confirms_accepted
            + self.captures_created
            + self.refunds_created
    }
}

/// Adds one to `key`'s count.
fn add_one(counts: &mut ByKey, key: &str) {
    let count = counts.get(key).copied().unwrap_or(0);
    counts.insert(key.to_string(), count + 1);
}

fn by_key_json(counts: &ByKey) -> Map<String, Value> {
    counts
        .iter()
        .map(|(key, count)| (key.clone(), json!(count)))
        .collect()
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

/// A request the sandbox carried out that moves money: doing it twice would move it twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyMovement {
    /// A payment was started (`session/init/payment`, `session/start/payment`).
    Payment,
    /// A payout was started (`session/init/payout`, `session/start/payout`).
    Payout,
    /// A payment waiting for `session/confirm` was confirmed.
    Confirm,
    /// A hold was captured (`session/capture`).
    Capture,
    /// A refund was created (`session/refund`).
    Refund,
}

impl Stats {
    /// Zeroed counters keeping per-key counts for at most `max_keys` idempotency keys (per
    /// operation for the keys seen).
    pub fn new(max_keys: usize) -> Stats {
        Stats {
            counters: Locked::new(Counters::new(max_keys)),
        }
    }

    /// Counts one request to an API method, and the idempotency key it carried (as sent,
    /// before any check), so a test can see whether every attempt of a call used one key.
    pub fn request(&self, operation: &str, idempotency_key: Option<&str>) {
        self.counters.with(|c| {
            *c.requests.entry(operation.to_string()).or_default() += 1;
            if let Some(key) = idempotency_key {
                let max_keys = c.max_keys;
                let seen = c
                    .idempotency_keys_by_operation
                    .entry(operation.to_string())
                    .or_insert_with(|| BoundedMap::new(max_keys));
                add_one(seen, key);
            }
        });
    }

    /// Counts a money movement, and the idempotency key of the request that made it.
    pub fn money_moved(&self, movement: MoneyMovement, idempotency_key: Option<&str>) {
        self.counters.with(|c| {
            *c.movements(movement) += 1;
            let Some(key) = idempotency_key else { return };
            add_one(&mut c.money_movements_by_idempotency_key, key);
            if matches!(movement, MoneyMovement::Payment | MoneyMovement::Payout) {
                add_one(&mut c.payments_by_idempotency_key, key);
            }
        });
    }

    /// Counts one event.
    pub fn count(&self, event: Event) {
        self.counters.with(|c| {
            let counter = match event {
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
        self.counters.with(|c| *c = Counters::new(c.max_keys));
    }

    /// The stats document; `held` adds what the sandbox keeps in memory.
    pub fn to_json(&self, held: Value) -> Value {
        self.counters.with(|c| {
            let keys_by_operation: Map<String, Value> = c
                .idempotency_keys_by_operation
                .iter()
                .map(|(operation, keys)| (operation.clone(), Value::Object(by_key_json(keys))))
                .collect();
            json!({
                "requests": c.requests,
                "payments_created": c.payments_created,
                "payouts_created": c.payouts_created,
                "refunds_created": c.refunds_created,
                "captures_created": c.captures_created,
                "confirms_accepted": c.confirms_accepted,
                "money_movements": c.money_movements(),
                "replays": c.replays,
                "idempotency_conflicts": c.idempotency_conflicts,
                "faults_applied": c.faults_applied,
                "payments_by_idempotency_key": by_key_json(&c.payments_by_idempotency_key),
                "money_movements_by_idempotency_key":
                    by_key_json(&c.money_movements_by_idempotency_key),
                "idempotency_keys_by_operation": keys_by_operation,
                "webhooks": {"attempts": c.webhook_attempts, "delivered": c.webhooks_delivered},
                "connections_accepted": c.connections_accepted,
                "held": held,
            })
        })
    }
}
