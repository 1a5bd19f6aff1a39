//! One HTTP attempt over a pooled, keep-alive `ureq` agent, with transport failures
//! sorted into "never sent" and "may have been processed".

use std::io::ErrorKind;
use std::time::Duration;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};
use ureq::unversioned::transport::DefaultConnector;
use ureq::{Agent, Proxy, Timeout};

use crate::config::Config;
use crate::errors::{Error, Result};
use crate::resolver::CachingResolver;
use crate::retry;

/// Largest reply body read, in bytes; a larger reply is a protocol error.
pub const MAX_REPLY_BYTES: u64 = 4 * 1024 * 1024;
/// Idle connections kept per host.
const IDLE_CONNECTIONS_PER_HOST: usize = 16;

/// A reply as received, before it is interpreted.
#[derive(Debug)]
pub struct RawReply {
    /// HTTP status.
    pub status: u16,
    /// `Retry-After`, when sent in seconds.
    pub retry_after: Option<Duration>,
    /// The body bytes, at most [`MAX_REPLY_BYTES`].
    pub body: Vec<u8>,
}

/// Why an attempt produced no reply.
#[derive(Debug)]
pub enum TransportError {
    /// The request never reached the server.
    NotSent(String),
    /// The request may have reached the server; no usable reply came back.
    NoReply(String),
    /// A reply came but could not be read as HTTP or was too large.
    BadReply(String),
}

/// The headers of one request.
pub struct RequestHeaders<'a> {
    /// `X-PARTNER-PROJECT`.
    pub project: &'a str,
    /// `X-PARTNER-SIGN`.
    pub signature: &'a str,
    /// `X-PARTNER-SUBMERCHANT`.
    pub submerchant: Option<&'a str>,
    /// `X-PARTNER-IDEMPOTENCY-KEY`.
    pub idempotency_key: Option<&'a str>,
}

/// Builds the shared agent: no redirects, statuses returned rather than raised, the
/// configured proxy, trusted CAs and User-Agent.
pub fn build_agent(config: &Config) -> Result<Agent> {
    let proxy = config
        .proxy
        .as_deref()
        .map(|url| {
            Proxy::new(url).map_err(|e| Error::config(format!("\"proxy\" is not usable: {e}")))
        })
        .transpose()?;
    let builder = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_idle_connections_per_host(IDLE_CONNECTIONS_PER_HOST)
        .timeout_connect(Some(config.connect_timeout))
        .timeout_global(Some(config.request_timeout))
        .user_agent(user_agent(config.user_agent.as_deref()))
        .accept("application/json")
        .proxy(proxy)
        .tls_config(tls_config(config.ca_bundle_path.as_deref())?);
    Ok(Agent::with_parts(
        builder.build(),
        DefaultConnector::new(),
        CachingResolver::default(),
    ))
}

fn user_agent(token: Option<&str>) -> String {
    let own = concat!("sgpay/", env!("CARGO_PKG_VERSION"));
    match token {
        Some(token) => format!("{own} {token}"),
        None => own.to_owned(),
    }
}

/// The Mozilla roots, plus the certificates of `ca_bundle_path` when given. Certificate
/// verification cannot be turned off.
fn tls_config(ca_bundle_path: Option<&str>) -> Result<TlsConfig> {
    let Some(path) = ca_bundle_path else {
        return Ok(TlsConfig::builder().root_certs(RootCerts::WebPki).build());
    };
    let pem = crate::keys::read_pem_file(path, "CA bundle (\"ca_bundle_path\")")?;
    let mut roots: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned())
        .collect();
    let before = roots.len();
    for item in ureq::tls::parse_pem(&pem) {
        if let Ok(PemItem::Certificate(cert)) = item {
            roots.push(cert);
        }
    }
    if roots.len() == before {
        return Err(Error::config(format!(
            "\"ca_bundle_path\" '{path}' holds no PEM certificate"
        )));
    }
    Ok(TlsConfig::builder()
        .root_certs(RootCerts::new_with_certs(&roots))
        .build())
}

/// Sends one POST and reads the reply, within the agent's request timeout, or within
/// `shorter_timeout` when the call's deadline leaves less than that.
pub fn post(
    agent: &Agent,
    url: &str,
    headers: &RequestHeaders<'_>,
    body: &[u8],
    shorter_timeout: Option<Duration>,
) -> std::result::Result<RawReply, TransportError> {
    let mut request = agent
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-PARTNER-PROJECT", headers.project)
        .header("X-PARTNER-SIGN", headers.signature);
    if let Some(submerchant) = headers.submerchant {
        request = request.header("X-PARTNER-SUBMERCHANT", submerchant);
    }
    if let Some(key) = headers.idempotency_key {
        request = request.header("X-PARTNER-IDEMPOTENCY-KEY", key);
    }
    let sent = match shorter_timeout {
        Some(timeout) => request
            .config()
            .timeout_global(Some(timeout))
            .build()
            .send(body),
        None => request.send(body),
    };
    let response = sent.map_err(classify)?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(retry::parse_retry_after);
    let body = response
        .into_body()
        .with_config()
        .limit(MAX_REPLY_BYTES)
        .read_to_vec()
        .map_err(classify_body_error)?;
    Ok(RawReply {
        status,
        retry_after,
        body,
    })
}

/// Sorts a failure before or while sending. Only failures that provably happened before
/// any request byte could reach the server count as "not sent"; in doubt, "no reply".
fn classify(error: ureq::Error) -> TransportError {
    let text = error.to_string();
    match &error {
        ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::Tls(_)
        | ureq::Error::Rustls(_)
        | ureq::Error::Pem(_)
        | ureq::Error::TlsRequired
        | ureq::Error::ConnectProxyFailed(_)
        | ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => {
            TransportError::NotSent(text)
        }
        ureq::Error::Io(io) if is_connect_failure(io.kind()) || is_handshake_failure(io) => {
            TransportError::NotSent(text)
        }
        ureq::Error::Protocol(_)
        | ureq::Error::LargeResponseHeader(..)
        | ureq::Error::BodyExceedsLimit(_) => TransportError::BadReply(text),
        _ => TransportError::NoReply(text),
    }
}

fn is_connect_failure(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::ConnectionRefused
            | ErrorKind::AddrNotAvailable
            | ErrorKind::HostUnreachable
            | ErrorKind::NetworkUnreachable
            | ErrorKind::NetworkDown
            | ErrorKind::PermissionDenied
    )
}

/// True for TLS errors that can only happen while the connection is being set up, before
/// the server could read any request byte (ureq reports them wrapped in an I/O error).
fn is_handshake_failure(io: &std::io::Error) -> bool {
    let Some(tls) = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) else {
        return false;
    };
    matches!(
        tls,
        rustls::Error::InvalidCertificate(_)
            | rustls::Error::NoCertificatesPresented
            | rustls::Error::UnsupportedNameType
            | rustls::Error::PeerIncompatible(_)
            | rustls::Error::InappropriateHandshakeMessage { .. }
            | rustls::Error::HandshakeNotComplete
            | rustls::Error::InvalidCertRevocationList(_)
    )
}

/// Sorts a failure while reading the reply body: the server has acted by then.
fn classify_body_error(error: ureq::Error) -> TransportError {
    match error {
        ureq::Error::BodyExceedsLimit(limit) => {
            TransportError::BadReply(format!("the reply body is larger than {limit} bytes"))
        }
        other => TransportError::NoReply(format!("the reply was cut off: {other}")),
    }
}
