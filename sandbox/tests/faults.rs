//! Injected faults: each kind, queued per operation (or `*`), first in first out.

mod common;

use std::time::{Duration, Instant};

use common::{Api, Signer, hmac_sandbox, payment_body, raw_exchange};
use serde_json::json;

fn start_body() -> Vec<u8> {
    serde_json::to_vec(&payment_body("4242424242424242")).unwrap()
}

#[test]
fn delay_then_normal_processing() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    sandbox
        .push_fault(json!({"operation": "session/create", "kind": "delay", "delay_ms": 300}))
        .unwrap();
    let started = Instant::now();
    let resp = api.call("session/create", &json!({}));
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(resp.json()["session"]["status"], "created");
    assert_eq!(sandbox.stats()["faults_applied"], 1);
    sandbox.stop();
}

#[test]
fn status_fault_answers_without_processing() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    let fault = json!({"operation": "session/init/payment", "kind": "status", "http_status": 503,
        "body": {"status": "error", "error": {"code": "service_unavailable", "description": "down"}},
        "retry_after": "2"});
    sandbox.push_fault(fault).unwrap();
    let text = json!({"operation": "session/init/payment", "kind": "status", "http_status": 502,
        "body": "<html>bad gateway</html>"});
    sandbox.push_fault(text).unwrap();
    let resp = api.call_bytes("session/init/payment", &start_body(), None);
    assert_eq!(resp.status, 503);
    assert_eq!(resp.header("retry-after"), Some("2"));
    assert_eq!(resp.error_code(), "service_unavailable");
    let resp = api.call_bytes("session/init/payment", &start_body(), None);
    assert_eq!(resp.status, 502);
    assert_eq!(resp.body, b"<html>bad gateway</html>");
    assert_eq!(sandbox.stats()["payments_created"], 0);
    let resp = api.call_bytes("session/init/payment", &start_body(), None);
    assert_eq!(resp.status, 200);
    assert_eq!(sandbox.stats()["payments_created"], 1);
    sandbox.stop();
}

#[test]
fn malformed_json_after_processing() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    sandbox
        .push_fault(json!({"operation": "session/init/payment", "kind": "malformed_json"}))
        .unwrap();
    let resp = api.call_bytes("session/init/payment", &start_body(), Some("mj-1"));
    assert_eq!(resp.status, 200);
    assert!(!resp.body.is_empty());
    assert!(serde_json::from_slice::<serde_json::Value>(&resp.body).is_err());
    assert_eq!(sandbox.stats()["payments_created"], 1);
    let again = api.call_bytes("session/init/payment", &start_body(), Some("mj-1"));
    assert_eq!(again.json()["status"], "ok");
    assert!(
        again.body.starts_with(&resp.body),
        "the truncated body is a prefix of the real one"
    );
    assert_eq!(sandbox.stats()["payments_created"], 1);
    sandbox.stop();
}

#[test]
fn drop_before_closes_without_answer_and_processes_nothing() {
    let sandbox = hmac_sandbox();
    let signer = Signer::default_hmac();
    sandbox
        .push_fault(json!({"operation": "session/init/payment", "kind": "drop_before"}))
        .unwrap();
    let received = raw_exchange(
        &sandbox.url(),
        "session/init/payment",
        &start_body(),
        &signer,
        None,
    );
    assert!(
        received.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&received)
    );
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 0);
    assert_eq!(stats["faults_applied"], 1);
    assert_eq!(stats["requests"]["session/init/payment"], 1);
    let answered = raw_exchange(
        &sandbox.url(),
        "session/init/payment",
        &start_body(),
        &signer,
        None,
    );
    assert!(answered.starts_with(b"HTTP/1.1 200"));
    sandbox.stop();
}

#[test]
fn drop_after_processes_then_closes_and_the_key_replays() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    sandbox
        .push_fault(json!({"operation": "session/init/payment", "kind": "drop_after"}))
        .unwrap();
    let received = raw_exchange(
        &sandbox.url(),
        "session/init/payment",
        &start_body(),
        &api.signer,
        Some("unknown-outcome"),
    );
    assert!(
        received.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&received)
    );
    assert_eq!(sandbox.stats()["payments_created"], 1);
    let retry = api.call_bytes(
        "session/init/payment",
        &start_body(),
        Some("unknown-outcome"),
    );
    assert_eq!(retry.status, 200);
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 1);
    assert_eq!(stats["replays"], 1);
    assert_eq!(stats["payments_by_idempotency_key"]["unknown-outcome"], 1);
    sandbox.stop();
}

#[test]
fn star_count_and_fifo_order() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    let queue = |fault: serde_json::Value| {
        let resp = api.control("/_sandbox/faults", &fault);
        assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    };
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
    sandbox.stop();
}

#[test]
fn bad_fault_specs_are_refused() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
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
    sandbox.stop();
}

#[test]
fn reset_clears_state_faults_and_stats() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    let id = api.start_payment("4242424242424242");
    sandbox
        .push_fault(json!({"operation": "*", "kind": "status", "http_status": 500}))
        .unwrap();
    let resp = api.control("/_sandbox/reset", &json!({}));
    assert_eq!(resp.status, 200);
    let stats = api.get("/_sandbox/stats").json();
    assert_eq!(stats["payments_created"], 0);
    assert_eq!(stats["requests"], json!({}));
    let resp = api.call("session/status", &json!({"session_id": id}));
    assert_eq!(resp.error_code(), "request_not_found");
    sandbox.stop();
}
