//! Request validation: 400 `request_body_validation_error` naming the field, and the
//! HTTP-level answers (unknown method, wrong verb, oversized body).

mod common;

use common::{Api, GOOD_CARD, agent, hmac_sandbox_with_api, into_resp, payment_body};
use serde_json::{Value, json};

const INIT: &str = "session/init/payment";

fn expect_invalid(api: &Api, op: &str, body: &Value, field: &str) {
    let resp = api.call(op, body);
    assert_eq!(resp.status, 400, "{op} {body}");
    assert_eq!(resp.error_code(), "request_body_validation_error", "{body}");
    let description = resp.error_description();
    assert!(
        description.starts_with(&format!("{field}:")),
        "{description:?} should name {field}"
    );
    let number = body.pointer("/payment_details/card/bank_card/number");
    if let Some(Value::String(number)) = number {
        assert!(
            !description.contains(number.as_str()),
            "card number in error"
        );
    }
}

/// [`expect_invalid`] for `session/init/payment`.
fn expect_invalid_payment(api: &Api, body: &Value, field: &str) {
    expect_invalid(api, INIT, body, field);
}

/// Asserts that `session/init/payment` accepts `body`.
fn expect_valid_payment(api: &Api, body: &Value) {
    assert_eq!(api.call(INIT, body).status, 200, "{body}");
}

/// A valid payment body with `value` put at `pointer`.
fn payment_with(pointer: &str, value: Value) -> Value {
    let mut body = payment_body(GOOD_CARD);
    *body.pointer_mut(pointer).expect("pointer exists") = value;
    body
}

/// A valid payment body without its top-level `key`.
fn payment_without(key: &str) -> Value {
    let mut body = payment_body(GOOD_CARD);
    body.as_object_mut().unwrap().remove(key);
    body
}

/// Asserts that the valid payment body with `value` put at `pointer` is refused, naming
/// `field`.
fn expect_invalid_at(api: &Api, pointer: &str, value: Value, field: &str) {
    expect_invalid_payment(api, &payment_with(pointer, value), field);
}

const CARD: &str = "payment_details.card.bank_card";
const CARD_PTR: &str = "/payment_details/card/bank_card";
const AMOUNT_PTR: &str = "/amount_details/amount";
const CURRENCY_PTR: &str = "/amount_details/currency";

#[test]
fn card_fields_are_checked() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let cases = [
        ("number", json!("4242424242424241")),
        ("number", json!("4242 4242 4242 4242")),
        ("number", json!("4242424242")),
        ("number", json!("42424242424242424242")),
        ("number", json!(4242424242424242u64)),
        ("expiration_month", json!("13")),
        ("expiration_month", json!("00")),
        ("expiration_month", json!("1")),
        ("expiration_year", json!("2x")),
        ("expiration_year", json!("20")),
        ("security_code", json!("12")),
        ("security_code", json!("12345")),
        ("security_code", json!("12a")),
    ];
    for (field, value) in cases {
        let pointer = format!("{CARD_PTR}/{field}");
        expect_invalid_at(&api, &pointer, value, &format!("{CARD}.{field}"));
    }
    let mut missing = payment_body(GOOD_CARD);
    missing
        .pointer_mut(CARD_PTR)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("security_code");
    expect_invalid_payment(&api, &missing, &format!("{CARD}.security_code"));
    let four_digit_cvc = payment_with(&format!("{CARD_PTR}/security_code"), json!("1234"));
    expect_valid_payment(&api, &four_digit_cvc);
}

#[test]
fn amounts_and_currencies_are_checked() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    for amount in [json!(0), json!(-5), json!(10.5), json!("100"), Value::Null] {
        expect_invalid_at(&api, AMOUNT_PTR, amount, "amount_details.amount");
    }
    for currency in [json!("ru"), json!("rubl"), json!("r1b"), json!(643)] {
        expect_invalid_at(&api, CURRENCY_PTR, currency, "amount_details.currency");
    }
    let upper = payment_with(CURRENCY_PTR, json!("RUB"));
    expect_valid_payment(&api, &upper);
}

#[test]
fn required_fields_per_method() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    for field in ["payment_details", "amount_details", "customer"] {
        expect_invalid_payment(&api, &payment_without(field), field);
    }
    for op in [
        "session/start/payment",
        "session/start/payout",
        "session/confirm",
        "session/cancel",
        "session/capture",
        "session/refund",
        "session/status",
    ] {
        expect_invalid(&api, op, &json!({}), "session_id");
        expect_invalid(&api, op, &json!({"session_id": 7}), "session_id");
    }
    let payout = json!({"amount_details": {"amount": 1, "currency": "rub"}});
    expect_invalid(&api, "session/init/payout", &payout, "payment_method");
    let id = api.create_session();
    expect_invalid(
        &api,
        "session/start/payment",
        &json!({"session_id": id}),
        "payment_details",
    );
    expect_invalid(&api, "token", &json!({}), "tokenize_widget");
    expect_invalid(&api, "token/info", &json!({"type": "nope"}), "type");
    expect_invalid(&api, "wallet/balance", &json!({}), "request_datetime");
    expect_invalid(
        &api,
        "wallet/balance",
        &json!({"request_datetime": "yesterday"}),
        "request_datetime",
    );
}

#[test]
fn shapes_are_checked() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let cases = [
        ("/payment_details", json!("card"), "payment_details"),
        (
            "/payment_details/type",
            json!("cheque"),
            "payment_details.type",
        ),
        (
            "/payment_details/card/type",
            json!("paper_card"),
            "payment_details.card.type",
        ),
        ("/payment_details/card/bank_card", json!([]), CARD),
        ("/customer", json!("someone"), "customer"),
        ("/customer/reference", json!(5), "customer.reference"),
    ];
    for (pointer, value, field) in cases {
        expect_invalid_at(&api, pointer, value, field);
    }
    let mut extra = payment_body(GOOD_CARD);
    extra["participant_details"] = json!("x");
    expect_invalid_payment(&api, &extra, "participant_details");
    for raw in [&b"not json"[..], b"[1,2]", b""] {
        let resp = api.call_bytes("session/create", raw, None);
        assert_eq!(resp.error_code(), "request_body_validation_error");
        assert!(resp.error_description().starts_with("body:"));
    }
}

#[test]
fn unknown_fields_are_accepted() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let mut body = payment_body(GOOD_CARD);
    body["future_field"] = json!({"anything": [1, 2]});
    body["payment_details"]["card"]["bank_card"]["extra"] = json!(true);
    expect_valid_payment(&api, &body);
    let wallet = json!({"payment_details": {"type": "wallet", "wallet": {"type": "sbp"}},
        "amount_details": {"amount": 1, "currency": "rub"}, "customer": {"reference": "r"}});
    expect_valid_payment(&api, &wallet);
}

#[test]
fn unknown_method_wrong_verb_and_large_body() {
    let (sandbox, api) = hmac_sandbox_with_api();
    let unknown = api.call("session/teleport", &json!({}));
    unknown.assert_error(404, "request_not_found");
    let root = into_resp(agent().get(format!("{}/", sandbox.url())).call().unwrap());
    assert_eq!(root.status, 404);
    let get = into_resp(
        agent()
            .get(format!("{}/api/v1/session/status", sandbox.url()))
            .call()
            .unwrap(),
    );
    assert_eq!(get.status, 405);
    assert_eq!(get.header("allow"), Some("POST"));
    let big = vec![b' '; 1024 * 1024 + 1];
    let sign = api.signer.sign(&big);
    let resp = api.post_with_sign("session/create", &big, &sign);
    resp.assert_error(413, "request_too_large");
    let key = "k".repeat(256);
    let resp = api.call_bytes("session/create", b"{}", Some(&key));
    assert_eq!(resp.error_code(), "request_header_validation_error");
}
