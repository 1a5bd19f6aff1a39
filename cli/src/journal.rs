//! `sgpay journal ...`: what the crash-safe journal holds, for the store's support desk.

use std::path::Path;
use std::time::SystemTime;

use serde_json::{Value, json};
use sgpay::{Client, JournalFilter, RecoverOptions};

use crate::config;
use crate::failure::Failure;
use crate::output::{self, Out};

/// `sgpay journal ...`.
#[derive(Debug, clap::Subcommand)]
pub enum JournalCommand {
    /// List entries (by default those not acknowledged yet).
    List {
        /// Also list acknowledged entries.
        #[arg(long)]
        all: bool,
        /// Only entries in this state.
        #[arg(long, value_name = "S", value_parser = ["pending", "in_doubt", "done", "needs_attention"])]
        state: Option<String>,
        /// Only the entries of this sale.
        #[arg(long, value_name = "R")]
        reference: Option<String>,
    },
    /// Show one entry with each request it made.
    Show {
        /// The entry id.
        id: String,
    },
    /// Find out what happened to sales a crash or an unanswered request left open.
    Recover {
        /// How long to wait, in all, for sessions still being processed (milliseconds).
        #[arg(long, value_name = "N")]
        deadline_ms: Option<u64>,
    },
    /// Mark that the till has recorded an entry's outcome.
    Acknowledge {
        /// The entry id.
        id: String,
    },
    /// Every entry, for end-of-day reconciliation.
    Export {
        /// csv or json.
        #[arg(long, value_parser = ["csv", "json"], default_value = "csv")]
        format: String,
        /// Only entries made on or after this date (2026-12-04, or 2026-12-04T09:00:00Z).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        since: Option<SystemTime>,
    },
}

/// Runs a journal command.
pub fn run(command: &JournalCommand, config: Option<&Path>, out: &Out) -> Result<(), Failure> {
    let client = config::client(config)?;
    match command {
        JournalCommand::List {
            all,
            state,
            reference,
        } => {
            let filter = JournalFilter {
                reference: reference.clone(),
                state: state.clone(),
                session_id: None,
                include_acknowledged: all.then_some(true),
            };
            let document = parse(&client.journal_entries(&filter)?);
            print_entries(&document, out);
        }
        JournalCommand::Show { id } => {
            let entry = find(&client, id)?;
            if out.json {
                out.document(&json!({"status": "ok", "entry": entry}));
            } else {
                print_entry(&entry, out);
            }
        }
        JournalCommand::Recover { deadline_ms } => {
            let options = RecoverOptions {
                deadline_ms: *deadline_ms,
            };
            let document =
                output::while_waiting("recovering", || client.journal_recover(&options))?;
            let document = parse(&document);
            if !out.json && entries(&document).is_empty() {
                out.line("Nothing was left open: no entry needed recovery.");
                return Ok(());
            }
            print_entries(&document, out);
        }
        JournalCommand::Acknowledge { id } => {
            let document = parse(&client.journal_acknowledge(id)?);
            if out.json {
                out.document(&document);
            } else {
                let entry = &document["entry"];
                out.line(&format!(
                    "Acknowledged {} ({}, {}).",
                    text(&entry["id"]),
                    text(&entry["state"]),
                    text(&entry["outcome"])
                ));
            }
        }
        JournalCommand::Export { format, since } => {
            let filter = JournalFilter {
                include_acknowledged: Some(true),
                ..Default::default()
            };
            let document = parse(&client.journal_entries(&filter)?);
            let chosen: Vec<&Value> = entries(&document)
                .iter()
                .filter(|e| {
                    since.is_none_or(|s| instant(&e["created_at"]).is_some_and(|at| at >= s))
                })
                .collect();
            if format == "json" || out.json {
                out.document(&json!({"status": "ok", "entries": chosen}));
            } else {
                out.text(&csv(&chosen));
            }
        }
    }
    Ok(())
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn entries(document: &Value) -> &[Value] {
    document["entries"].as_array().map_or(&[], Vec::as_slice)
}

/// The entry with this id, acknowledged or not.
fn find(client: &Client, id: &str) -> Result<Value, Failure> {
    let filter = JournalFilter {
        include_acknowledged: Some(true),
        ..Default::default()
    };
    let document = parse(&client.journal_entries(&filter)?);
    entries(&document)
        .iter()
        .find(|e| e["id"] == id)
        .cloned()
        .ok_or_else(|| {
            let shown: String = id.chars().take(80).collect();
            Failure::invalid(format!("no journal entry has the id \"{shown}\""))
                .with_advice("List the entries with `sgpay journal list --all`.")
        })
}

const COLUMNS: [&str; 8] = [
    "id",
    "time",
    "reference",
    "amount",
    "card",
    "state",
    "outcome",
    "session",
];

fn print_entries(document: &Value, out: &Out) {
    if out.json {
        out.document(document);
        return;
    }
    let rows: Vec<Vec<String>> = entries(document)
        .iter()
        .map(|e| {
            vec![
                text(&e["id"]),
                time(&e["created_at"]),
                text(&e["reference"]),
                amount(e),
                text(&e["card"]),
                text(&e["state"]),
                text(&e["outcome"]),
                text(&e["session_id"]),
            ]
        })
        .collect();
    if rows.is_empty() && out.terminal {
        out.line("No entries.");
        return;
    }
    out.table(&COLUMNS, &rows);
}

fn print_entry(entry: &Value, out: &Out) {
    let fields = [
        ("id", text(&entry["id"])),
        ("kind", text(&entry["kind"])),
        ("reference", text(&entry["reference"])),
        ("amount", amount(entry)),
        ("card", text(&entry["card"])),
        ("state", text(&entry["state"])),
        ("outcome", text(&entry["outcome"])),
        ("note", text(&entry["note"])),
        ("session", text(&entry["session_id"])),
        ("confirm", text(&entry["confirm"])),
        ("idempotency key", text(&entry["idempotency_key"])),
        ("created", time(&entry["created_at"])),
        ("updated", time(&entry["updated_at"])),
        ("acknowledged", time(&entry["acknowledged_at"])),
    ];
    for (name, value) in fields {
        out.line(&format!("{name:<16} {value}"));
    }
    let rows: Vec<Vec<String>> = entry["operations"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|op| {
            vec![
                time(&op["created_at"]),
                text(&op["operation"]),
                text(&op["state"]),
                text(&op["http_status"]),
                text(&op["error_code"]),
                text(&op["idempotency_key"]),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.line("");
        out.table(
            &[
                "time",
                "request",
                "state",
                "http",
                "error",
                "idempotency key",
            ],
            &rows,
        );
    }
}

/// A JSON value as table text: `-` for nothing.
fn text(value: &Value) -> String {
    match value {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// When an entry was made or changed, as the journal writes it (RFC 3339 UTC with
/// milliseconds), shown to the second.
fn time(value: &Value) -> String {
    match instant(value) {
        Some(at) => humantime::format_rfc3339_seconds(at).to_string(),
        None => text(value),
    }
}

fn instant(value: &Value) -> Option<SystemTime> {
    value
        .as_str()
        .and_then(|t| humantime::parse_rfc3339_weak(t).ok())
}

/// Minor units as a decimal amount with the currency code: `100.00 RUB`.
fn amount(entry: &Value) -> String {
    let Some(minor) = entry["amount"].as_i64() else {
        return "-".into();
    };
    let currency = entry["currency"]
        .as_str()
        .unwrap_or("")
        .to_ascii_uppercase();
    let digits = minor_digits(&currency);
    if digits == 0 {
        return format!("{minor} {currency}").trim_end().to_owned();
    }
    let scale = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    let scale = scale.unsigned_abs();
    format!(
        "{sign}{}.{:0width$} {currency}",
        minor / scale,
        minor % scale,
        width = digits as usize
    )
    .trim_end()
    .to_owned()
}

/// ISO 4217 minor-unit digits (2 unless listed).
fn minor_digits(currency: &str) -> u32 {
    const NONE: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF", "XPF",
    ];
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    if NONE.contains(&currency) {
        0
    } else if THREE.contains(&currency) {
        3
    } else {
        2
    }
}

/// Entries as CSV (RFC 4180), one line each, amounts in minor units as stored.
fn csv(entries: &[&Value]) -> String {
    let header = [
        "id",
        "created_at",
        "reference",
        "amount",
        "currency",
        "card",
        "state",
        "outcome",
        "session_id",
        "idempotency_key",
        "acknowledged_at",
        "note",
    ];
    let mut text = header.join(",");
    text.push_str("\r\n");
    for e in entries {
        let cells = [
            plain(&e["id"]),
            plain(&e["created_at"]),
            plain(&e["reference"]),
            plain(&e["amount"]),
            plain(&e["currency"]),
            plain(&e["card"]),
            plain(&e["state"]),
            plain(&e["outcome"]),
            plain(&e["session_id"]),
            plain(&e["idempotency_key"]),
            plain(&e["acknowledged_at"]),
            plain(&e["note"]),
        ];
        let quoted: Vec<String> = cells.iter().map(|c| quote(c)).collect();
        text.push_str(&quoted.join(","));
        text.push_str("\r\n");
    }
    text
}

fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        other => text(other),
    }
}

/// A CSV field, quoted when it must be; a leading `=`, `+`, `-` or `@` is prefixed with
/// `'` so that a spreadsheet never runs it as a formula.
fn quote(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// `2026-12-04` (midnight UTC) or an RFC 3339 time.
fn parse_date(text: &str) -> Result<SystemTime, String> {
    let full = if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_owned()
    };
    humantime::parse_rfc3339_weak(&full)
        .map_err(|_| "expected a date such as 2026-12-04 or 2026-12-04T09:00:00Z".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_follow_the_currency_exponent() {
        assert_eq!(
            amount(&json!({"amount": 10000, "currency": "rub"})),
            "100.00 RUB"
        );
        assert_eq!(amount(&json!({"amount": 5, "currency": "usd"})), "0.05 USD");
        assert_eq!(
            amount(&json!({"amount": 500, "currency": "jpy"})),
            "500 JPY"
        );
        assert_eq!(
            amount(&json!({"amount": 1234, "currency": "kwd"})),
            "1.234 KWD"
        );
        assert_eq!(amount(&json!({})), "-");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(quote("plain"), "plain");
    }

    #[test]
    fn dates_parse_with_or_without_a_time() {
        let day = parse_date("2026-12-04").unwrap();
        let at = parse_date("2026-12-04T00:00:00Z").unwrap();
        assert_eq!(day, at);
        assert!(parse_date("yesterday").is_err());
    }
}
