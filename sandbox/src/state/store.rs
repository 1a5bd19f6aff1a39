//! Everything the sandbox remembers between requests, within its bounds.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::Duration;

use serde_json::json;

use crate::bounded::BoundedMap;
use crate::cards::{CardSummary, Outcome};
use crate::clock::Time;
use crate::payment_instrument::{CardReference, PaymentInstrument};
use crate::reply::ApiError;
use crate::state::session::Session;
use crate::validation::join;

/// How long a public token can be used (docs/api.md, "Time limits").
pub const PUBLIC_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Starting balance of the `rub` wallet, in minor units.
const RUB_FLOAT: i64 = 100_000_000;

/// A `public_token` issued by the `token` method.
#[derive(Debug, Clone)]
pub struct PublicToken {
    /// Creation time.
    pub created_at: Time,
}

impl PublicToken {
    /// When it stops being usable.
    pub fn finished_at(&self) -> Time {
        self.created_at.plus(PUBLIC_TOKEN_LIFETIME)
    }
}

/// A recurrent token issued after a payment asked for one.
#[derive(Debug, Clone)]
pub struct RecurrentCard {
    /// The card it charges, reduced.
    pub card: Option<CardSummary>,
    /// How payments with it end.
    pub outcome: Outcome,
    /// When it was issued.
    pub created_at: Time,
}

/// A card seen in a request, found again by its `number_hash`.
#[derive(Debug, Clone)]
pub struct KnownCard {
    /// The card, reduced.
    pub card: CardSummary,
    /// How payments with it end.
    pub outcome: Outcome,
}

/// In-memory state: sessions, tokens, cards and wallet balances.
pub struct Store {
    /// Sessions by id.
    pub sessions: HashMap<String, Session>,
    /// Session ids, oldest first, for eviction.
    order: VecDeque<String>,
    /// Most sessions kept.
    max_sessions: usize,
    /// Session id of each payment or payout id.
    pub transfer_sessions: HashMap<String, String>,
    /// Recurrent tokens by token.
    pub recurrent_tokens: BoundedMap<String, RecurrentCard>,
    /// Public tokens by token.
    pub public_tokens: BoundedMap<String, PublicToken>,
    /// Cards by `number_hash`.
    pub cards: BoundedMap<String, KnownCard>,
    /// Time limits to check: (when, session id).
    pub deadlines: BTreeSet<(Time, String)>,
    /// Wallet balance per currency (lower case), in minor units.
    pub balances: BTreeMap<String, i64>,
}

impl Store {
    /// An empty store keeping at most `max_sessions` sessions (and as many tokens and cards).
    pub fn new(max_sessions: usize) -> Store {
        let max_sessions = max_sessions.max(1);
        Store {
            sessions: HashMap::new(),
            order: VecDeque::new(),
            max_sessions,
            transfer_sessions: HashMap::new(),
            recurrent_tokens: BoundedMap::new(max_sessions),
            public_tokens: BoundedMap::new(max_sessions),
            cards: BoundedMap::new(max_sessions),
            deadlines: BTreeSet::new(),
            balances: BTreeMap::from([("rub".to_string(), RUB_FLOAT)]),
        }
    }

    /// The session with this id, or 404 `request_not_found`.
    pub fn session_mut(&mut self, id: &str) -> Result<&mut Session, ApiError> {
        self.sessions
            .get_mut(id)
            .ok_or_else(|| session_not_found(id))
    }

    /// The session with this id, or 404 `request_not_found`.
    pub fn session(&self, id: &str) -> Result<&Session, ApiError> {
        self.sessions.get(id).ok_or_else(|| session_not_found(id))
    }

    /// Keeps a session, in place of the kept one with the same id if there is one. At the
    /// bound, the oldest finished session is forgotten to make room for a new one; sessions
    /// still in progress never are, so when every kept session is in progress the new one is
    /// refused with 503 `too_many_sessions`.
    pub fn insert_session(&mut self, session: Session) -> Result<(), ApiError> {
        if let Some(kept) = self.sessions.get_mut(&session.id) {
            *kept = session;
            return Ok(());
        }
        if self.sessions.len() >= self.max_sessions {
            self.evict_finished()?;
        }
        self.order.push_back(session.id.clone());
        self.sessions.insert(session.id.clone(), session);
        Ok(())
    }

    fn evict_finished(&mut self) -> Result<(), ApiError> {
        for _ in 0..self.order.len() {
            let Some(id) = self.order.pop_front() else {
                break;
            };
            match self.sessions.get(&id) {
                Some(session) if session.is_finished() => {
                    self.forget(&id);
                    return Ok(());
                }
                Some(_) => self.order.push_back(id),
                None => {}
            }
        }
        Err(ApiError::new(
            503,
            "too_many_sessions",
            format!(
                "the sandbox keeps at most {} sessions and none of them is finished; \
                 finish some, or start it with a larger --max-sessions",
                self.max_sessions
            ),
        ))
    }

    fn forget(&mut self, id: &str) {
        let Some(session) = self.sessions.remove(id) else {
            return;
        };
        if let Some(transfer) = session.transfer {
            self.transfer_sessions.remove(&transfer.id);
            if let Some(at) = transfer.expires_at {
                self.deadlines.remove(&(at, session.id));
            }
        }
    }

    /// Takes the time limits that have passed by `now`, earliest first.
    pub fn due(&mut self, now: Time) -> Vec<(Time, String)> {
        let mut due = Vec::new();
        while self.deadlines.first().is_some_and(|(at, _)| *at <= now) {
            due.extend(self.deadlines.pop_first());
        }
        due
    }

    /// Adds `delta` (negative for money going out) to the wallet of `currency`.
    pub fn credit(&mut self, currency: &str, delta: i64) {
        *self
            .balances
            .entry(currency.to_ascii_lowercase())
            .or_default() += delta;
    }

    /// Remembers a bank card by its hash, and fills in the card behind a `number_hash`, a
    /// tokenized card or a recurrent token issued by this sandbox. `card_path` names the
    /// card object in errors (`payment_details.card`, `card`).
    pub fn resolve_card(
        &mut self,
        mut instrument: PaymentInstrument,
        card_path: &str,
    ) -> Result<PaymentInstrument, ApiError> {
        let known = match &instrument.reference {
            None => {
                if let Some(card) = &instrument.card {
                    let known = KnownCard {
                        card: card.clone(),
                        outcome: instrument.outcome,
                    };
                    self.cards.insert(card.number_hash.clone(), known);
                }
                return Ok(instrument);
            }
            Some(CardReference::Recurrent(token)) => {
                if let Some(known) = self.recurrent_tokens.get(token) {
                    instrument.card = known.card.clone();
                    instrument.outcome = known.outcome;
                }
                return Ok(instrument);
            }
            Some(CardReference::NumberHash(hash)) => self.cards.get(hash).cloned(),
            Some(CardReference::Tokenized(token)) => {
                self.recurrent_tokens.get(token).and_then(|r| {
                    r.card.clone().map(|card| KnownCard {
                        card,
                        outcome: r.outcome,
                    })
                })
            }
        };
        let reference = instrument
            .reference
            .as_ref()
            .map_or("", CardReference::path);
        let known = known.ok_or_else(|| {
            ApiError::validation(
                &join(card_path, reference),
                "is unknown to this sandbox: use a number_hash from token/info or a token it issued",
            )
        })?;
        instrument.shown = json!({"type": "card", "card": known.card.to_json()});
        instrument.card = Some(known.card);
        instrument.outcome = known.outcome;
        Ok(instrument)
    }
}

/// 404 `request_not_found`.
pub fn session_not_found(id: &str) -> ApiError {
    let shown: String = id.chars().take(64).collect();
    ApiError::new(
        404,
        "request_not_found",
        format!("no session with id {shown:?}"),
    )
}
