//! The URL of every API method, and the `Host` header they share, built and parsed once
//! per client rather than per call.

use ureq::http::uri::Scheme;
use ureq::http::{HeaderValue, Uri};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::operations::{OPERATIONS, Operation};

/// One parsed URL per entry of [`OPERATIONS`], in table order, for the client's base URL
/// and API version, and their `Host` header.
pub struct Endpoints {
    urls: Vec<Uri>,
    host: HeaderValue,
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
        let host = urls
            .first()
            .map_or(Ok(HeaderValue::from_static("")), host_header)?;
        Ok(Endpoints { urls, host })
    }

    /// The `Host` header of every request.
    pub fn host(&self) -> &HeaderValue {
        &self.host
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

/// The host of `url`, with its port when that is not the scheme's default.
fn host_header(url: &Uri) -> Result<HeaderValue> {
    let host = url.host().unwrap_or_default();
    let default_port = if url.scheme() == Some(&Scheme::HTTPS) {
        443
    } else {
        80
    };
    let value = match url.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host.to_owned(),
    };
    HeaderValue::try_from(value)
        .map_err(|e| Error::config("\"base_url\" has a host HTTP does not allow").caused_by(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_of(url: &str) -> String {
        let value = host_header(&url.parse().unwrap()).unwrap();
        value.to_str().unwrap().to_owned()
    }

    #[test]
    fn the_host_header_names_the_port_only_when_it_is_not_the_default() {
        assert_eq!(
            host_of("https://api.example.com/api/v1/token"),
            "api.example.com"
        );
        assert_eq!(host_of("https://api.example.com:443/x"), "api.example.com");
        assert_eq!(
            host_of("https://api.example.com:8443/x"),
            "api.example.com:8443"
        );
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(host_of("http://127.0.0.1:80/x"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:8080/x"), "[::1]:8080");
    }
}
