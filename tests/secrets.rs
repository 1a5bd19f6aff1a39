//! Card data and secrets never reach a log line or an error document, on any error path.
//! One test in its own binary, since the log sink is process-wide.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use serde_json::{Value, json};
use sgpay::ffi::{SGPAY_ERR_API, SGPAY_ERR_INVALID_ARGUMENT, SGPAY_ERR_OUTCOME_UNKNOWN};
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

/// Each error path of a call, by name, with the status it must end in (so each case is
/// known to have taken the path it names).
const ERROR_PATHS: &[(&str, i32)] = &[
    ("Luhn-invalid card number", SGPAY_ERR_INVALID_ARGUMENT),
    ("expiration month 13", SGPAY_ERR_INVALID_ARGUMENT),
    ("card number as operation", SGPAY_ERR_INVALID_ARGUMENT),
    ("currency not a string", SGPAY_ERR_INVALID_ARGUMENT),
    ("expired card refused by the server", SGPAY_ERR_API),
    ("every answer lost", SGPAY_ERR_OUTCOME_UNKNOWN),
    ("every answer cut short", SGPAY_ERR_OUTCOME_UNKNOWN),
    ("HTML 502 echoing the card", SGPAY_ERR_OUTCOME_UNKNOWN),
];

/// Runs every case of [`ERROR_PATHS`], in order; returns each case's name and error.
fn error_documents(
    client: &Client,
    sandbox: &sgpay_sandbox::Sandbox,
) -> Vec<(&'static str, CallError)> {
    let mut errors = Vec::new();
    let mut push = |r: Result<Value, CallError>| {
        let (name, _) = ERROR_PATHS[errors.len()];
        errors.push((name, r.expect_err(name)));
    };
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
    let statuses: Vec<(&str, i32)> = errors.iter().map(|(n, e)| (*n, e.status())).collect();
    assert_eq!(
        statuses, ERROR_PATHS,
        "every error path was taken: {errors:?}"
    );
    for (name, error) in &errors {
        let document = error.document_json();
        assert_clean(
            &format!("error document of {name}"),
            &document,
            &private_key,
        );
        assert_clean(
            &format!("error Debug of {name}"),
            &format!("{error:?}"),
            &private_key,
        );
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
