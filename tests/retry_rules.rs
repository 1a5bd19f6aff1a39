//! The retry rules as a table: realistic replies (as servers and proxies really send
//! them) run through the reply interpreter and the pure decision function.

use std::time::Duration;

use sgpay::Error;
use sgpay::internals::reply::interpret;
use sgpay::internals::retry::{
    Decision, Failure, Fate, MAX_RETRY_AFTER, Situation, backoff, decide, fate, outcome_is_unknown,
};
use sgpay::internals::transport::RawReply;

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// What the decision should be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Retry,
    RetryAfterSecs(u64),
    Stop,
}

/// One reply and the decisions it must get: what it is, its HTTP status, its Retry-After
/// in seconds, its body, then the decision with an idempotency key and without one.
type Row = (&'static str, u16, Option<u64>, &'static str, Expect, Expect);

const fn row(
    what: &'static str,
    status: u16,
    retry_after: Option<u64>,
    body: &'static str,
    with_key: Expect,
    without_key: Expect,
) -> Row {
    (what, status, retry_after, body, with_key, without_key)
}

use Expect::{Retry, RetryAfterSecs, Stop};

const ROWS: &[Row] = &[
    row(
        "503 JSON with Retry-After",
        503,
        Some(1),
        r#"{"status":"error","error":{"code":"service_unavailable","description":"Service temporarily unavailable, try again later"}}"#,
        RetryAfterSecs(1),
        Stop,
    ),
    row(
        "500 well-formed API error",
        500,
        None,
        r#"{"status":"error","error":{"code":"internal_error","description":"Internal server error"}}"#,
        Retry,
        Stop,
    ),
    row("502 from nginx in HTML", 502, None, NGINX_502, Retry, Stop),
    row("504 with an empty body", 504, None, "", Retry, Stop),
    row(
        "429 with Retry-After",
        429,
        Some(2),
        r#"{"status":"error","error":{"code":"too_many_requests","description":"Rate limit exceeded"}}"#,
        RetryAfterSecs(2),
        Stop,
    ),
    row(
        "429 asking for longer than the cap",
        429,
        Some(120),
        r#"{"status":"error","error":{"code":"too_many_requests","description":"Rate limit exceeded"}}"#,
        Stop,
        Stop,
    ),
    row(
        "400 validation error",
        400,
        None,
        r#"{"status":"error","error":{"code":"request_body_validation_error","description":"amount_details.amount: must be positive"}}"#,
        Stop,
        Stop,
    ),
    row(
        "401 bad signature",
        401,
        None,
        r#"{"status":"error","error":{"code":"invalid_sign","description":"Signature is invalid"}}"#,
        Stop,
        Stop,
    ),
    row(
        "401 unknown project",
        401,
        None,
        r#"{"status":"error","error":{"code":"partner_project_not_found","description":"Project not found"}}"#,
        Stop,
        Stop,
    ),
    row(
        "400 idempotency conflict",
        400,
        None,
        r#"{"status":"error","error":{"code":"idempotency_key_already_exists","description":"The key was used with another request"}}"#,
        Stop,
        Stop,
    ),
    row(
        "404 unknown session",
        404,
        None,
        r#"{"status":"error","error":{"code":"request_not_found","description":"Session ps_1 not found"}}"#,
        Stop,
        Stop,
    ),
    row(
        "200 cut off mid-body",
        200,
        None,
        r#"{"status":"ok","session":{"id":"ps_1","sta"#,
        Retry,
        Stop,
    ),
    row(
        "200 HTML from a captive portal",
        200,
        None,
        "<html><body>Login</body></html>",
        Retry,
        Stop,
    ),
    row(
        "200 with status error",
        200,
        None,
        r#"{"status":"error","error":{"code":"session_already_finished","description":"The session is finished"}}"#,
        Stop,
        Stop,
    ),
];

fn situation(repeatable: bool) -> Situation {
    Situation {
        repeatable,
        attempt: 1,
        max_attempts: 3,
        time_left: Duration::from_secs(60),
        jitter: 0.5,
    }
}

fn check(decision: &Decision, expect: Expect) -> bool {
    match (decision, expect) {
        (Decision::Stop, Stop) => true,
        (Decision::RetryAfter(pause), Retry) => *pause == backoff(1, 0.5),
        (Decision::RetryAfter(pause), RetryAfterSecs(s)) => *pause == Duration::from_secs(s),
        _ => false,
    }
}

#[test]
fn every_reply_row_decides_as_the_table_says() {
    for &(what, status, retry_after, body, with_key, without_key) in ROWS {
        let reply = RawReply {
            status,
            retry_after: retry_after.map(Duration::from_secs),
            body: body.as_bytes().to_vec(),
        };
        let (_, failure) = interpret(reply).expect_err(what);
        for (repeatable, expect) in [(true, with_key), (false, without_key)] {
            let decision = decide(&failure, situation(repeatable));
            assert!(
                check(&decision, expect),
                "{what} (key: {repeatable}): {decision:?}, want {expect:?}"
            );
        }
    }
}

#[test]
fn transport_failures() {
    for repeatable in [true, false] {
        let decision = decide(&Failure::NotSent, situation(repeatable));
        assert_eq!(
            decision,
            Decision::RetryAfter(backoff(1, 0.5)),
            "never sent: always retried"
        );
    }
    assert!(matches!(
        decide(&Failure::NoReply, situation(true)),
        Decision::RetryAfter(_)
    ));
    assert_eq!(decide(&Failure::NoReply, situation(false)), Decision::Stop);
}

#[test]
fn attempts_and_deadline_bound_retries() {
    let last = Situation {
        attempt: 3,
        ..situation(true)
    };
    assert_eq!(decide(&Failure::NotSent, last), Decision::Stop);
    let late = Situation {
        time_left: Duration::from_millis(50),
        ..situation(true)
    };
    assert_eq!(decide(&Failure::NotSent, late), Decision::Stop);
    let retry_after = Failure::Http {
        status: 503,
        retry_after: Some(Duration::from_secs(5)),
        code: None,
    };
    let short = Situation {
        time_left: Duration::from_secs(4),
        ..situation(true)
    };
    assert_eq!(
        decide(&retry_after, short),
        Decision::Stop,
        "a pause past the deadline is not taken"
    );
}

#[test]
fn backoff_grows_with_jitter_and_is_capped() {
    assert_eq!(backoff(1, 0.0), Duration::from_millis(100));
    assert_eq!(backoff(1, 1.0), Duration::from_millis(200));
    assert!(backoff(2, 0.0) > backoff(1, 1.0) - Duration::from_millis(1));
    assert!(backoff(3, 0.5) > backoff(2, 0.5));
    assert_eq!(backoff(30, 1.0), Duration::from_secs(5));
    assert_eq!(backoff(30, 0.0), Duration::from_millis(2500));
}

#[test]
fn successful_reply_is_returned_unchanged() {
    let body = "{\"status\":\"ok\",  \"session\":{\"id\":\"ps_1\",\"metadata\":\"Привет\"}}";
    let reply = RawReply {
        status: 200,
        retry_after: None,
        body: body.as_bytes().to_vec(),
    };
    assert_eq!(interpret(reply).unwrap(), body);
}

#[test]
fn absurd_retry_after_values_stop_instead_of_panicking() {
    for value in ["1e20", "inf", "18446744073709551616"] {
        let after = sgpay::internals::retry::parse_retry_after(value).expect(value);
        let failure = Failure::Http {
            status: 503,
            retry_after: Some(after),
            code: None,
        };
        assert_eq!(decide(&failure, situation(true)), Decision::Stop, "{value}");
    }
    assert_eq!(sgpay::internals::retry::parse_retry_after("NaN"), None);
    assert_eq!(sgpay::internals::retry::parse_retry_after("-1"), None);
    assert_eq!(
        sgpay::internals::retry::parse_retry_after(" 2 "),
        Some(Duration::from_secs(2))
    );
}

#[test]
fn api_errors_of_any_shape_get_a_code_and_description() {
    for body in [
        r#"{"status":"error","error":"boom"}"#,
        r#"{"status":"error"}"#,
        r#"{"status":"error","error":{"reason":"x"}}"#,
        r#"{"status":"error","error":{"code":7,"description":null}}"#,
    ] {
        let reply = RawReply {
            status: 400,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        };
        let (error, _) = interpret(reply).expect_err(body);
        let document = sgpay::CallError::from(error).document();
        assert!(document["error"]["code"].is_string(), "{body}: {document}");
        assert!(
            document["error"]["description"].is_string(),
            "{body}: {document}"
        );
    }
}

#[test]
fn retry_after_as_an_http_date_is_the_time_left_until_then() {
    let in_three = std::time::SystemTime::now() + Duration::from_secs(3);
    let header = httpdate::fmt_http_date(in_three);
    let wait = sgpay::internals::retry::parse_retry_after(&header).expect(&header);
    assert!(
        wait > Duration::from_secs(1) && wait <= Duration::from_secs(3),
        "{header}: {wait:?}"
    );
    assert_eq!(
        sgpay::internals::retry::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(Duration::ZERO)
    );
    assert_eq!(
        sgpay::internals::retry::parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT")
            .map(|d| d > MAX_RETRY_AFTER),
        Some(true)
    );
    assert_eq!(sgpay::internals::retry::parse_retry_after("tomorrow"), None);
}

/// What a money-moving call that stops on `failure` (with `error`, and no earlier attempt in
/// doubt) reports to its caller.
fn reported(error: Error, failure: &Failure) -> Error {
    if outcome_is_unknown(false, false, failure) {
        Error::OutcomeUnknown {
            message: "outcome unknown".into(),
            last_reply: None,
        }
    } else {
        error
    }
}

/// The answer-state table: for every reply of the table and every transport failure, the
/// fate the journal records and `pay` acts on, the status the caller is told, and the retry
/// loop's own judgement agree.
#[test]
fn every_kind_of_failure_has_one_fate() {
    let expected: &[(&str, Fate)] = &[
        ("503 JSON with Retry-After", Fate::InDoubt),
        ("500 well-formed API error", Fate::InDoubt),
        ("502 from nginx in HTML", Fate::InDoubt),
        ("504 with an empty body", Fate::InDoubt),
        ("429 with Retry-After", Fate::Refused),
        ("429 asking for longer than the cap", Fate::Refused),
        ("400 validation error", Fate::Refused),
        ("401 bad signature", Fate::Refused),
        ("401 unknown project", Fate::Refused),
        ("400 idempotency conflict", Fate::Refused),
        ("404 unknown session", Fate::Refused),
        ("200 cut off mid-body", Fate::InDoubt),
        ("200 HTML from a captive portal", Fate::InDoubt),
        ("200 with status error", Fate::InDoubt),
    ];
    assert_eq!(expected.len(), ROWS.len(), "every row has its fate");
    for (&(what, status, retry_after, body, ..), &(named, want)) in ROWS.iter().zip(expected) {
        assert_eq!(what, named);
        let reply = RawReply {
            status,
            retry_after: retry_after.map(Duration::from_secs),
            body: body.as_bytes().to_vec(),
        };
        let (error, failure) = interpret(reply).expect_err(what);
        assert_eq!(fate(&error), want, "{what}: the error's own fate");
        assert_eq!(
            fate(&reported(error, &failure)),
            want,
            "{what}: the fate of what the caller is told"
        );
        assert_eq!(
            failure.may_have_acted(),
            want == Fate::InDoubt,
            "{what}: the retry loop's judgement"
        );
    }
    let key_in_use = Error::Api {
        http_status: 409,
        code: "idempotency_key_in_use".into(),
        description: "still processing".into(),
        error: serde_json::Value::Null,
    };
    let rows: [(&str, Error, Fate); 9] = [
        ("still processing", key_in_use, Fate::InDoubt),
        ("never sent", Error::not_sent("refused"), Fate::NotSent),
        (
            "bad argument",
            Error::InvalidArgument("x".into()),
            Fate::NotSent,
        ),
        ("bad config", Error::config("x"), Fate::NotSent),
        (
            "signing failed",
            Error::Signature("x".into()),
            Fate::NotSent,
        ),
        ("journal failed", Error::journal("x"), Fate::NotSent),
        (
            "no reply",
            reported(Error::not_sent("x"), &Failure::NoReply),
            Fate::InDoubt,
        ),
        ("internal", Error::Internal("x".into()), Fate::InDoubt),
        (
            "unreadable reply",
            Error::Protocol {
                http_status: None,
                message: "x".into(),
            },
            Fate::InDoubt,
        ),
    ];
    for (what, error, want) in rows {
        assert_eq!(fate(&error), want, "{what}");
    }
}
