//! Card data and secrets never reach a log line or an error document, on any error path.
//! One test in its own binary, since the log sink is process-wide.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use serde_json::{Value, json};
use sgpay::internals::logging::{self, Level};
use sgpay::{CallError, Client};

const PAN: &str = "4000000000000002";
const BAD_PAN: &str = "4000000000000003";
const CVC: &str = "8642";
const HMAC_SECRET: &str = "hmac-secret-Zq81xT";

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric()).collect()
}

fn assert_clean(what: &str, text: &str, private_key: &str) {
    assert!(
        !text.contains(PAN) && !text.contains(BAD_PAN),
        "{what} shows a card number: {text}"
    );
    assert!(!tokens(text).contains(&CVC), "{what} shows the CVC: {text}");
    assert!(
        !text.contains(HMAC_SECRET),
        "{what} shows the HMAC secret: {text}"
    );
    assert!(
        !text.contains("security_code"),
        "{what} mentions the CVC field: {text}"
    );
    for line in private_key
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .take(5)
    {
        assert!(!text.contains(line), "{what} shows the private key: {text}");
    }
}

fn card_body(number: &str) -> Value {
    json!({"payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": {
              "number": number, "expiration_month": "12", "expiration_year": "30",
              "security_code": CVC}}},
           "amount_details": {"amount": 100, "currency": "rub"}, "customer": {}})
}

fn error_documents(client: &Client, sandbox: &sgpay_sandbox::Sandbox) -> Vec<CallError> {
    let mut errors = Vec::new();
    let mut push = |r: Result<Value, CallError>| errors.push(r.expect_err("an error path"));
    push(call(client, "session/init/payment", &card_body(BAD_PAN)));
    let mut bad_month = card_body(PAN);
    bad_month["payment_details"]["card"]["bank_card"]["expiration_month"] = json!("13");
    push(call(client, "session/init/payment", &bad_month));
    push(call(client, &format!("session/{PAN}"), &json!({})));
    let mut mismatch = card_body(PAN);
    mismatch["amount_details"]["currency"] = json!(12);
    push(call(client, "session/init/payment", &mismatch));
    let mut server_side = card_body(PAN);
    server_side["payment_details"]["card"]["bank_card"]["expiration_year"] = json!("01");
    push(call(client, "session/init/payment", &server_side));
    for kind in ["drop_after", "malformed_json"] {
        for _ in 0..3 {
            sandbox
                .push_fault(json!({"operation": "session/init/payment", "kind": kind}))
                .unwrap();
        }
        push(call(client, "session/init/payment", &card_body(PAN)));
    }
    sandbox
        .push_fault(
            json!({"operation": "session/init/payment", "kind": "status", "count": 3,
                           "http_status": 502, "body": format!("<html>{PAN} cvc {CVC}</html>")}),
        )
        .unwrap();
    push(call(client, "session/init/payment", &card_body(PAN)));
    errors
}

fn config_errors(private_key: &str) -> Vec<sgpay::Error> {
    let configs = [
        json!({"base_url": "https://x.test", "project": "p", "private_key_pem": private_key.replace("MII", "XXX")}),
        json!({"base_url": "https://x.test", "project": "p", "hmac_secret": HMAC_SECRET, "private_key_pem": private_key}),
        json!({"base_url": "https://x.test", "project": "p", "hmac_secret": 5, "secret_key": HMAC_SECRET}),
        json!({"base_url": "https://x.test", "project": HMAC_SECRET.as_bytes(), "hmac_secret": HMAC_SECRET}),
        json!({"base_url": "https://x.test", "project": "p", "max_attempts": HMAC_SECRET, "hmac_secret": "s"}),
    ];
    configs
        .iter()
        .map(|c| Client::from_json(&c.to_string()).expect_err("bad config"))
        .collect()
}

#[test]
fn no_error_path_leaks_card_data_or_secrets() {
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink_lines = Arc::clone(&lines);
    logging::set_sink(
        Some(Box::new(move |level: Level, line: &str| {
            sink_lines.lock().unwrap().push(format!("{level:?} {line}"));
        })),
        5,
    );
    let private_key = fixture("partner_key.pem");
    let sandbox = rsa_sandbox();
    let client = client_for(&sandbox, json!({"request_timeout_ms": 500}));
    let errors = error_documents(&client, &sandbox);
    assert!(errors.len() >= 8);
    for error in &errors {
        assert_clean("error document", &error.document_json(), &private_key);
        assert_clean("error Debug", &format!("{error:?}"), &private_key);
    }
    for error in config_errors(&private_key) {
        assert_clean("config error", &error.to_string(), &private_key);
    }
    let hmac_client = Client::from_json(
        &json!({"base_url": sandbox.url(), "project": PROJECT, "hmac_secret": HMAC_SECRET,
                "webhook_hmac_secret": HMAC_SECRET})
        .to_string(),
    )
    .unwrap();
    let webhook_error = hmac_client.verify_webhook(PAN.as_bytes(), CVC).unwrap_err();
    assert_clean("webhook error", &webhook_error.to_string(), &private_key);
    assert_clean(
        "client Debug",
        &format!("{hmac_client:?} {client:?}"),
        &private_key,
    );
    let _ = call(&hmac_client, "session/init/payment", &card_body(PAN));
    logging::set_sink(None, 0);
    let lines = lines.lock().unwrap();
    assert!(lines.len() >= 10, "every request logs a line: {lines:?}");
    for line in lines.iter() {
        assert_clean("log line", line, &private_key);
    }
}
