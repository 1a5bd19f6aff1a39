//! The client configuration, parsed strictly from JSON (docs/c-abi.md, "Configuration");
//! the journal's keys in `journal.rs`.

mod journal;

use std::net::IpAddr;
use std::time::Duration;

use serde::Deserialize;
use ureq::http::Uri;

use crate::error::{Error, Result};
use crate::keys;
use crate::limits::{self, MAX_ATTEMPTS, MAX_CONFIG_BYTES, MAX_HEADER_VALUE_LEN, MAX_TIMEOUT_MS};
use crate::signing::Signer;
use crate::webhooks::WebhookVerifier;
pub use journal::{JournalConfig, JournalLocation};

/// The configuration keys as they appear in JSON. Unknown keys are refused.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: Option<String>,
    project: Option<String>,
    private_key_pem: Option<String>,
    private_key_path: Option<String>,
    hmac_secret: Option<String>,
    webhook_public_key_pem: Option<String>,
    webhook_public_key_path: Option<String>,
    webhook_hmac_secret: Option<String>,
    submerchant: Option<String>,
    connect_timeout_ms: Option<u64>,
    request_timeout_ms: Option<u64>,
    max_attempts: Option<u32>,
    deadline_ms: Option<u64>,
    proxy: Option<String>,
    ca_bundle_path: Option<String>,
    user_agent: Option<String>,
    api_version: Option<String>,
    journal_path: Option<String>,
    journal_retention_days: Option<u32>,
    journal_allow_network_drive: Option<bool>,
    journal_url: Option<String>,
    journal_schema: Option<String>,
    journal_owner: Option<String>,
}

/// The API version whose paths and names the client uses (`api_version`, docs/api.md, "API versions").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    /// `/api/v1/` for every method (the default).
    #[default]
    V1,
    /// `/api/v2/` for the session methods, which exist in both versions; the other
    /// methods (`token`, `token/info`, `wallet/balance`) stay under `/api/v1/`.
    V2,
}

impl ApiVersion {
    /// The path of a method under this version, e.g. `/api/v2/session/status`.
    pub fn path(self, method: &str) -> String {
        match self {
            ApiVersion::V2 if method.starts_with("session/") => format!("/api/v2/{method}"),
            _ => format!("/api/v1/{method}"),
        }
    }

    fn parse(value: Option<String>) -> Result<ApiVersion> {
        match value.as_deref() {
            None | Some("v1") => Ok(ApiVersion::V1),
            Some("v2") => Ok(ApiVersion::V2),
            Some(other) => {
                let shown: String = other.chars().take(16).collect();
                Err(Error::config(format!(
                    "\"api_version\" must be \"v1\" or \"v2\", not {shown:?}"
                )))
            }
        }
    }
}

/// A validated client configuration. Its `Debug` output leaves out keys, secrets and
/// proxy credentials.
pub struct Config {
    /// Host root without a trailing slash, e.g. `https://demo.smart-glocal.com`.
    pub base_url: String,
    /// Sent as `X-PARTNER-PROJECT`.
    pub project: String,
    /// Signs request bodies.
    pub signer: Signer,
    /// Verifies webhooks, when a webhook key was configured.
    pub webhook_verifier: Option<WebhookVerifier>,
    /// Default `X-PARTNER-SUBMERCHANT`.
    pub submerchant: Option<String>,
    /// Time allowed to open a connection (DNS, TCP, TLS).
    pub connect_timeout: Duration,
    /// Time allowed for one attempt once connected.
    pub request_timeout: Duration,
    /// Attempts per call, the first included.
    pub max_attempts: u32,
    /// Bound on a whole call, retries and waits included.
    pub deadline: Duration,
    /// HTTP proxy URL.
    pub proxy: Option<String>,
    /// Extra trusted CA certificates (PEM file).
    pub ca_bundle_path: Option<String>,
    /// Product token appended to the User-Agent.
    pub user_agent: Option<String>,
    /// The API version requests are sent to.
    pub api_version: ApiVersion,
    /// The crash-safe journal, when the configuration names one.
    pub journal: Option<JournalConfig>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("project", &self.project)
            .field("signer", &self.signer)
            .field("webhook_verifier", &self.webhook_verifier)
            .field("submerchant", &self.submerchant)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_attempts", &self.max_attempts)
            .field("deadline", &self.deadline)
            .field("proxy", &self.proxy.as_ref().map(|_| "[set]"))
            .field("ca_bundle_path", &self.ca_bundle_path)
            .field("user_agent", &self.user_agent)
            .field("api_version", &self.api_version)
            .field("journal", &self.journal)
            .finish()
    }
}

impl Config {
    /// The URL of an API method, e.g. `https://demo.smart-glocal.com/api/v1/session/status`.
    pub fn url(&self, method: &str) -> String {
        format!("{}{}", self.base_url, self.api_version.path(method))
    }

    /// Parses and validates a configuration document.
    pub fn from_json(json: &str) -> Result<Config> {
        if json.len() > MAX_CONFIG_BYTES {
            return Err(Error::config(format!(
                "the configuration is {} bytes; the limit is {MAX_CONFIG_BYTES}",
                json.len()
            )));
        }
        let raw: RawConfig = serde_json::from_str(json).map_err(describe_json_error)?;
        Config::from_raw(raw)
    }

    fn from_raw(mut raw: RawConfig) -> Result<Config> {
        // Taken out of `raw` now; its error, if any, is reported after every other key's.
        let journal = JournalConfig::take(&mut raw);
        let base_url = validate_base_url(required(raw.base_url, "base_url")?)?;
        let project = header_value(required(raw.project, "project")?, "project")?;
        let submerchant = raw
            .submerchant
            .map(|s| header_value(s, "submerchant"))
            .transpose()?;
        let user_agent = raw
            .user_agent
            .map(|s| header_value(s, "user_agent"))
            .transpose()?;
        let signer = signer(raw.private_key_pem, raw.private_key_path, raw.hmac_secret)?;
        let webhook_verifier = webhook_verifier(
            raw.webhook_public_key_pem,
            raw.webhook_public_key_path,
            raw.webhook_hmac_secret,
        )?;
        Ok(Config {
            base_url,
            project,
            signer,
            webhook_verifier,
            submerchant,
            connect_timeout: millis(raw.connect_timeout_ms, 10_000, "connect_timeout_ms")?,
            request_timeout: millis(raw.request_timeout_ms, 30_000, "request_timeout_ms")?,
            max_attempts: attempts(raw.max_attempts)?,
            deadline: millis(raw.deadline_ms, 60_000, "deadline_ms")?,
            proxy: raw.proxy.map(validate_proxy).transpose()?,
            ca_bundle_path: raw.ca_bundle_path,
            user_agent,
            api_version: ApiVersion::parse(raw.api_version)?,
            journal: journal?,
        })
    }
}

/// Turns serde's message into one that names the key and never echoes a value.
fn describe_json_error(e: serde_json::Error) -> Error {
    let message = e.to_string();
    let message = match message.find("invalid type") {
        Some(_) => format!(
            "a configuration value has the wrong type (line {}, column {}): texts must be JSON \
             strings, timeouts and max_attempts whole numbers",
            e.line(),
            e.column()
        ),
        None => message,
    };
    Error::config(format!("invalid configuration JSON: {message}"))
}

fn required(value: Option<String>, key: &str) -> Result<String> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(Error::config(format!("the configuration lacks \"{key}\""))),
    }
}

/// Checks that a configuration text can travel in an HTTP header.
fn header_value(value: String, key: &str) -> Result<String> {
    if limits::is_header_text(&value) {
        Ok(value)
    } else {
        Err(Error::config(format!(
            "\"{key}\" must be 1 to {MAX_HEADER_VALUE_LEN} printable ASCII characters"
        )))
    }
}

fn millis(value: Option<u64>, default: u64, key: &str) -> Result<Duration> {
    match value.unwrap_or(default) {
        0 => Err(Error::config(format!("\"{key}\" must be greater than 0"))),
        ms if ms > MAX_TIMEOUT_MS => {
            Err(Error::config(format!("\"{key}\" must be at most one day")))
        }
        ms => Ok(Duration::from_millis(ms)),
    }
}

fn attempts(value: Option<u32>) -> Result<u32> {
    match value.unwrap_or(3) {
        attempts @ 1..=MAX_ATTEMPTS => Ok(attempts),
        _ => Err(Error::config(format!(
            "\"max_attempts\" must be between 1 and {MAX_ATTEMPTS}"
        ))),
    }
}

/// Accepts `http://host[:port]` or `https://host[:port]` proxies with a host and a port
/// that exists; anything else would silently go elsewhere (ureq falls back to port 80).
fn validate_proxy(url: String) -> Result<String> {
    let refuse = |why: &str| Error::config(format!("\"proxy\" {why}; expected http://host:port"));
    let uri: Uri = url.parse().map_err(|_| refuse("is not a URL"))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err(refuse("must use http:// or https://"));
    }
    let authority = uri.authority().ok_or_else(|| refuse("has no host"))?;
    if authority.host().is_empty() {
        return Err(refuse("has no host"));
    }
    let host_port = authority.as_str().rsplit('@').next().unwrap_or_default();
    let port_text = host_port
        .rsplit_once(':')
        .filter(|(host, _)| !host.ends_with(':') && (!host.starts_with('[') || host.ends_with(']')))
        .map(|(_, port)| port);
    match port_text {
        Some(text) if !matches!(text.parse::<u16>(), Ok(1..)) => {
            Err(refuse(&format!("has port {text}, outside 1 to 65535")))
        }
        _ => Ok(url),
    }
}

/// Accepts `https://host[:port][/prefix]`, or `http://` for loopback hosts only.
fn validate_base_url(url: String) -> Result<String> {
    let trimmed = url.trim_end_matches('/').to_owned();
    let uri: Uri = trimmed
        .parse()
        .map_err(|_| Error::config(format!("\"base_url\" is not a URL: '{url}'")))?;
    let host = uri
        .host()
        .ok_or_else(|| Error::config(format!("\"base_url\" has no host: '{url}'")))?;
    if uri.query().is_some() {
        return Err(Error::config("\"base_url\" must not have a query string"));
    }
    match uri.scheme_str() {
        Some("https") => Ok(trimmed),
        Some("http") if is_loopback(host) => Ok(trimmed),
        Some("http") => Err(Error::config(format!(
            "\"base_url\" uses plain http:// for '{host}', which is not a loopback host; \
             payment traffic must use https://"
        ))),
        _ => Err(Error::config(format!(
            "\"base_url\" must start with https:// ('{url}')"
        ))),
    }
}

/// True for `localhost` and loopback IP addresses (127.0.0.0/8, ::1).
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn signer(
    pem: Option<String>,
    path: Option<String>,
    hmac_secret: Option<String>,
) -> Result<Signer> {
    match (pem, path, hmac_secret) {
        (Some(pem), None, None) => Ok(Signer::rsa(keys::rsa_private_key_from_pem(pem.as_bytes())?)),
        (None, Some(path), None) => {
            let pem = keys::read_pem_file(&path, "private key")?;
            Ok(Signer::rsa(keys::rsa_private_key_from_pem(&pem)?))
        }
        (None, None, Some(secret)) if !secret.is_empty() => Ok(Signer::hmac(secret.as_bytes())),
        (None, None, Some(_)) => Err(Error::config("\"hmac_secret\" is empty")),
        (None, None, None) => Err(Error::config(
            "the configuration has no signing key: give \"private_key_pem\" or \
             \"private_key_path\" (RSA, what the live API uses), or \"hmac_secret\"",
        )),
        _ => Err(Error::config(
            "give exactly one of \"private_key_pem\", \"private_key_path\" and \"hmac_secret\"",
        )),
    }
}

fn webhook_verifier(
    pem: Option<String>,
    path: Option<String>,
    hmac_secret: Option<String>,
) -> Result<Option<WebhookVerifier>> {
    match (pem, path, hmac_secret) {
        (None, None, None) => Ok(None),
        (Some(pem), None, None) => WebhookVerifier::rsa_public_key_pem(pem.as_bytes()).map(Some),
        (None, Some(path), None) => {
            let pem = keys::read_pem_file(&path, "webhook public key")?;
            WebhookVerifier::rsa_public_key_pem(&pem).map(Some)
        }
        (None, None, Some(secret)) if !secret.is_empty() => {
            Ok(Some(WebhookVerifier::hmac(secret.as_bytes())))
        }
        (None, None, Some(_)) => Err(Error::config("\"webhook_hmac_secret\" is empty")),
        _ => Err(Error::config(
            "give at most one of \"webhook_public_key_pem\", \"webhook_public_key_path\" and \
             \"webhook_hmac_secret\"",
        )),
    }
}
