//! How `sgpay journal` shows entries: the table of `list` and `recover`, the fields of
//! `show` with the requests an entry made, and the CSV of `export`. Each view is one table of
//! fields, its headings beside what they show.

use std::time::SystemTime;

use serde_json::Value;

use crate::output::Out;

/// What one column or line shows of an entry or a request.
#[derive(Clone, Copy)]
enum Shown {
    /// A field as text, `-` for nothing.
    Text(&'static str),
    /// A time field, to the second.
    Time(&'static str),
    /// The amount with its currency, in major units.
    Amount,
}

impl Shown {
    fn of(self, record: &Value) -> String {
        match self {
            Shown::Text(key) => text(&record[key]),
            Shown::Time(key) => time(&record[key]),
            Shown::Amount => amount(record),
        }
    }
}

use Shown::{Amount, Text, Time};

/// A heading and what it shows.
type Field = (&'static str, Shown);

/// `journal list` and `journal recover`: a row per entry.
const LIST: [Field; 8] = [
    ("id", Text("id")),
    ("time", Time("created_at")),
    ("reference", Text("reference")),
    ("amount", Amount),
    ("card", Text("card")),
    ("state", Text("state")),
    ("outcome", Text("outcome")),
    ("session", Text("session_id")),
];

/// `journal show`: a line per field of the entry.
const ENTRY: [Field; 14] = [
    ("id", Text("id")),
    ("kind", Text("kind")),
    ("reference", Text("reference")),
    ("amount", Amount),
    ("card", Text("card")),
    ("state", Text("state")),
    ("outcome", Text("outcome")),
    ("note", Text("note")),
    ("session", Text("session_id")),
    ("confirm", Text("confirm")),
    ("idempotency key", Text("idempotency_key")),
    ("created", Time("created_at")),
    ("updated", Time("updated_at")),
    ("acknowledged", Time("acknowledged_at")),
];

/// `journal show`: a row per request the entry made.
const OPERATION: [Field; 6] = [
    ("time", Time("created_at")),
    ("request", Text("operation")),
    ("state", Text("state")),
    ("http", Text("http_status")),
    ("error", Text("error_code")),
    ("idempotency key", Text("idempotency_key")),
];

/// `journal export --format csv`: the stored fields, each its own heading, amounts in minor
/// units.
const CSV: [&str; 12] = [
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

fn headings(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|(heading, _)| *heading).collect()
}

fn rows(records: &[Value], fields: &[Field]) -> Vec<Vec<String>> {
    records
        .iter()
        .map(|record| fields.iter().map(|(_, shown)| shown.of(record)).collect())
        .collect()
}

/// The entries of a `journal/entries` or `journal/recover` document, as a table or as the
/// document itself with `--json`.
pub fn print_entries(document: &Value, out: &Out) {
    if out.json {
        out.document(document);
        return;
    }
    let entries = document["entries"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    if entries.is_empty() && out.terminal {
        out.line("No entries.");
        return;
    }
    out.table(&headings(&LIST), &rows(entries, &LIST));
}

/// One entry, a line per field, then a table of the requests it made.
pub fn print_entry(entry: &Value, out: &Out) {
    for (heading, shown) in ENTRY {
        out.line(&format!("{heading:<16} {}", shown.of(entry)));
    }
    let operations = entry["operations"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    if !operations.is_empty() {
        out.line("");
        out.table(&headings(&OPERATION), &rows(operations, &OPERATION));
    }
}

/// Entries as CSV (RFC 4180), one line each, amounts in minor units as stored.
pub fn csv(entries: &[&Value]) -> String {
    let mut text = CSV.join(",");
    text.push_str("\r\n");
    for entry in entries {
        let quoted: Vec<String> = CSV.iter().map(|key| quote(&plain(&entry[key]))).collect();
        text.push_str(&quoted.join(","));
        text.push_str("\r\n");
    }
    text
}

/// A JSON value as table text: `-` for nothing.
pub fn text(value: &Value) -> String {
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

/// When an entry was made or changed, if the value is an RFC 3339 time.
pub fn instant(value: &Value) -> Option<SystemTime> {
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
    let scale = 10u64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
