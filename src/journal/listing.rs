//! `sgpay_journal_entries` and `sgpay_journal_acknowledge`.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::journal::query::Query;
use crate::journal::{Journal, State};
use crate::options_document::parse_or_default;

/// Which entries to list. With none of `reference` and `session_id`, only unacknowledged
/// entries are listed unless `include_acknowledged` says otherwise.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Entries of one sale (the `reference` given to `pay`).
    pub reference: Option<String>,
    /// Entries in one state.
    pub state: Option<String>,
    /// Entries of one session.
    pub session_id: Option<String>,
    /// Also list acknowledged entries.
    pub include_acknowledged: Option<bool>,
}

impl Filter {
    /// Parses filter JSON; NULL or empty text lists every unacknowledged entry.
    pub fn from_json(json: Option<&str>) -> Result<Filter> {
        let filter: Filter = parse_or_default(json, "journal filter")?;
        if let Some(state) = &filter.state {
            State::parse(state).ok_or_else(|| {
                Error::invalid(format!(
                    "\"state\" must be pending, in_doubt, done or needs_attention, not \"{}\"",
                    state.chars().take(40).collect::<String>()
                ))
            })?;
        }
        Ok(filter)
    }
}

/// `{"status":"ok","entries":[...]}` for the entries matching `filter`.
pub fn entries(journal: &Journal, filter: &Filter) -> Result<Value> {
    let narrowed = filter.reference.is_some() || filter.session_id.is_some();
    let found = journal.list(&Query {
        reference: filter.reference.as_deref(),
        state: filter.state.as_deref(),
        session_id: filter.session_id.as_deref(),
        unacknowledged_only: !filter.include_acknowledged.unwrap_or(narrowed),
        ..Query::default()
    })?;
    Ok(json!({
        "status": "ok",
        "entries": found.iter().map(|e| e.to_json()).collect::<Vec<_>>(),
    }))
}

/// Marks that the till has recorded an entry's outcome; returns `{"status":"ok","entry":{...}}`.
/// An entry still `pending` cannot be acknowledged: its outcome is not known yet.
pub fn acknowledge(journal: &Journal, entry_id: &str) -> Result<Value> {
    let entry = journal.get(entry_id)?.ok_or_else(|| {
        Error::invalid(format!(
            "no journal entry has the id \"{}\"",
            short(entry_id)
        ))
    })?;
    if entry.state == State::Pending.as_str() {
        return Err(Error::invalid(format!(
            "journal entry {} is still pending: its outcome is not known yet (run recover first)",
            entry.id
        )));
    }
    journal.acknowledge(&entry.id)?;
    let entry = journal.get(&entry.id)?.unwrap_or(entry);
    Ok(json!({"status": "ok", "entry": entry.to_json()}))
}

fn short(text: &str) -> String {
    text.chars().take(80).collect()
}
