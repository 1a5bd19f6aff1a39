//! The Rust API against the sandbox: flows, API errors, idempotency, threads.

mod common;

use common::*;
use serde_json::json;
use sgpay::Error;
use sgpay_sandbox::{Auth, Sandbox, SandboxConfig};

#[test]
fn card_payment_goes_from_create_to_accepted() {
    let (_sandbox, client) = sandbox_and_client();
    let id = start_payment(&client, "4242424242424242");
    let session = wait_until(&client, &id, next_action_is("confirm"));
    assert_eq!(session["acquiring_payments"][0]["status"], "pending");
    call(&client, "session/confirm", &json!({"session_id": id})).unwrap();
    let session = wait_until(&client, &id, status_is("accepted"));
    let payment = &session["acquiring_payments"][0];
    assert_eq!(payment["status"], "succeeded");
    let shown = payment.to_string();
    assert!(
        !shown.contains("4242424242424242") && shown.contains("4242"),
        "{shown}"
    );
}

#[test]
fn declined_card_ends_cancelled() {
    let (_sandbox, client) = sandbox_and_client();
    let id = start_payment(&client, "4000000000000002");
    confirm_when_ready(&client, &id);
    let session = wait_until(&client, &id, status_is("cancelled"));
    assert_eq!(session["acquiring_payments"][0]["status"], "failed");
}

#[test]
fn three_ds_redirect_completes_on_the_sandbox_page() {
    let (sandbox, client) = sandbox_and_client();
    let id = start_payment(&client, "4000000000003220");
    let session = wait_until(&client, &id, |s| {
        !s["acquiring_payments"][0]["customer_interaction"].is_null()
    });
    let redirect = &session["acquiring_payments"][0]["customer_interaction"]["redirect"];
    let url = redirect["url"].as_str().expect("redirect url");
    assert!(url.starts_with(&sandbox.url()), "{url}");
    let page = ureq::get(url)
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    assert!(page.contains("<form"), "{page}");
    ureq::post(url).send_form([("result", "success")]).unwrap();
    wait_until(&client, &id, next_action_is("confirm"));
}

#[test]
fn api_errors_carry_code_status_and_are_not_retried() {
    let (_sandbox, client) = sandbox_and_client();
    let missing = json!({"session_id": "ps_missing"});
    let err = call_failing(&client, "session/confirm", missing);
    assert_eq!(err.status(), sgpay::ffi::SGPAY_ERR_API);
    assert_eq!(err.context.attempts, 1);
    let Error::Api {
        http_status, code, ..
    } = &err.error
    else {
        panic!("{err:?}")
    };
    assert!((400..500).contains(http_status), "{http_status}");
    assert!(!code.is_empty());
    let document = err.document();
    assert_eq!(document["sgpay"]["operation"], "session/confirm");
    assert_eq!(document["sgpay"]["session_id"], "ps_missing");
    assert!(document["sgpay"]["idempotency_key"].is_string());
}

#[test]
fn wrong_key_and_wrong_project_are_refused_by_the_server() {
    let sandbox = rsa_sandbox();
    let wrong_key = client_for(
        &sandbox,
        json!({"private_key_path": format!("{FIXTURES}/other_key.pem")}),
    );
    let err = call(&wrong_key, "session/create", &json!({})).unwrap_err();
    assert!(
        matches!(&err.error, Error::Api { code, http_status: 401, .. } if code == "invalid_sign"),
        "{err:?}"
    );
    let wrong_project = client_for(&sandbox, json!({"project": "someone-else"}));
    let err = call(&wrong_project, "session/create", &json!({})).unwrap_err();
    assert!(
        matches!(&err.error, Error::Api { code, .. } if code == "partner_project_not_found"),
        "{err:?}"
    );
}

#[test]
fn hmac_mode_and_pkcs1_keys_are_accepted() {
    let sandbox = Sandbox::start(SandboxConfig {
        auth: Auth::HmacSecret("shared-secret".into()),
        project: PROJECT.into(),
        ..Default::default()
    })
    .unwrap();
    let config =
        json!({"base_url": sandbox.url(), "project": PROJECT, "hmac_secret": "shared-secret"});
    let client = sgpay::Client::from_json(&config.to_string()).unwrap();
    call(&client, "session/create", &json!({})).unwrap();
    let rsa = rsa_sandbox();
    let pkcs1 = client_for(
        &rsa,
        json!({"private_key_path": format!("{FIXTURES}/partner_key_pkcs1.pem")}),
    );
    call(&pkcs1, "session/create", &json!({})).unwrap();
    let pem = client_for(
        &rsa,
        json!({"private_key_path": null, "private_key_pem": fixture("partner_key.pem")}),
    );
    call(&pem, "session/create", &json!({})).unwrap();
}

#[test]
fn same_idempotency_key_replays_and_different_body_conflicts() {
    let (sandbox, client) = sandbox_and_client();
    let body = init_payment_body("4242424242424242");
    let first = call_with(&client, "session/init/payment", &body, &keyed("order-1")).unwrap();
    let second = call_with(&client, "session/init/payment", &body, &keyed("order-1")).unwrap();
    assert_eq!(first, second);
    let mut other = body.clone();
    other["amount_details"]["amount"] = json!(5);
    let err = call_with(&client, "session/init/payment", &other, &keyed("order-1")).unwrap_err();
    assert!(
        matches!(&err.error, Error::Api { code, .. } if code == "idempotency_key_already_exists"),
        "{err:?}"
    );
    assert_eq!(sandbox.stats()["payments_by_idempotency_key"]["order-1"], 1);
}

#[test]
fn generated_keys_differ_between_calls_and_reads_get_none() {
    let (sandbox, client) = sandbox_and_client();
    let body = init_payment_body("4242424242424242");
    call(&client, "session/init/payment", &body).unwrap();
    call(&client, "session/init/payment", &body).unwrap();
    assert_eq!(
        sandbox.stats()["payments_created"],
        2,
        "two calls, two keys, two payments"
    );
    let err = call(&client, "session/status", &json!({"session_id": "ps_none"})).unwrap_err();
    assert!(err.context.idempotency_key.is_none(), "{err:?}");
}

#[test]
fn refunds_and_partial_captures() {
    let (_sandbox, client) = sandbox_and_client();
    let id = start_payment(&client, "4000000000009995");
    confirm_when_ready(&client, &id);
    wait_until(&client, &id, next_action_is("capture"));
    let partial = json!({"session_id": id, "amount_details": {"amount": 6000, "currency": "rub"}});
    call(&client, "session/capture", &partial).unwrap();
    let session = wait_until(&client, &id, status_is("accepted"));
    let payment = &session["acquiring_payments"][0];
    assert_eq!(payment["status"], "succeeded", "{session}");
    assert_eq!(
        payment["amount_details"],
        json!({"amount": 6000, "currency": "rub"}),
        "the captured amount: {session}"
    );
    assert_eq!(
        payment["hold_amount_details"]["amount"], 10000,
        "the held amount: {session}"
    );
    let refund = json!({"session_id": id, "amount_details": {"amount": 1000, "currency": "rub"}});
    let reply = call(&client, "session/refund", &refund).unwrap();
    let refunds = reply["session"]["acquiring_payments"][0]["refunds"]
        .as_array()
        .unwrap_or_else(|| panic!("no refunds: {reply}"));
    let [refunded] = refunds.as_slice() else {
        panic!("one refund expected: {reply}");
    };
    assert_eq!(
        refunded["amount_details"],
        json!({"amount": 1000, "currency": "rub"}),
        "the refunded amount: {reply}"
    );
}

#[test]
fn eight_threads_share_one_client() {
    let (sandbox, client) = sandbox_and_client();
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                for _ in 0..10 {
                    let id = start_payment(&client, "5555555555554444");
                    let reply =
                        call(&client, "session/status", &json!({"session_id": id})).unwrap();
                    assert_eq!(reply["session"]["id"], id.as_str());
                }
            });
        }
    });
    assert_eq!(sandbox.stats()["payments_created"], 80);
}

#[test]
fn unknown_fields_and_metadata_pass_through_untouched() {
    let (_sandbox, client) = sandbox_and_client();
    let mut body = init_payment_body("4242424242424242");
    body["metadata"] = json!({"note": "Привет, 世界 🎉", "till": 7});
    body["future_field"] = json!({"x": 1});
    let reply = call(&client, "session/init/payment", &body).unwrap();
    let text = reply.to_string();
    assert!(text.contains("Привет, 世界 🎉"), "{text}");
}

#[test]
fn one_client_keeps_its_connection_alive_between_calls() {
    let (sandbox, client) = sandbox_and_client();
    for _ in 0..20 {
        call(&client, "session/create", &json!({})).unwrap();
    }
    assert_eq!(sandbox.stats()["connections_accepted"], 1);
}

#[test]
fn tokens_and_wallet_balance() {
    let (_sandbox, client) = sandbox_and_client();
    let token = call(
        &client,
        "token",
        &json!({"acquiring_widget": {"session_id": "ps_1"}}),
    )
    .unwrap();
    let public_token = token["public_token"]
        .as_str()
        .expect("public_token")
        .to_owned();
    let info = json!({"type": "public_token", "public_token": {"token": public_token}});
    let info = call(&client, "token/info", &info).unwrap();
    assert_eq!(info["info"]["token"], public_token.as_str(), "{info}");
    assert_eq!(info["info"]["is_active"], true, "{info}");
    let err = call_failing(&client, "token", json!({"other_widget": {}}));
    assert_eq!(err.status(), sgpay::ffi::SGPAY_ERR_INVALID_ARGUMENT);
    let balance = call(
        &client,
        "wallet/balance",
        &json!({"request_datetime": "2026-11-24T10:00:00Z"}),
    )
    .unwrap();
    assert!(
        balance["wallets"].as_array().is_some_and(|w| !w.is_empty()),
        "{balance}"
    );
    let err = call_failing(
        &client,
        "wallet/balance",
        json!({"request_datetime": "yesterday"}),
    );
    assert_eq!(err.status(), sgpay::ffi::SGPAY_ERR_INVALID_ARGUMENT);
}

#[test]
fn host_names_are_resolved_and_reused() {
    let sandbox = rsa_sandbox();
    let url = sandbox.url().replace("127.0.0.1", "localhost");
    let client = client_for(&sandbox, json!({"base_url": url}));
    for _ in 0..5 {
        call(&client, "session/create", &json!({})).unwrap();
    }
    assert_eq!(sandbox.stats()["connections_accepted"], 1);
}
