//! The controllable clock and the documented time limits: an unconfirmed payment is
//! cancelled after 240 minutes, a hold is released after 5 days, 3-D Secure lapses after
//! 60 minutes, a public token expires after 24 hours.

mod common;

use std::time::Duration;

use common::receiver::Receiver;
use common::*;
use serde_json::{Value, json};

const MINUTE: u64 = 60_000;

fn advance(api: &Api, ms: u64) -> Value {
    let reply = api.control("/_sandbox/clock", &json!({"advance_ms": ms}));
    reply.assert_ok();
    reply.json()
}

/// Asserts that the session was cancelled because its payment failed with `code`.
fn assert_cancelled_with(session: &Value, code: &str) {
    assert_eq!(session["status"], "cancelled", "{session}");
    assert_eq!(payment(session)["status"], "failed", "{session}");
    assert_eq!(payment(session)["error"]["code"], code, "{session}");
}

#[test]
fn the_clock_tells_the_time_and_moves_forward() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let before = api.get("/_sandbox/clock").json();
    assert_eq!(before["offset_ms"], 0);
    let after = advance(&api, 3 * 24 * 60 * MINUTE);
    assert_eq!(after["offset_ms"], 3 * 24 * 60 * MINUTE);
    assert!(
        after["now"].as_str() > before["now"].as_str(),
        "{before} {after}"
    );
    sandbox.advance_clock(Duration::from_secs(60));
    assert_eq!(
        api.get("/_sandbox/clock").json()["offset_ms"],
        (3 * 24 * 60 + 1) * MINUTE
    );
    assert!(sandbox.now().as_str() > after["now"].as_str().unwrap());
    let created = api.call("session/create", &json!({})).json();
    assert!(created["session"]["created_at"].as_str() >= after["now"].as_str());
    let bad = api.control("/_sandbox/clock", &json!({"advance_ms": -1}));
    bad.assert_error(400, "invalid_clock");
    sandbox.reset();
    assert_eq!(api.get("/_sandbox/clock").json()["offset_ms"], 0);
}

#[test]
fn a_payment_left_unconfirmed_240_minutes_is_cancelled_with_its_webhook() {
    let receiver = Receiver::start(0);
    let (_sandbox, api) = start_with_api(webhook_config(&receiver));
    let id = api.start_payment("4242424242424242");
    api.wait_for_action(&id, "confirm");
    assert_eq!(advance(&api, 239 * MINUTE)["expired"], 0);
    assert_eq!(payment(&api.status(&id))["status"], "pending");
    assert_eq!(advance(&api, MINUTE)["expired"], 1);
    assert_cancelled_with(&api.status(&id), "confirmation_timeout");
    let hooks = receiver.wait_delivered(2);
    let last = hooks.last().unwrap().json();
    assert_eq!(last["type"], "payment_finished");
    assert_eq!(last["session"]["status"], "cancelled");
    api.assert_wrong_state("session/confirm", &id);
}

#[test]
fn a_hold_not_captured_in_5_days_is_released() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let (id, _) = api.hold("4000000000009995");
    assert_eq!(
        sandbox.advance_clock(Duration::from_secs(5 * 24 * 3600 - 60)),
        0
    );
    assert_eq!(sandbox.advance_clock(Duration::from_secs(60)), 1);
    assert_cancelled_with(&api.status(&id), "hold_expired");
    api.assert_wrong_state("session/capture", &id);
}

#[test]
fn a_confirmed_payment_is_not_cancelled_later() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let (id, done) = api.pay("4242424242424242");
    assert_eq!(done["status"], "accepted");
    assert_eq!(advance(&api, 300 * MINUTE)["expired"], 0);
    assert_eq!(api.status(&id)["status"], "accepted");
}

#[test]
fn three_ds_not_finished_in_60_minutes_fails() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = api.start_payment("4000000000003220");
    api.wait_for(&id, |s| !payment(s)["customer_interaction"].is_null());
    assert_eq!(advance(&api, 60 * MINUTE)["expired"], 1);
    assert_cancelled_with(&api.status(&id), "authentication_timeout");
}

#[test]
fn a_public_token_expires_after_24_hours() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let token = api.call("token", &json!({"tokenize_widget": {}})).json()["public_token"].clone();
    let ask = json!({"type": "public_token", "public_token": {"token": token}});
    let info = api.call("token/info", &ask).json()["info"].clone();
    assert_eq!(info["token"], token);
    assert_eq!(info["is_active"], true);
    assert!(
        info["finished_at"].as_str() > info["created_at"].as_str(),
        "{info}"
    );
    advance(&api, 24 * 60 * MINUTE - MINUTE);
    assert_eq!(
        api.call("token/info", &ask).json()["info"]["is_active"],
        true
    );
    advance(&api, MINUTE);
    let expired = api.call("token/info", &ask).json()["info"].clone();
    assert_eq!(expired["is_active"], false);
    assert_eq!(expired["finished_at"], info["finished_at"]);
}
