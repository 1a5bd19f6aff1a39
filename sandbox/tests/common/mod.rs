//! Helpers shared by the sandbox's integration tests: a signing HTTP client and test data.
#![allow(dead_code)]

pub mod binary;
pub mod receiver;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sgpay_sandbox::{Auth, Sandbox, SandboxConfig};

use receiver::Receiver;

/// The project every test sandbox accepts.
pub const PROJECT: &str = "test-project";
/// The HMAC secret of [`hmac_sandbox`].
pub const SECRET: &str = "sandbox-secret";
/// A Visa test card whose payments succeed.
pub const GOOD_CARD: &str = "4242424242424242";

/// A path under the repository's `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// A sandbox with HMAC auth and a short processing delay.
pub fn hmac_sandbox() -> Sandbox {
    Sandbox::start(fast_config()).expect("sandbox starts")
}

/// The default configuration with a 20 ms processing delay.
pub fn fast_config() -> SandboxConfig {
    SandboxConfig {
        processing_delay: Duration::from_millis(20),
        ..SandboxConfig::default()
    }
}

/// Starts a sandbox with `config` and a client of it signing with [`Signer::default_hmac`].
pub fn start_with_api(config: SandboxConfig) -> (Sandbox, Api) {
    let sandbox = Sandbox::start(config).expect("sandbox starts");
    let api = Api::new(&sandbox, Signer::default_hmac());
    (sandbox, api)
}

/// An [`hmac_sandbox`] and a client of it; the sandbox stops when it is dropped.
pub fn hmac_sandbox_with_api() -> (Sandbox, Api) {
    start_with_api(fast_config())
}

/// [`hmac_sandbox_with_api`] with one fault queued (`POST /_sandbox/faults`' document).
pub fn hmac_sandbox_with_fault(fault: Value) -> (Sandbox, Api) {
    let (sandbox, api) = hmac_sandbox_with_api();
    sandbox.push_fault(fault).unwrap();
    (sandbox, api)
}

/// [`fast_config`] delivering webhooks to `receiver`.
pub fn webhook_config(receiver: &Receiver) -> SandboxConfig {
    SandboxConfig {
        webhook_url: Some(receiver.url.clone()),
        ..fast_config()
    }
}

/// A sandbox that checks RSA signatures against `tests/fixtures/partner_pub.pem`.
pub fn rsa_sandbox() -> Sandbox {
    let pem = std::fs::read_to_string(fixture("partner_pub.pem")).expect("fixture");
    Sandbox::start(SandboxConfig {
        auth: Auth::RsaPublicKeyPem(pem),
        ..fast_config()
    })
    .expect("sandbox starts")
}

/// How a test client signs bodies.
pub enum Signer {
    /// HMAC-SHA256 with this secret.
    Hmac(Vec<u8>),
    /// RSA PKCS#1 v1.5 SHA-256 with this key.
    Rsa(Box<RsaKeyPair>),
}

impl Signer {
    /// HMAC with [`SECRET`].
    pub fn default_hmac() -> Signer {
        Signer::Hmac(SECRET.as_bytes().to_vec())
    }

    /// RSA with a PKCS#8 PEM fixture such as `partner_key.pem`.
    pub fn rsa_fixture(name: &str) -> Signer {
        let pem = std::fs::read_to_string(fixture(name)).expect("fixture");
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = STANDARD.decode(b64).expect("PEM body");
        Signer::Rsa(Box::new(
            RsaKeyPair::from_pkcs8(&der).expect("PKCS#8 RSA key"),
        ))
    }

    /// The `X-PARTNER-SIGN` value for `body`.
    pub fn sign(&self, body: &[u8]) -> String {
        match self {
            Signer::Hmac(secret) => {
                let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
                STANDARD.encode(hmac::sign(&key, body))
            }
            Signer::Rsa(key) => {
                let mut sig = vec![0; key.public_modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), body, &mut sig)
                    .expect("sign");
                STANDARD.encode(sig)
            }
        }
    }
}

/// A reply as the tests look at it.
pub struct Resp {
    /// HTTP status.
    pub status: u16,
    /// Raw body.
    pub body: Vec<u8>,
    /// Headers.
    pub headers: ureq::http::HeaderMap,
}

impl Resp {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }

    /// `error.code` of an error reply.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Asserts the reply is a 200, showing the body when it is not.
    pub fn assert_ok(&self) {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.body));
    }

    /// Asserts the HTTP status and `error.code` of an error reply.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!((self.status, self.error_code().as_str()), (status, code));
    }

    /// `error.description` of an error reply.
    pub fn error_description(&self) -> String {
        self.json()["error"]["description"]
            .as_str()
            .expect("error description")
            .to_string()
    }

    /// `session` of a reply that must be a 200.
    pub fn session(&self) -> Value {
        self.assert_ok();
        self.json()["session"].clone()
    }

    /// `session.id` of a reply that must be a 200.
    pub fn session_id(&self) -> String {
        self.session()["id"]
            .as_str()
            .expect("session id")
            .to_string()
    }

    /// A header value (`None` also for one that is not visible ASCII).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

/// A client of one sandbox that signs what it sends.
pub struct Api {
    /// The sandbox URL.
    pub base: String,
    /// Signs bodies.
    pub signer: Signer,
    agent: ureq::Agent,
}

/// A keep-alive agent that does not turn HTTP errors into `Err`.
pub fn agent() -> ureq::Agent {
    let provider = tokio_rustls::rustls::crypto::aws_lc_rs::default_provider();
    let tls = ureq::tls::TlsConfig::builder()
        .unversioned_rustls_crypto_provider(std::sync::Arc::new(provider))
        .build();
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .tls_config(tls)
        .build()
        .into()
}

impl Api {
    /// A client of `sandbox` signing with `signer`.
    pub fn new(sandbox: &Sandbox, signer: Signer) -> Api {
        Api::with_agent(sandbox.url(), signer, agent())
    }

    /// A client with a given agent (e.g. one trusting a TLS certificate).
    pub fn with_agent(base: String, signer: Signer, agent: ureq::Agent) -> Api {
        Api {
            base,
            signer,
            agent,
        }
    }

    /// POSTs raw bytes to `/api/v1/<op>` with the given headers (nothing added).
    pub fn post_raw(&self, op: &str, body: &[u8], headers: &[(&str, &str)]) -> Resp {
        self.post_to(&format!("/api/v1/{op}"), body, headers)
    }

    /// POSTs raw bytes to a path such as `/api/v2/session/status` with the given headers.
    pub fn post_to(&self, path: &str, body: &[u8], headers: &[(&str, &str)]) -> Resp {
        let mut request = self.agent.post(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        into_resp(request.send(body).expect("request completes"))
    }

    /// POSTs `body` signed, with the project and optional idempotency key.
    pub fn call_bytes(&self, op: &str, body: &[u8], key: Option<&str>) -> Resp {
        self.signed_post(&format!("/api/v1/{op}"), body, key)
    }

    /// POSTs `body` to `/api/v1/<op>` with the project and `sign` as its signature, whatever
    /// that is (nothing else added).
    pub fn post_with_sign(&self, op: &str, body: &[u8], sign: &str) -> Resp {
        self.post_raw(
            op,
            body,
            &[("X-PARTNER-PROJECT", PROJECT), ("X-PARTNER-SIGN", sign)],
        )
    }

    /// POSTs `body` signed to a path, with the project and optional idempotency key.
    pub fn signed_post(&self, path: &str, body: &[u8], key: Option<&str>) -> Resp {
        let sign = self.signer.sign(body);
        let mut headers = vec![
            ("X-PARTNER-PROJECT", PROJECT),
            ("X-PARTNER-SIGN", sign.as_str()),
            ("Content-Type", "application/json"),
        ];
        if let Some(key) = key {
            headers.push(("X-PARTNER-IDEMPOTENCY-KEY", key));
        }
        self.post_to(path, body, &headers)
    }

    /// POSTs a JSON body, signed, to `/api/<version>/<op>` (`version` is `v1` or `v2`).
    pub fn call_in(&self, version: &str, op: &str, body: &Value) -> Resp {
        self.signed_post(
            &format!("/api/{version}/{op}"),
            body.to_string().as_bytes(),
            None,
        )
    }

    /// POSTs a JSON body, signed.
    pub fn call(&self, op: &str, body: &Value) -> Resp {
        self.call_bytes(op, body.to_string().as_bytes(), None)
    }

    /// POSTs `{"session_id": session_id}` signed to a session method such as `session/capture`.
    pub fn call_session(&self, op: &str, session_id: &str) -> Resp {
        self.call(op, &json!({"session_id": session_id}))
    }

    /// Runs a session method such as `session/capture`, which must answer 200; returns the
    /// session it answers.
    pub fn act(&self, op: &str, session_id: &str) -> Value {
        self.call_session(op, session_id).session()
    }

    /// Asserts that a session method is refused with 400 `invalid_session_state`.
    pub fn assert_wrong_state(&self, op: &str, session_id: &str) {
        self.call_session(op, session_id)
            .assert_error(400, "invalid_session_state");
    }

    /// `session/status` of a session, which must answer 200.
    pub fn status(&self, session_id: &str) -> Value {
        self.act("session/status", session_id)
    }

    /// Polls `session/status` until `done` holds (at most 10 s); returns that session.
    pub fn wait_for(&self, session_id: &str, done: impl Fn(&Value) -> bool) -> Value {
        let started = Instant::now();
        loop {
            let session = self.status(session_id);
            if done(&session) {
                return session;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "session never reached the expected state: {session}"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Waits until the session offers `next_action` (such as `confirm` or `capture`).
    pub fn wait_for_action(&self, session_id: &str, next_action: &str) -> Value {
        self.wait_for(session_id, |s| s["next_action"] == next_action)
    }

    /// Waits until the session is no longer `in_progress`; returns it.
    pub fn wait_finished(&self, session_id: &str) -> Value {
        self.wait_for(session_id, |s| s["status"] != "in_progress")
    }

    /// Creates an empty session; returns its id.
    pub fn create_session(&self) -> String {
        self.call("session/create", &json!({})).session_id()
    }

    /// `session/init/payment` with `body`, which must answer 200; returns the session id.
    pub fn init_payment(&self, body: &Value) -> String {
        self.call("session/init/payment", body).session_id()
    }

    /// `session/init/payment` of [`payment_body`] for [`GOOD_CARD`], with an optional
    /// idempotency key; the reply as it comes.
    pub fn init_good_payment(&self, key: Option<&str>) -> Resp {
        self.call_bytes("session/init/payment", &payment_bytes(GOOD_CARD), key)
    }

    /// Creates a session and starts a payment with `number`; returns the session id.
    pub fn start_payment(&self, number: &str) -> String {
        let id = self.create_session();
        self.call("session/start/payment", &start_body(number, &id))
            .assert_ok();
        id
    }

    /// Waits for `next_action == confirm`, then confirms.
    pub fn confirm_when_ready(&self, session_id: &str) -> Value {
        self.wait_for_action(session_id, "confirm");
        self.act("session/confirm", session_id)
    }

    /// Confirms the session when it is ready and waits until it is finished; returns the
    /// finished session.
    pub fn confirm_and_wait(&self, session_id: &str) -> Value {
        self.confirm_when_ready(session_id);
        self.wait_finished(session_id)
    }

    /// Waits until the held payment can be captured, captures it in full and waits until
    /// the session is finished; returns the finished session.
    pub fn capture_and_wait(&self, session_id: &str) -> Value {
        self.wait_for_action(session_id, "capture");
        self.act("session/capture", session_id);
        self.wait_finished(session_id)
    }

    /// Starts a payment with `number`, confirms it when ready and waits until it is
    /// finished; returns the session id and the finished session.
    pub fn pay(&self, number: &str) -> (String, Value) {
        let id = self.start_payment(number);
        let done = self.confirm_and_wait(&id);
        (id, done)
    }

    /// Inits a payment with `number` that asks for a recurrent token and confirms it when
    /// ready; returns the session id.
    pub fn confirmed_recurrent_payment(&self, number: &str) -> String {
        let mut body = payment_body(number);
        body["payment_options"] = json!({"recurrent": true});
        let id = self.init_payment(&body);
        self.confirm_when_ready(&id);
        id
    }

    /// Starts a payment with a hold card such as `4000000000009995`, confirms it and
    /// waits until it can be captured; returns the session id and the held session.
    pub fn hold(&self, number: &str) -> (String, Value) {
        let id = self.start_payment(number);
        self.confirm_when_ready(&id);
        let held = self.wait_for_action(&id, "capture");
        (id, held)
    }

    /// GET a control path such as `/_sandbox/stats`.
    pub fn get(&self, path: &str) -> Resp {
        into_resp(
            self.agent
                .get(format!("{}{path}", self.base))
                .call()
                .expect("request completes"),
        )
    }

    /// POST JSON to a control path such as `/_sandbox/faults`.
    pub fn control(&self, path: &str, body: &Value) -> Resp {
        into_resp(
            self.agent
                .post(format!("{}{path}", self.base))
                .send(body.to_string().as_bytes())
                .expect("request completes"),
        )
    }
}

/// Converts a ureq response.
pub fn into_resp(response: ureq::http::Response<ureq::Body>) -> Resp {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().read_to_vec().expect("body readable");
    Resp {
        status,
        body,
        headers,
    }
}

/// A card payment body (no session id) for `number`, 100.00 RUB, future expiry.
pub fn payment_body(number: &str) -> Value {
    json!({
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {
            "number": number, "expiration_month": "12", "expiration_year": "39",
            "security_code": "123", "cardholder_name": "TEST USER"}}},
        "amount_details": {"amount": 10000, "currency": "rub"},
        "customer": {"reference": "customer-1"},
        "metadata": {"order": "A-1"}
    })
}

/// The `session/start/payment` body: [`payment_body`] for `number` in session `session_id`.
pub fn start_body(number: &str, session_id: &str) -> Value {
    let mut body = payment_body(number);
    body["session_id"] = json!(session_id);
    body
}

/// [`payment_body`] as the bytes sent.
pub fn payment_bytes(number: &str) -> Vec<u8> {
    serde_json::to_vec(&payment_body(number)).expect("JSON")
}

/// The first acquiring payment of a session.
pub fn payment(session: &Value) -> &Value {
    &session["acquiring_payments"][0]
}

/// Sends one signed request over a plain TCP connection (with `Connection: close`) and
/// returns every byte the server sent before closing; a reset counts as the end.
pub fn raw_exchange(
    base: &str,
    op: &str,
    body: &[u8],
    signer: &Signer,
    key: Option<&str>,
) -> Vec<u8> {
    use std::io::Read;
    let mut stream = raw_request(base, op, body, signer, key);
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("read failed: {e}"),
        }
    }
    received
}

/// Writes one signed request (with `Connection: close`) on a new plain TCP connection and
/// returns the connection, before any answer is read.
pub fn raw_request(
    base: &str,
    op: &str,
    body: &[u8],
    signer: &Signer,
    key: Option<&str>,
) -> std::net::TcpStream {
    use std::io::Write;
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let key_header = key
        .map(|k| format!("X-Partner-Idempotency-Key: {k}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST /api/v1/{op} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         X-Partner-Project: {PROJECT}\r\nX-Partner-Sign: {}\r\n{key_header}\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        signer.sign(body),
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    stream
}
