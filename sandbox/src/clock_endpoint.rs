//! `GET /_sandbox/clock` tells the sandbox's time; `POST /_sandbox/clock {"advance_ms": N}`
//! moves it forward and runs the time limits that have passed.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::flow::timeouts::expire_due;
use crate::reply::{ApiError, Reply};
use crate::state::State;

/// Largest single move: ten years.
const MAX_ADVANCE_MS: u64 = 10 * 366 * 24 * 3600 * 1000;

/// `{"status":"ok","now":"<timestamp>","offset_ms":N}`.
pub fn show(state: &State) -> Value {
    json!({"status": "ok", "now": state.clock.now().timestamp(),
        "offset_ms": u64::try_from(state.clock.offset().as_millis()).unwrap_or(u64::MAX)})
}

/// Moves the clock forward by `by`, then ends the payments whose time limit has passed;
/// returns how many it ended.
pub fn advance(state: &Arc<State>, by: Duration) -> usize {
    state.clock.advance(by);
    expire_due(state)
}

/// Serves `POST /_sandbox/clock` with its body.
pub fn post(state: &Arc<State>, body: &[u8]) -> Reply {
    let advance_ms = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|spec| spec.get("advance_ms").and_then(Value::as_u64))
        .filter(|ms| *ms <= MAX_ADVANCE_MS);
    let Some(ms) = advance_ms else {
        return ApiError::bad_request(
            "invalid_clock",
            format!("the body must be {{\"advance_ms\": N}} with N from 0 to {MAX_ADVANCE_MS}"),
        )
        .to_reply();
    };
    let expired = advance(state, Duration::from_millis(ms));
    let mut reply = show(state);
    reply["expired"] = json!(expired);
    Reply::json(200, &reply)
}
