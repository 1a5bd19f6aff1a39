//! Injected faults: each kind, queued per operation (or `*`), first in first out.

mod common;

use std::time::{Duration, Instant};

use common::{
    GOOD_CARD, Signer, hmac_sandbox, hmac_sandbox_with_api, hmac_sandbox_with_fault, payment_bytes,
    raw_exchange,
};
use serde_json::{Value, json};
use sgpay_sandbox::Sandbox;

const INIT: &str = "session/init/payment";

/// `Api::init_good_payment` over a plain connection: every byte the sandbox sent before
/// closing.
fn init_payment_raw(sandbox: &Sandbox, signer: &Signer, key: Option<&str>) -> Vec<u8> {
    raw_exchange(&sandbox.url(), INIT, &payment_bytes(GOOD_CARD), signer, key)
}

/// Queues one fault of `kind` for `session/init/payment`.
fn fault_on_init(sandbox: &Sandbox, kind: &str) {
    sandbox
        .push_fault(json!({"operation": INIT, "kind": kind}))
        .unwrap();
}

/// Asserts that the connection was closed before any byte of an answer.
fn assert_closed_without_answer(received: &[u8]) {
    assert!(
        received.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(received)
    );
}

#[test]
fn delay_then_normal_processing() {
    let delay = json!({"operation": "session/create", "kind": "delay", "delay_ms": 300});
    let (sandbox, api) = hmac_sandbox_with_fault(delay);
    let started = Instant::now();
    let resp = api.call("session/create", &json!({}));
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(resp.json()["session"]["status"], "created");
    assert_eq!(sandbox.stats()["faults_applied"], 1);
}

#[test]
fn a_delayed_request_is_finished_after_its_client_vanished() {
    let sandbox = hmac_sandbox();
    sandbox
        .push_fault(json!({"operation": INIT, "kind": "delay", "delay_ms": 600}))
        .unwrap();
    let signer = Signer::default_hmac();
    let stream = common::raw_request(
        &sandbox.url(),
        INIT,
        &payment_bytes(GOOD_CARD),
        &signer,
        Some("vanished-1"),
    );
    std::thread::sleep(Duration::from_millis(300));
    drop(stream);
    assert_eq!(sandbox.stats()["payments_created"], 0, "still held");
    let started = Instant::now();
    while sandbox.stats()["payments_created"] != 1 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the request was dropped with its connection: {}",
            sandbox.stats()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let replay = init_payment_raw(&sandbox, &signer, Some("vanished-1"));
    let replay = String::from_utf8_lossy(&replay).to_lowercase();
    assert!(replay.contains("idempotent-replayed: true"), "{replay}");
    assert_eq!(sandbox.stats()["payments_created"], 1);
}

#[test]
fn status_fault_answers_without_processing() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let fault = json!({"operation": "session/init/payment", "kind": "status", "http_status": 503,
        "body": {"status": "error", "error": {"code": "service_unavailable", "description": "down"}},
        "retry_after": "2"});
    sandbox.push_fault(fault).unwrap();
    let text = json!({"operation": "session/init/payment", "kind": "status", "http_status": 502,
        "body": "<html>bad gateway</html>"});
    sandbox.push_fault(text).unwrap();
    let resp = api.init_good_payment(None);
    assert_eq!(resp.status, 503);
    assert_eq!(resp.header("retry-after"), Some("2"));
    assert_eq!(resp.error_code(), "service_unavailable");
    let resp = api.init_good_payment(None);
    assert_eq!(resp.status, 502);
    assert_eq!(resp.body, b"<html>bad gateway</html>");
    assert_eq!(sandbox.stats()["payments_created"], 0);
    api.init_good_payment(None).assert_ok();
    assert_eq!(sandbox.stats()["payments_created"], 1);
}

#[test]
fn malformed_json_after_processing() {
    let (sandbox, api) = hmac_sandbox_with_api();
    fault_on_init(&sandbox, "malformed_json");
    let resp = api.init_good_payment(Some("mj-1"));
    resp.assert_ok();
    assert!(!resp.body.is_empty());
    assert!(serde_json::from_slice::<Value>(&resp.body).is_err());
    assert_eq!(sandbox.stats()["payments_created"], 1);
    let again = api.init_good_payment(Some("mj-1"));
    assert_eq!(again.json()["status"], "ok");
    assert!(
        again.body.starts_with(&resp.body),
        "the truncated body is a prefix of the real one"
    );
    assert_eq!(sandbox.stats()["payments_created"], 1);
}

#[test]
fn drop_before_closes_without_answer_and_processes_nothing() {
    let sandbox = hmac_sandbox();
    let signer = Signer::default_hmac();
    fault_on_init(&sandbox, "drop_before");
    assert_closed_without_answer(&init_payment_raw(&sandbox, &signer, None));
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 0);
    assert_eq!(stats["faults_applied"], 1);
    assert_eq!(stats["requests"]["session/init/payment"], 1);
    let answered = init_payment_raw(&sandbox, &signer, None);
    assert!(answered.starts_with(b"HTTP/1.1 200"));
}

#[test]
fn drop_after_processes_then_closes_and_the_key_replays() {
    let (sandbox, api) = hmac_sandbox_with_api();
    fault_on_init(&sandbox, "drop_after");
    let received = init_payment_raw(&sandbox, &api.signer, Some("unknown-outcome"));
    assert_closed_without_answer(&received);
    assert_eq!(sandbox.stats()["payments_created"], 1);
    let retry = api.init_good_payment(Some("unknown-outcome"));
    retry.assert_ok();
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 1);
    assert_eq!(stats["replays"], 1);
    assert_eq!(stats["payments_by_idempotency_key"]["unknown-outcome"], 1);
}

#[test]
fn star_count_and_fifo_order() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let queue = |fault: Value| api.control("/_sandbox/faults", &fault).assert_ok();
    queue(json!({"operation": "*", "kind": "status", "http_status": 500}));
    queue(json!({"operation": "session/status", "count": 2, "kind": "status", "http_status": 429}));
    queue(json!({"operation": "session/status", "kind": "status", "http_status": 418}));
    let pending = api.get("/_sandbox/faults").json();
    assert_eq!(pending["faults"], json!({"*": 1, "session/status": 3}));
    let status = |op: &str| api.call(op, &json!({"session_id": "ps_x"})).status;
    assert_eq!(
        [
            status("session/status"),
            status("session/status"),
            status("session/status")
        ],
        [429, 429, 418]
    );
    assert_eq!(status("session/confirm"), 500);
    assert_eq!(status("session/status"), 404);
    assert_eq!(sandbox.stats()["faults_applied"], 4);
}

#[test]
fn bad_fault_specs_are_refused() {
    let (sandbox, api) = hmac_sandbox_with_api();
    for spec in [
        json!({"operation": "session/nope", "kind": "drop_after"}),
        json!({"operation": "*", "kind": "status"}),
        json!({"operation": "*", "kind": "sleep"}),
        json!("drop_after"),
    ] {
        let resp = api.control("/_sandbox/faults", &spec);
        assert_eq!(resp.status, 400, "{spec}");
        assert_eq!(resp.error_code(), "invalid_fault");
        assert!(sandbox.push_fault(spec).is_err());
    }
}

#[test]
fn reset_clears_state_faults_and_stats() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let id = api.start_payment("4242424242424242");
    sandbox
        .push_fault(json!({"operation": "*", "kind": "status", "http_status": 500}))
        .unwrap();
    let resp = api.control("/_sandbox/reset", &json!({}));
    resp.assert_ok();
    let stats = api.get("/_sandbox/stats").json();
    assert_eq!(stats["payments_created"], 0);
    assert_eq!(stats["requests"], json!({}));
    let resp = api.call_session("session/status", &id);
    assert_eq!(resp.error_code(), "request_not_found");
}
