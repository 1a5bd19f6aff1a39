//! The options of `pay` (docs/c-abi.md, "Pay options").

use std::time::Duration;

use serde::Deserialize;

use crate::client::CallOptions;
use crate::error::{Error, Result};
use crate::limits::{MAX_PAY_BASE_LEN, MAX_POLL_INTERVAL_MS, MAX_REFERENCE_LEN, MAX_TIMEOUT_MS};
use crate::options_document::parse_or_default;

/// Default first pause between status polls.
const DEFAULT_POLL_MS: u64 = 200;

/// Options of one `pay`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayOptions {
    /// The caller's id for the sale (e.g. the receipt number), kept in the journal.
    pub reference: Option<String>,
    /// The base from which each step's idempotency key is derived; repeating `pay` with
    /// the same base replays instead of charging again.
    pub idempotency_key: Option<String>,
    /// `"auto"` (default): confirm when the payment is ready; `"manual"`: stop there.
    pub confirm: Option<String>,
    /// Bound on the whole payment, polls included (default: the client's `deadline_ms`).
    pub deadline_ms: Option<u64>,
    /// First pause between status polls (default 200 ms), growing from there.
    pub poll_interval_ms: Option<u64>,
    /// Overrides the configured `X-PARTNER-SUBMERCHANT`.
    pub submerchant: Option<String>,
}

impl PayOptions {
    /// Parses options JSON; NULL or empty text means the defaults.
    pub fn from_json(json: Option<&str>) -> Result<PayOptions> {
        let options: PayOptions = parse_or_default(json, "pay options")?;
        options.validate()?;
        Ok(options)
    }

    fn validate(&self) -> Result<()> {
        CallOptions {
            idempotency_key: self.idempotency_key.clone(),
            submerchant: self.submerchant.clone(),
        }
        .validate()?;
        if self
            .idempotency_key
            .as_ref()
            .is_some_and(|k| k.len() > MAX_PAY_BASE_LEN)
        {
            return Err(Error::invalid(format!(
                "\"idempotency_key\" of pay is a base for each step's key: at most \
                 {MAX_PAY_BASE_LEN} characters"
            )));
        }
        if !matches!(self.confirm.as_deref(), None | Some("auto" | "manual")) {
            return Err(Error::invalid("\"confirm\" must be \"auto\" or \"manual\""));
        }
        if self
            .reference
            .as_ref()
            .is_some_and(|r| r.is_empty() || r.len() > MAX_REFERENCE_LEN)
        {
            return Err(Error::invalid(format!(
                "\"reference\" must be 1 to {MAX_REFERENCE_LEN} bytes"
            )));
        }
        let in_range = |v: Option<u64>, max| v.is_none_or(|ms| (1..=max).contains(&ms));
        if !in_range(self.deadline_ms, MAX_TIMEOUT_MS) {
            return Err(Error::invalid("\"deadline_ms\" must be from 1 to one day"));
        }
        if !in_range(self.poll_interval_ms, MAX_POLL_INTERVAL_MS) {
            return Err(Error::invalid(format!(
                "\"poll_interval_ms\" must be from 1 to {MAX_POLL_INTERVAL_MS}"
            )));
        }
        Ok(())
    }

    /// True unless the caller confirms by hand.
    pub fn auto_confirm(&self) -> bool {
        self.confirm.as_deref() != Some("manual")
    }

    /// What the caller decided, as the journal keeps it: `auto` or `manual`.
    pub fn confirm_mode(&self) -> &'static str {
        if self.auto_confirm() {
            "auto"
        } else {
            "manual"
        }
    }

    /// The first pause between polls.
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms.unwrap_or(DEFAULT_POLL_MS))
    }
}
