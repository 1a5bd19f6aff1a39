//! The client's flows under both API versions (`api_version` "v1" and "v2"), the check of
//! that key, and `Retry-After` sent as an HTTP date.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};
use sgpay::{CallOptions, Client};

const VERSIONS: [&str; 2] = ["v1", "v2"];

/// The names of the payment list, payout list and payout destination in a version.
fn names(version: &str) -> (&'static str, &'static str, &'static str) {
    match version {
        "v1" => ("acquiring_payments", "payments", "payment_method"),
        _ => ("payment_list", "payout_list", "payout_details"),
    }
}

fn client(sandbox: &sgpay_sandbox::Sandbox, version: &str) -> Client {
    client_for(sandbox, json!({"api_version": version}))
}

/// The session's first payment, read under the version's own name only.
fn payment_in<'a>(session: &'a Value, version: &str) -> &'a Value {
    let (payments, _, _) = names(version);
    let other = names(if version == "v1" { "v2" } else { "v1" }).0;
    assert!(
        session.get(other).is_none(),
        "{version} reply has {other}: {session}"
    );
    &session[payments][0]
}

#[test]
fn a_card_payment_runs_under_both_versions() {
    let sandbox = rsa_sandbox();
    for version in VERSIONS {
        let client = client(&sandbox, version);
        let id = start_payment(&client, "4242424242424242");
        let ready = wait_until(&client, &id, next_action_is("confirm"));
        assert_eq!(payment_in(&ready, version)["status"], "pending");
        call(&client, "session/confirm", &json!({"session_id": id})).unwrap();
        let done = wait_until(&client, &id, status_is("accepted"));
        assert_eq!(payment_in(&done, version)["status"], "succeeded");
        let refund = call(&client, "session/refund", &json!({"session_id": id})).unwrap();
        let refunds = &payment_in(&refund["session"], version)["refunds"];
        assert_eq!(refunds[0]["status"], "in_progress", "{version}");
    }
}

#[test]
fn a_hold_is_captured_under_both_versions() {
    let sandbox = rsa_sandbox();
    for version in VERSIONS {
        let client = client(&sandbox, version);
        let reply = call(
            &client,
            "session/init/payment",
            &init_payment_body("4000000000009995"),
        );
        let id = reply.unwrap()["session"]["id"].as_str().unwrap().to_owned();
        wait_until(&client, &id, next_action_is("confirm"));
        call(&client, "session/confirm", &json!({"session_id": id})).unwrap();
        wait_until(&client, &id, next_action_is("capture"));
        call(&client, "session/capture", &json!({"session_id": id})).unwrap();
        let done = wait_until(&client, &id, status_is("accepted"));
        assert_eq!(
            payment_in(&done, version)["status"],
            "succeeded",
            "{version}"
        );
    }
}

#[test]
fn a_payout_runs_under_both_versions_with_its_destination_name() {
    let sandbox = rsa_sandbox();
    for version in VERSIONS {
        let (_, payouts, destination) = names(version);
        let client = client(&sandbox, version);
        let mut body = json!({"amount_details": {"amount": 700, "currency": "rub"}});
        body[destination] = card("5555555555554444");
        let reply = call(&client, "session/init/payout", &body).unwrap();
        let payout = &reply["session"][payouts][0];
        assert_eq!(
            payout[destination]["card"]["last4"], "4444",
            "{version}: {reply}"
        );
        let id = reply["session"]["id"].as_str().unwrap().to_owned();
        wait_until(&client, &id, next_action_is("confirm"));
        call(&client, "session/confirm", &json!({"session_id": id})).unwrap();
        let done = wait_until(&client, &id, status_is("accepted"));
        assert_eq!(done[payouts][0]["status"], "succeeded", "{version}");
    }
}

#[test]
fn methods_outside_sessions_answer_under_both_versions() {
    let sandbox = rsa_sandbox();
    for version in VERSIONS {
        let client = client(&sandbox, version);
        let token = call(&client, "token", &json!({"tokenize_widget": {}})).unwrap();
        assert!(token["public_token"].is_string(), "{version}: {token}");
        let balance = call(
            &client,
            "wallet/balance",
            &json!({"request_datetime": "2024-05-27T02:03:00Z"}),
        );
        assert!(balance.unwrap()["wallets"].is_array(), "{version}");
    }
}

#[test]
fn api_version_must_be_v1_or_v2() {
    let sandbox = rsa_sandbox();
    for bad in [json!("v3"), json!("V2"), json!(""), json!(2)] {
        let config = config_for(&sandbox, json!({"api_version": bad}));
        let error = Client::from_json(&config).expect_err("refused");
        assert_eq!(error.code(), "config", "{bad}");
        assert!(
            error.to_string().contains("api_version") || error.to_string().contains("type"),
            "{bad}: {error}"
        );
    }
    let named = Client::from_json(&config_for(&sandbox, json!({"api_version": "v9"})));
    assert!(
        named
            .expect_err("refused")
            .to_string()
            .contains("api_version")
    );
}

#[test]
fn retry_after_as_an_http_date_is_waited_for() {
    let sandbox = rsa_sandbox();
    let client = client(&sandbox, "v2");
    let id = start_payment(&client, "4242424242424242");
    sandbox
        .push_fault(
            json!({"operation": "session/status", "kind": "status", "http_status": 503,
            "retry_after": 2, "retry_after_format": "http_date"}),
        )
        .unwrap();
    let started = Instant::now();
    let options = CallOptions {
        idempotency_key: Some("status-after-date".into()),
        ..Default::default()
    };
    let reply = call_with(
        &client,
        "session/status",
        &json!({"session_id": id}),
        &options,
    );
    assert_eq!(reply.unwrap()["session"]["id"], id);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "retried after {:?}",
        started.elapsed()
    );
    assert_eq!(sandbox.stats()["requests"]["session/status"], 2);
}
