//! Request validation: every operation's `validate` on arbitrary JSON objects, and
//! `sgpay_call` on requests that fail before anything is sent.
//!
//! Input: `OPERATION\nOPTIONS_JSON\nREQUEST_JSON` (an empty options line means NULL).
//!
//! Invariants: no panic; an accepted request keeps the rules of docs/api.md ("Methods", "Objects") as checked
//! here independently (session ids, amounts, currencies, Luhn-valid card numbers, expiry
//! and CVC formats); a refused one names no card number; through the C ABI a request
//! refused locally gives `SGPAY_ERR_INVALID_ARGUMENT` with zero attempts, and no error
//! document shows a full card number.
#![no_main]

use std::ffi::CString;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use sgpay::CallOptions;
use sgpay::ffi::sgpay_call;
use sgpay::internals::operations::{self, OPERATIONS, Operation};
use sgpay::internals::request_body;
use sgpay_fuzz::ffi::{FfiClient, with_out_json};
use sgpay_fuzz::input::split_text_line;
use sgpay_fuzz::{assert_json_is_redacted, assert_no_card_number, check_error_document};

type Object = Map<String, Value>;

/// Operations that check payment details (cards) and amounts when present.
const CHECKS_PAYMENT: [&str; 5] = [
    "session/create",
    "session/init/payment",
    "session/start/payment",
    "session/init/payout",
    "session/start/payout",
];
/// Operations that check only an optional partial amount.
const CHECKS_AMOUNT_ONLY: [&str; 2] = ["session/capture", "session/refund"];

/// Nothing listens on port 1: a request that passed validation would fail fast, but
/// the target only sends requests that fail before the network.
const CONFIG: &str = r#"{"base_url":"http://127.0.0.1:1","project":"fuzz","hmac_secret":"fuzz-secret","max_attempts":1,"connect_timeout_ms":200,"deadline_ms":500}"#;

fn client() -> &'static FfiClient {
    static CLIENT: OnceLock<FfiClient> = OnceLock::new();
    CLIENT.get_or_init(|| FfiClient::expect(CONFIG))
}

fuzz_target!(|data: &[u8]| {
    let Some((operation, rest)) = split_text_line(data) else {
        return;
    };
    let Some((options, request)) = split_text_line(rest) else {
        return;
    };
    let Ok(request) = std::str::from_utf8(request) else {
        return;
    };
    let body = match serde_json::from_str::<Value>(request) {
        Ok(Value::Object(body)) => Some(body),
        _ => None,
    };
    // The request as the library reads it; `body` is the independent reading of the checks.
    let read = request_body::parse(request).ok().flatten();
    assert_eq!(read.is_some(), body.is_some(), "the two readings disagree on {request:?}");
    if let (Some(read), Some(body)) = (&read, &body) {
        for op in OPERATIONS {
            check_validation(op, read, body);
        }
    }
    let options = (!options.is_empty()).then_some(options);
    let options_ok = CallOptions::from_json(options).is_ok();
    let validates = operations::find(operation)
        .zip(read.as_ref())
        .is_some_and(|(op, read)| (op.validate)(read).is_ok());
    if !(options_ok && validates) {
        check_refused_call(operation, options, request);
    }
});

/// Runs one operation's validation on the request as the library reads it, and checks its
/// verdict against `body`.
fn check_validation(op: &Operation, read: &request_body::Object<'_>, body: &Object) {
    match (op.validate)(read) {
        Ok(()) => check_accepted(op.path, body),
        Err(error) => {
            assert_eq!(error.code(), "invalid_argument", "{error}");
            assert_no_card_number(&error.to_string(), "a validation error");
        }
    }
}

/// What an accepted request must hold, by operation.
fn check_accepted(path: &str, body: &Object) {
    if path != "session/create" && path.starts_with("session/") {
        assert!(non_blank(body.get("session_id")) || !needs_session_id(path));
    }
    if CHECKS_PAYMENT.contains(&path) {
        for field in ["payment_details", "payment_method"] {
            if let Some(details) = body.get(field).filter(|v| !v.is_null()) {
                check_payment_details(details);
            }
        }
    }
    let checks_amount = CHECKS_PAYMENT.contains(&path) || CHECKS_AMOUNT_ONLY.contains(&path);
    if let Some(amount) = body
        .get("amount_details")
        .filter(|v| !v.is_null() && checks_amount)
    {
        check_amount(amount);
    }
    match path {
        "session/init/payment" => {
            for field in ["payment_details", "amount_details", "customer"] {
                assert!(present(body, field), "{path} accepted without {field}");
            }
        }
        "session/init/payout" => {
            for field in ["payment_method", "amount_details"] {
                assert!(present(body, field), "{path} accepted without {field}");
            }
        }
        "token/info" => {
            let kind = body["type"].as_str().expect("token/info needs a type");
            assert!(present(body, kind), "token/info accepted without {kind}");
        }
        "wallet/balance" => {
            let when = body["request_datetime"].as_str().expect("request_datetime");
            assert!(when.len() >= 19, "request_datetime {when:?}");
        }
        _ => {}
    }
}

fn needs_session_id(path: &str) -> bool {
    !matches!(path, "session/init/payment" | "session/init/payout")
}

fn present(body: &Object, field: &str) -> bool {
    body.get(field).is_some_and(|v| !v.is_null())
}

fn non_blank(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

fn check_amount(amount: &Value) {
    let amount = amount.as_object().expect("amount_details is an object");
    assert!(
        amount["amount"].as_u64().is_some_and(|a| a > 0),
        "amount {amount:?}"
    );
    let currency = amount["currency"].as_str().expect("currency is a string");
    assert!(currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic()));
}

/// A bank card that passed validation has a Luhn-valid number and well-formed
/// expiry and CVC.
fn check_payment_details(details: &Value) {
    let details = details.as_object().expect("payment details are an object");
    let kind = details["type"]
        .as_str()
        .expect("payment details have a type");
    if kind != "card" {
        return;
    }
    let card = details["card"].as_object().expect("a card object");
    if card.get("type").and_then(Value::as_str) != Some("bank_card") {
        return;
    }
    let bank_card = card["bank_card"].as_object().expect("a bank_card object");
    let number = bank_card["number"].as_str().expect("a card number");
    assert!(
        is_luhn_card_number(number),
        "accepted card number {number:?}"
    );
    if let Some(month) = bank_card.get("expiration_month") {
        let month = month.as_str().expect("a month string");
        let valid = month.len() == 2 && (1..=12).contains(&month.parse::<u32>().unwrap_or(0));
        assert!(valid, "accepted month {month:?}");
    }
    for (field, min, max) in [("expiration_year", 2, 4), ("security_code", 3, 4)] {
        if let Some(value) = bank_card.get(field) {
            let value = value.as_str().expect("a digit string");
            let valid =
                (min..=max).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
            assert!(valid, "accepted {field} {value:?}");
        }
    }
}

/// 14 to 19 ASCII digits whose Luhn sum is a multiple of 10.
fn is_luhn_card_number(number: &str) -> bool {
    if !(14..=19).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0;
    for (i, b) in number.bytes().rev().enumerate() {
        let digit = u32::from(b - b'0');
        sum += if i % 2 == 1 {
            [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][digit as usize]
        } else {
            digit
        };
    }
    sum % 10 == 0
}

/// A call refused before sending: `SGPAY_ERR_INVALID_ARGUMENT`, zero attempts, and an
/// error document without card numbers.
fn check_refused_call(operation: &str, options: Option<&str>, request: &str) {
    let (Ok(operation), Ok(request)) = (CString::new(operation), CString::new(request)) else {
        return;
    };
    let options = match options.map(CString::new) {
        None => None,
        Some(Ok(options)) => Some(options),
        Some(Err(_)) => return,
    };
    let options_ptr = options.as_ref().map_or(std::ptr::null(), |o| o.as_ptr());
    let (status, document) = with_out_json(|out| {
        // SAFETY: valid client and NUL-terminated strings, a writable out-pointer.
        unsafe {
            sgpay_call(
                client().as_ptr(),
                operation.as_ptr(),
                request.as_ptr(),
                options_ptr,
                out,
            )
        }
    });
    assert_eq!(
        status, 1,
        "expected SGPAY_ERR_INVALID_ARGUMENT, got {document:?}"
    );
    let document = document.expect("an error document");
    let value = check_error_document(&document, status);
    assert_eq!(value["sgpay"]["attempts"], 0, "{document}");
    assert_json_is_redacted(&value, "the sgpay_call error document");
}
