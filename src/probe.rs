//! A plain reachability check of the API host, through the client's own connection
//! settings: name resolution, TCP, TLS with the configured CA bundle, and the proxy.
//! Nothing is signed and no API method is called.

use std::time::{Duration, Instant, SystemTime};

use crate::client::Client;
use crate::error::{Error, Result};

/// How the API host answered a [`Client::probe`].
#[derive(Debug, Clone)]
pub struct Probe {
    /// The HTTP status of the answer (any status: only reaching the host is checked).
    pub http_status: u16,
    /// The server's clock, from its `Date` header, when it sent one.
    pub server_date: Option<SystemTime>,
    /// Time from sending to the end of the answer's headers.
    pub elapsed: Duration,
}

impl Client {
    /// Sends one unsigned `GET` to `base_url` over the client's connection pool (its proxy,
    /// CA bundle and timeouts) and reports the answer. A failure to get one is
    /// [`Error::NotSent`] saying in plain words which step failed: the host name, the
    /// connection, TLS, the proxy or a timeout.
    pub fn probe(&self) -> Result<Probe> {
        let started = Instant::now();
        let url = format!("{}/", self.config.base_url);
        let response = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| probe_error(&self.config.base_url, self.config.proxy.is_some(), e))?;
        let server_date = response
            .headers()
            .get("date")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok());
        Ok(Probe {
            http_status: response.status().as_u16(),
            server_date,
            elapsed: started.elapsed(),
        })
    }
}

fn probe_error(base_url: &str, proxied: bool, error: ureq::Error) -> Error {
    let through = if proxied { " through the proxy" } else { "" };
    let tls = || {
        format!(
            "the TLS handshake with {base_url} failed{through}: check ca_bundle_path, or \
             whether a proxy or firewall intercepts TLS"
        )
    };
    let what = match &error {
        ureq::Error::HostNotFound => {
            format!("the host name of {base_url} (or of the proxy) does not resolve")
        }
        ureq::Error::ConnectProxyFailed(_) | ureq::Error::InvalidProxyUrl => {
            format!("the proxy refused to connect to {base_url}")
        }
        ureq::Error::Timeout(_) => format!("{base_url} did not answer in time{through}"),
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => tls(),
        ureq::Error::Io(io) if is_tls_failure(io) => tls(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            format!("{base_url} refused the connection{through}: nothing listens there")
        }
        _ => format!("{base_url} could not be reached{through}"),
    };
    Error::not_sent(what).caused_by(error)
}

/// TLS failures that reach ureq as I/O errors (rustls reports a refused certificate so).
fn is_tls_failure(error: &std::io::Error) -> bool {
    let text = error.to_string().to_ascii_lowercase();
    ["certificate", "handshake", "tls", "alert"]
        .iter()
        .any(|word| text.contains(word))
}
