//! One API call from start to end: check the request, sign it once, send the same bytes
//! until the retry rules say stop, and report the outcome honestly.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::client::{CallOptions, Client};
use crate::error_document::{CallContext, CallError};
use crate::errors::Error;
use crate::logging::{self, Level};
use crate::operations::{self, Operation};
use crate::redaction::SensitiveValues;
use crate::reply;
use crate::retry::{self, Decision, Failure, Situation};
use crate::transport::{self, RequestHeaders, TransportError};

/// Largest request body accepted from the caller, in bytes.
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// Runs one call. See [`Client::call`].
pub fn execute(
    client: &Client,
    operation: &str,
    request_json: &str,
    options: &CallOptions,
) -> Result<String, CallError> {
    let started = Instant::now();
    let op = operations::find(operation).ok_or_else(|| {
        Error::invalid(format!(
            "unknown operation \"{}\"; known operations: {}",
            crate::redaction::mask_card_numbers(&operation.chars().take(80).collect::<String>()),
            operations::known_paths()
        ))
    })?;
    let mut context = CallContext {
        operation: Some(op.path.to_owned()),
        ..Default::default()
    };
    let body = check_request(op, request_json).map_err(|e| CallError::new(e, context.clone()))?;
    context.session_id = body
        .get("session_id")
        .and_then(Value::as_str)
        .map(str::to_owned);
    context.idempotency_key = options
        .idempotency_key
        .clone()
        .or_else(|| (!op.read_only).then(|| uuid::Uuid::new_v4().to_string()));
    let signature = client
        .config
        .signer
        .sign(request_json.as_bytes())
        .map_err(|e| CallError::new(e, context.clone()))?;
    let request = Request {
        op,
        url: format!("{}/api/v1/{}", client.config.base_url, op.path),
        body: request_json.as_bytes(),
        signature,
        submerchant: options
            .submerchant
            .as_deref()
            .or(client.config.submerchant.as_deref()),
        deadline: started + client.config.deadline,
        sensitive: SensitiveValues::from_request(&body),
    };
    // Journal hook (contract §9): commit the entry before the first byte, or send nothing.
    let tracked = crate::journal::hook::before_send(
        client,
        op,
        &body,
        request_json,
        options,
        context.idempotency_key.as_deref(),
    )
    .map_err(|e| CallError::new(e, context.clone()))?;
    let result = send_with_retries(client, &request, context);
    crate::journal::hook::after_reply(client, tracked, &result);
    result
}

/// A request ready to go: the bytes and signature never change between attempts.
struct Request<'a> {
    op: &'static Operation,
    url: String,
    body: &'a [u8],
    signature: String,
    submerchant: Option<&'a str>,
    deadline: Instant,
    /// Card numbers and CVCs of this request, scrubbed from anything the server echoes.
    sensitive: SensitiveValues,
}

fn check_request(op: &Operation, request_json: &str) -> Result<Map<String, Value>, Error> {
    if request_json.len() > MAX_REQUEST_BYTES {
        return Err(Error::invalid(format!(
            "the request is {} bytes; the limit is {MAX_REQUEST_BYTES}",
            request_json.len()
        )));
    }
    let value: Value = serde_json::from_str(request_json).map_err(|e| {
        Error::invalid(format!(
            "the request is not valid JSON ({e}); nothing was sent"
        ))
    })?;
    let Value::Object(body) = value else {
        return Err(Error::invalid(
            "the request must be a JSON object; nothing was sent",
        ));
    };
    (op.validate)(&body).map_err(|e| Error::invalid(format!("{e}; nothing was sent")))?;
    Ok(body)
}

fn send_with_retries(
    client: &Client,
    request: &Request<'_>,
    mut context: CallContext,
) -> Result<String, CallError> {
    let repeatable = context.idempotency_key.is_some() || request.op.read_only;
    let max_attempts = client.config.max_attempts;
    let mut maybe_processed = false;
    loop {
        context.attempts += 1;
        let attempt = context.attempts;
        let (error, failure) = match attempt_once(client, request, &context) {
            Ok(body) => return Ok(body),
            Err((error, failure)) => (error.map_text(&|t| request.sensitive.scrub(t)), failure),
        };
        maybe_processed |= may_have_been_processed(&failure);
        let situation = Situation {
            repeatable,
            attempt,
            max_attempts,
            time_left: request.deadline.saturating_duration_since(Instant::now()),
            jitter: jitter(),
        };
        match retry::decide(&failure, situation) {
            Decision::RetryAfter(pause) => {
                log_retry(request.op, attempt, max_attempts, &error, pause);
                std::thread::sleep(pause);
            }
            Decision::Stop => {
                let error = final_error(error, maybe_processed, request.op, &context);
                logging::log(Level::Error, || {
                    format!(
                        "POST {} failed after {attempt} attempt(s): {error}",
                        request.op.path
                    )
                });
                return Err(CallError::new(error, context));
            }
        }
    }
}

fn attempt_once(
    client: &Client,
    request: &Request<'_>,
    context: &CallContext,
) -> Result<String, (Error, Failure)> {
    let time_left = request.deadline.saturating_duration_since(Instant::now());
    if time_left.is_zero() {
        return Err((deadline_passed(request.op), Failure::NotSent));
    }
    let headers = RequestHeaders {
        project: &client.config.project,
        signature: &request.signature,
        submerchant: request.submerchant,
        idempotency_key: context.idempotency_key.as_deref(),
    };
    let shorter_timeout = (time_left < client.config.request_timeout).then_some(time_left);
    let sent_at = Instant::now();
    let result = transport::post(
        &client.agent,
        &request.url,
        &headers,
        request.body,
        shorter_timeout,
    );
    let elapsed = sent_at.elapsed();
    match result {
        Ok(raw) => {
            let status = raw.status;
            log_reply(
                request.op,
                context.attempts,
                client.config.max_attempts,
                status,
                elapsed,
            );
            reply::interpret(raw)
        }
        Err(transport_error) => Err(transport_failure(request.op, transport_error)),
    }
}

fn transport_failure(op: &Operation, error: TransportError) -> (Error, Failure) {
    match error {
        TransportError::NotSent(cause) => (
            Error::NotSent(format!(
                "could not reach the server for {} ({cause}): nothing was sent, so it is safe to \
                 send again; check base_url, the network and any proxy",
                op.path
            )),
            Failure::NotSent,
        ),
        TransportError::NoReply(cause) => (
            Error::OutcomeUnknown(format!(
                "no reply to {} ({cause}): the server may have processed it",
                op.path
            )),
            Failure::NoReply,
        ),
        TransportError::BadReply(cause) => (
            Error::Protocol {
                http_status: None,
                message: format!("unreadable reply to {}: {cause}", op.path),
            },
            Failure::Malformed,
        ),
    }
}

fn deadline_passed(op: &Operation) -> Error {
    Error::NotSent(format!(
        "the call's deadline (deadline_ms) passed before {} could be sent again",
        op.path
    ))
}

/// True when the server may have acted on the attempt.
fn may_have_been_processed(failure: &Failure) -> bool {
    match failure {
        Failure::NotSent => false,
        Failure::NoReply | Failure::Malformed => true,
        Failure::Http { status, .. } => *status >= 500,
    }
}

/// The error to report. When an earlier attempt may have been processed, a later
/// "not sent" or server error does not settle the outcome: the caller must be told
/// that it is unknown, with the key to recover by.
fn final_error(
    error: Error,
    maybe_processed: bool,
    op: &Operation,
    context: &CallContext,
) -> Error {
    let settles = match &error {
        Error::NotSent(_) => false,
        Error::Api { http_status, .. } => *http_status < 500 && *http_status != 429,
        Error::OutcomeUnknown(_) => false,
        _ => true,
    };
    if op.read_only || !maybe_processed || settles {
        return error;
    }
    let key = context.idempotency_key.as_deref().unwrap_or("none");
    Error::OutcomeUnknown(format!(
        "the outcome of {} is unknown after {} attempt(s) (last: {error}). It may have been \
         processed: repeat the call with the same idempotency key ({key}) and the same body, \
         or call session/status, before charging again",
        op.path, context.attempts
    ))
}

fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    if ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).is_err() {
        return 0.5;
    }
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX)
}

fn log_reply(op: &Operation, attempt: u32, max: u32, status: u16, elapsed: Duration) {
    logging::log(Level::Info, || {
        format!(
            "POST {} attempt {attempt}/{max}: HTTP {status} in {:.1} ms",
            op.path,
            elapsed.as_secs_f64() * 1000.0
        )
    });
}

fn log_retry(op: &Operation, attempt: u32, max: u32, error: &Error, pause: Duration) {
    logging::log(Level::Warn, || {
        format!(
            "POST {} attempt {attempt}/{max} failed: {error}; retrying in {} ms with the same \
             body, signature and idempotency key",
            op.path,
            pause.as_millis()
        )
    });
}
