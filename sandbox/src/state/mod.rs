//! The state of one sandbox, shared by every connection: its settings and components
//! ([`State`]), the sessions and tokens it remembers ([`store`]), and their JSON form
//! ([`session`]).

pub mod session;
pub mod store;

use std::io;
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use tokio::runtime::Handle;

use crate::auth::Verifier;
use crate::clock::Clock;
use crate::config::SandboxConfig;
use crate::faults::Faults;
use crate::idempotency::Idempotency;
use crate::locked::Locked;
use crate::stats::Stats;
use crate::webhook_key::WebhookKey;
use crate::webhooks::{Webhooks, parse_url};
use store::Store;

/// One sandbox's configuration and state.
pub struct State {
    /// Accepted `X-PARTNER-PROJECT`.
    pub project: String,
    /// Duration of each asynchronous flow step.
    pub delay: Duration,
    /// `http://127.0.0.1:PORT` (or https), for links to the sandbox's own pages.
    pub base_url: String,
    /// Request signature check.
    pub verifier: Verifier,
    /// The clock tests can move forward.
    pub clock: Clock,
    /// Most sessions kept.
    max_sessions: usize,
    /// Sessions and tokens.
    store: Locked<Store>,
    /// Injected faults.
    pub faults: Faults,
    /// Counters.
    pub stats: Arc<Stats>,
    /// Idempotency records.
    pub idempotency: Idempotency,
    /// Webhook sender.
    pub webhooks: Webhooks,
    /// Key signing webhooks.
    pub webhook_key: Arc<WebhookKey>,
    /// Runtime running the timers of the flow.
    pub runtime: Handle,
}

impl State {
    /// Builds the state for `config`, serving at `base_url`, with tasks on `runtime`.
    pub fn new(config: &SandboxConfig, base_url: String, runtime: Handle) -> io::Result<State> {
        let verifier = Verifier::new(&config.auth)?;
        let webhook_uri = config.webhook_url.as_deref().map(parse_url).transpose()?;
        let webhook_key = WebhookKey::shared()?;
        let stats = Arc::new(Stats::new(config.max_idempotency_keys));
        let webhooks = Webhooks::new(
            webhook_uri,
            webhook_key.clone(),
            stats.clone(),
            runtime.clone(),
        );
        Ok(State {
            project: config.project.clone(),
            delay: config.processing_delay,
            base_url,
            verifier,
            clock: Clock::default(),
            max_sessions: config.max_sessions,
            store: Locked::new(Store::new(config.max_sessions)),
            faults: Faults::default(),
            stats,
            idempotency: Idempotency::new(config.max_idempotency_keys),
            webhooks,
            webhook_key,
            runtime,
        })
    }

    /// The counters of `GET /_sandbox/stats`, with what the sandbox holds in memory.
    pub fn stats_json(&self) -> serde_json::Value {
        let held = {
            let store = self.store();
            serde_json::json!({
                "sessions": store.sessions.len(),
                "max_sessions": self.max_sessions,
                "recurrent_tokens": store.recurrent_tokens.len(),
                "public_tokens": store.public_tokens.len(),
                "cards": store.cards.len(),
                "deadlines": store.deadlines.len(),
                "idempotency_records": self.idempotency.len(),
                "webhook_queues": self.webhooks.queues(),
            })
        };
        self.stats.to_json(held)
    }

    /// Locks the store.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock()
    }

    /// Forgets every session, token, fault, idempotency record, pending webhook and counter,
    /// and sets the clock back to real time.
    pub fn reset(&self) {
        *self.store() = Store::new(self.max_sessions);
        self.clock.reset();
        self.faults.clear();
        self.idempotency.clear();
        self.webhooks.clear();
        self.stats.reset();
    }
}
