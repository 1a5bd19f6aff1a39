//! Helpers shared by the integration tests: a sandbox per test, clients for it, request
//! bodies and polling.
#![allow(dead_code, clippy::result_large_err)]

pub mod hostile;
pub mod journal_place;
pub mod payer;
pub mod postgres;
pub mod stop_points;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sgpay::{CallError, CallOptions, Client};
use sgpay_sandbox::{Auth, Sandbox, SandboxConfig};

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
pub const PROJECT: &str = "test-project";

/// A test card whose payments succeed (docs/sandbox.md, "Test cards").
pub const GOOD_CARD: &str = "4242424242424242";
/// A test card declined at confirm.
pub const DECLINED_CARD: &str = "4000000000000002";
/// A test card that asks for 3-D Secure.
pub const THREE_DS_CARD: &str = "4000000000003220";
/// A test card held for capture after confirm.
pub const HOLD_CARD: &str = "4000000000009995";
/// A test card whose payments end in a processing error at confirm.
pub const ERROR_CARD: &str = "4000000000000119";

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()
}

/// A sandbox checking RSA signatures with the fixture key's public half.
pub fn rsa_sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        auth: Auth::RsaPublicKeyPem(fixture("partner_pub.pem")),
        project: PROJECT.into(),
        processing_delay: Duration::from_millis(10),
        ..Default::default()
    })
    .expect("sandbox starts")
}

/// `base` with the members of the object `extra` set over its own.
pub fn merged(mut base: Value, extra: Value) -> Value {
    for (key, value) in extra.as_object().unwrap() {
        base[key] = value.clone();
    }
    base
}

/// Client configuration for a sandbox, with extra members merged in.
pub fn config_for(sandbox: &Sandbox, extra: Value) -> String {
    let config = json!({
        "base_url": sandbox.url(),
        "project": PROJECT,
        "private_key_path": format!("{FIXTURES}/partner_key.pem"),
    });
    merged(config, extra).to_string()
}

pub fn client_for(sandbox: &Sandbox, extra: Value) -> Client {
    Client::from_json(&config_for(sandbox, extra)).expect("client config is valid")
}

/// An RSA sandbox and a client for it with the default configuration.
pub fn sandbox_and_client() -> (Sandbox, Client) {
    let sandbox = rsa_sandbox();
    let client = client_for(&sandbox, json!({}));
    (sandbox, client)
}

pub fn card(number: &str) -> Value {
    json!({"type": "card", "card": {"type": "bank_card", "bank_card": {
        "number": number, "expiration_month": "12", "expiration_year": "30",
        "security_code": "987"}}})
}

pub fn init_payment_body(number: &str) -> Value {
    json!({"payment_details": card(number),
           "amount_details": {"amount": 10000, "currency": "rub"},
           "customer": {"reference": "rust-test"}})
}

pub fn call(client: &Client, op: &str, body: &Value) -> Result<Value, CallError> {
    call_with(client, op, body, &CallOptions::default())
}

/// Calls `op` with `body` and returns its failure; panics if the call succeeds.
pub fn call_failing(client: &Client, op: &str, body: Value) -> CallError {
    call(client, op, &body).expect_err(op)
}

pub fn call_with(
    client: &Client,
    op: &str,
    body: &Value,
    options: &CallOptions,
) -> Result<Value, CallError> {
    client
        .call(op, &body.to_string(), options)
        .map(|reply| serde_json::from_str(&reply).expect("replies are JSON"))
}

pub fn keyed(key: &str) -> CallOptions {
    CallOptions {
        idempotency_key: Some(key.into()),
        ..Default::default()
    }
}

/// Creates a session and starts a payment with the given card; returns the session id.
pub fn start_payment(client: &Client, number: &str) -> String {
    let session = call(client, "session/create", &json!({})).unwrap();
    let id = session["session"]["id"].as_str().unwrap().to_owned();
    let mut body = init_payment_body(number);
    body["session_id"] = json!(id);
    call(client, "session/start/payment", &body).unwrap();
    id
}

/// Waits until the session asks for confirmation, then confirms it.
pub fn confirm_when_ready(client: &Client, session_id: &str) {
    wait_until(client, session_id, next_action_is("confirm"));
    call(
        client,
        "session/confirm",
        &json!({"session_id": session_id}),
    )
    .unwrap();
}

/// Polls session/status until `done` holds for the session; panics after 10 s.
pub fn wait_until(client: &Client, session_id: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let reply = call(client, "session/status", &json!({"session_id": session_id})).unwrap();
        if done(&reply["session"]) {
            return reply["session"].clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "session stuck: {reply}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

pub fn next_action_is(action: &'static str) -> impl Fn(&Value) -> bool {
    move |session| session["next_action"] == action
}

pub fn status_is(status: &'static str) -> impl Fn(&Value) -> bool {
    move |session| session["status"] == status
}
