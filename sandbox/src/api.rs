//! The partner API under `/api/v1/` and `/api/v2/`: faults, authentication, idempotency,
//! then the flow.

use std::sync::Arc;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::{HeaderMap, Request};

use crate::body;
use crate::faults::Fault;
use crate::flow;
use crate::idempotency::Lookup;
use crate::operation::Operation;
use crate::reply::{ApiError, Reply};
use crate::state::State;
use crate::stats::Event;
use crate::validation::body_object;
use crate::version::Version;

/// The connection must be closed without an answer (injected `drop_*` fault).
#[derive(Debug)]
pub struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

/// The header carrying the idempotency key.
const IDEMPOTENCY_KEY: &str = "x-partner-idempotency-key";

/// Longest accepted idempotency key.
const MAX_KEY_LEN: usize = 255;

/// Serves one API request.
pub async fn handle(
    state: Arc<State>,
    operation: Operation,
    version: Version,
    request: Request<Incoming>,
) -> Result<Reply, DropConnection> {
    let (parts, incoming) = request.into_parts();
    let key = parts
        .headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok());
    state.stats.request(operation.name(), key);
    let body = match body::read(incoming).await {
        Ok(body) => body,
        Err(error) => return Ok(error.to_reply()),
    };
    let fault = state.faults.pop(operation.name());
    if fault.is_some() {
        state.stats.count(Event::FaultApplied);
    }
    // A real server finishes a request it has read whether or not the client is still
    // there: the work runs detached from the connection, which only waits for its answer.
    tokio::spawn(answer(
        state,
        (operation, version),
        parts.headers,
        body,
        fault,
    ))
    .await
    .unwrap_or(Err(DropConnection))
}

/// Applies the request's fault and processes it.
async fn answer(
    state: Arc<State>,
    request: (Operation, Version),
    headers: HeaderMap,
    body: Bytes,
    fault: Option<Fault>,
) -> Result<Reply, DropConnection> {
    match &fault {
        Some(Fault::Delay(wait)) => tokio::time::sleep(*wait).await,
        Some(Fault::Status { reply, retry_at }) => {
            return Ok(Fault::status_reply(reply, *retry_at));
        }
        Some(Fault::DropBefore) => return Err(DropConnection),
        _ => {}
    }
    let reply = process(&state, request, &headers, &body);
    match fault {
        Some(Fault::MalformedJson) => Ok(truncated(reply)),
        Some(Fault::DropAfter) => Err(DropConnection),
        _ => Ok(reply),
    }
}

fn truncated(reply: Reply) -> Reply {
    let cut = reply.body.len() / 2;
    Reply::bytes(200, "application/json", reply.body.slice(..cut))
}

fn process(
    state: &Arc<State>,
    (operation, version): (Operation, Version),
    headers: &HeaderMap,
    body: &Bytes,
) -> Reply {
    if let Err(error) = state.verifier.check(&state.project, headers, body) {
        return error.to_reply();
    }
    let key = match idempotency_key(headers) {
        Ok(key) => key,
        Err(error) => return error.to_reply(),
    };
    let Some(key) = key else {
        return execute(state, (operation, version), body, None);
    };
    let scope = format!("{}/{}", version.as_str(), operation.name());
    match state.idempotency.begin(key, &scope, body) {
        Lookup::Fresh(ticket) => {
            let reply = execute(state, (operation, version), body, Some(key));
            state.idempotency.finish(ticket, &reply);
            reply
        }
        Lookup::Replay(reply) => {
            state.stats.count(Event::Replay);
            reply.with_header("idempotent-replayed", "true")
        }
        Lookup::Conflict => {
            state.stats.count(Event::IdempotencyConflict);
            ApiError::bad_request(
                "idempotency_key_already_exists",
                "this X-PARTNER-IDEMPOTENCY-KEY was already used for a different request",
            )
            .to_reply()
        }
        Lookup::InFlight => ApiError::new(
            409,
            "idempotency_key_in_use",
            "a request with this X-PARTNER-IDEMPOTENCY-KEY is still being processed; retry",
        )
        .to_reply(),
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    match value.to_str() {
        Ok(key) if !key.is_empty() && key.len() <= MAX_KEY_LEN => Ok(Some(key)),
        _ => Err(ApiError::bad_request(
            "request_header_validation_error",
            "X-PARTNER-IDEMPOTENCY-KEY: must be 1 to 255 visible ASCII characters",
        )),
    }
}

fn execute(
    state: &Arc<State>,
    (operation, version): (Operation, Version),
    body: &[u8],
    key: Option<&str>,
) -> Reply {
    let result = body_object(body)
        .map(|object| version.request_to_v1(object))
        .and_then(|object| flow::execute(state, operation, &object, key));
    match result {
        Ok(value) => Reply::json(200, &version.reply_from_v1(value)),
        Err(error) => version.error_from_v1(error).to_reply(),
    }
}
