//! `sgpay call` and `sgpay pay`.

use std::path::Path;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use serde_json::Value;
use sgpay::{CallOptions, Client, Confirm, PayOptions};

use crate::body;
use crate::config;
use crate::failure::Failure;
use crate::output::{self, BOLD, Out};

/// `sgpay call`.
#[derive(Debug, clap::Args)]
pub struct CallArgs {
    /// The API method, e.g. session/status (see the list below).
    #[arg(value_name = "OPERATION")]
    pub operation: String,
    /// The JSON request body: JSON text, @FILE, or - for stdin (default: {}).
    #[arg(value_name = "BODY", default_value = "{}")]
    pub body: String,
    /// X-PARTNER-IDEMPOTENCY-KEY (generated for calls that move money when absent).
    #[arg(long, value_name = "KEY")]
    pub idempotency_key: Option<String>,
    /// X-PARTNER-SUBMERCHANT, over the configured one.
    #[arg(long, value_name = "ID")]
    pub submerchant: Option<String>,
}

/// `sgpay pay`.
#[derive(Debug, clap::Args)]
pub struct PayArgs {
    /// The payment request (as for session/start/payment, with or without session_id):
    /// @FILE or - for stdin, so that card data stays off the command line; JSON text also works.
    #[arg(value_name = "BODY")]
    pub body: String,
    /// Your id for the sale (e.g. the receipt number), kept in the journal.
    #[arg(long, value_name = "R")]
    pub reference: Option<String>,
    /// auto: confirm when the payment is ready; manual: stop there.
    #[arg(long, value_name = "MODE", default_value = "auto",
          value_parser = PossibleValuesParser::new(["auto", "manual"]).try_map(Confirm::try_from))]
    pub confirm: Confirm,
    /// Base of each step's idempotency key: the same key replays instead of charging again.
    #[arg(long, value_name = "K")]
    pub idempotency_key: Option<String>,
    /// Bound on the whole payment, in milliseconds (default: the configured deadline_ms).
    #[arg(long, value_name = "N")]
    pub deadline_ms: Option<u64>,
    /// X-PARTNER-SUBMERCHANT, over the configured one.
    #[arg(long, value_name = "ID")]
    pub submerchant: Option<String>,
}

/// What a command that sends starts with: the request body it was given (text, @FILE or
/// `-`), and a client from the configuration.
fn request_and_client(body: &str, config: Option<&Path>) -> Result<(String, Client), Failure> {
    Ok((body::read(body)?, config::client(config)?))
}

/// Calls one API method and prints the reply (indented on a terminal, as sent otherwise).
pub fn call(args: &CallArgs, config: Option<&Path>, out: &Out) -> Result<(), Failure> {
    let (request, client) = request_and_client(&args.body, config)?;
    let options = CallOptions {
        idempotency_key: args.idempotency_key.clone(),
        submerchant: args.submerchant.clone(),
    };
    let reply = client.call(&args.operation, &request, &options)?;
    if out.terminal {
        match serde_json::from_str::<Value>(&reply) {
            Ok(value) => out.document(&value),
            Err(_) => out.line(&reply),
        }
    } else {
        out.line(&reply);
    }
    Ok(())
}

/// Runs one payment and prints its outcome and session.
pub fn pay(args: &PayArgs, config: Option<&Path>, out: &Out) -> Result<(), Failure> {
    let (request, client) = request_and_client(&args.body, config)?;
    let options = PayOptions {
        reference: args.reference.clone(),
        idempotency_key: args.idempotency_key.clone(),
        confirm: args.confirm,
        deadline_ms: args.deadline_ms,
        submerchant: args.submerchant.clone(),
        ..Default::default()
    };
    let reply = output::while_waiting("paying", || client.pay(&request, &options))?;
    let document: Value = serde_json::from_str(&reply).unwrap_or(Value::Null);
    if out.json {
        out.document(&document);
        return Ok(());
    }
    let text = |pointer: &str| {
        document
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or("-")
            .to_owned()
    };
    out.line(&format!(
        "{BOLD}{}{BOLD:#}  session {}",
        text("/outcome"),
        text("/sgpay/session_id")
    ));
    if let Some(reference) = &args.reference {
        out.line(&format!("reference      {reference}"));
    }
    out.line(&format!(
        "idempotency    {}",
        text("/sgpay/idempotency_key")
    ));
    if let Some(entry) = document
        .pointer("/sgpay/journal_entry")
        .and_then(Value::as_str)
    {
        out.line(&format!("journal entry  {entry}"));
    }
    Ok(())
}
