//! Fidelity to the documentation: `/api/v2/` beside `/api/v1/` on the same sessions, an
//! empty `[]` body, and the documented shapes of `token/info` and `recurrent`.

mod common;

use common::receiver::Receiver;
use common::*;
use serde_json::{Value, json};

fn payout_body() -> Value {
    json!({"type": "card", "card": {"type": "bank_card",
        "bank_card": {"number": "4242424242424242"}}})
}

#[test]
fn v2_serves_the_same_sessions_in_its_own_names() {
    let receiver = Receiver::start(0);
    let (_sandbox, api) = start_with_api(webhook_config(&receiver));
    let id = api.create_session();
    let start = start_body("4242424242424242", &id);
    let started = api.call_in("v2", "session/start/payment", &start).json();
    assert_eq!(
        started["session"]["payment_list"][0]["status"],
        "in_progress"
    );
    assert_eq!(started["session"]["payout_list"], json!([]));
    assert!(started["session"].get("acquiring_payments").is_none());
    assert!(started["session"].get("payments").is_none());
    api.wait_for_action(&id, "confirm");
    let v2 = api
        .call_in("v2", "session/status", &json!({"session_id": id}))
        .json();
    let v1 = api.status(&id);
    assert_eq!(v1["acquiring_payments"], v2["session"]["payment_list"]);
    assert_eq!(v1["acquiring_payments"][0]["status"], "pending");
    let hook = receiver.wait_delivered(1)[0].json();
    assert_eq!(hook["type"], "ready_to_confirm");
    assert_eq!(
        hook["session"]["acquiring_payments"][0]["status"],
        "pending"
    );
    assert!(hook["session"].get("payment_list").is_none(), "{hook}");
}

#[test]
fn v2_payouts_name_their_destination_payout_details() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let body = json!({"payout_details": payout_body(),
        "amount_details": {"amount": 500, "currency": "rub"}});
    let reply = api.call_in("v2", "session/init/payout", &body);
    let id = reply.session_id();
    let payout = &reply.json()["session"]["payout_list"][0];
    assert_eq!(payout["payout_details"]["card"]["last4"], "4242");
    assert!(payout.get("payment_method").is_none(), "{payout}");
    let v1 = api.status(&id);
    assert_eq!(v1["payments"][0]["payment_method"]["card"]["last4"], "4242");
    let missing = api.call_in(
        "v2",
        "session/init/payout",
        &json!({"payment_method": payout_body(), "amount_details": {"amount": 500, "currency": "rub"}}),
    );
    assert_eq!(missing.status, 400);
    let description = missing.error_description();
    assert!(description.starts_with("payout_details"), "{description}");
}

#[test]
fn v2_has_only_the_session_methods_and_its_own_idempotency_scope() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let token = api.call_in("v2", "token", &json!({"tokenize_widget": {}}));
    token.assert_error(404, "request_not_found");
    let body = b"{}";
    let first = api.signed_post("/api/v1/session/create", body, Some("key-1"));
    first.assert_ok();
    let other = api.signed_post("/api/v2/session/create", body, Some("key-1"));
    other.assert_error(400, "idempotency_key_already_exists");
}

#[test]
fn an_empty_array_is_an_empty_request() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let created = api.call_bytes("session/create", b"[]", None);
    assert_eq!(created.json()["session"]["status"], "created");
    let status = api.call_bytes("session/status", b"[]", None);
    assert_eq!(status.status, 400);
    assert!(status.error_description().starts_with("session_id:"));
    let not_empty = api.call_bytes("session/create", b"[1]", None);
    assert_eq!(not_empty.error_code(), "request_body_validation_error");
}

fn card_info(api: &Api, card: Value) -> Resp {
    api.call("token/info", &json!({"type": "card", "card": card}))
}

#[test]
fn token_info_takes_a_card_payment_method_and_answers_flat() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let bank_card = json!({"type": "bank_card", "bank_card": {"number": "5555555555554444"}});
    let info = card_info(&api, bank_card).json()["info"].clone();
    let hash = info["number_hash"].as_str().unwrap().to_string();
    assert_eq!(hash.len(), 64, "{info}");
    assert_eq!(
        info,
        json!({"type": "card", "number_hash": hash, "brand": "mastercard", "last4": "4444"})
    );
    let encrypted = json!({"type": "encrypted_card", "encrypted_card": {"number_hash": hash}});
    assert_eq!(card_info(&api, encrypted).json()["info"], info);
    let unknown = json!({"type": "encrypted_card", "encrypted_card": {"number_hash": "00"}});
    let unknown = card_info(&api, unknown);
    assert_eq!(unknown.status, 400);
    assert!(
        unknown
            .error_description()
            .starts_with("card.encrypted_card.number_hash:")
    );
}

#[test]
fn an_encrypted_card_pays_as_the_card_behind_its_hash() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let declined = json!({"type": "bank_card", "bank_card": {"number": "4000000000000002"}});
    let hash = card_info(&api, declined).json()["info"]["number_hash"].clone();
    let mut body = payment_body("4242424242424242");
    body["payment_details"] = json!({"type": "card", "card": {"type": "encrypted_card",
        "encrypted_card": {"number_hash": hash}}});
    let id = api.init_payment(&body);
    let done = api.confirm_and_wait(&id);
    assert_eq!(done["status"], "cancelled");
    let payment = payment(&done);
    assert_eq!(payment["payment_details"]["card"]["last4"], "0002");
    assert_eq!(payment["error"]["code"], "card_declined");
}

#[test]
fn recurrent_tokens_carry_their_dates_and_state() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = api.confirmed_recurrent_payment("4242424242424242");
    let done = api.wait_finished(&id);
    assert_eq!(done["status"], "accepted");
    let recurrent = &payment(&done)["recurrent"];
    let token = recurrent["token"].as_str().unwrap();
    assert!(
        recurrent["created_at"].as_str().unwrap().ends_with('Z'),
        "{recurrent}"
    );
    assert_eq!(recurrent["finished_at"], Value::Null);
    assert_eq!(recurrent["is_active"], true);
    let info = api.call(
        "token/info",
        &json!({"type": "recurrent_token", "recurrent_token": {"token": token}}),
    );
    let info = &info.json()["info"];
    assert_eq!(info["token"], token);
    assert_eq!(info["created_at"], recurrent["created_at"]);
    assert_eq!(
        (info["brand"].as_str(), info["last4"].as_str()),
        (Some("visa"), Some("4242"))
    );
    assert_eq!(info["is_active"], true);
}
