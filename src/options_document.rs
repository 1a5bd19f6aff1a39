//! Reading the optional JSON documents that calls take beside their request (options,
//! filters): absent or blank text means every default.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Parses `json` as a `what` document; `None` or blank text gives `T::default()`.
pub(crate) fn parse_or_default<T: DeserializeOwned + Default>(
    json: Option<&str>,
    what: &str,
) -> Result<T> {
    match json.filter(|j| !j.trim().is_empty()) {
        None => Ok(T::default()),
        Some(json) => serde_json::from_str(json)
            .map_err(|e| Error::invalid(format!("invalid {what} JSON: {e}"))),
    }
}
