//! The controllable clock and the documented time limits: an unconfirmed payment is
//! cancelled after 240 minutes, a hold is released after 5 days, 3-D Secure lapses after
//! 60 minutes, a public token expires after 24 hours.

mod common;

use std::time::Duration;

use common::receiver::Receiver;
use common::*;
use serde_json::json;
use sgpay_sandbox::{Sandbox, SandboxConfig};

const MINUTE: u64 = 60_000;

fn api(sandbox: &Sandbox) -> Api {
    Api::new(sandbox, Signer::default_hmac())
}

fn advance(api: &Api, ms: u64) -> serde_json::Value {
    let reply = api.control("/_sandbox/clock", &json!({"advance_ms": ms}));
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json()
}

#[test]
fn the_clock_tells_the_time_and_moves_forward() {
    let sandbox = hmac_sandbox();
    let api = api(&sandbox);
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
    assert_eq!(
        (bad.status, bad.error_code().as_str()),
        (400, "invalid_clock")
    );
    sandbox.reset();
    assert_eq!(api.get("/_sandbox/clock").json()["offset_ms"], 0);
}

#[test]
fn a_payment_left_unconfirmed_240_minutes_is_cancelled_with_its_webhook() {
    let receiver = Receiver::start(0);
    let sandbox = Sandbox::start(SandboxConfig {
        webhook_url: Some(receiver.url.clone()),
        ..fast_config()
    })
    .unwrap();
    let api = api(&sandbox);
    let id = api.start_payment("4242424242424242");
    api.wait_for(&id, |s| s["next_action"] == "confirm");
    assert_eq!(advance(&api, 239 * MINUTE)["expired"], 0);
    assert_eq!(payment(&api.status(&id))["status"], "pending");
    assert_eq!(advance(&api, MINUTE)["expired"], 1);
    let session = api.status(&id);
    assert_eq!(session["status"], "cancelled");
    assert_eq!(payment(&session)["status"], "failed");
    assert_eq!(payment(&session)["error"]["code"], "confirmation_timeout");
    let hooks = receiver.wait_delivered(2);
    let last = hooks.last().unwrap().json();
    assert_eq!(last["type"], "payment_finished");
    assert_eq!(last["session"]["status"], "cancelled");
    let late = api.call("session/confirm", &json!({"session_id": id}));
    assert_eq!(late.error_code(), "invalid_session_state");
}

#[test]
fn a_hold_not_captured_in_5_days_is_released() {
    let sandbox = hmac_sandbox();
    let api = api(&sandbox);
    let id = api.start_payment("4000000000009995");
    api.confirm_when_ready(&id);
    api.wait_for(&id, |s| s["next_action"] == "capture");
    assert_eq!(
        sandbox.advance_clock(Duration::from_secs(5 * 24 * 3600 - 60)),
        0
    );
    assert_eq!(sandbox.advance_clock(Duration::from_secs(60)), 1);
    let session = api.status(&id);
    assert_eq!(session["status"], "cancelled");
    assert_eq!(payment(&session)["status"], "failed");
    assert_eq!(payment(&session)["error"]["code"], "hold_expired");
    let capture = api.call("session/capture", &json!({"session_id": id}));
    assert_eq!(capture.error_code(), "invalid_session_state");
}

#[test]
fn a_confirmed_payment_is_not_cancelled_later() {
    let sandbox = hmac_sandbox();
    let api = api(&sandbox);
    let id = api.start_payment("4242424242424242");
    api.confirm_when_ready(&id);
    api.wait_for(&id, |s| s["status"] == "accepted");
    assert_eq!(advance(&api, 300 * MINUTE)["expired"], 0);
    assert_eq!(api.status(&id)["status"], "accepted");
}

#[test]
fn three_ds_not_finished_in_60_minutes_fails() {
    let sandbox = hmac_sandbox();
    let api = api(&sandbox);
    let id = api.start_payment("4000000000003220");
    api.wait_for(&id, |s| !payment(s)["customer_interaction"].is_null());
    assert_eq!(advance(&api, 60 * MINUTE)["expired"], 1);
    let session = api.status(&id);
    assert_eq!(session["status"], "cancelled");
    assert_eq!(payment(&session)["error"]["code"], "authentication_timeout");
}

#[test]
fn a_public_token_expires_after_24_hours() {
    let sandbox = hmac_sandbox();
    let api = api(&sandbox);
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
