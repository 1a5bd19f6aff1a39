//! Every money-moving operation against every fault the sandbox can inject: the status
//! returned, the attempts made, the time taken, and never more than one payment per
//! idempotency key.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};
use sgpay::Client;
use sgpay::ffi::{SGPAY_ERR_NOT_SENT, SGPAY_ERR_OUTCOME_UNKNOWN, SGPAY_OK};
use sgpay_sandbox::Sandbox;

const DEADLINE_MS: u64 = 8_000;
/// Slack allowed past the deadline for the last attempt's own bookkeeping.
const DEADLINE_MARGIN: Duration = Duration::from_millis(1_500);

/// One operation with the state it needs.
struct Operation {
    path: &'static str,
    /// Prepares the sandbox and returns the request body.
    setup: fn(&Client) -> Value,
    /// Whether a successful call creates a payment (checked in the stats).
    creates_payment: bool,
}

fn init_payment(_: &Client) -> Value {
    init_payment_body("4242424242424242")
}

fn start_payment_body(client: &Client) -> Value {
    let session = call(client, "session/create", &json!({})).unwrap();
    let mut body = init_payment_body("4242424242424242");
    body["session_id"] = session["session"]["id"].clone();
    body
}

fn confirm_body(client: &Client) -> Value {
    let id = start_payment(client, "4242424242424242");
    wait_until(client, &id, next_action_is("confirm"));
    json!({"session_id": id})
}

fn capture_body(client: &Client) -> Value {
    let id = start_payment(client, "4000000000009995");
    wait_until(client, &id, next_action_is("confirm"));
    call(client, "session/confirm", &json!({"session_id": id})).unwrap();
    wait_until(client, &id, next_action_is("capture"));
    json!({"session_id": id})
}

fn refund_body(client: &Client) -> Value {
    let body = confirm_body(client);
    call(client, "session/confirm", &body).unwrap();
    wait_until(
        client,
        body["session_id"].as_str().unwrap(),
        status_is("accepted"),
    );
    json!({"session_id": body["session_id"], "amount_details": {"amount": 100, "currency": "rub"}})
}

fn init_payout(_: &Client) -> Value {
    json!({"payment_method": card("5555555555554444"), "amount_details": {"amount": 700, "currency": "rub"}})
}

const OPERATIONS: &[Operation] = &[
    Operation {
        path: "session/init/payment",
        setup: init_payment,
        creates_payment: true,
    },
    Operation {
        path: "session/start/payment",
        setup: start_payment_body,
        creates_payment: true,
    },
    Operation {
        path: "session/confirm",
        setup: confirm_body,
        creates_payment: false,
    },
    Operation {
        path: "session/capture",
        setup: capture_body,
        creates_payment: false,
    },
    Operation {
        path: "session/refund",
        setup: refund_body,
        creates_payment: false,
    },
    Operation {
        path: "session/init/payout",
        setup: init_payout,
        creates_payment: false,
    },
];

/// A fault, how often it strikes, and what the caller must see.
struct Fault {
    name: &'static str,
    spec: fn() -> Value,
    count: u32,
    status: i32,
    attempts: u32,
    /// Shortest time the call may take (a honoured Retry-After).
    at_least: Duration,
}

fn delay_past_timeout() -> Value {
    json!({"kind": "delay", "delay_ms": 1_200})
}
fn http_500() -> Value {
    json!({"kind": "status", "http_status": 500,
           "body": {"status": "error", "error": {"code": "internal_error", "description": "Internal server error"}}})
}
fn http_502() -> Value {
    json!({"kind": "status", "http_status": 502,
           "body": {"status": "error", "error": {"code": "bad_gateway", "description": "Upstream failed"}}})
}
fn http_503() -> Value {
    json!({"kind": "status", "http_status": 503,
           "body": {"status": "error", "error": {"code": "service_unavailable", "description": "Try later"}}})
}
fn http_429() -> Value {
    json!({"kind": "status", "http_status": 429, "retry_after": "1",
           "body": {"status": "error", "error": {"code": "too_many_requests", "description": "Slow down"}}})
}
fn malformed() -> Value {
    json!({"kind": "malformed_json"})
}
fn drop_before() -> Value {
    json!({"kind": "drop_before"})
}
fn drop_after() -> Value {
    json!({"kind": "drop_after"})
}

const ZERO: Duration = Duration::ZERO;

const FAULTS: &[Fault] = &[
    Fault {
        name: "delay past the timeout",
        spec: delay_past_timeout,
        count: 1,
        status: SGPAY_OK,
        attempts: 2,
        at_least: ZERO,
    },
    Fault {
        name: "500 JSON",
        spec: http_500,
        count: 1,
        status: SGPAY_OK,
        attempts: 2,
        at_least: ZERO,
    },
    Fault {
        name: "502 JSON",
        spec: http_502,
        count: 1,
        status: SGPAY_OK,
        attempts: 2,
        at_least: ZERO,
    },
    Fault {
        name: "503 JSON",
        spec: http_503,
        count: 2,
        status: SGPAY_OK,
        attempts: 3,
        at_least: ZERO,
    },
    Fault {
        name: "503 on every attempt",
        spec: http_503,
        count: 3,
        status: SGPAY_ERR_OUTCOME_UNKNOWN,
        attempts: 3,
        at_least: ZERO,
    },
    Fault {
        name: "429 with Retry-After",
        spec: http_429,
        count: 1,
        status: SGPAY_OK,
        attempts: 2,
        at_least: Duration::from_secs(1),
    },
    Fault {
        name: "malformed JSON",
        spec: malformed,
        count: 1,
        status: SGPAY_OK,
        attempts: 2,
        at_least: ZERO,
    },
    Fault {
        name: "drop before processing",
        spec: drop_before,
        count: 1,
        status: SGPAY_OK,
        attempts: 2,
        at_least: ZERO,
    },
    Fault {
        name: "drop after processing",
        spec: drop_after,
        count: 1,
        status: SGPAY_OK,
        attempts: 2,
        at_least: ZERO,
    },
    Fault {
        name: "drop after processing, every attempt",
        spec: drop_after,
        count: 3,
        status: SGPAY_ERR_OUTCOME_UNKNOWN,
        attempts: 3,
        at_least: ZERO,
    },
];

fn client(sandbox: &Sandbox) -> Client {
    client_for(
        sandbox,
        json!({"request_timeout_ms": 500, "deadline_ms": DEADLINE_MS}),
    )
}

fn run_case(sandbox: &Sandbox, op: &Operation, fault: &Fault) {
    sandbox.reset();
    let client = client(sandbox);
    let body = (op.setup)(&client);
    let mut spec = (fault.spec)();
    spec["operation"] = json!(op.path);
    spec["count"] = json!(fault.count);
    sandbox.push_fault(spec).unwrap();
    let started = Instant::now();
    let result = client.call(op.path, &body.to_string(), &Default::default());
    let elapsed = started.elapsed();
    let case = format!("{} × {}", op.path, fault.name);
    let (status, attempts, key) = match &result {
        Ok(_) => (SGPAY_OK, None, None),
        Err(e) => (
            e.status(),
            Some(e.context.attempts),
            e.context.idempotency_key.clone(),
        ),
    };
    assert_eq!(status, fault.status, "{case}: {result:?}");
    if let Some(attempts) = attempts {
        assert_eq!(attempts, fault.attempts, "{case}");
        assert!(key.is_some(), "{case}: the error document carries the key");
    } else {
        assert_eq!(
            sandbox.stats()["requests"][op.path],
            fault.attempts,
            "{case}: attempts"
        );
    }
    assert!(elapsed >= fault.at_least, "{case}: took {elapsed:?}");
    assert!(
        elapsed < Duration::from_millis(DEADLINE_MS) + DEADLINE_MARGIN,
        "{case}: took {elapsed:?}"
    );
    for (key, count) in sandbox.stats()["payments_by_idempotency_key"]
        .as_object()
        .unwrap()
    {
        assert!(
            count.as_u64().unwrap() <= 1,
            "{case}: {count} payments for key {key}"
        );
    }
    if op.creates_payment && status == SGPAY_OK {
        assert_eq!(sandbox.stats()["payments_created"], 1, "{case}");
    }
}

#[test]
fn every_operation_survives_every_fault() {
    let sandbox = rsa_sandbox();
    for op in OPERATIONS {
        for fault in FAULTS {
            run_case(&sandbox, op, fault);
        }
    }
}

#[test]
fn server_not_listening_is_not_sent_within_the_deadline() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let config = json!({"base_url": format!("http://127.0.0.1:{port}"), "project": PROJECT,
                        "hmac_secret": "s", "deadline_ms": DEADLINE_MS});
    let client = Client::from_json(&config.to_string()).unwrap();
    for op in OPERATIONS {
        let started = Instant::now();
        let body = json!({"session_id": "ps_1", "payment_method": card("5555555555554444"),
                          "amount_details": {"amount": 700, "currency": "rub"},
                          "payment_details": card("4242424242424242"), "customer": {}});
        let err = client
            .call(op.path, &body.to_string(), &Default::default())
            .unwrap_err();
        assert_eq!(err.status(), SGPAY_ERR_NOT_SENT, "{}: {err:?}", op.path);
        assert_eq!(err.context.attempts, 3, "{}", op.path);
        assert!(started.elapsed() < Duration::from_millis(DEADLINE_MS) + DEADLINE_MARGIN);
    }
}

#[test]
fn outcome_unknown_is_recovered_by_repeating_with_the_same_key() {
    let sandbox = rsa_sandbox();
    let client = client_for(&sandbox, json!({"max_attempts": 1}));
    let body = init_payment_body("4242424242424242");
    sandbox
        .push_fault(json!({"operation": "session/init/payment", "kind": "drop_after"}))
        .unwrap();
    let err = call(&client, "session/init/payment", &body).unwrap_err();
    assert_eq!(err.status(), SGPAY_ERR_OUTCOME_UNKNOWN);
    let key = err.document()["sgpay"]["idempotency_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = call_with(&client, "session/init/payment", &body, &keyed(&key)).unwrap();
    assert_eq!(reply["status"], "ok");
    let stats = sandbox.stats();
    assert_eq!(stats["payments_created"], 1, "{stats}");
    assert_eq!(
        stats["payments_by_idempotency_key"][key.as_str()],
        1,
        "{stats}"
    );
}

#[test]
fn a_call_never_outlives_its_deadline() {
    let sandbox = rsa_sandbox();
    let client = client_for(
        &sandbox,
        json!({"deadline_ms": 1_000, "request_timeout_ms": 5_000, "max_attempts": 10}),
    );
    sandbox
        .push_fault(
            json!({"operation": "session/init/payment", "kind": "delay", "delay_ms": 3_000}),
        )
        .unwrap();
    let started = Instant::now();
    let err = call(
        &client,
        "session/init/payment",
        &init_payment_body("4242424242424242"),
    )
    .unwrap_err();
    assert_eq!(err.status(), SGPAY_ERR_OUTCOME_UNKNOWN, "{err:?}");
    assert!(
        started.elapsed() < Duration::from_millis(1_000) + DEADLINE_MARGIN,
        "{:?}",
        started.elapsed()
    );
}
