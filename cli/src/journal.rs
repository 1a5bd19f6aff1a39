//! `sgpay journal ...`: what the crash-safe journal holds, for the store's support desk.

use std::path::Path;
use std::time::SystemTime;

use serde_json::{Value, json};
use sgpay::{Client, JournalFilter, RecoverOptions};

use crate::config;
use crate::failure::Failure;
use crate::journal_view::{csv, instant, print_entries, print_entry, text};
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
    fn dates_parse_with_or_without_a_time() {
        let day = parse_date("2026-12-04").unwrap();
        let at = parse_date("2026-12-04T00:00:00Z").unwrap();
        assert_eq!(day, at);
        assert!(parse_date("yesterday").is_err());
    }
}
