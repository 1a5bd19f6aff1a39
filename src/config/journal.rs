//! The journal's part of the configuration (docs/c-abi.md, "Configuration"): where the
//! crash-safe journal lives, a local SQLite file or a PostgreSQL database shared by many
//! machines, how long acknowledged entries are kept, and this machine's name in it.

use super::RawConfig;
use crate::error::{Error, Result};
use crate::journal_url::JournalUrl;
use crate::limits::{self, MAX_OWNER_NAME_LEN, MAX_RETENTION_DAYS, MAX_SCHEMA_NAME_LEN};

/// Where the journal lives: one of the two, never both.
#[derive(Debug, Clone)]
pub enum JournalLocation {
    /// A SQLite file on this machine (`journal_path`).
    File {
        /// The database file.
        path: String,
        /// Whether the file may be on a network drive (`journal_allow_network_drive`,
        /// refused by default).
        allow_network_drive: bool,
    },
    /// A PostgreSQL database shared by many machines (`journal_url`).
    Shared {
        /// The connection URI; its password is never shown. (Boxed: its parsed connection
        /// settings are large.)
        url: Box<JournalUrl>,
        /// The schema of the journal's tables (`journal_schema`, default `sgpay`).
        schema: String,
    },
}

/// The crash-safe journal's settings.
#[derive(Debug, Clone)]
pub struct JournalConfig {
    /// Where the journal lives.
    pub location: JournalLocation,
    /// Days acknowledged entries are kept (`journal_retention_days`, default 90).
    pub retention_days: u32,
    /// This machine's name in the journal (`journal_owner`, default: the host name).
    pub owner: Option<String>,
}

impl JournalConfig {
    /// Takes the `journal_*` keys out of `raw` and checks every one that is given; `None`
    /// when neither `journal_path` nor `journal_url` names a journal.
    pub(super) fn take(raw: &mut RawConfig) -> Result<Option<JournalConfig>> {
        if raw.journal_path.is_some() && raw.journal_url.is_some() {
            return Err(both_path_and_url());
        }
        let path = raw.journal_path.take().map(path_of_file).transpose()?;
        let url = raw
            .journal_url
            .as_deref()
            .map(JournalUrl::parse)
            .transpose()?;
        let schema = schema(raw.journal_schema.take())?;
        let owner = raw.journal_owner.take().map(owner).transpose()?;
        let retention_days = retention_days(raw.journal_retention_days)?;
        let location = match (path, url) {
            (Some(path), _) => JournalLocation::File {
                path,
                allow_network_drive: raw.journal_allow_network_drive.unwrap_or(false),
            },
            (None, Some(url)) => JournalLocation::Shared {
                url: Box::new(url),
                schema,
            },
            (None, None) => return Ok(None),
        };
        Ok(Some(JournalConfig {
            location,
            retention_days,
            owner,
        }))
    }
}

fn both_path_and_url() -> Error {
    Error::config(
        "the configuration has both \"journal_path\" and \"journal_url\": a client keeps one \
         journal, either a local file or a shared PostgreSQL database; remove one",
    )
}

fn path_of_file(path: String) -> Result<String> {
    if path.trim().is_empty() || path.contains('\0') {
        Err(Error::config(
            "\"journal_path\" must be a file path (or left out for no journal)",
        ))
    } else {
        Ok(path)
    }
}

/// The shared journal's schema when the configuration does not say.
const DEFAULT_SCHEMA: &str = "sgpay";

/// A plain lower-case SQL identifier, so that it needs no quoting anywhere.
fn schema(value: Option<String>) -> Result<String> {
    let schema = value.unwrap_or_else(|| DEFAULT_SCHEMA.to_owned());
    let plain = schema.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && schema
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if plain && schema.len() <= MAX_SCHEMA_NAME_LEN {
        Ok(schema)
    } else {
        Err(Error::config(format!(
            "\"journal_schema\" must be 1 to {MAX_SCHEMA_NAME_LEN} lower-case letters, digits \
             and underscores, starting with a letter or underscore"
        )))
    }
}

fn owner(value: String) -> Result<String> {
    if limits::is_header_text(&value) && value.len() <= MAX_OWNER_NAME_LEN {
        Ok(value)
    } else {
        Err(Error::config(format!(
            "\"journal_owner\" must be 1 to {MAX_OWNER_NAME_LEN} printable ASCII characters \
             (this machine's name in the journal)"
        )))
    }
}

/// How long acknowledged journal entries are kept when the configuration does not say.
const DEFAULT_RETENTION_DAYS: u32 = 90;

fn retention_days(value: Option<u32>) -> Result<u32> {
    let days = value.unwrap_or(DEFAULT_RETENTION_DAYS);
    if (1..=MAX_RETENTION_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(Error::config(format!(
            "\"journal_retention_days\" must be between 1 and {MAX_RETENTION_DAYS}"
        )))
    }
}
