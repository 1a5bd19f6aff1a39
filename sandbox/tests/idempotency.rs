//! `X-PARTNER-IDEMPOTENCY-KEY`: same key and body replay the first reply byte for byte;
//! a different body is refused; failed requests leave no record.

mod common;

use common::{Api, Resp, hmac_sandbox_with_api, payment_body, payment_bytes};
use serde_json::json;

/// `session/init/payment` with these body bytes under idempotency key `key`.
fn init_payment(api: &Api, body: &[u8], key: &str) -> Resp {
    api.call_bytes("session/init/payment", body, Some(key))
}

#[test]
fn same_key_and_body_replays_the_first_reply() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let body = payment_bytes("4242424242424242");
    let first = init_payment(&api, &body, "key-1");
    assert_eq!(first.status, 200);
    assert_eq!(first.header("idempotent-replayed"), None);
    std::thread::sleep(std::time::Duration::from_millis(50));
    let second = init_payment(&api, &body, "key-1");
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
    let (sandbox, api) = hmac_sandbox_with_api();
    let body = payment_bytes("4242424242424242");
    assert_eq!(init_payment(&api, &body, "key-2").status, 200);
    let mut other = payment_body("4242424242424242");
    other["amount_details"]["amount"] = json!(20000);
    let other = serde_json::to_vec(&other).unwrap();
    let resp = init_payment(&api, &other, "key-2");
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
    let (sandbox, api) = hmac_sandbox_with_api();
    let bad = payment_bytes("4242424242424241");
    let resp = init_payment(&api, &bad, "key-3");
    assert_eq!(resp.error_code(), "request_body_validation_error");
    let good = payment_bytes("4242424242424242");
    let resp = init_payment(&api, &good, "key-3");
    assert_eq!(resp.status, 200);
    assert_eq!(sandbox.stats()["replays"], 0);
    sandbox.stop();
}

#[test]
fn different_keys_make_different_payments() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let body = payment_bytes("4242424242424242");
    let a = init_payment(&api, &body, "key-a");
    let b = init_payment(&api, &body, "key-b");
    assert_ne!(a.json()["session"]["id"], b.json()["session"]["id"]);
    assert_eq!(sandbox.stats()["payments_created"], 2);
    sandbox.reset();
    let again = init_payment(&api, &body, "key-a");
    assert_ne!(again.json()["session"]["id"], a.json()["session"]["id"]);
    assert_eq!(sandbox.stats()["payments_created"], 1);
    sandbox.stop();
}
