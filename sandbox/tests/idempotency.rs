//! `X-PARTNER-IDEMPOTENCY-KEY`: same key and body replay the first reply byte for byte;
//! a different body is refused; failed requests leave no record.

mod common;

use common::{GOOD_CARD, hmac_sandbox_with_api, payment_body, payment_bytes};
use serde_json::json;

#[test]
fn same_key_and_body_replays_the_first_reply() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let first = api.init_good_payment(Some("key-1"));
    first.assert_ok();
    assert_eq!(first.header("idempotent-replayed"), None);
    std::thread::sleep(std::time::Duration::from_millis(50));
    let second = api.init_good_payment(Some("key-1"));
    second.assert_ok();
    assert_eq!(second.body, first.body, "replay must be byte for byte");
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 1);
    assert_eq!(stats["replays"], 1);
    assert_eq!(stats["payments_by_idempotency_key"]["key-1"], 1);
    assert_eq!(stats["requests"]["session/init/payment"], 2);
}

#[test]
fn same_key_with_another_body_is_refused() {
    let (sandbox, api) = hmac_sandbox_with_api();
    api.init_good_payment(Some("key-2")).assert_ok();
    let mut other = payment_body(GOOD_CARD);
    other["amount_details"]["amount"] = json!(20000);
    let other = serde_json::to_vec(&other).unwrap();
    let resp = api.call_bytes("session/init/payment", &other, Some("key-2"));
    assert_eq!(resp.status, 400);
    assert_eq!(resp.error_code(), "idempotency_key_already_exists");
    let on_other_method =
        api.call_bytes("session/create", &payment_bytes(GOOD_CARD), Some("key-2"));
    assert_eq!(
        on_other_method.error_code(),
        "idempotency_key_already_exists"
    );
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 1);
    assert_eq!(stats["idempotency_conflicts"], 2);
}

#[test]
fn failed_requests_leave_no_record() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let bad = payment_bytes("4242424242424241");
    let resp = api.call_bytes("session/init/payment", &bad, Some("key-3"));
    assert_eq!(resp.error_code(), "request_body_validation_error");
    api.init_good_payment(Some("key-3")).assert_ok();
    assert_eq!(sandbox.stats()["replays"], 0);
}

#[test]
fn different_keys_make_different_payments() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let a = api.init_good_payment(Some("key-a"));
    let b = api.init_good_payment(Some("key-b"));
    assert_ne!(a.json()["session"]["id"], b.json()["session"]["id"]);
    assert_eq!(sandbox.stats()["payments_created"], 2);
    sandbox.reset();
    let again = api.init_good_payment(Some("key-a"));
    assert_ne!(again.json()["session"]["id"], a.json()["session"]["id"]);
    assert_eq!(sandbox.stats()["payments_created"], 1);
}
