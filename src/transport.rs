//! One HTTP attempt over a pooled, keep-alive `ureq` agent, with transport failures
//! sorted into "never sent" and "may have been processed".

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use rustls::crypto::aws_lc_rs;

use ureq::http::header::RETRY_AFTER;
use ureq::http::{Method, Request, Uri};
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};
use ureq::unversioned::transport::{
    ConnectProxyConnector, ConnectionDetails, Connector, RustlsConnector, Transport,
};
use ureq::{Agent, Body, Proxy};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::lean_transport::LeanTransport;
use crate::limits::MAX_REPLY_BYTES;
use crate::request_headers::{RequestHeaders, user_agent};
use crate::resolver::CachingResolver;
use crate::retry::{self, Failure};
use crate::send_phase::{self, WatchedTransport};
use crate::tcp::TcpConnector;

/// Idle connections kept per host.
const IDLE_CONNECTIONS_PER_HOST: usize = 16;
/// Largest reply buffer made ahead from a `Content-Length`; a longer reply grows it.
const PRESIZED_REPLY_BYTES: u64 = 64 * 1024;

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

/// An attempt that got no usable reply: how far it got, and the network's own words.
#[derive(Debug)]
pub struct Unanswered {
    /// [`Failure::NotSent`], [`Failure::NoReply`] or, for a reply that could not be read
    /// as HTTP or was too large, [`Failure::Malformed`].
    pub failure: Failure,
    /// What the network stack reported.
    pub cause: String,
    /// The network stack's error itself, for [`Error`]'s source.
    pub source: Option<ureq::Error>,
}

impl Unanswered {
    fn new(failure: Failure, cause: String) -> Self {
        Unanswered {
            failure,
            cause,
            source: None,
        }
    }
}

/// Builds the shared agent: no redirects, statuses returned rather than raised, the
/// configured proxy, trusted CAs and User-Agent.
pub fn build_agent(config: &Config) -> Result<Agent> {
    let proxy = config
        .proxy
        .as_deref()
        .map(|url| {
            Proxy::new(url).map_err(|e| Error::config("\"proxy\" is not usable").caused_by(e))
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
    // The chain: a tunnel through the proxy, or a TCP connection; TLS; then the last link.
    // Configuration admits only HTTP(S) proxies, so there is no SOCKS link.
    let connector =
        ().chain(ConnectProxyConnector::default())
            .chain(TcpConnector)
            .chain(RustlsConnector::default())
            .chain(LastLink {
                agent_has_proxy: config.proxy.is_some(),
            });
    Ok(Agent::with_parts(
        builder.build(),
        connector,
        CachingResolver::default(),
    ))
}

/// The last link of the connector chain: a connection's writes are watched for the send
/// phase (`send_phase`), and each request leaves in one write (`lean_transport`).
#[derive(Debug)]
struct LastLink {
    agent_has_proxy: bool,
}

impl<In: Transport> Connector<In> for LastLink {
    type Out = LeanTransport<WatchedTransport<In>>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> std::result::Result<Option<Self::Out>, ureq::Error> {
        let watched = |inner| send_phase::watched(inner, details, self.agent_has_proxy);
        Ok(chained.map(|inner| LeanTransport::new(watched(inner))))
    }
}

/// The Mozilla roots, plus the certificates of `ca_bundle_path` when given, over rustls
/// with the library's own crypto provider (aws-lc-rs), handed to this agent only: no
/// provider is installed process-wide behind the host's back. Certificate verification
/// cannot be turned off.
fn tls_config(ca_bundle_path: Option<&str>) -> Result<TlsConfig> {
    let tls = TlsConfig::builder()
        .unversioned_rustls_crypto_provider(Arc::new(aws_lc_rs::default_provider()));
    let Some(path) = ca_bundle_path else {
        return Ok(tls.root_certs(RootCerts::WebPki).build());
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
    Ok(tls.root_certs(RootCerts::new_with_certs(&roots)).build())
}

/// Sends one POST and reads the reply, within the agent's request timeout, or within
/// `shorter_timeout` when the call's deadline leaves less than that (the connect timeout
/// is then cut to fit too, so that the deadline's timer never fires under its name).
pub fn post(
    agent: &Agent,
    uri: &Uri,
    headers: &RequestHeaders<'_>,
    body: &[u8],
    shorter_timeout: Option<Duration>,
) -> std::result::Result<RawReply, Unanswered> {
    send_phase::begin_attempt();
    let request = request(uri, headers, body)?;
    let sent = match shorter_timeout {
        Some(timeout) => {
            let connect_timeout = agent.config().timeouts().connect.unwrap_or(timeout);
            let request = agent
                .configure_request(request)
                .timeout_global(Some(timeout))
                .timeout_connect(Some(timeout.min(connect_timeout)))
                .build();
            agent.run(request)
        }
        None => agent.run(request),
    };
    let response = sent.map_err(classify)?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(retry::parse_retry_after);
    let body = read_body(response.into_body()).map_err(classify_body_error)?;
    Ok(RawReply {
        status,
        retry_after,
        body,
    })
}

/// The POST itself, built in place: its URL, the content type and the partner headers.
fn request<'a>(
    uri: &Uri,
    headers: &RequestHeaders<'_>,
    body: &'a [u8],
) -> std::result::Result<Request<&'a [u8]>, Unanswered> {
    let mut request = Request::new(body);
    *request.method_mut() = Method::POST;
    *request.uri_mut() = uri.clone();
    *request.headers_mut() = headers.to_map().map_err(|name| {
        Unanswered::new(
            Failure::NotSent,
            format!("the {name} header holds characters HTTP does not allow"),
        )
    })?;
    Ok(request)
}

/// Reads a reply body of at most [`MAX_REPLY_BYTES`] into a buffer made once, from its
/// `Content-Length`, with a byte to spare: reading it grows nothing, nor does the C ABI's
/// terminating NUL when the reply is handed over as a C string.
fn read_body(body: Body) -> std::result::Result<Vec<u8>, ureq::Error> {
    let expected = body.content_length().unwrap_or(0);
    let mut buffer = Vec::with_capacity(expected.min(PRESIZED_REPLY_BYTES) as usize + 1);
    body.into_with_config()
        .limit(MAX_REPLY_BYTES)
        .reader()
        .read_to_end(&mut buffer)?;
    Ok(buffer)
}

/// Sorts a failure before or while sending by how far the attempt got: a failure before
/// the first byte of the request was written (resolution, connect, TLS handshake, proxy
/// `CONNECT`, or a timeout in any of them) is "not sent", whatever its kind; after that,
/// an unreadable reply is a bad reply and anything else may have been processed.
fn classify(error: ureq::Error) -> Unanswered {
    let failure = if !send_phase::request_bytes_written() {
        Failure::NotSent
    } else if matches!(
        error,
        ureq::Error::Protocol(_)
            | ureq::Error::LargeResponseHeader(..)
            | ureq::Error::BodyExceedsLimit(_)
    ) {
        Failure::Malformed
    } else {
        Failure::NoReply
    };
    Unanswered {
        failure,
        cause: error.to_string(),
        source: Some(error),
    }
}

/// Sorts a failure while reading the reply body: the server has acted by then.
fn classify_body_error(error: ureq::Error) -> Unanswered {
    match error {
        ureq::Error::BodyExceedsLimit(limit) => Unanswered::new(
            Failure::Malformed,
            format!("the reply body is larger than {limit} bytes"),
        ),
        other => Unanswered::new(Failure::NoReply, format!("the reply was cut off: {other}")),
    }
}
