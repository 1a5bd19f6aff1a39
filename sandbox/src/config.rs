//! Settings of one sandbox instance.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// How the sandbox checks the `X-PARTNER-SIGN` header of partner requests.
#[derive(Clone)]
pub enum Auth {
    /// RSASSA-PKCS1-v1_5 over SHA-256, verified with this partner public key
    /// (PEM, `BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`). The live API's mode.
    RsaPublicKeyPem(String),
    /// Base64(HMAC-SHA256(secret, raw body)).
    HmacSecret(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::RsaPublicKeyPem(_) => f.write_str("RsaPublicKeyPem(..)"),
            Auth::HmacSecret(_) => f.write_str("HmacSecret(<redacted>)"),
        }
    }
}

/// Sessions kept by default; past it the oldest finished ones are forgotten.
pub const DEFAULT_MAX_SESSIONS: usize = 10_000;
/// Idempotency records kept by default; past it the oldest are forgotten.
pub const DEFAULT_MAX_IDEMPOTENCY_KEYS: usize = 10_000;

/// Everything [`crate::Sandbox::start`] needs.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// The only value of `X-PARTNER-PROJECT` that is accepted.
    pub project: String,
    /// How request signatures are checked.
    pub auth: Auth,
    /// Where webhooks are POSTed (`http://` only); `None` sends none.
    pub webhook_url: Option<String>,
    /// Time each asynchronous step of the flow takes.
    pub processing_delay: Duration,
    /// Serve HTTPS with a self-signed certificate for `127.0.0.1` and `localhost`.
    pub tls: bool,
    /// Most sessions kept (and as many recurrent tokens, public tokens and cards). At the
    /// bound the oldest finished session is forgotten; sessions in progress never are.
    pub max_sessions: usize,
    /// Most idempotency records kept; past it the oldest are forgotten.
    pub max_idempotency_keys: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            project: "test-project".into(),
            auth: Auth::HmacSecret("sandbox-secret".into()),
            webhook_url: None,
            processing_delay: Duration::from_millis(100),
            tls: false,
            max_sessions: DEFAULT_MAX_SESSIONS,
            max_idempotency_keys: DEFAULT_MAX_IDEMPOTENCY_KEYS,
        }
    }
}
