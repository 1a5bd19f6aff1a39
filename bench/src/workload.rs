//! What every measured client does, in every language: the same request bodies, the same
//! arguments, the same output (one line per timed call, its duration in nanoseconds).
//!
//! Arguments, positional: `BASE_URL PROJECT AUTH CREDENTIAL OP WARMUP CALLS`, where `AUTH` is
//! `hmac` (then `CREDENTIAL` is the shared secret) or `rsa` (the path of a PEM private key),
//! and `OP` is `status` or `start`.
//!
//! - `status`: one session is created and its payment started (untimed), then
//!   `session/status` of it is called `WARMUP + CALLS` times.
//! - `start`: `WARMUP + CALLS` sessions are created (untimed), then `session/start/payment`
//!   is called once on each, with a fresh idempotency key per call.
//!
//! Only the last `CALLS` calls are timed and printed.

/// Body of `session/create`.
pub const CREATE_BODY: &str = "{}";

/// Body of `session/status` for a session.
pub fn status_body(session_id: &str) -> String {
    format!(r#"{{"session_id":"{session_id}"}}"#)
}

/// Body of `session/start/payment` for a session: a test card that succeeds.
pub fn start_body(session_id: &str) -> String {
    format!(
        concat!(
            r#"{{"session_id":"{}","payment_details":{{"type":"card","card":{{"type":"bank_card","#,
            r#""bank_card":{{"number":"4242424242424242","expiration_month":"12","#,
            r#""expiration_year":"30","security_code":"123"}}}}}},"#,
            r#""amount_details":{{"amount":10000,"currency":"rub"}},"#,
            r#""customer":{{"reference":"bench"}}}}"#
        ),
        session_id
    )
}

/// How requests are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Auth {
    /// HMAC-SHA256 with a shared secret.
    Hmac,
    /// RSA-2048, PKCS#1 v1.5, SHA-256.
    Rsa,
}

impl Auth {
    /// The word used on command lines and in the table.
    pub fn name(self) -> &'static str {
        match self {
            Auth::Hmac => "hmac",
            Auth::Rsa => "rsa",
        }
    }
}

/// The measured operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `session/status` of one session.
    Status,
    /// `session/start/payment` of a fresh session.
    Start,
}

impl Op {
    /// The word used on command lines.
    pub fn name(self) -> &'static str {
        match self {
            Op::Status => "status",
            Op::Start => "start",
        }
    }

    /// The API method path.
    pub fn path(self) -> &'static str {
        match self {
            Op::Status => "session/status",
            Op::Start => "session/start/payment",
        }
    }
}

/// The positional arguments of a measured client.
#[derive(Debug, Clone)]
pub struct ClientArgs {
    /// e.g. `http://127.0.0.1:40123`.
    pub base_url: String,
    /// `X-PARTNER-PROJECT`.
    pub project: String,
    /// Signing mode.
    pub auth: Auth,
    /// HMAC secret or RSA key path.
    pub credential: String,
    /// What to call.
    pub op: Op,
    /// Untimed calls first.
    pub warmup: usize,
    /// Timed calls.
    pub calls: usize,
}

impl ClientArgs {
    /// Parses the seven positional arguments.
    pub fn parse(args: &[String]) -> Result<ClientArgs, String> {
        let [base_url, project, auth, credential, op, warmup, calls] = args else {
            return Err(
                "usage: BASE_URL PROJECT hmac|rsa SECRET|KEY_PATH status|start WARMUP CALLS".into(),
            );
        };
        Ok(ClientArgs {
            base_url: base_url.clone(),
            project: project.clone(),
            auth: match auth.as_str() {
                "hmac" => Auth::Hmac,
                "rsa" => Auth::Rsa,
                other => return Err(format!("unknown signing mode {other:?}")),
            },
            credential: credential.clone(),
            op: match op.as_str() {
                "status" => Op::Status,
                "start" => Op::Start,
                other => return Err(format!("unknown operation {other:?}")),
            },
            warmup: count(warmup)?,
            calls: count(calls)?,
        })
    }

    /// The same arguments as a command line.
    pub fn to_args(&self) -> Vec<String> {
        vec![
            self.base_url.clone(),
            self.project.clone(),
            self.auth.name().into(),
            self.credential.clone(),
            self.op.name().into(),
            self.warmup.to_string(),
            self.calls.to_string(),
        ]
    }

    /// Calls made in all, warm-up included.
    pub fn total(&self) -> usize {
        self.warmup + self.calls
    }
}

fn count(text: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("{text:?} is not a number of calls"))
}

/// The session id in a reply of `session/create`.
pub fn session_id(reply: &str) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_str(reply).map_err(|e| format!("reply is not JSON: {e}"))?;
    value["session"]["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no session id in {reply}"))
}
