//! Reply parsing: the `Retry-After` header and `reply::interpret` on arbitrary replies.
//!
//! Input: `STATUS RETRY_AFTER\nBODY` (a first line that is not a status means 200; the
//! `Retry-After` value is optional).
//!
//! Invariants: no panic; a reply taken as success is 2xx, byte-identical to the body and
//! JSON with `"status": "ok"`; an API error comes only from a JSON body with
//! `"status": "error"` and keeps the HTTP status and `Retry-After`; every refusal is an
//! API or protocol error whose error document is well-formed, shows no full card
//! number and no secret field.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use sgpay::CallError;
use sgpay::Error;
use sgpay::internals::reply::interpret;
use sgpay::internals::retry::{Failure, parse_retry_after};
use sgpay::internals::transport::RawReply;
use sgpay_fuzz::input::split_line;
use sgpay_fuzz::{assert_no_card_number, check_error_document};

fuzz_target!(|data: &[u8]| {
    let (first_line, body) = split_line(data);
    let first_line = String::from_utf8_lossy(first_line);
    let (status_text, retry_text) = first_line.split_once(' ').unwrap_or((&first_line, ""));
    let status = status_text.trim().parse::<u16>().unwrap_or(200);
    let retry_after = (!retry_text.is_empty())
        .then(|| check_retry_after(retry_text))
        .flatten();
    let reply = RawReply {
        status,
        retry_after,
        body: body.to_vec(),
    };
    match interpret(reply) {
        Ok(text) => check_success(status, body, &text),
        Err((error, failure)) => check_refusal(status, retry_after, body, error, &failure),
    }
});

/// A parsed `Retry-After` is the header's number of seconds; values beyond what a
/// `Duration` holds (and infinity) become `Duration::MAX`, which no retry waits for.
fn check_retry_after(header: &str) -> Option<Duration> {
    let parsed = parse_retry_after(header);
    if let Some(pause) = parsed {
        let seconds: f64 = header.trim().parse().expect("accepted only numbers");
        assert!(seconds >= 0.0, "accepted {header:?}");
        if !seconds.is_finite() || seconds >= Duration::MAX.as_secs_f64() {
            assert_eq!(pause, Duration::MAX, "{header:?} became {pause:?}");
        } else {
            let error = (pause.as_secs_f64() - seconds).abs();
            assert!(
                error <= 1e-6 * seconds.max(1.0),
                "{header:?} became {pause:?}"
            );
        }
    }
    parsed
}

fn check_success(status: u16, body: &[u8], text: &str) {
    assert!(
        (200..300).contains(&status),
        "HTTP {status} taken as success"
    );
    assert_eq!(
        text.as_bytes(),
        body,
        "a successful reply is returned unchanged"
    );
    let value: Value = serde_json::from_str(text).expect("a successful reply is JSON");
    assert_eq!(value["status"], "ok", "a success without status ok: {text}");
}

fn check_refusal(
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
    error: Error,
    failure: &Failure,
) {
    let json = serde_json::from_slice::<Value>(body).ok();
    let says_error = json.as_ref().is_some_and(|v| v["status"] == "error");
    match &error {
        Error::Api { http_status, .. } => {
            assert!(says_error, "an API error from a body without status error");
            assert_eq!(*http_status, status);
        }
        Error::Protocol { http_status, .. } => {
            assert!(!says_error, "a protocol error for a body with status error");
            assert_eq!(*http_status, Some(status));
        }
        other => panic!("a reply gave neither an API nor a protocol error: {other:?}"),
    }
    check_failure(status, retry_after, says_error, failure);
    assert_no_card_number(&error.to_string(), "a reply error message");
    let status = error.status();
    check_error_document(&CallError::from(error).document_json(), status);
}

/// How the attempt failed, as the retry rules will see it.
fn check_failure(status: u16, retry_after: Option<Duration>, says_error: bool, failure: &Failure) {
    let success_status = (200..300).contains(&status);
    match failure {
        Failure::Malformed => assert!(success_status && !says_error, "Malformed for HTTP {status}"),
        Failure::Http {
            status: seen,
            retry_after: seen_after,
            code,
        } => {
            assert_eq!(*seen, status);
            let expected_after = if success_status { None } else { retry_after };
            assert_eq!(*seen_after, expected_after, "Retry-After lost or invented");
            assert_eq!(
                code.is_some(),
                says_error,
                "error.code only from an API error"
            );
            assert!(
                !success_status || says_error,
                "HTTP {status} without API error"
            );
        }
        other => panic!("a reply was classified as {other:?}"),
    }
}
