//! Every money-moving operation against every fault the sandbox can inject, each pair its
//! own test: the status returned, the attempts the sandbox received, the one idempotency key
//! they all carried, the time taken, and exactly one movement of money (none when no
//! attempt was processed), counted by the sandbox per kind and per idempotency key.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};
use sgpay::ffi::{SGPAY_ERR_NOT_SENT, SGPAY_ERR_OUTCOME_UNKNOWN, SGPAY_OK};
use sgpay::{CallError, Client};
use sgpay_sandbox::Sandbox;

const DEADLINE_MS: u64 = 8_000;
/// Slack allowed past the deadline for the last attempt's own bookkeeping.
const DEADLINE_MARGIN: Duration = Duration::from_millis(1_500);

/// One operation with the state it needs.
struct Operation {
    path: &'static str,
    /// Prepares the sandbox and returns the request body; never calls `path` itself.
    setup: fn(&Client) -> Value,
    /// The sandbox's counter of the money movement a successful call makes.
    counter: &'static str,
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

/// An operation of the matrix: its path, how to prepare it, and its money counter.
const fn op(path: &'static str, setup: fn(&Client) -> Value, counter: &'static str) -> Operation {
    Operation {
        path,
        setup,
        counter,
    }
}

const INIT_PAYMENT: Operation = op("session/init/payment", init_payment, "payments_created");
const START_PAYMENT: Operation = op(
    "session/start/payment",
    start_payment_body,
    "payments_created",
);
const CONFIRM: Operation = op("session/confirm", confirm_body, "confirms_accepted");
const CAPTURE: Operation = op("session/capture", capture_body, "captures_created");
const REFUND: Operation = op("session/refund", refund_body, "refunds_created");
const INIT_PAYOUT: Operation = op("session/init/payout", init_payout, "payouts_created");

const OPERATIONS: &[Operation] = &[
    INIT_PAYMENT,
    START_PAYMENT,
    CONFIRM,
    CAPTURE,
    REFUND,
    INIT_PAYOUT,
];

/// A fault, how often it strikes, and what the caller must see.
struct Fault {
    /// The fault as `POST /_sandbox/faults` takes it, without operation and count.
    spec: Value,
    count: u32,
    status: i32,
    /// Requests the sandbox must receive.
    attempts: u64,
    /// Shortest time the call may take (a honoured Retry-After).
    at_least: Duration,
    /// Whether some attempt is processed, so that money moves (exactly once).
    processed: bool,
}

/// The faults of the matrix, one function per case.
mod faults {
    use super::*;

    /// A fault striking once, after which the retry succeeds.
    fn once(spec: Value) -> Fault {
        Fault {
            spec,
            count: 1,
            status: SGPAY_OK,
            attempts: 2,
            at_least: Duration::ZERO,
            processed: true,
        }
    }

    fn error_reply(http_status: u16, code: &str, description: &str) -> Value {
        json!({"kind": "status", "http_status": http_status,
               "body": {"status": "error", "error": {"code": code, "description": description}}})
    }

    fn service_unavailable() -> Value {
        error_reply(503, "service_unavailable", "Try later")
    }

    pub fn delay_past_the_timeout() -> Fault {
        once(json!({"kind": "delay", "delay_ms": 1_200}))
    }

    pub fn http_500() -> Fault {
        once(error_reply(500, "internal_error", "Internal server error"))
    }

    pub fn http_502() -> Fault {
        once(error_reply(502, "bad_gateway", "Upstream failed"))
    }

    pub fn http_503_twice() -> Fault {
        Fault {
            count: 2,
            attempts: 3,
            ..once(service_unavailable())
        }
    }

    pub fn http_503_on_every_attempt() -> Fault {
        Fault {
            count: 3,
            status: SGPAY_ERR_OUTCOME_UNKNOWN,
            attempts: 3,
            processed: false,
            ..once(service_unavailable())
        }
    }

    pub fn http_429_with_retry_after() -> Fault {
        let mut spec = error_reply(429, "too_many_requests", "Slow down");
        spec["retry_after"] = json!("1");
        Fault {
            at_least: Duration::from_secs(1),
            ..once(spec)
        }
    }

    pub fn malformed_json() -> Fault {
        once(json!({"kind": "malformed_json"}))
    }

    pub fn drop_before_processing() -> Fault {
        once(json!({"kind": "drop_before"}))
    }

    pub fn drop_after_processing() -> Fault {
        once(json!({"kind": "drop_after"}))
    }

    pub fn drop_after_processing_on_every_attempt() -> Fault {
        Fault {
            count: 3,
            status: SGPAY_ERR_OUTCOME_UNKNOWN,
            attempts: 3,
            ..once(json!({"kind": "drop_after"}))
        }
    }
}

fn client(sandbox: &Sandbox) -> Client {
    client_for(
        sandbox,
        json!({"request_timeout_ms": 500, "deadline_ms": DEADLINE_MS}),
    )
}

/// The sandbox's counters of money moved: of every kind, and of the operation's kind.
struct Moved {
    all: u64,
    of_kind: u64,
}

impl Moved {
    fn read(stats: &Value, op: &Operation) -> Moved {
        let count = |name: &str| {
            stats[name]
                .as_u64()
                .unwrap_or_else(|| panic!("no {name} in the stats: {stats}"))
        };
        Moved {
            all: count("money_movements"),
            of_kind: count(op.counter),
        }
    }
}

/// Runs `op` against `fault` on a sandbox of its own and checks everything the sandbox saw.
fn run_case(op: &Operation, name: &str, fault: Fault) {
    let case = format!("{} × {name}", op.path);
    let sandbox = rsa_sandbox();
    let client = client(&sandbox);
    let body = (op.setup)(&client);
    let before = sandbox.stats();
    assert_eq!(
        before["requests"].get(op.path),
        None,
        "{case}: the setup called the operation under test"
    );
    let mut spec = fault.spec.clone();
    spec["operation"] = json!(op.path);
    spec["count"] = json!(fault.count);
    sandbox.push_fault(spec).unwrap();
    let started = Instant::now();
    let result = client.call(op.path, &body.to_string(), &Default::default());
    let elapsed = started.elapsed();
    let stats = sandbox.stats();
    let status = result.as_ref().map_or_else(CallError::status, |_| SGPAY_OK);
    assert_eq!(status, fault.status, "{case}: {result:?}");
    let key = the_one_key(&stats, op.path, fault.attempts, &case);
    if let Err(error) = &result {
        assert_eq!(
            u64::from(error.context.attempts),
            fault.attempts,
            "{case}: the attempts the error reports are those the sandbox received"
        );
        assert_eq!(
            error.context.idempotency_key.as_deref(),
            Some(key.as_str()),
            "{case}: the error document carries the key"
        );
    }
    let (after, before) = (Moved::read(&stats, op), Moved::read(&before, op));
    let made = u64::from(fault.processed);
    assert_eq!(
        (after.all - before.all, after.of_kind - before.of_kind),
        (made, made),
        "{case}: money movements (all kinds, {}) made by the call: {stats}",
        op.counter
    );
    check_movements_per_key(&stats, &key, made, &case);
    assert!(elapsed >= fault.at_least, "{case}: took {elapsed:?}");
    assert!(
        elapsed < Duration::from_millis(DEADLINE_MS) + DEADLINE_MARGIN,
        "{case}: took {elapsed:?}"
    );
}

/// The idempotency key of a call, checking that the sandbox received `attempts` requests
/// of `path` and that every one of them carried that same key.
fn the_one_key(stats: &Value, path: &str, attempts: u64, case: &str) -> String {
    assert_eq!(
        stats["requests"][path], attempts,
        "{case}: requests the sandbox received: {stats}"
    );
    let keys = stats["idempotency_keys_by_operation"][path]
        .as_object()
        .unwrap_or_else(|| panic!("{case}: no attempt carried an idempotency key: {stats}"));
    let [(key, count)] = keys.iter().collect::<Vec<_>>()[..] else {
        panic!("{case}: the attempts carried {} keys: {keys:?}", keys.len());
    };
    assert_eq!(count, attempts, "{case}: attempts carrying {key}: {keys:?}");
    key.clone()
}

/// The call's key made `made` money movements, and no key ever made more than one.
fn check_movements_per_key(stats: &Value, key: &str, made: u64, case: &str) {
    let by_key = stats["money_movements_by_idempotency_key"]
        .as_object()
        .unwrap();
    let of_key = by_key.get(key).and_then(Value::as_u64).unwrap_or(0);
    assert_eq!(of_key, made, "{case}: money movements with {key}: {stats}");
    for (key, count) in by_key {
        assert!(
            count.as_u64().unwrap() <= 1,
            "{case}: {count} money movements with key {key}"
        );
    }
}

/// One `#[test]` per fault of [`faults`] for the operation `$op`, named after the fault.
macro_rules! fault_tests {
    ($op:ident: $($fault:ident),* $(,)?) => {
        $(
            #[test]
            fn $fault() {
                run_case(&$op, stringify!($fault), faults::$fault());
            }
        )*
    };
}

/// A module of fault tests for each operation.
macro_rules! fault_matrix {
    ($($module:ident => $op:ident),* $(,)?) => {
        $(
            mod $module {
                use super::*;

                fault_tests!($op:
                    delay_past_the_timeout,
                    http_500,
                    http_502,
                    http_503_twice,
                    http_503_on_every_attempt,
                    http_429_with_retry_after,
                    malformed_json,
                    drop_before_processing,
                    drop_after_processing,
                    drop_after_processing_on_every_attempt,
                );
            }
        )*
    };
}

fault_matrix! {
    init_payment => INIT_PAYMENT,
    start_payment => START_PAYMENT,
    confirm => CONFIRM,
    capture => CAPTURE,
    refund => REFUND,
    init_payout => INIT_PAYOUT,
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
