//! Command-line flags and run loop of the `sgpay-sandbox` binary, shared with `sgpay sandbox`.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::Sandbox;
use crate::config::{Auth, DEFAULT_MAX_IDEMPOTENCY_KEYS, DEFAULT_MAX_SESSIONS, SandboxConfig};

/// A stateful local emulator of the Smart Glocal partner API.
#[derive(Debug, Parser)]
#[command(name = "sgpay-sandbox", version, about)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// How requests are signed.
    #[command(flatten)]
    pub auth: AuthArgs,
    /// Accepted X-PARTNER-PROJECT.
    #[arg(long, value_name = "NAME", default_value = "test-project")]
    pub project: String,
    /// Where webhooks are POSTed (http:// only).
    #[arg(long, value_name = "URL")]
    pub webhook_url: Option<String>,
    /// Writes the public key that verifies webhooks (PEM) to this file.
    #[arg(long, value_name = "FILE")]
    pub webhook_key_out: Option<PathBuf>,
    /// Duration of each asynchronous step of the payment flow.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub processing_delay_ms: u64,
    /// Serves HTTPS and writes the generated self-signed certificate (PEM) to this file.
    #[arg(long, value_name = "FILE")]
    pub tls_cert_out: Option<PathBuf>,
    /// Most sessions kept; past it the oldest finished ones are forgotten.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_SESSIONS)]
    pub max_sessions: usize,
    /// Most idempotency records kept; past it the oldest are forgotten.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_IDEMPOTENCY_KEYS)]
    pub max_idempotency_keys: usize,
}

/// How requests are signed: exactly one of the two flags.
#[derive(Debug, clap::Args)]
#[group(id = "auth", required = true, multiple = false)]
pub struct AuthArgs {
    /// PEM file with the partner's RSA public key: requests are RSA-SHA256 signed.
    #[arg(long, value_name = "FILE")]
    pub partner_public_key: Option<PathBuf>,
    /// Shared secret: requests are HMAC-SHA256 signed.
    #[arg(long, value_name = "S")]
    pub hmac_secret: Option<String>,
}

impl AuthArgs {
    /// The signature check these flags ask for (reads the key file).
    pub fn auth(&self) -> io::Result<Auth> {
        match (&self.partner_public_key, &self.hmac_secret) {
            (Some(path), None) => Ok(Auth::RsaPublicKeyPem(std::fs::read_to_string(path)?)),
            (None, Some(secret)) => Ok(Auth::HmacSecret(secret.clone())),
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "give exactly one of --partner-public-key and --hmac-secret",
            )),
        }
    }
}

impl Args {
    /// The sandbox configuration these flags describe (reads the key file).
    pub fn config(&self) -> io::Result<SandboxConfig> {
        Ok(SandboxConfig {
            listen: self.listen,
            project: self.project.clone(),
            auth: self.auth.auth()?,
            webhook_url: self.webhook_url.clone(),
            processing_delay: Duration::from_millis(self.processing_delay_ms),
            tls: self.tls_cert_out.is_some(),
            max_sessions: self.max_sessions.max(1),
            max_idempotency_keys: self.max_idempotency_keys.max(1),
        })
    }
}

/// Runs a sandbox with these flags until SIGTERM or SIGINT (Ctrl-C elsewhere): what the
/// `sgpay-sandbox` binary and `sgpay sandbox` do.
pub fn run(args: &Args) -> io::Result<()> {
    let sandbox = Sandbox::start(args.config()?)?;
    if let Some(path) = &args.webhook_key_out {
        std::fs::write(path, sandbox.webhook_public_key_pem())?;
    }
    if let (Some(path), Some(pem)) = (&args.tls_cert_out, sandbox.tls_certificate_pem()) {
        std::fs::write(path, pem)?;
    }
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "sgpay-sandbox listening on {}", sandbox.url())?;
    stdout.flush()?;
    drop(stdout);
    wait_for_signal()?;
    sandbox.stop();
    Ok(())
}

/// Blocks until SIGTERM or SIGINT (Ctrl-C elsewhere).
fn wait_for_signal() -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let mut term = signal(SignalKind::terminate())?;
            let mut int = signal(SignalKind::interrupt())?;
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
            Ok(())
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await
        }
    })
}
