//! Endpoints for tests under `/_sandbox/` (no signature): faults, clock, stats, reset, webhook key,
//! and the 3-D Secure page.

use std::sync::Arc;

use hyper::body::Incoming;
use hyper::{Method, Request};
use serde_json::{Value, json};

use crate::body;
use crate::clock_endpoint;
use crate::flow::threeds;
use crate::reply::{ApiError, Reply};
use crate::state::State;

/// Serves `/_sandbox/<path>`.
pub async fn handle(state: Arc<State>, path: &str, request: Request<Incoming>) -> Reply {
    let method = request.method().clone();
    if let Some(payment_id) = path.strip_prefix("3ds/") {
        return three_ds(&state, payment_id, request).await;
    }
    match (path, method) {
        ("faults", Method::POST) => push_fault(&state, request).await,
        ("faults", Method::GET) => Reply::json(
            200,
            &json!({"status": "ok", "faults": state.faults.pending()}),
        ),
        ("faults", Method::DELETE) => {
            state.faults.clear();
            ok()
        }
        ("clock", Method::GET) => Reply::json(200, &clock_endpoint::show(&state)),
        ("clock", Method::POST) => match body::read(request.into_body()).await {
            Ok(body) => clock_endpoint::post(&state, &body),
            Err(error) => error.to_reply(),
        },
        ("stats", Method::GET) => Reply::json(200, &state.stats_json()),
        ("reset", Method::POST) => {
            state.reset();
            ok()
        }
        ("webhook_public_key", Method::GET) => Reply::bytes(
            200,
            "application/x-pem-file",
            state.webhook_key.public_pem().to_string(),
        ),
        ("faults" | "clock" | "stats" | "reset" | "webhook_public_key", _) => method_not_allowed(),
        _ => not_found(),
    }
}

fn ok() -> Reply {
    Reply::json(200, &json!({"status": "ok"}))
}

async fn push_fault(state: &State, request: Request<Incoming>) -> Reply {
    let body = match body::read(request.into_body()).await {
        Ok(body) => body,
        Err(error) => return error.to_reply(),
    };
    let pushed = serde_json::from_slice::<Value>(&body)
        .map_err(|_| "the fault must be JSON".to_string())
        .and_then(|spec| state.faults.push(&spec));
    match pushed {
        Ok(count) => Reply::json(200, &json!({"status": "ok", "queued": count})),
        Err(description) => ApiError::bad_request("invalid_fault", description).to_reply(),
    }
}

async fn three_ds(state: &Arc<State>, payment_id: &str, request: Request<Incoming>) -> Reply {
    match *request.method() {
        Method::GET => threeds::page(state, payment_id),
        Method::POST => {
            let Ok(body) = body::read(request.into_body()).await else {
                return Reply::html(413, "request too large".into());
            };
            match threeds::parse_form(&body) {
                Some(verdict) => threeds::complete(state, payment_id, verdict),
                None => Reply::html(400, "result must be success or failure".into()),
            }
        }
        _ => method_not_allowed(),
    }
}

/// 404 `request_not_found`.
pub fn not_found() -> Reply {
    ApiError::new(404, "request_not_found", "no such method").to_reply()
}

/// 405 `method_not_allowed`.
pub fn method_not_allowed() -> Reply {
    ApiError::new(
        405,
        "method_not_allowed",
        "this path does not accept this HTTP method",
    )
    .to_reply()
}
