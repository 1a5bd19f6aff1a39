//! The stats of money moved: every payment, payout, confirm, capture and refund the sandbox
//! carries out is counted by kind and by idempotency key, a replay never; and the keys the
//! requests of each operation carried are counted per operation, faulted requests included.

mod common;

use common::*;
use serde_json::{Value, json};

/// POSTs `body` to `op` with the idempotency key `key`; the reply must be a 200.
fn keyed(api: &Api, op: &str, body: &Value, key: &str) {
    api.call_bytes(op, body.to_string().as_bytes(), Some(key))
        .assert_ok();
}

/// A paid session (key `pay`, confirmed with key `confirm`) refunded in part with key
/// `refund`; returns the refund's body.
fn paid_and_refunded(api: &Api) -> Value {
    let id = api.init_good_payment(Some("pay")).session_id();
    api.wait_for_action(&id, "confirm");
    keyed(
        api,
        "session/confirm",
        &json!({"session_id": id}),
        "confirm",
    );
    api.wait_for(&id, |s| s["status"] == "accepted");
    let refund = json!({"session_id": id, "amount_details": {"amount": 100, "currency": "rub"}});
    keyed(api, "session/refund", &refund, "refund");
    refund
}

/// A hold (started and confirmed without keys) captured with key `capture`; returns the
/// capture's body.
fn held_and_captured(api: &Api) -> Value {
    let (id, _) = api.hold("4000000000009995");
    let capture = json!({"session_id": id});
    keyed(api, "session/capture", &capture, "capture");
    capture
}

#[test]
fn every_money_movement_is_counted_by_kind_and_key_and_replays_are_not() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let refund = paid_and_refunded(&api);
    let capture = held_and_captured(&api);
    let payout = json!({"payment_method": {"type": "card", "card": {"type": "bank_card",
        "bank_card": {"number": "4242424242424242"}}},
        "amount_details": {"amount": 500, "currency": "rub"}});
    keyed(&api, "session/init/payout", &payout, "payout");
    keyed(&api, "session/refund", &refund, "refund");
    keyed(&api, "session/capture", &capture, "capture");
    let stats = sandbox.stats();
    assert_eq!(stats["replays"], 2, "{stats}");
    let counted = [
        "payments_created",
        "confirms_accepted",
        "captures_created",
        "refunds_created",
        "payouts_created",
        "money_movements",
    ]
    .map(|name| stats[name].as_u64());
    assert_eq!(
        counted,
        [2, 2, 1, 1, 1, 7].map(Some),
        "two payments (one a hold), their confirms, a capture, a refund, a payout: {stats}"
    );
    assert_eq!(
        stats["money_movements_by_idempotency_key"],
        json!({"pay": 1, "confirm": 1, "refund": 1, "capture": 1, "payout": 1}),
        "{stats}"
    );
    assert_eq!(
        stats["payments_by_idempotency_key"],
        json!({"pay": 1, "payout": 1}),
        "{stats}"
    );
}

#[test]
fn the_keys_of_every_request_are_counted_per_operation() {
    let unavailable = json!({"operation": "session/create", "kind": "status", "http_status": 503});
    let (sandbox, api) = hmac_sandbox_with_fault(unavailable);
    let faulted = api.call_bytes("session/create", b"{}", Some("first"));
    assert_eq!(faulted.status, 503);
    for key in [Some("first"), Some("second"), Some("first"), None] {
        api.call_bytes("session/create", b"{}", key).assert_ok();
    }
    api.init_good_payment(Some("first"))
        .assert_error(400, "idempotency_key_already_exists");
    let stats = sandbox.stats();
    assert_eq!(stats["requests"]["session/create"], 5, "{stats}");
    assert_eq!(
        stats["idempotency_keys_by_operation"],
        json!({"session/create": {"first": 3, "second": 1},
               "session/init/payment": {"first": 1}}),
        "{stats}"
    );
}
