//! A till's payment through `Client::pay` with the crash-safe journal, and the recovery a
//! till runs at start-up.
//!
//! Settings from the environment: SGPAY_BASE_URL, SGPAY_PROJECT, SGPAY_PRIVATE_KEY_PATH, and
//! the journal's: SGPAY_JOURNAL_PATH (a file), or SGPAY_JOURNAL_URL (PostgreSQL) with the
//! optional SGPAY_JOURNAL_SCHEMA, SGPAY_JOURNAL_OWNER and SGPAY_CA_BUNDLE_PATH;
//! SGPAY_DEADLINE_MS (default 20000). Arguments:
//!
//! ```text
//! pay_with_journal pay [--card N] [--session ID] [--key BASE] [--reference R] [--manual]
//!                      [--count N] [--linger]
//! pay_with_journal recover
//! pay_with_journal entries
//! pay_with_journal acknowledge ENTRY_ID
//! ```
//! Each prints the library's JSON document on one line; the exit status is 0 on success.
//! `--count N` pays N sales one after the other (references `R-1`..`R-N`), printing one line
//! each and stopping at the first failure. With `--linger` the payer stays alive after printing, as a till does before it records
//! the outcome and acknowledges it, until it is killed.

use std::process::ExitCode;

use serde_json::{Value, json};
use sgpay::JournalFilter as Filter;
use sgpay::PayOptions;
use sgpay::RecoverOptions;
use sgpay::{Client, Confirm};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("set {name}"))
}

fn flag(args: &[String], name: &str) -> Option<String> {
    let at = args.iter().position(|a| a == name)?;
    args.get(at + 1).cloned()
}

fn sale(args: &[String]) -> (Value, PayOptions) {
    let number = flag(args, "--card").unwrap_or_else(|| "4242424242424242".into());
    let mut request = json!({
        "amount_details": {"amount": 10000, "currency": "rub"},
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {
            "number": number, "expiration_month": "12", "expiration_year": "30",
            "security_code": "123"}}},
        "customer": {"reference": "till-7"},
    });
    if let Some(session) = flag(args, "--session") {
        request["session_id"] = json!(session);
    }
    let options = PayOptions {
        reference: flag(args, "--reference"),
        idempotency_key: flag(args, "--key"),
        confirm: if args.iter().any(|a| a == "--manual") {
            Confirm::Manual
        } else {
            Confirm::Auto
        },
        poll_interval_ms: Some(50),
        ..Default::default()
    };
    (request, options)
}

/// Pays `--count` sales (default one); prints every document but the last, returned.
#[allow(clippy::result_large_err)] // the shape of `Client::pay` itself
fn pay(client: &Client, args: &[String]) -> Result<String, sgpay::CallError> {
    let (request, options) = sale(args);
    let count: usize = flag(args, "--count").map_or(1, |n| n.parse().expect("--count N"));
    let mut last = String::new();
    for number in 1..=count {
        if !last.is_empty() {
            println!("{last}");
        }
        let mut options = options.clone();
        if count > 1 {
            options.reference = options.reference.map(|r| format!("{r}-{number}"));
        }
        last = client.pay(&request.to_string(), &options)?;
    }
    Ok(last)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut config = json!({
        "base_url": env("SGPAY_BASE_URL"),
        "project": env("SGPAY_PROJECT"),
        "private_key_path": env("SGPAY_PRIVATE_KEY_PATH"),
        "deadline_ms": std::env::var("SGPAY_DEADLINE_MS")
            .ok()
            .and_then(|ms| ms.parse::<u64>().ok())
            .unwrap_or(20000),
    });
    for key in [
        "journal_path",
        "journal_url",
        "journal_schema",
        "journal_owner",
        "ca_bundle_path",
    ] {
        if let Ok(value) = std::env::var(format!("SGPAY_{}", key.to_uppercase())) {
            config[key] = json!(value);
        }
    }
    let client = match Client::from_json(&config.to_string()) {
        Ok(client) => client,
        Err(e) => {
            println!("{}", sgpay::CallError::from(e).document_json());
            return ExitCode::FAILURE;
        }
    };
    let result = match args.first().map(String::as_str) {
        Some("pay") => pay(&client, &args),
        Some("recover") => client
            .journal_recover(&RecoverOptions::default())
            .map_err(Into::into),
        Some("entries") => client
            .journal_entries(&Filter::default())
            .map_err(Into::into),
        Some("acknowledge") => client
            .journal_acknowledge(args.get(1).map_or("", String::as_str))
            .map_err(Into::into),
        _ => {
            eprintln!("usage: pay_with_journal pay|recover|entries|acknowledge [options]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(document) => {
            println!("{document}");
            if args.iter().any(|a| a == "--linger") {
                use std::io::Write;
                let _ = std::io::stdout().flush();
                loop {
                    std::thread::park();
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            println!("{}", error.document_json());
            ExitCode::FAILURE
        }
    }
}
