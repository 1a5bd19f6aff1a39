//! Each test card drives its documented outcome through the status flow (docs/api.md, "Statuses and flow").

mod common;

use common::{Api, agent, hmac_sandbox_with_api, into_resp, payment, payment_body, start_body};
use serde_json::{Value, json};

#[test]
fn succeeding_cards_reach_accepted() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    for (number, brand) in [
        ("4242424242424242", "visa"),
        ("5555555555554444", "mastercard"),
        ("4111111111111111", "visa"),
    ] {
        let id = api.start_payment(number);
        assert!(id.starts_with("ps_"));
        let started = api.status(&id);
        assert!(payment(&started)["id"].as_str().unwrap().starts_with("pm_"));
        let confirmed = api.confirm_when_ready(&id);
        assert_eq!(confirmed["status"], "in_progress");
        assert!(confirmed.get("next_action").is_none());
        let done = api.wait_finished(&id);
        assert_eq!(done["status"], "accepted");
        let pay = payment(&done);
        assert_eq!(pay["status"], "succeeded");
        assert_eq!(
            pay["payment_details"],
            json!({"type": "card", "card": {"brand": brand, "last4": &number[12..], "bin": &number[..6]}})
        );
        assert!(pay["finished_at"].is_string());
        assert!(pay["transaction_info"]["rrn"].is_string());
        assert!(
            !done.to_string().contains(number),
            "full card number leaked"
        );
        assert!(!done.to_string().contains("\"123\""), "CVC leaked");
    }
}

#[test]
fn start_is_in_progress_then_pending_with_confirm() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = api.start_payment("4242424242424242");
    let ready = api.wait_for_action(&id, "confirm");
    assert_eq!(ready["status"], "in_progress");
    assert_eq!(payment(&ready)["status"], "pending");
    let stamp = ready["created_at"].as_str().unwrap();
    assert_eq!(stamp.len(), "2024-05-27T02:03:00.000000Z".len());
    assert!(stamp.ends_with('Z') && stamp.as_bytes()[10] == b'T' && stamp.as_bytes()[19] == b'.');
}

#[test]
fn declined_and_error_cards_fail_at_confirm() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    // The card, the session's final status, and where the error code stands in it.
    for (number, status, error_code_at, code) in [
        (
            "4000000000000002",
            "cancelled",
            "/acquiring_payments/0/error/code",
            "card_declined",
        ),
        (
            "4000000000000119",
            "error",
            "/error/code",
            "processing_error",
        ),
    ] {
        let (_, done) = api.pay(number);
        assert_eq!(done["status"], status, "{number}");
        assert_eq!(payment(&done)["status"], "failed", "{number}");
        assert_eq!(done.pointer(error_code_at), Some(&json!(code)), "{done}");
    }
}

fn wait_for_redirect(api: &Api, id: &str) -> String {
    let waiting = api.wait_for(id, |s| {
        payment(s)["customer_interaction"]["type"] == "redirect"
    });
    assert_eq!(payment(&waiting)["status"], "in_progress");
    assert!(waiting.get("next_action").is_none());
    let url = payment(&waiting)["customer_interaction"]["redirect"]["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        url.starts_with(&format!("{}/_sandbox/3ds/pm_", api.base)),
        "{url}"
    );
    url
}

fn submit_3ds(url: &str, result: &str) -> common::Resp {
    into_resp(
        agent()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .send(format!("result={result}").as_bytes())
            .unwrap(),
    )
}

#[test]
fn three_ds_card_completes_on_the_sandbox_page() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = api.start_payment("4000000000003220");
    let url = wait_for_redirect(&api, &id);
    let page = into_resp(agent().get(&url).call().unwrap());
    page.assert_ok();
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("<form") && html.contains("name=\"result\" value=\"success\""));
    api.assert_wrong_state("session/confirm", &id);
    assert_eq!(submit_3ds(&url, "success").status, 200);
    assert_eq!(submit_3ds(&url, "success").status, 409);
    let ready = api.status(&id);
    assert_eq!(ready["next_action"], "confirm");
    assert!(payment(&ready).get("customer_interaction").is_none());
    assert_eq!(api.confirm_and_wait(&id)["status"], "accepted");
}

#[test]
fn three_ds_failure_cancels_and_return_url_redirects() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let mut body = payment_body("4000000000003220");
    body["payment_options"] = json!({"return_url": "https://shop.example/back"});
    let id = api.init_payment(&body);
    let url = wait_for_redirect(&api, &id);
    let no_redirects: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let answer = into_resp(
        no_redirects
            .post(&url)
            .send(&b"result=failure"[..])
            .unwrap(),
    );
    assert_eq!(answer.status, 303);
    assert_eq!(answer.header("location"), Some("https://shop.example/back"));
    let done = api.status(&id);
    assert_eq!(done["status"], "cancelled");
    assert_eq!(payment(&done)["error"]["code"], "authentication_failed");
}

fn hold(api: &Api) -> String {
    let (id, held) = api.hold("4000000000009995");
    assert_eq!(payment(&held)["status"], "pending");
    assert_eq!(held["status"], "in_progress");
    id
}

#[test]
fn hold_is_captured_in_full() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = hold(&api);
    let done = api.capture_and_wait(&id);
    assert_eq!(done["status"], "accepted");
    assert_eq!(payment(&done)["amount_details"]["amount"], 10000);
}

#[test]
fn hold_is_captured_in_part_and_refunds_stop_at_the_captured_amount() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = hold(&api);
    let too_much =
        json!({"session_id": id, "amount_details": {"amount": 10001, "currency": "rub"}});
    let refused = api.call("session/capture", &too_much);
    assert_eq!(refused.error_code(), "capture_amount_exceeded");
    let part = json!({"session_id": id, "amount_details": {"amount": 6000, "currency": "RUB"}});
    assert_eq!(api.call("session/capture", &part).status, 200);
    let done = api.wait_finished(&id);
    assert_eq!(payment(&done)["status"], "succeeded");
    assert_eq!(payment(&done)["amount_details"]["amount"], 6000);
    assert_eq!(payment(&done)["hold_amount_details"]["amount"], 10000);
    let over = json!({"session_id": id, "amount_details": {"amount": 6001, "currency": "rub"}});
    assert_eq!(
        api.call("session/refund", &over).error_code(),
        "refund_amount_exceeded"
    );
}

#[test]
fn cancel_releases_a_hold() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = hold(&api);
    let session = api.act("session/cancel", &id);
    assert_eq!(session["status"], "cancelled");
    assert_eq!(payment(&session)["status"], "failed");
    api.assert_wrong_state("session/capture", &id);
}

#[test]
fn cancel_of_a_pending_payment_and_of_a_new_session() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = api.start_payment("4242424242424242");
    api.wait_for_action(&id, "confirm");
    assert_eq!(api.act("session/cancel", &id)["status"], "cancelled");
    let new_id = api.create_session();
    assert_eq!(api.act("session/cancel", &new_id)["status"], "cancelled");
}

#[test]
fn refunds_full_and_partial_of_succeeded_payments_only() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let id = api.start_payment("4242424242424242");
    api.assert_wrong_state("session/refund", &id);
    api.confirm_and_wait(&id);
    let part = json!({"session_id": id, "amount_details": {"amount": 2500, "currency": "rub"},
        "metadata": {"reason": "возврат"}});
    let session = api.call("session/refund", &part).session();
    let refund = &payment(&session)["refunds"][0];
    assert!(refund["id"].as_str().unwrap().starts_with("rf_"));
    assert_eq!(refund["status"], "in_progress");
    assert_eq!(refund["metadata"]["reason"], "возврат");
    api.act("session/refund", &id);
    let done = api.wait_for(&id, |s| {
        payment(s)["refunds"]
            .as_array()
            .is_some_and(|r| r.iter().all(|r| r["status"] == "accepted"))
    });
    assert_eq!(done["status"], "accepted");
    assert_eq!(payment(&done)["status"], "succeeded");
    let amounts: Vec<&Value> = payment(&done)["refunds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["amount_details"]["amount"])
        .collect();
    assert_eq!(amounts, [&json!(2500), &json!(7500)]);
    let more = api.call_session("session/refund", &id);
    assert_eq!(more.error_code(), "refund_amount_exceeded");
    assert_eq!(sandbox.stats()["refunds_created"], 2);
}

#[test]
fn second_start_and_wrong_state_are_errors() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = api.start_payment("4242424242424242");
    let start_again = || {
        api.call(
            "session/start/payment",
            &start_body("4242424242424242", &id),
        )
    };
    start_again().assert_error(400, "session_already_started");
    api.assert_wrong_state("session/capture", &id);
    api.confirm_when_ready(&id);
    api.assert_wrong_state("session/confirm", &id);
    api.wait_finished(&id);
    assert_eq!(start_again().error_code(), "session_already_finished");
    let unknown = api.call("session/status", &json!({"session_id": "ps_missing"}));
    unknown.assert_error(404, "request_not_found");
}

#[test]
fn init_payment_uses_data_from_create_and_echoes_metadata() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let metadata = json!({"zeta": "Привет, мир ✓", "alpha": [1, {"k": null}], "emoji": "💳"});
    let mut create = payment_body("5555555555554444");
    create["metadata"] = metadata.clone();
    let created = api.call("session/create", &create);
    assert_eq!(created.json()["session"]["status"], "created");
    let id = created.session_id();
    let started = api.call_session("session/start/payment", &id);
    started.assert_ok();
    let raw = String::from_utf8(started.body.clone()).unwrap();
    assert!(
        raw.contains(r#"{"zeta":"Привет, мир ✓","alpha":[1,{"k":null}],"emoji":"💳"}"#),
        "{raw}"
    );
    let init = api.call("session/init/payment", &create);
    let session = init.json()["session"].clone();
    assert_eq!(session["status"], "in_progress");
    assert_eq!(payment(&session)["metadata"], metadata);
    assert_eq!(sandbox.stats()["payments_created"], 2);
}

/// A payout's `payment_method`: the card `number`.
fn payout_card(number: &str) -> Value {
    json!({"type": "card", "card": {"type": "bank_card", "bank_card": {"number": number}}})
}

/// Confirms a payout when it is ready and checks the statuses the session and the payout
/// end in.
fn assert_payout_ends(api: &Api, id: &str, session_status: &str, payout_status: &str) {
    let done = api.confirm_and_wait(id);
    assert_eq!(done["status"], session_status, "{done}");
    assert_eq!(done["payments"][0]["status"], payout_status, "{done}");
}

#[test]
fn payouts_go_through_confirm() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let body = json!({"payment_method": payout_card("4242424242424242"),
        "amount_details": {"amount": 500, "currency": "rub"}});
    let resp = api.call("session/init/payout", &body);
    let id = resp.session_id();
    let payout = &resp.json()["session"]["payments"][0];
    assert!(payout["id"].as_str().unwrap().starts_with("po_"));
    assert_eq!(payout["payment_method"]["card"]["last4"], "4242");
    assert_payout_ends(&api, &id, "accepted", "succeeded");
    api.assert_wrong_state("session/refund", &id);

    let id = api.create_session();
    let declined = json!({"session_id": id, "amount_details": {"amount": 500, "currency": "rub"},
        "payment_method": payout_card("4000000000000002")});
    assert_eq!(api.call("session/start/payout", &declined).status, 200);
    assert_payout_ends(&api, &id, "cancelled", "failed");
    assert_eq!(sandbox.stats()["payouts_created"], 2);
}

#[test]
fn recurrent_token_charges_the_same_card() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let id = api.confirmed_recurrent_payment("4000000000009995");
    let done = api.capture_and_wait(&id);
    let token = payment(&done)["recurrent"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let info = api.call(
        "token/info",
        &json!({"type": "recurrent_token", "recurrent_token": {"token": token}}),
    );
    assert_eq!(info.json()["info"]["last4"], "9995");
    assert_eq!(info.json()["info"]["type"], "recurrent_token");
    let again = json!({"payment_details": {"type": "recurrent", "recurrent": {"token": token, "initiator": "merchant"}},
        "amount_details": {"amount": 300, "currency": "rub"}, "customer": {"reference": "c"}});
    let id = api.init_payment(&again);
    api.confirm_when_ready(&id);
    let held = api.wait_for_action(&id, "capture");
    assert_eq!(payment(&held)["status"], "pending");
}

#[test]
fn tokens_and_wallet_balance_answer() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let token = api.call(
        "token",
        &json!({"acquiring_widget": {"session_id": "ps_1"}}),
    );
    let public = token.json()["public_token"].as_str().unwrap().to_string();
    let info = api.call(
        "token/info",
        &json!({"type": "public_token", "public_token": {"token": public}}),
    );
    assert_eq!(info.json()["info"]["token"], public.as_str());
    assert_eq!(info.json()["info"]["is_active"], true);
    assert_eq!(info.json()["info"]["type"], "public_token");
    let missing = api.call(
        "token/info",
        &json!({"type": "public_token", "public_token": {"token": "nope"}}),
    );
    missing.assert_error(404, "request_not_found");
    let card = api.call(
        "token/info",
        &json!({"type": "card", "card": {"type": "bank_card",
            "bank_card": {"number": "5555555555554444"}}}),
    );
    assert_eq!(card.json()["info"]["brand"], "mastercard");
    assert_eq!(card.json()["info"]["type"], "card");
    let balance = api.call(
        "wallet/balance",
        &json!({"request_datetime": "2024-05-27T02:03:00Z"}),
    );
    assert_eq!(
        balance.json()["wallets"][0]["amount_details"]["currency"],
        "rub"
    );
}
