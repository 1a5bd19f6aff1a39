//! Webhooks: every event type, in order per session, signed with the sandbox's RSA key,
//! and resent until the receiver answers 200.

mod common;

use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::receiver::{Hook, Receiver};
use common::{agent, hmac_sandbox_with_api, payment, start_with_api, webhook_config};
use serde_json::json;
use std::time::{Duration, Instant};

fn verifies(public_pem: &str, hook: &Hook) -> bool {
    let spki = pem::parse(public_pem).expect("SPKI PEM");
    assert_eq!(spki.tag(), "PUBLIC KEY");
    let Ok(signature) = STANDARD.decode(&hook.signature) else {
        return false;
    };
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, spki.contents())
        .verify(&hook.body, &signature)
        .is_ok()
}

fn types(hooks: &[Hook]) -> Vec<String> {
    hooks
        .iter()
        .map(|h| h.json()["type"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn failed_delivery_is_resent_until_answered_200() {
    let receiver = Receiver::start(2);
    let (sandbox, api) = start_with_api(webhook_config(&receiver));
    let id = api.start_payment("4242424242424242");
    api.confirm_when_ready(&id);
    let hooks = receiver.wait_delivered(2);
    assert_eq!(
        types(&hooks),
        [
            "ready_to_confirm",
            "ready_to_confirm",
            "ready_to_confirm",
            "payment_finished"
        ]
    );
    let answers: Vec<u16> = hooks.iter().map(|h| h.answered).collect();
    assert_eq!(answers, [500, 500, 200, 200]);
    assert_eq!(
        hooks[0].body, hooks[2].body,
        "a resend carries the same body"
    );
    let public = sandbox.webhook_public_key_pem();
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"));
    for hook in &hooks {
        assert!(verifies(&public, hook), "signature must verify");
        assert_eq!(hook.json()["session"]["id"], id);
        assert!(!String::from_utf8_lossy(&hook.body).contains("4242424242424242"));
    }
    let finished = hooks[3].json();
    assert_eq!(finished["session"]["status"], "accepted");
    assert_eq!(
        payment(&finished["session"])["payment_details"]["card"],
        json!({"brand": "visa", "last4": "4242", "bin": "424242"})
    );
    let mut tampered = hooks[3].clone();
    tampered.body[5] ^= 1;
    assert!(!verifies(&public, &tampered));
    // The receiver has answered; the sandbox counts a delivery once it has read the answer.
    let deadline = Instant::now() + Duration::from_secs(5);
    while sandbox.stats()["webhooks"]["delivered"] != 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        sandbox.stats()["webhooks"],
        json!({"attempts": 4, "delivered": 2})
    );
}

#[test]
fn every_event_type_in_order() {
    let receiver = Receiver::start(0);
    let (_sandbox, api) = start_with_api(webhook_config(&receiver));

    let (hold, _) = api.hold("4000000000009995");
    assert_eq!(api.capture_and_wait(&hold)["status"], "accepted");
    api.call_session("session/refund", &hold);

    let three_ds = api.start_payment("4000000000003220");
    let waiting = api.wait_for(&three_ds, |s| {
        payment(s).get("customer_interaction").is_some()
    });
    let url = payment(&waiting)["customer_interaction"]["redirect"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    agent().post(&url).send(&b"result=success"[..]).unwrap();

    let hooks = receiver.wait_delivered(6);
    let of = |id: &str| -> Vec<String> {
        let mine: Vec<Hook> = hooks
            .iter()
            .filter(|h| h.json()["session"]["id"] == id)
            .cloned()
            .collect();
        types(&mine)
    };
    assert_eq!(
        of(&hold),
        [
            "ready_to_confirm",
            "ready_to_capture",
            "payment_finished",
            "payment_refunded"
        ]
    );
    assert_eq!(of(&three_ds), ["action_required", "ready_to_confirm"]);
    let refunded = hooks
        .iter()
        .find(|h| h.json()["type"] == "payment_refunded")
        .unwrap()
        .json();
    assert_eq!(
        payment(&refunded["session"])["refunds"][0]["status"],
        "accepted"
    );
    assert_eq!(payment(&refunded["session"])["status"], "succeeded");
}

#[test]
fn public_key_is_served_by_the_api() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let served = api.get("/_sandbox/webhook_public_key");
    served.assert_ok();
    assert_eq!(
        String::from_utf8(served.body).unwrap(),
        sandbox.webhook_public_key_pem()
    );
}
