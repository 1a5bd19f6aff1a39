//! `sgpay webhook verify` and `sgpay webhook listen`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderName};
use hyper::{Request, Response, StatusCode, Uri};
use hyper_util::client::legacy::Client as HttpClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{Value, json};
use sgpay::Client;

use crate::body;
use crate::config;
use crate::failure::Failure;
use crate::output::{BAD, GOOD, Out};

/// Largest webhook body read (the library refuses larger ones itself).
const MAX_WEBHOOK_BYTES: usize = 1 << 20;
/// The header that carries a webhook's signature.
const SIGNATURE_HEADER: &str = "x-partner-sign";

/// `sgpay webhook ...`.
#[derive(Debug, clap::Subcommand)]
pub enum WebhookCommand {
    /// Verify a webhook body with the configuration's webhook key; prints its event type.
    Verify {
        /// The X-PARTNER-SIGN header's value.
        #[arg(long, value_name = "SIG")]
        signature: String,
        /// The raw body (default: stdin).
        #[arg(value_name = "FILE|-")]
        file: Option<String>,
    },
    /// Receive webhooks, verify each, print one line per event, and optionally pass them on.
    Listen {
        /// Address to listen on (port 0 picks a free port).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:4242")]
        listen: SocketAddr,
        /// Pass each verified webhook (raw body and headers) to this http:// URL and answer
        /// the sender what it answered.
        #[arg(long, value_name = "URL", value_parser = parse_forward_url)]
        forward: Option<Uri>,
    },
}

/// Runs a webhook command.
pub fn run(command: &WebhookCommand, config: Option<&Path>, out: &Out) -> Result<(), Failure> {
    match command {
        WebhookCommand::Verify { signature, file } => {
            let body = body::read_bytes(file.as_deref())?;
            let client = config::client(config)?;
            let text = client.verify_webhook(&body, signature)?;
            let event: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if out.json {
                out.document(&json!({
                    "status": "ok",
                    "type": event["type"],
                    "session_id": event["session"]["id"],
                }));
            } else {
                out.line(event["type"].as_str().unwrap_or_default());
            }
            Ok(())
        }
        WebhookCommand::Listen { listen, forward } => {
            let client = config::client(config)?;
            if client.config().webhook_verifier.is_none() {
                return Err(Failure::config(
                    "no webhook key is configured: set \"webhook_public_key_pem\", \
                     \"webhook_public_key_path\" or \"webhook_hmac_secret\"",
                ));
            }
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| Failure::invalid(format!("cannot start: {e}")))?;
            let listener = Listener {
                client,
                forward: forward.clone(),
                json: out.json,
                http: HttpClient::builder(TokioExecutor::new()).build_http(),
            };
            runtime.block_on(listener.serve(*listen, out))
        }
    }
}

fn parse_forward_url(text: &str) -> Result<Uri, String> {
    let uri: Uri = text.parse().map_err(|_| "not a URL".to_owned())?;
    if uri.scheme_str() != Some("http") || uri.host().is_none() {
        return Err("give an http:// URL with a host (the application's local endpoint)".into());
    }
    Ok(uri)
}

/// What each connection of `webhook listen` shares.
struct Listener {
    client: Client,
    forward: Option<Uri>,
    json: bool,
    http: HttpClient<HttpConnector, Full<Bytes>>,
}

impl Listener {
    async fn serve(self, address: SocketAddr, out: &Out) -> Result<(), Failure> {
        let socket = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| Failure::invalid(format!("cannot listen on {address}: {e}")))?;
        let bound = socket
            .local_addr()
            .map_err(|e| Failure::invalid(format!("cannot listen on {address}: {e}")))?;
        let forward = self.forward.as_ref().map(Uri::to_string);
        if self.json {
            out.document(&json!({"listening": format!("http://{bound}"), "forward": forward}));
        } else {
            let onward = forward.map_or(String::new(), |f| format!(", forwarding to {f}"));
            out.line(&format!(
                "Listening on http://{bound}{onward} (Ctrl-C to stop)"
            ));
        }
        let shared = Arc::new(self);
        let stop = stop_signal();
        tokio::pin!(stop);
        loop {
            tokio::select! {
                _ = &mut stop => return Ok(()),
                accepted = socket.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let shared = Arc::clone(&shared);
                    tokio::spawn(async move {
                        let service = hyper::service::service_fn(move |request| {
                            let shared = Arc::clone(&shared);
                            async move { Ok::<_, Infallible>(shared.handle(request).await) }
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            }
        }
    }

    /// Verifies one webhook, prints its line, and answers (or forwards and relays).
    async fn handle(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, incoming) = request.into_parts();
        let body = match Limited::new(incoming, MAX_WEBHOOK_BYTES).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(_) => return reply(StatusCode::PAYLOAD_TOO_LARGE, "the body is too large"),
        };
        let signature = parts
            .headers
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let event = match self.client.verify_webhook(&body, signature) {
            Ok(text) => serde_json::from_str::<Value>(text).unwrap_or(Value::Null),
            Err(error) => {
                let failure = Failure::from(error);
                self.print(&Value::Null, Err(&failure.message), None);
                return reply(
                    StatusCode::BAD_REQUEST,
                    "the webhook signature does not verify",
                );
            }
        };
        let Some(target) = &self.forward else {
            self.print(&event, Ok(()), None);
            return reply(StatusCode::OK, "received");
        };
        match self.pass_on(target, &parts.headers, body).await {
            Ok(answer) => {
                self.print(&event, Ok(()), Some(Ok(answer.status())));
                answer
            }
            Err(why) => {
                self.print(&event, Ok(()), Some(Err(&why)));
                reply(StatusCode::BAD_GATEWAY, "the application did not answer")
            }
        }
    }

    /// Sends the raw body and headers to the application; returns its answer.
    async fn pass_on(
        &self,
        target: &Uri,
        headers: &hyper::HeaderMap,
        body: Bytes,
    ) -> Result<Response<Full<Bytes>>, String> {
        let mut request = Request::post(target.clone());
        for (name, value) in headers {
            if !is_hop_by_hop(name) {
                request = request.header(name, value);
            }
        }
        let request = request
            .body(Full::new(body))
            .map_err(|e| format!("cannot build the request: {e}"))?;
        let answer = self
            .http
            .request(request)
            .await
            .map_err(|e| format!("the application did not answer: {e}"))?;
        let (parts, incoming) = answer.into_parts();
        let body = Limited::new(incoming, MAX_WEBHOOK_BYTES)
            .collect()
            .await
            .map_err(|e| format!("the application's answer was cut off: {e}"))?
            .to_bytes();
        let mut relayed = Response::builder().status(parts.status);
        for (name, value) in &parts.headers {
            if !is_hop_by_hop(name) {
                relayed = relayed.header(name, value);
            }
        }
        relayed
            .body(Full::new(body))
            .map_err(|e| format!("cannot relay the answer: {e}"))
    }

    /// One line per webhook: time, event type, session, and what became of it.
    fn print(
        &self,
        event: &Value,
        verified: Result<(), &str>,
        forwarded: Option<Result<StatusCode, &str>>,
    ) {
        let now = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
        let mut stdout = anstream::stdout().lock();
        use std::io::Write as _;
        if self.json {
            let document = json!({
                "time": now,
                "type": event["type"],
                "session_id": event["session"]["id"],
                "verified": verified.is_ok(),
                "error": verified.err(),
                "forwarded_status": forwarded.as_ref().and_then(|f| f.as_ref().ok().map(|s| s.as_u16())),
                "forward_error": forwarded.as_ref().and_then(|f| f.as_ref().err().copied()),
            });
            let _ = writeln!(stdout, "{document}");
            return;
        }
        let line = match verified {
            Err(why) => format!("{now}  {BAD}rejected{BAD:#}  {why}"),
            Ok(()) => {
                let onward = match forwarded {
                    None => String::new(),
                    Some(Ok(status)) => format!("  -> {}", status.as_u16()),
                    Some(Err(why)) => format!("  -> {BAD}failed{BAD:#}: {why}"),
                };
                format!(
                    "{now}  {GOOD}verified{GOOD:#}  {}  {}{onward}",
                    event["type"].as_str().unwrap_or("-"),
                    event["session"]["id"].as_str().unwrap_or("-"),
                )
            }
        };
        let _ = writeln!(stdout, "{line}");
        let _ = stdout.flush();
    }
}

/// Headers that belong to one connection, not to the message.
fn is_hop_by_hop(name: &HeaderName) -> bool {
    [
        header::HOST,
        header::CONNECTION,
        header::CONTENT_LENGTH,
        header::TRANSFER_ENCODING,
        header::TE,
        header::TRAILER,
        header::UPGRADE,
        header::PROXY_AUTHORIZATION,
    ]
    .contains(name)
        || name.as_str() == "keep-alive"
}

fn reply(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    let body =
        json!({"status": if status.is_success() { "ok" } else { "error" }, "message": message});
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap_or_default()
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C elsewhere).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => std::future::pending().await,
        }
    }
    #[cfg(not(unix))]
    {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
