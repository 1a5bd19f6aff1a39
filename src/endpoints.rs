//! The URL of every API method, built and parsed once per client rather than per call.

use ureq::http::Uri;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::operations::{OPERATIONS, Operation};

/// One parsed URL per entry of [`OPERATIONS`], in table order, for the client's base URL
/// and API version.
pub struct Endpoints {
    urls: Vec<Uri>,
}

impl Endpoints {
    /// Builds the URLs of every method from a validated configuration.
    pub fn new(config: &Config) -> Result<Endpoints> {
        let urls = OPERATIONS
            .iter()
            .map(|op| {
                config.url(op.path).parse::<Uri>().map_err(|e| {
                    Error::config(format!(
                        "\"base_url\" does not make a usable URL for {}",
                        op.path
                    ))
                    .caused_by(e)
                })
            })
            .collect::<Result<Vec<Uri>>>()?;
        Ok(Endpoints { urls })
    }

    /// The URL of `op`; `None` only for an operation that is not an entry of
    /// [`OPERATIONS`].
    pub fn of(&self, op: &Operation) -> Option<&Uri> {
        let index = OPERATIONS
            .iter()
            .position(|known| std::ptr::eq(known, op))?;
        self.urls.get(index)
    }
}
