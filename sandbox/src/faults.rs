//! Faults injected by tests: queued per operation, first in first out.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::locked::Locked;
use crate::operation::Operation;
use crate::reply::Reply;

/// Largest `count` of one fault request.
const MAX_COUNT: u64 = 10_000;
/// Longest injected delay.
const MAX_DELAY_MS: u64 = 600_000;

/// What an injected fault does to one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Waits, then processes the request normally.
    Delay(Duration),
    /// Answers with this reply without processing anything.
    Status {
        /// The reply.
        reply: Reply,
        /// Adds `Retry-After` as the HTTP date this long after the answer.
        retry_at: Option<Duration>,
    },
    /// Processes the request, then answers 200 with a truncated JSON body.
    MalformedJson,
    /// Reads the request and closes the connection without an answer; nothing processed.
    DropBefore,
    /// Processes the request fully, then closes the connection without an answer.
    DropAfter,
}

/// Queues of faults, keyed by operation name or `*`.
#[derive(Default)]
pub struct Faults {
    queues: Locked<HashMap<String, VecDeque<Fault>>>,
}

impl Faults {
    /// Queues `count` copies of the fault described by `spec` (the JSON of `POST /_sandbox/faults`).
    pub fn push(&self, spec: &Value) -> Result<u64, String> {
        let (operation, count, fault) = parse(spec)?;
        self.queues.with(|queues| {
            let queue = queues.entry(operation).or_default();
            queue.extend(std::iter::repeat_n(fault, count as usize));
        });
        Ok(count)
    }

    /// Takes the next fault for an operation: its own queue first, then `*`.
    pub fn pop(&self, operation: &str) -> Option<Fault> {
        self.queues.with(|queues| {
            [operation, "*"]
                .iter()
                .find_map(|key| queues.get_mut(*key).and_then(VecDeque::pop_front))
        })
    }

    /// Drops every queued fault.
    pub fn clear(&self) {
        self.queues.with(HashMap::clear);
    }

    /// How many faults are queued per operation.
    pub fn pending(&self) -> Value {
        self.queues.with(|queues| {
            let counts: serde_json::Map<String, Value> = queues
                .iter()
                .filter(|(_, q)| !q.is_empty())
                .map(|(op, q)| (op.clone(), json!(q.len())))
                .collect();
            Value::Object(counts)
        })
    }
}

fn parse(spec: &Value) -> Result<(String, u64, Fault), String> {
    let obj = spec.as_object().ok_or("the fault must be a JSON object")?;
    let operation = obj
        .get("operation")
        .and_then(Value::as_str)
        .ok_or("operation is required: an API method such as session/start/payment, or *")?;
    if operation != "*" && Operation::from_name(operation).is_none() {
        return Err(format!("operation: unknown API method {operation:?}"));
    }
    let count = match obj.get("count") {
        None | Some(Value::Null) => 1,
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=MAX_COUNT).contains(n))
            .ok_or(format!("count must be an integer from 1 to {MAX_COUNT}"))?,
    };
    let kind = obj
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("kind is required")?;
    Ok((operation.to_string(), count, fault_of_kind(kind, obj)?))
}

fn fault_of_kind(kind: &str, obj: &serde_json::Map<String, Value>) -> Result<Fault, String> {
    match kind {
        "delay" => {
            let ms = obj
                .get("delay_ms")
                .and_then(Value::as_u64)
                .filter(|ms| *ms <= MAX_DELAY_MS)
                .ok_or(format!(
                    "delay_ms must be an integer from 0 to {MAX_DELAY_MS}"
                ))?;
            Ok(Fault::Delay(Duration::from_millis(ms)))
        }
        "status" => status_fault(obj),
        "malformed_json" => Ok(Fault::MalformedJson),
        "drop_before" => Ok(Fault::DropBefore),
        "drop_after" => Ok(Fault::DropAfter),
        other => Err(format!(
            "kind {other:?} is unknown: use delay, status, malformed_json, drop_before or drop_after"
        )),
    }
}

impl Fault {
    /// The reply of a `status` fault as sent now: a `Retry-After` date is counted from now.
    pub fn status_reply(reply: &Reply, retry_at: Option<Duration>) -> Reply {
        match retry_at {
            Some(after) => reply.clone().with_header(
                "retry-after",
                httpdate::fmt_http_date(SystemTime::now() + after),
            ),
            None => reply.clone(),
        }
    }
}

fn status_fault(obj: &serde_json::Map<String, Value>) -> Result<Fault, String> {
    let as_date = match obj.get("retry_after_format").and_then(Value::as_str) {
        None | Some("seconds") => false,
        Some("http_date") => true,
        Some(_) => return Err("retry_after_format must be seconds or http_date".into()),
    };
    if !as_date {
        let reply = status_reply(obj)?;
        return Ok(Fault::Status {
            reply,
            retry_at: None,
        });
    }
    let seconds = obj
        .get("retry_after")
        .and_then(Value::as_u64)
        .filter(|s| *s <= MAX_DELAY_MS / 1000)
        .ok_or("with retry_after_format http_date, retry_after must be a number of seconds")?;
    let mut without = obj.clone();
    without.remove("retry_after");
    Ok(Fault::Status {
        reply: status_reply(&without)?,
        retry_at: Some(Duration::from_secs(seconds)),
    })
}

fn status_reply(obj: &serde_json::Map<String, Value>) -> Result<Reply, String> {
    let status = obj
        .get("http_status")
        .and_then(Value::as_u64)
        .filter(|s| (200..=599).contains(s))
        .ok_or("http_status must be an integer from 200 to 599")? as u16;
    let mut reply = match obj.get("body") {
        None | Some(Value::Null) => Reply::json(
            status,
            &json!({"status": "error", "error": {"code": "sandbox_fault",
                "description": "fault injected by the sandbox"}}),
        ),
        Some(Value::String(text)) => {
            Reply::bytes(status, "text/plain; charset=utf-8", text.clone())
        }
        Some(value) => Reply::json(status, value),
    };
    match obj.get("retry_after") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if hyper::header::HeaderValue::from_str(s).is_ok() => {
            reply = reply.with_header("retry-after", s.clone())
        }
        Some(Value::Number(n)) => reply = reply.with_header("retry-after", n.to_string()),
        Some(_) => return Err("retry_after must be a header-safe string or a number".into()),
    }
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queues_fifo_per_operation_then_star() {
        let faults = Faults::default();
        faults
            .push(&json!({"operation": "*", "kind": "drop_before"}))
            .unwrap();
        faults
            .push(&json!({"operation": "session/status", "count": 2, "kind": "malformed_json"}))
            .unwrap();
        assert_eq!(faults.pop("session/status"), Some(Fault::MalformedJson));
        assert_eq!(faults.pop("session/status"), Some(Fault::MalformedJson));
        assert_eq!(faults.pop("session/status"), Some(Fault::DropBefore));
        assert_eq!(faults.pop("session/status"), None);
    }

    #[test]
    fn retry_after_as_an_http_date_is_counted_from_the_answer() {
        let faults = Faults::default();
        let spec = json!({"operation": "*", "kind": "status", "http_status": 503,
            "retry_after": 2, "retry_after_format": "http_date"});
        faults.push(&spec).unwrap();
        let Some(Fault::Status { reply, retry_at }) = faults.pop("session/status") else {
            panic!("a status fault");
        };
        assert_eq!(retry_at, Some(Duration::from_secs(2)));
        let sent = Fault::status_reply(&reply, retry_at);
        let (_, date) = sent
            .headers
            .iter()
            .find(|(n, _)| *n == "retry-after")
            .unwrap();
        let at = httpdate::parse_http_date(date).unwrap();
        let left = at.duration_since(SystemTime::now()).unwrap_or_default();
        assert!(left <= Duration::from_secs(2), "{date}");
    }

    #[test]
    fn rejects_bad_specs() {
        let faults = Faults::default();
        for spec in [
            json!({"operation": "nope", "kind": "delay", "delay_ms": 1}),
            json!({"operation": "*", "kind": "delay"}),
            json!({"operation": "*", "kind": "status", "http_status": 99}),
            json!({"operation": "*", "kind": "explode"}),
            json!({"operation": "*", "kind": "drop_after", "count": 0}),
            json!({"operation": "*", "kind": "status", "http_status": 503,
                "retry_after": "soon", "retry_after_format": "http_date"}),
            json!({"operation": "*", "kind": "status", "http_status": 503,
                "retry_after": 1, "retry_after_format": "weeks"}),
        ] {
            assert!(faults.push(&spec).is_err(), "{spec}");
        }
    }
}
