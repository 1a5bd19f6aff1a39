//! `X-PARTNER-IDEMPOTENCY-KEY`: same key and body replay the first reply byte for byte;
//! a different body is refused; failed requests leave no record.

mod common;

use common::{Api, Signer, hmac_sandbox, payment_body};
use serde_json::json;

#[test]
fn same_key_and_body_replays_the_first_reply() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    let body = serde_json::to_vec(&payment_body("4242424242424242")).unwrap();
    let first = api.call_bytes("session/init/payment", &body, Some("key-1"));
    assert_eq!(first.status, 200);
    assert_eq!(first.header("idempotent-replayed"), None);
    std::thread::sleep(std::time::Duration::from_millis(50));
    let second = api.call_bytes("session/init/payment", &body, Some("key-1"));
    assert_eq!(second.status, 200);
    assert_eq!(second.body, first.body, "replay must be byte for byte");
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 1);
    assert_eq!(stats["replays"], 1);
    assert_eq!(stats["payments_by_idempotency_key"]["key-1"], 1);
    assert_eq!(stats["requests"]["session/init/payment"], 2);
    sandbox.stop();
}

#[test]
fn same_key_with_another_body_is_refused() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    let body = serde_json::to_vec(&payment_body("4242424242424242")).unwrap();
    assert_eq!(
        api.call_bytes("session/init/payment", &body, Some("key-2"))
            .status,
        200
    );
    let mut other = payment_body("4242424242424242");
    other["amount_details"]["amount"] = json!(20000);
    let other = serde_json::to_vec(&other).unwrap();
    let resp = api.call_bytes("session/init/payment", &other, Some("key-2"));
    assert_eq!(resp.status, 400);
    assert_eq!(resp.error_code(), "idempotency_key_already_exists");
    let on_other_method = api.call_bytes("session/create", &body, Some("key-2"));
    assert_eq!(
        on_other_method.error_code(),
        "idempotency_key_already_exists"
    );
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 1);
    assert_eq!(stats["idempotency_conflicts"], 2);
    sandbox.stop();
}

#[test]
fn failed_requests_leave_no_record() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    let bad = serde_json::to_vec(&payment_body("4242424242424241")).unwrap();
    let resp = api.call_bytes("session/init/payment", &bad, Some("key-3"));
    assert_eq!(resp.error_code(), "request_body_validation_error");
    let good = serde_json::to_vec(&payment_body("4242424242424242")).unwrap();
    let resp = api.call_bytes("session/init/payment", &good, Some("key-3"));
    assert_eq!(resp.status, 200);
    assert_eq!(sandbox.stats()["replays"], 0);
    sandbox.stop();
}

#[test]
fn different_keys_make_different_payments() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    let body = serde_json::to_vec(&payment_body("4242424242424242")).unwrap();
    let a = api.call_bytes("session/init/payment", &body, Some("key-a"));
    let b = api.call_bytes("session/init/payment", &body, Some("key-b"));
    assert_ne!(a.json()["session"]["id"], b.json()["session"]["id"]);
    assert_eq!(sandbox.stats()["payments_created"], 2);
    sandbox.reset();
    let again = api.call_bytes("session/init/payment", &body, Some("key-a"));
    assert_ne!(again.json()["session"]["id"], a.json()["session"]["id"]);
    assert_eq!(sandbox.stats()["payments_created"], 1);
    sandbox.stop();
}
