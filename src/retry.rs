//! When to send a request again, and how long to wait first: one pure decision
//! function and the backoff schedule.

use std::time::Duration;

/// First backoff step.
const BASE_DELAY: Duration = Duration::from_millis(200);
/// Longest backoff between attempts.
const MAX_DELAY: Duration = Duration::from_secs(5);
/// Longest `Retry-After` honoured; a server asking for more is not waited for.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// How an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Nothing reached the server.
    NotSent,
    /// The request may have reached the server but no reply came (timeout, lost connection).
    NoReply,
    /// The server answered with this HTTP status.
    Http {
        /// The status code.
        status: u16,
        /// The `Retry-After` header, when given in seconds.
        retry_after: Option<Duration>,
        /// `error.code` of the reply body, when it had one.
        code: Option<String>,
    },
    /// The server answered 2xx with a body that is not the API's JSON.
    Malformed,
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
/// - lost replies, 429, 5xx and malformed 2xx replies are retried only when the request is
///   repeatable (idempotency key or read-only), since the server may have acted on it;
/// - other 4xx (validation, signature, conflicts) are never retried;
/// - no retry once attempts are spent or the pause would pass the deadline.
pub fn decide(failure: &Failure, situation: Situation) -> Decision {
    if situation.attempt >= situation.max_attempts || !is_retryable(failure, situation.repeatable) {
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

fn is_retryable(failure: &Failure, repeatable: bool) -> bool {
    match failure {
        Failure::NotSent => true,
        Failure::NoReply | Failure::Malformed => repeatable,
        Failure::Http { status, .. } => repeatable && (*status == 429 || *status >= 500),
    }
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
