//! The journal side of one `pay`: its entry, opened before anything is sent and settled
//! with the outcome.

use std::time::Duration;

use serde_json::Value;

use crate::call_error::CallError;
use crate::client::Client;
use crate::error::Result;
use crate::journal::entry::{Details, Kind, OpState, State};
use crate::journal::{Journal, Link, Settlement};
use crate::journal_hooks as hook;
use crate::operations::names;
use crate::pay::PayOptions;
use crate::pay::outcome::Outcome;

/// The requests of a sale that carry a key derived from its idempotency base, so that
/// whoever repeats one (the `pay` itself, a resumed `pay`, recovery) is replayed, never
/// obeyed twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `session/create`.
    Create,
    /// `session/start/payment`.
    Start,
    /// `session/confirm`.
    Confirm,
}

impl Step {
    /// The API method the step calls.
    pub fn operation(self) -> &'static str {
        match self {
            Step::Create => names::SESSION_CREATE,
            Step::Start => names::SESSION_START_PAYMENT,
            Step::Confirm => names::SESSION_CONFIRM,
        }
    }

    /// The step's idempotency key, derived from the sale's base.
    pub fn key(self, base: &str) -> String {
        let suffix = match self {
            Step::Create => "create",
            Step::Start => "start",
            Step::Confirm => "confirm",
        };
        format!("{base}-{suffix}")
    }
}

/// The entry of one `pay`, when the journal is on.
pub struct SaleEntry<'a> {
    journal: &'a Journal,
    /// The entry, and the fence this `pay` holds it with.
    link: Link,
    /// The idempotency base the entry was made with.
    pub base_key: Option<String>,
    /// The session the entry knows of.
    pub session_id: Option<String>,
}

impl<'a> SaleEntry<'a> {
    /// Finds the entry of this sale (same idempotency base, or same session) and takes it
    /// over, or commits a new one with what the caller decided and what `request` tells
    /// of the sale. Nothing has been sent yet.
    pub fn open(
        client: &'a Client,
        base_key: &str,
        options: &PayOptions,
        request: Details,
        lease: Duration,
    ) -> Result<Option<SaleEntry<'a>>> {
        let Some(journal) = client.journal.as_ref() else {
            return Ok(None);
        };
        let details = Details {
            base_key: Some(base_key.to_owned()),
            reference: options.reference.clone(),
            confirm: Some(options.confirm.as_str().to_owned()),
            submerchant: options.submerchant.clone(),
            ..request
        };
        let existing = match journal.by_base_key(base_key)? {
            Some(entry) => Some(entry),
            None => match &details.session_id {
                Some(id) => journal.open_pay_for_session(id)?,
                None => None,
            },
        };
        let Some(entry) = existing else {
            return Ok(Some(SaleEntry {
                journal,
                link: journal.create(Kind::Pay, &details, lease)?,
                base_key: details.base_key,
                session_id: details.session_id,
            }));
        };
        let link = journal.take_over(&entry.id, lease)?;
        journal.set_details(&link, &details)?;
        Ok(Some(SaleEntry {
            journal,
            link,
            session_id: details.session_id.or(entry.details.session_id),
            base_key: entry.details.base_key,
        }))
    }

    /// Ties the steps' calls to this entry.
    pub fn link(&self) -> &Link {
        &self.link
    }

    /// Records how the `pay` ended. Anything short of a settled outcome is left `in_doubt`
    /// for `recover`.
    pub fn settle(&self, result: &Result<(Outcome, Value), CallError>) -> Result<()> {
        let (state, outcome) = match result {
            Ok((outcome, _)) if matches!(outcome, Outcome::InProgress | Outcome::Error) => {
                (State::InDoubt, outcome.as_str())
            }
            Ok((outcome, _)) => (State::Done, outcome.as_str()),
            Err(error) => match hook::error_state(&error.error) {
                OpState::Refused if self.session_id.is_none() => (State::Done, "refused"),
                OpState::NotSent if self.session_id.is_none() => (State::Done, "not_sent"),
                _ => (State::InDoubt, "in_progress"),
            },
        };
        let settlement = Settlement {
            state,
            outcome: Some(outcome),
            note: None,
        };
        self.journal.settle(&self.link, &settlement)
    }

    /// Notes the session once `session/create` has answered.
    pub fn set_session(&mut self, session_id: &str) {
        self.session_id = Some(session_id.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::Step;
    use crate::limits::{MAX_IDEMPOTENCY_KEY_LEN, MAX_PAY_BASE_LEN};

    #[test]
    fn every_step_key_of_the_longest_base_fits() {
        let base = "b".repeat(MAX_PAY_BASE_LEN);
        for step in [Step::Create, Step::Start, Step::Confirm] {
            assert!(step.key(&base).len() <= MAX_IDEMPOTENCY_KEY_LEN, "{step:?}");
        }
    }
}
