//! The steps of one `pay`.

use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::backoff::Backoff;
use crate::call_error::{CallContext, CallError};
use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::journal::LEASE_MARGIN;
use crate::journal::entry::Details;
use crate::journal_hooks as hook;
use crate::logging::{self, Level};
use crate::operations::names;
use crate::pay::options::{Confirm, PayOptions};
use crate::pay::outcome::{self, Outcome};
use crate::pay::sale::{SaleEntry, Step};
use crate::request_body::{self, Json};
use crate::retry;
use crate::validation;

/// A session id that satisfies validation before the real one is known.
const PLACEHOLDER_SESSION: &str = "ps_pending";

/// Runs one whole card payment. `request_json` is a `session/start/payment` body; without
/// `session_id` a session is created first, with it the sale is resumed. Returns
/// `{"status":"ok","outcome":...,"session":{...},"sgpay":{...}}`; a decline is an outcome.
pub fn pay(client: &Client, request_json: &str, options: &PayOptions) -> Result<String, CallError> {
    let context = CallContext {
        operation: Some("pay".into()),
        ..Default::default()
    };
    let with_context = |e: Error| CallError::new(e, context.clone());
    let (request, details) = parse_request(request_json).map_err(with_context)?;
    let budget = options
        .deadline_ms
        .map_or(client.config.deadline, Duration::from_millis);
    let base = options
        .idempotency_key
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let entry = SaleEntry::open(client, &base, options, details, budget + LEASE_MARGIN)
        .map_err(with_context)?;
    let mut sale = Sale {
        client,
        options,
        base: entry
            .as_ref()
            .and_then(|e| e.base_key.clone())
            .unwrap_or(base),
        session_id: entry.as_ref().and_then(|e| e.session_id.clone()),
        deadline: Instant::now() + budget,
        entry,
    };
    let result = sale.run(request);
    if let Some(Err(error)) = sale.entry.as_ref().map(|entry| entry.settle(&result)) {
        // The sale's requests went out: its outcome stands, and recovery settles the entry.
        logging::log(Level::Warn, &Default::default(), || {
            format!("the outcome of a pay could not be written to the journal: {error}")
        });
    }
    let (outcome, session) = result?;
    Ok(sale.document(outcome, session))
}

/// Checks the request as `session/start/payment` would, before anything is sent; returns
/// it, and what the journal keeps of the sale.
fn parse_request(request_json: &str) -> Result<(Map<String, Value>, Details), Error> {
    let not_an_object = || {
        Error::invalid(
            "the pay request must be a JSON object (a session/start/payment body); nothing \
             was sent",
        )
    };
    let mut checked = request_body::parse(request_json)
        .ok()
        .flatten()
        .ok_or_else(not_an_object)?;
    let details = hook::details_of(&checked);
    if request_body::get(&checked, "session_id").is_none() {
        checked.insert("session_id", Json::Str(PLACEHOLDER_SESSION.into()));
    }
    (validation::session_start_payment)(&checked)
        .map_err(|e| Error::invalid(format!("{e}; nothing was sent")))?;
    let Ok(Value::Object(body)) = serde_json::from_str::<Value>(request_json) else {
        return Err(not_an_object());
    };
    Ok((body, details))
}

struct Sale<'a> {
    client: &'a Client,
    options: &'a PayOptions,
    base: String,
    session_id: Option<String>,
    deadline: Instant,
    entry: Option<SaleEntry<'a>>,
}

impl Sale<'_> {
    fn run(&mut self, request: Map<String, Value>) -> Result<(Outcome, Value), CallError> {
        let resumed = self.session_id.is_some();
        let session_id = match self.session_id.clone() {
            Some(id) => id,
            None => self.create()?,
        };
        let mut session = if resumed {
            self.status(&session_id)?
        } else {
            Value::Null
        };
        if !resumed || outcome::classify(&session) == Outcome::NotStarted {
            let mut body = request;
            body.insert("session_id".into(), json!(session_id));
            session = self.step(Step::Start, &Value::Object(body))?;
        }
        self.follow(&session_id, session)
    }

    fn create(&mut self) -> Result<String, CallError> {
        let session = self.step(Step::Create, &json!({}))?;
        let id = session
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                self.error(Error::Protocol {
                    http_status: None,
                    message: format!("{} answered without a session id", names::SESSION_CREATE),
                })
            })?
            .to_owned();
        self.session_id = Some(id.clone());
        if let Some(entry) = &mut self.entry {
            entry.set_session(&id);
        }
        Ok(id)
    }

    /// Polls until the payment is settled or needs the caller, confirming on the way unless
    /// the caller confirms by hand.
    fn follow(
        &mut self,
        session_id: &str,
        mut session: Value,
    ) -> Result<(Outcome, Value), CallError> {
        let mut backoff = Backoff::new(self.options.poll_interval(), self.deadline);
        let mut confirmed = false;
        loop {
            let now = outcome::classify(&session);
            match now {
                Outcome::AwaitingConfirmation
                    if self.options.confirm == Confirm::Auto
                        && !confirmed
                        && !backoff.expired() =>
                {
                    session = self.step(Step::Confirm, &json!({"session_id": session_id}))?;
                    confirmed = true;
                    continue;
                }
                Outcome::AwaitingConfirmation if confirmed => {}
                Outcome::InProgress | Outcome::NotStarted => {}
                settled => return Ok((settled, session)),
            }
            if !backoff.wait() {
                return Ok((Outcome::InProgress, session));
            }
            match self.status(session_id) {
                Ok(fresh) => session = fresh,
                Err(e) if !retry::is_transient(&e.error) => return Err(e),
                Err(_) => {}
            }
        }
    }

    /// Sends one step with its derived key until it is answered, refused, or the deadline
    /// comes; returns the session of the answer. Repeats carry the same body and key, so
    /// the server replays rather than acts twice.
    fn step(&self, step: Step, body: &Value) -> Result<Value, CallError> {
        let operation = step.operation();
        let options = CallOptions {
            idempotency_key: Some(step.key(&self.base)),
            submerchant: self.options.submerchant.clone(),
        };
        let link = self.entry.as_ref().map(SaleEntry::link);
        let text = body.to_string();
        let mut backoff = Backoff::new(self.options.poll_interval(), self.deadline);
        loop {
            let error = match self.client.call_in_entry(operation, &text, &options, link) {
                Ok(reply) => return self.session_of(&reply),
                Err(error) => error,
            };
            if !retry::is_transient(&error.error) || backoff.expired() || !backoff.wait() {
                return Err(self.with_session(error));
            }
        }
    }

    fn status(&self, session_id: &str) -> Result<Value, CallError> {
        let body = json!({"session_id": session_id}).to_string();
        let reply = self
            .client
            .call(names::SESSION_STATUS, &body, &CallOptions::default())
            .map_err(|e| self.with_session(e))?;
        self.session_of(&reply)
    }

    fn session_of(&self, reply: &str) -> Result<Value, CallError> {
        serde_json::from_str::<Value>(reply)
            .ok()
            .and_then(|mut r| r.get_mut("session").map(Value::take))
            .ok_or_else(|| {
                self.error(Error::Protocol {
                    http_status: None,
                    message: "the reply has no session object".into(),
                })
            })
    }

    fn with_session(&self, mut error: CallError) -> CallError {
        if error.context.session_id.is_none() {
            error.context.session_id = self.session_id.clone();
        }
        error
    }

    fn error(&self, error: Error) -> CallError {
        CallError::new(
            error,
            CallContext {
                operation: Some("pay".into()),
                session_id: self.session_id.clone(),
                idempotency_key: Some(self.base.clone()),
                attempts: 0,
                ..Default::default()
            },
        )
    }

    fn document(&self, outcome: Outcome, session: Value) -> String {
        json!({
            "status": "ok",
            "outcome": outcome.as_str(),
            "session": session,
            "sgpay": {
                "operation": "pay",
                "idempotency_key": self.base,
                "session_id": self.session_id,
                "reference": self.options.reference,
                "journal_entry": self.entry.as_ref().map(|e| e.link().entry_id.clone()),
            }
        })
        .to_string()
    }
}
