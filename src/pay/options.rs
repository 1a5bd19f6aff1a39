//! The options of `pay` (docs/c-abi.md, "Pay options").

use std::time::Duration;

use serde::Deserialize;

use crate::client::CallOptions;
use crate::error::{Error, Result};
use crate::limits::{MAX_PAY_BASE_LEN, MAX_POLL_INTERVAL_MS, MAX_REFERENCE_LEN, MAX_TIMEOUT_MS};
use crate::options_document::parse_or_default;

/// Default first pause between status polls.
const DEFAULT_POLL_MS: u64 = 200;

/// Who confirms a payment that waits for confirmation (`confirm` in the pay options).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum Confirm {
    /// `pay` confirms it as soon as it is ready (the default).
    #[default]
    Auto,
    /// `pay` stops when it is ready; the caller confirms (or cancels) it.
    Manual,
}

impl Confirm {
    /// The name in the options and in the journal: `auto` or `manual`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confirm::Auto => "auto",
            Confirm::Manual => "manual",
        }
    }
}

impl TryFrom<String> for Confirm {
    type Error = &'static str;

    fn try_from(name: String) -> std::result::Result<Confirm, Self::Error> {
        match name.as_str() {
            "auto" => Ok(Confirm::Auto),
            "manual" => Ok(Confirm::Manual),
            _ => Err("\"confirm\" must be \"auto\" or \"manual\""),
        }
    }
}

/// Options of one `pay`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayOptions {
    /// The caller's id for the sale (e.g. the receipt number), kept in the journal.
    pub reference: Option<String>,
    /// The base from which each step's idempotency key is derived; repeating `pay` with
    /// the same base replays instead of charging again.
    pub idempotency_key: Option<String>,
    /// Whether `pay` confirms the payment itself (`"auto"`, the default) or stops when it
    /// is ready (`"manual"`).
    #[serde(default)]
    pub confirm: Confirm,
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

    /// The first pause between polls.
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms.unwrap_or(DEFAULT_POLL_MS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirm_is_auto_unless_the_options_say_manual() {
        let confirm = |json| PayOptions::from_json(json).map(|o| o.confirm);
        assert_eq!(confirm(None).unwrap(), Confirm::Auto);
        assert_eq!(
            confirm(Some(r#"{"confirm":"auto"}"#)).unwrap(),
            Confirm::Auto
        );
        assert_eq!(
            confirm(Some(r#"{"confirm":"manual"}"#)).unwrap(),
            Confirm::Manual
        );
        let refused = confirm(Some(r#"{"confirm":"sometimes"}"#)).unwrap_err();
        assert!(matches!(refused, Error::InvalidArgument(_)));
        assert!(
            refused
                .to_string()
                .contains(r#""confirm" must be "auto" or "manual""#)
        );
    }
}
