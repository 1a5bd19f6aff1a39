//! Honest outcomes against hostile servers: `NOT_SENT` only when the request surely never
//! reached the server, `OUTCOME_UNKNOWN` whenever an attempt may have been processed and no
//! later answer settled it, and card numbers never in full. Each test is one case of a
//! hostile network, on loopback, with the status it must give.

#![allow(clippy::result_large_err)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::hostile::{Act, HostileServer, api_error, card_numbers_in, html_page, json_reply};
use serde_json::{Value, json};
use sgpay::ffi::{
    SGPAY_ERR_API, SGPAY_ERR_CONFIG, SGPAY_ERR_NOT_SENT, SGPAY_ERR_OUTCOME_UNKNOWN,
    SGPAY_ERR_PROTOCOL,
};
use sgpay::{CallError, CallOptions, Client};

const CARD: &str = "4242424242424242";
const CONFIRM: &str = "session/confirm";

fn config(base_url: &str, extra: Value) -> String {
    let config = json!({"base_url": base_url, "project": "p", "hmac_secret": "s",
                        "request_timeout_ms": 400, "deadline_ms": 5_000});
    common::merged(config, extra).to_string()
}

fn client(base_url: &str, extra: Value) -> Client {
    Client::from_json(&config(base_url, extra)).expect("valid config")
}

fn confirm(client: &Client) -> Result<String, CallError> {
    client.call(CONFIRM, r#"{"session_id":"ps_1"}"#, &CallOptions::default())
}

/// Runs a confirm against a server playing `script` and returns the failure.
fn confirm_against(script: Vec<Act>, then: Act, extra: Value) -> (CallError, HostileServer) {
    let server = HostileServer::start(script, then);
    let err = confirm(&client(&server.http_url(), extra)).expect_err("the call fails");
    (err, server)
}

/// Asks `session/status` once of a server that answers with `act`.
fn status_once(act: Act) -> Result<String, CallError> {
    let server = HostileServer::start(vec![], act);
    let client = client(&server.http_url(), json!({"max_attempts": 1}));
    client.call(
        "session/status",
        r#"{"session_id":"ps_1"}"#,
        &CallOptions::default(),
    )
}

/// Runs a confirm whose first answer is lost, against a server that then plays `then`.
fn after_lost_answer(then: Act) -> CallError {
    confirm_against(vec![Act::DropAfterRead], then, json!({})).0
}

/// Runs a confirm that must fail with "not sent".
fn confirm_not_sent(base_url: &str, extra: Value, why: &str) {
    let err = confirm(&client(base_url, extra)).expect_err(why);
    assert_eq!(err.status(), SGPAY_ERR_NOT_SENT, "{err:?}");
}

fn ok_reply() -> Act {
    json_reply(
        200,
        r#"{"status":"ok","session":{"id":"ps_1","status":"in_progress"}}"#.into(),
    )
}

// Case 1: a later answer never hides an earlier attempt that may have gone through.

#[test]
fn lost_answer_then_html_502_is_outcome_unknown_with_the_last_reply_kept() {
    let err = after_lost_answer(html_page(502));
    assert_eq!(err.status(), SGPAY_ERR_OUTCOME_UNKNOWN, "{err:?}");
    let document = err.document();
    assert_eq!(
        document["sgpay"]["last_reply"]["http_status"], 502,
        "{document}"
    );
    assert_eq!(document["sgpay"]["last_reply"]["code"], "protocol");
    assert_eq!(document["sgpay"]["kind"], "outcome_unknown");
    assert!(document["sgpay"]["idempotency_key"].is_string());
}

#[test]
fn timeout_then_html_504_is_outcome_unknown() {
    let (err, _server) = confirm_against(vec![Act::StallAfterRead], html_page(504), json!({}));
    assert_eq!(err.status(), SGPAY_ERR_OUTCOME_UNKNOWN, "{err:?}");
    assert_eq!(err.document()["sgpay"]["last_reply"]["http_status"], 504);
}

#[test]
fn lost_answer_then_html_200_is_outcome_unknown() {
    let captive = Act::Respond(
        200,
        "Content-Type: text/html\r\n",
        "<html>Login</html>".into(),
    );
    let err = after_lost_answer(captive);
    assert_eq!(err.status(), SGPAY_ERR_OUTCOME_UNKNOWN, "{err:?}");
}

#[test]
fn lost_answer_then_409_key_in_use_waits_and_never_settles_on_it() {
    let started = Instant::now();
    let (err, server) = confirm_against(
        vec![Act::DropAfterRead],
        api_error(409, "idempotency_key_in_use"),
        json!({"deadline_ms": 2_000, "max_attempts": 2}),
    );
    assert_eq!(err.status(), SGPAY_ERR_OUTCOME_UNKNOWN, "{err:?}");
    assert!(
        server.requests() > 2,
        "key in use is waited for past max_attempts: {} requests",
        server.requests()
    );
    assert!(started.elapsed() < Duration::from_millis(3_500));
    assert_eq!(
        err.document()["sgpay"]["last_reply"]["code"],
        "idempotency_key_in_use"
    );
}

#[test]
fn key_in_use_then_the_first_answer_is_success() {
    let server = HostileServer::start(
        vec![
            api_error(409, "idempotency_key_in_use"),
            api_error(409, "idempotency_key_in_use"),
            api_error(409, "idempotency_key_in_use"),
        ],
        ok_reply(),
    );
    let reply = confirm(&client(&server.http_url(), json!({"max_attempts": 2})));
    assert!(reply.is_ok(), "{reply:?}");
    assert_eq!(server.requests(), 4);
}

#[test]
fn lost_answer_then_a_validation_error_settles_the_call() {
    let err = after_lost_answer(api_error(400, "request_body_validation_error"));
    assert_eq!(
        err.status(),
        SGPAY_ERR_API,
        "same bytes, refused: nothing was done"
    );
}

#[test]
fn lost_answer_then_a_conflict_is_outcome_unknown() {
    let err = after_lost_answer(api_error(404, "request_not_found"));
    assert_eq!(err.status(), SGPAY_ERR_OUTCOME_UNKNOWN, "{err:?}");
}

#[test]
fn html_503_and_json_503_classify_the_same() {
    let (html, html_server) = confirm_against(vec![], html_page(503), json!({}));
    let (json_err, json_server) =
        confirm_against(vec![], api_error(503, "service_unavailable"), json!({}));
    assert_eq!(html.status(), SGPAY_ERR_OUTCOME_UNKNOWN, "{html:?}");
    assert_eq!(json_err.status(), SGPAY_ERR_OUTCOME_UNKNOWN, "{json_err:?}");
    assert_eq!(html_server.requests(), json_server.requests());
    assert_eq!(html.context.attempts, json_err.context.attempts);
}

// Case 2: name resolution failures are "not sent".

#[test]
fn a_name_that_does_not_resolve_is_not_sent() {
    confirm_not_sent(
        "https://sgpay-hostile-test.invalid",
        json!({"deadline_ms": 3_000, "connect_timeout_ms": 1_000, "max_attempts": 1}),
        "no such host",
    );
}

// Case 3: a connect, TLS handshake or proxy CONNECT that runs out of time is "not sent",
// whichever timer fires first.

#[test]
fn a_stalled_tls_handshake_within_a_short_request_timeout_is_not_sent() {
    let server = HostileServer::start(vec![], Act::StallBeforeRead);
    confirm_not_sent(
        &server.https_url(),
        json!({"connect_timeout_ms": 10_000, "request_timeout_ms": 300, "deadline_ms": 1_500}),
        "handshake never completes",
    );
}

#[test]
fn a_stalled_tls_handshake_within_a_short_deadline_is_not_sent() {
    let server = HostileServer::start(vec![], Act::StallBeforeRead);
    let started = Instant::now();
    confirm_not_sent(
        &server.https_url(),
        json!({"connect_timeout_ms": 10_000, "request_timeout_ms": 10_000, "deadline_ms": 400}),
        "handshake never completes",
    );
    assert!(started.elapsed() < Duration::from_millis(1_500));
}

#[test]
fn a_stalled_proxy_connect_is_not_sent() {
    let proxy = HostileServer::start(vec![], Act::StallBeforeRead);
    confirm_not_sent(
        "https://127.0.0.1:9",
        json!({"proxy": proxy.http_url(), "connect_timeout_ms": 10_000,
               "request_timeout_ms": 300, "deadline_ms": 1_000}),
        "proxy never answers",
    );
}

// Case 4: every TLS or proxy failure before the request is written is "not sent".

#[test]
fn a_fatal_tls_alert_from_an_old_server_is_not_sent() {
    let protocol_version_alert = vec![0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46];
    let server = HostileServer::start(vec![], Act::RawThenClose(protocol_version_alert));
    confirm_not_sent(&server.https_url(), json!({}), "TLS refused");
}

#[test]
fn plain_http_answering_on_the_tls_port_is_not_sent() {
    let plain = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".to_vec();
    let server = HostileServer::start(vec![], Act::RawThenClose(plain));
    confirm_not_sent(&server.https_url(), json!({}), "not TLS");
}

#[test]
fn a_proxy_that_accepts_connect_then_closes_is_not_sent() {
    let proxy = HostileServer::start(vec![], Act::ConnectOkThenClose);
    let proxy_only = json!({"proxy": proxy.http_url()});
    confirm_not_sent("https://127.0.0.1:9", proxy_only, "the tunnel closes");
    assert!(proxy.requests() >= 1, "the CONNECT was made");
}

// Case 5: card numbers are masked everywhere, whatever their shape.

const GROUPED: [&str; 3] = [
    "4242.4242.4242.4242",
    "4242_4242_4242_4242",
    "4242  4242  4242  4242",
];

/// Another card, grouped by a separator none of [`GROUPED`] uses.
const SLASHED: &str = "5555/5555/5555/4444";

/// `text` shows no card number: not the test card in any spelling it was sent in, nor its
/// first digits, and no Luhn-valid 13–19-digit number at all, whole or grouped.
fn assert_no_card(what: &str, text: &str) {
    assert!(!text.contains(CARD), "{what} shows {CARD}: {text}");
    assert!(
        !text.contains("4242424"),
        "{what} shows a card's first digits: {text}"
    );
    for grouped in GROUPED {
        assert!(!text.contains(grouped), "{what} shows {grouped}: {text}");
    }
    let found = card_numbers_in(text);
    assert!(
        found.is_empty(),
        "{what} shows card numbers {found:?}: {text}"
    );
}

#[test]
fn the_card_scanner_finds_every_spelling_and_skips_masks_and_identifiers() {
    let shown = format!("{CARD}, {} and {SLASHED}", GROUPED.join(" or "));
    assert_eq!(
        card_numbers_in(&shown).len(),
        1 + GROUPED.len() + 1,
        "{shown}"
    );
    assert_eq!(card_numbers_in("ref 7/4242/4242/4242/4242"), [CARD]);
    for clean in [
        "424242******4242",
        "4242 42** **** 4242",
        "ps_4242424242424242x",
        "key 4242424242424242abc",
        "4242424242424241",
        "at 2024-05-27T02:03:00.000000Z, 127.0.0.1:8080",
    ] {
        assert_eq!(card_numbers_in(clean), Vec::<String>::new(), "{clean}");
    }
}

#[test]
fn card_numbers_in_error_keys_grouped_values_and_cut_bodies_are_masked() {
    let description = format!("{} / {SLASHED}", GROUPED.join(" / "));
    let mut error_object = json!({"code": "bad_card", "description": description});
    error_object[CARD] = json!("the number of the card");
    let echo = json_reply(
        400,
        json!({"status": "error", "error": error_object}).to_string(),
    );
    let cut_html = Act::Respond(
        200,
        "Content-Type: text/html\r\n",
        format!("<html>{}{CARD} declined</html>", "x".repeat(108)),
    );
    for (name, act) in [("API error", echo), ("cut HTML body", cut_html)] {
        let err = status_once(act).expect_err(name);
        assert_no_card(name, &err.document_json());
    }
}

#[test]
fn card_numbers_in_the_callers_own_session_id_and_key_are_masked() {
    let server = HostileServer::start(vec![], api_error(404, "request_not_found"));
    let client = client(&server.http_url(), json!({}));
    let options = CallOptions {
        idempotency_key: Some(format!("receipt-{}", GROUPED[0])),
        ..Default::default()
    };
    let body = json!({"session_id": format!("ps_{CARD}")}).to_string();
    let err = client.call(CONFIRM, &body, &options).expect_err("404");
    assert_eq!(err.status(), SGPAY_ERR_API);
    assert_no_card("error document", &err.document_json());
}

#[test]
fn log_lines_never_show_card_numbers() {
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = lines.clone();
    sgpay::internals::logging::set_sink(
        Some(Box::new(move |_, line| {
            sink.lock().unwrap().push(line.to_owned())
        })),
        5,
    );
    let body = format!(
        r#"{{"status":"error","error":{{"code":"x","description":"{}"}}}}"#,
        GROUPED[2]
    );
    let server = HostileServer::start(vec![json_reply(503, body)], api_error(400, "x"));
    let client = client(&server.http_url(), json!({}));
    let _ = confirm(&client);
    sgpay::internals::logging::set_sink(None, 0);
    let lines = lines.lock().unwrap();
    assert!(lines.iter().any(|l| l.contains("503")), "{lines:?}");
    for line in lines.iter() {
        assert_no_card("log line", line);
    }
}

// Case 6: an unusable proxy URL is a configuration error naming the problem.

#[test]
fn a_proxy_port_out_of_range_is_a_config_error() {
    for (proxy, words) in [
        ("http://127.0.0.1:99999999", "outside 1 to 65535"),
        ("http://127.0.0.1:0", "outside 1 to 65535"),
        ("ftp://127.0.0.1:8080", "http://"),
        ("not a url", "not a URL"),
    ] {
        let err = Client::from_json(&config("http://127.0.0.1:1", json!({"proxy": proxy})))
            .expect_err(proxy);
        assert_eq!(err.status(), SGPAY_ERR_CONFIG, "{proxy}");
        assert!(err.to_string().contains(words), "{proxy}: {err}");
    }
    assert!(
        Client::from_json(&config(
            "http://127.0.0.1:1",
            json!({"proxy": "http://u:p@proxy:3128"})
        ))
        .is_ok()
    );
}

// Case 7: a deeply nested reply is a protocol error, not a success nor a crash.

#[test]
fn a_deeply_nested_success_reply_is_a_protocol_error() {
    let depth = 100_000;
    let body = format!(
        r#"{{"status":"ok","session":{}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = status_once(json_reply(200, body)).expect_err("too deep");
    assert_eq!(err.status(), SGPAY_ERR_PROTOCOL, "{err}");
}

#[test]
fn a_plain_success_still_succeeds_through_the_phase_watch() {
    let server = HostileServer::start(vec![], ok_reply());
    let client = client(&server.http_url(), json!({}));
    for _ in 0..3 {
        let reply = confirm(&client).expect("the server answers ok");
        assert!(reply.contains("\"ps_1\""), "{reply}");
    }
    assert_eq!(server.requests(), 3, "one request per call, kept alive");
}
