//! The one classification of a failed attempt and what follows from it: whether to send
//! the request again, how long to wait first, and whether the call's outcome is known.

use std::time::Duration;

use crate::error::Error;
pub use crate::limits::MAX_RETRY_AFTER;

/// First backoff step.
const BASE_DELAY: Duration = Duration::from_millis(200);
/// Longest backoff between attempts.
const MAX_DELAY: Duration = Duration::from_secs(5);

/// The API's answer while another request with the same idempotency key is still being
/// processed: not an outcome, only "ask again later".
pub const KEY_IN_USE: &str = "idempotency_key_in_use";

/// API error codes that prove the request was refused before anything was done: the same
/// bytes, sent again, are refused the same way, so they also settle every earlier attempt.
const NOTHING_DONE_CODES: &[&str] = &[
    "request_body_validation_error",
    "request_header_validation_error",
    "invalid_sign",
    "partner_project_not_found",
];

/// How one attempt failed: the single classification that both the retry loop and the
/// call's final status are derived from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Nothing reached the server: the attempt failed before the first byte of the
    /// request was written.
    NotSent,
    /// The request went out but no reply came (timeout, lost connection).
    NoReply,
    /// The server answered with this HTTP status.
    Http {
        /// The status code.
        status: u16,
        /// The `Retry-After` header.
        retry_after: Option<Duration>,
        /// `error.code` of the reply, when it was the API's error JSON; `None` for any
        /// other body (an HTML page, an empty or cut-off body).
        code: Option<String>,
    },
    /// The server answered 2xx with a body that is not the API's JSON.
    Malformed,
}

impl Failure {
    /// True when the server may have acted on the request, or is acting on an earlier
    /// attempt with the same idempotency key.
    pub fn may_have_acted(&self) -> bool {
        match self {
            Failure::NotSent => false,
            Failure::NoReply | Failure::Malformed => true,
            Failure::Http { .. } if self.proves_nothing_done() => false,
            Failure::Http { status, code, .. } => {
                *status >= 500 || (200..300).contains(status) || self.is_key_in_use(code)
            }
        }
    }

    /// True when the answer proves that nothing was done with the request; since every
    /// attempt carries the same bytes, this settles earlier attempts in doubt too.
    pub fn proves_nothing_done(&self) -> bool {
        matches!(self, Failure::Http { status, code: Some(code), .. }
            if *status < 500 && NOTHING_DONE_CODES.contains(&code.as_str()))
    }

    /// True for the API's "a request with this key is still being processed".
    fn is_key_in_use(&self, code: &Option<String>) -> bool {
        matches!(self, Failure::Http { status: 409, .. }) && code.as_deref() == Some(KEY_IN_USE)
    }

    fn is_retryable(&self, repeatable: bool) -> bool {
        match self {
            Failure::NotSent => true,
            Failure::NoReply | Failure::Malformed => repeatable,
            Failure::Http { status, code, .. } => {
                repeatable && (*status == 429 || *status >= 500 || self.is_key_in_use(code))
            }
        }
    }

    /// Whether retries are bounded by the deadline alone: a request still being processed
    /// is waited for, not counted against `max_attempts`.
    fn waits_for_the_server(&self) -> bool {
        matches!(self, Failure::Http { code, .. } if self.is_key_in_use(code))
    }
}

/// What became of a request, as the final error of its call tells: refused, never sent,
/// or in doubt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// It never reached the server, or was never sent: nothing happened.
    NotSent,
    /// The server answered, and the answer proves nothing was done.
    Refused,
    /// The server may have acted on it.
    InDoubt,
}

/// The one answer-state rule. The retry loop decides with [`Failure::may_have_acted`];
/// the error a call ends with is [`Error::OutcomeUnknown`] exactly when some attempt may
/// have acted ([`outcome_is_unknown`]); and an API error a call ends with is judged here by
/// rebuilding its failure and asking the same question. The journal records this fate, and
/// `pay` and recovery stop on it, so that a caller and the journal never disagree.
pub fn fate(error: &Error) -> Fate {
    match (error, answered_failure(error)) {
        (
            Error::NotSent { .. }
            | Error::InvalidArgument(_)
            | Error::Config { .. }
            | Error::Signature(_)
            | Error::Journal { .. },
            _,
        ) => Fate::NotSent,
        (_, Some(failure)) if !failure.may_have_acted() => Fate::Refused,
        _ => Fate::InDoubt,
    }
}

/// True when asking again later may get another answer: the server was busy, rate-limited,
/// still processing, or never reached. A definitive refusal is not transient.
pub fn is_transient(error: &Error) -> bool {
    match answered_failure(error) {
        Some(failure) => failure.is_retryable(true),
        None => fate(error) == Fate::InDoubt || matches!(error, Error::NotSent { .. }),
    }
}

/// The failure an error made from a server's answer was made from: an API error reply, or
/// a reply that was not the API's JSON.
fn answered_failure(error: &Error) -> Option<Failure> {
    let (status, code) = match error {
        Error::Api {
            http_status, code, ..
        } => (*http_status, Some(code.clone())),
        Error::Protocol {
            http_status: Some(status),
            ..
        } => (*status, None),
        _ => return None,
    };
    Some(Failure::Http {
        status,
        retry_after: None,
        code,
    })
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Send the same bytes again after this pause.
    RetryAfter(Duration),
    /// Give up and report the failure.
    Stop,
}

/// Everything the decision depends on besides the failure itself.
#[derive(Debug, Clone, Copy)]
pub struct Situation {
    /// Whether the request can safely be repeated: it carries an idempotency key or
    /// only reads.
    pub repeatable: bool,
    /// The attempt that just failed, from 1.
    pub attempt: u32,
    /// Attempts allowed in all.
    pub max_attempts: u32,
    /// Time left before the call's deadline.
    pub time_left: Duration,
    /// A number in `0..1` for jitter.
    pub jitter: f64,
}

/// Decides whether to retry. Rules:
/// - requests that never reached the server are always retried;
/// - lost replies, 429, 5xx (whatever their body) and malformed 2xx replies are retried only
///   when the request is repeatable (idempotency key or read-only), since the server may
///   have acted on it;
/// - 409 `idempotency_key_in_use` (the first request is still being processed) is waited
///   for until the deadline, whatever `max_attempts` says;
/// - other 4xx (validation, signature, conflicts) are never retried;
/// - no retry once attempts are spent or the pause would pass the deadline.
pub fn decide(failure: &Failure, situation: Situation) -> Decision {
    let attempts_spent =
        situation.attempt >= situation.max_attempts && !failure.waits_for_the_server();
    if attempts_spent || !failure.is_retryable(situation.repeatable) {
        return Decision::Stop;
    }
    let pause = match failure {
        Failure::Http {
            retry_after: Some(after),
            ..
        } if *after > MAX_RETRY_AFTER => {
            return Decision::Stop;
        }
        Failure::Http {
            retry_after: Some(after),
            ..
        } => *after,
        _ => backoff(situation.attempt, situation.jitter),
    };
    if pause >= situation.time_left {
        Decision::Stop
    } else {
        Decision::RetryAfter(pause)
    }
}

/// Whether a call that stops after `last` must be reported as "outcome unknown": it moves
/// money, some attempt (`earlier_in_doubt`, or the last one) may have been acted on, and
/// the last answer does not prove that nothing was done. A later HTML page, 4xx or
/// "not sent" never hides an earlier attempt that may have gone through.
pub fn outcome_is_unknown(read_only: bool, earlier_in_doubt: bool, last: &Failure) -> bool {
    !read_only && (earlier_in_doubt || last.may_have_acted()) && !last.proves_nothing_done()
}

/// Exponential backoff with "equal jitter": half the step fixed, half random, capped.
pub fn backoff(attempt: u32, jitter: f64) -> Duration {
    let step = BASE_DELAY
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(MAX_DELAY);
    step / 2 + step.mul_f64(jitter.clamp(0.0, 1.0) / 2.0)
}

/// Parses a `Retry-After` header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date,
/// which is turned into the time left until then (zero when it has passed).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        let seconds = Some(seconds).filter(|s| *s >= 0.0)?;
        return Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
