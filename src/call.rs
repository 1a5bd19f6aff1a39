//! One API call from start to end: check the request, sign it once, send the same bytes
//! until the retry rules say stop, and report the outcome honestly.

use std::time::{Duration, Instant};

use ureq::http::Uri;

use crate::call_error::{CallContext, CallError};
use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::journal::Link;
use crate::limits::MAX_REQUEST_BYTES;
use crate::logging::{self, Level};
use crate::operations::{self, Operation};
use crate::redaction::SensitiveValues;
use crate::reply;
use crate::request_body::{self, Json, Object};
use crate::request_headers::RequestHeaders;
use crate::retry::{self, Decision, Failure, Situation};
use crate::transport::{self, Unanswered};

/// Runs one call. See [`Client::call`].
pub fn execute(
    client: &Client,
    operation: &str,
    request_json: &str,
    options: &CallOptions,
    entry: Option<&Link>,
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
    context.sensitive = SensitiveValues::from_request(&body);
    // The session is named in the context of a failure only, and copied only then.
    let session_id = request_body::get(&body, "session_id").and_then(Json::as_str);
    let about_session = |mut failure: CallError| {
        failure.context.session_id = session_id.map(str::to_owned);
        failure
    };
    context.key_generated = options.idempotency_key.is_none() && !op.read_only;
    context.idempotency_key = options.idempotency_key.clone().or_else(|| {
        context
            .key_generated
            .then(|| uuid::Uuid::new_v4().to_string())
    });
    let signature = client
        .config
        .signer
        .sign(request_json.as_bytes())
        .map_err(|e| about_session(CallError::new(e, context.clone())))?;
    let uri = client.endpoints.of(op).ok_or_else(|| {
        about_session(CallError::new(
            Error::invalid(format!("operation \"{}\" has no URL", op.path)),
            context.clone(),
        ))
    })?;
    let request = Request {
        op,
        uri,
        body: request_json.as_bytes(),
        signature,
        submerchant: options
            .submerchant
            .as_deref()
            .or(client.config.submerchant.as_deref()),
        deadline: started + client.config.deadline,
        sensitive: context.sensitive.clone(),
    };
    // Journal hook (docs/journal.md, "Before the first byte"): commit the entry before the first byte, or send nothing.
    let tracked = crate::journal_hooks::before_send(
        client,
        op,
        &body,
        request_json,
        options,
        entry,
        context.idempotency_key.as_deref(),
    )
    .map_err(|e| about_session(CallError::new(e, context.clone())))?;
    let result = send_with_retries(client, &request, context).map_err(about_session);
    crate::journal_hooks::after_reply(client, tracked, &result);
    result
}

/// A request ready to go: the bytes and signature never change between attempts.
struct Request<'a> {
    op: &'static Operation,
    uri: &'a Uri,
    body: &'a [u8],
    signature: String,
    submerchant: Option<&'a str>,
    deadline: Instant,
    /// Card numbers and CVCs of this request, scrubbed from anything the server echoes.
    sensitive: SensitiveValues,
}

fn check_request<'a>(op: &Operation, request_json: &'a str) -> Result<Object<'a>, Error> {
    if request_json.len() > MAX_REQUEST_BYTES {
        return Err(Error::invalid(format!(
            "the request is {} bytes; the limit is {MAX_REQUEST_BYTES}",
            request_json.len()
        )));
    }
    let body = request_body::parse(request_json).map_err(|e| {
        Error::invalid(format!(
            "the request is not valid JSON ({e}); nothing was sent"
        ))
    })?;
    let Some(body) = body else {
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
    let mut earlier_in_doubt = false;
    loop {
        context.attempts += 1;
        let attempt = context.attempts;
        let (error, failure) = match attempt_once(client, request, &context) {
            Ok(body) => return Ok(body),
            Err((error, failure)) => (error.map_text(&|t| request.sensitive.scrub(t)), failure),
        };
        let situation = Situation {
            repeatable,
            attempt,
            max_attempts,
            time_left: request.deadline.saturating_duration_since(Instant::now()),
            jitter: jitter(),
        };
        match retry::decide(&failure, situation) {
            Decision::RetryAfter(pause) => {
                log_retry(request, attempt, max_attempts, &error, pause);
                earlier_in_doubt |= failure.may_have_acted();
                std::thread::sleep(pause);
            }
            Decision::Stop => {
                let unknown =
                    retry::outcome_is_unknown(request.op.read_only, earlier_in_doubt, &failure);
                let error = if unknown {
                    outcome_unknown(error, request.op, &context)
                } else {
                    error
                };
                log_failure(request, attempt, &error);
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
        fixed: &client.fixed_headers,
        signature: &request.signature,
        submerchant: request.submerchant,
        idempotency_key: context.idempotency_key.as_deref(),
    };
    let shorter_timeout = (time_left < client.config.request_timeout).then_some(time_left);
    // Timed only for the log line, when one is wanted.
    let sent_at = logging::enabled(Level::Info).then(Instant::now);
    let result = transport::post(
        &client.agent,
        request.uri,
        &headers,
        request.body,
        shorter_timeout,
    );
    let elapsed = sent_at.map(|at| at.elapsed());
    match result {
        Ok(raw) => {
            let status = raw.status;
            log_reply(
                request,
                context.attempts,
                client.config.max_attempts,
                status,
                elapsed,
            );
            reply::interpret(raw)
        }
        Err(unanswered) => Err(transport_failure(request.op, unanswered)),
    }
}

fn transport_failure(op: &Operation, unanswered: Unanswered) -> (Error, Failure) {
    let Unanswered {
        failure,
        cause,
        source,
    } = unanswered;
    let error = match failure {
        Failure::NotSent => Error::NotSent {
            message: format!(
                "could not reach the server for {} ({cause}): nothing was sent; check \
                 base_url, the network and any proxy",
                op.path
            ),
            cause: source.map(Into::into),
        },
        Failure::NoReply => Error::outcome_unknown(format!(
            "no reply to {} ({cause}): the server may have processed it",
            op.path
        )),
        _ => Error::Protocol {
            http_status: None,
            message: format!("unreadable reply to {}: {cause}", op.path),
        },
    };
    (error, failure)
}

fn deadline_passed(op: &Operation) -> Error {
    Error::not_sent(format!(
        "the call's deadline (deadline_ms) passed before {} could be sent again",
        op.path
    ))
}

/// The error reported when an attempt may have been processed and no later answer settled
/// it; the last answer is kept for diagnosis.
fn outcome_unknown(last: Error, op: &Operation, context: &CallContext) -> Error {
    if matches!(last, Error::OutcomeUnknown { .. }) && context.attempts == 1 {
        return last;
    }
    Error::OutcomeUnknown {
        message: format!(
            "the outcome of {} is unknown after {} attempt(s) (last: {last}); it may have been \
             processed",
            op.path, context.attempts
        ),
        last_reply: last.as_last_reply(),
    }
}

fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    if aws_lc_rs::rand::fill(&mut bytes).is_err() {
        return 0.5;
    }
    f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX)
}

fn log_reply(
    request: &Request<'_>,
    attempt: u32,
    max: u32,
    status: u16,
    elapsed: Option<Duration>,
) {
    logging::log(Level::Info, &request.sensitive, || {
        format!(
            "POST {} attempt {attempt}/{max}: HTTP {status} in {:.1} ms",
            request.op.path,
            elapsed.unwrap_or_default().as_secs_f64() * 1000.0
        )
    });
}

fn log_retry(request: &Request<'_>, attempt: u32, max: u32, error: &Error, pause: Duration) {
    logging::log(Level::Warn, &request.sensitive, || {
        format!(
            "POST {} attempt {attempt}/{max} failed: {error}; retrying in {} ms with the same \
             body, signature and idempotency key",
            request.op.path,
            pause.as_millis()
        )
    });
}

fn log_failure(request: &Request<'_>, attempts: u32, error: &Error) {
    logging::log(Level::Error, &request.sensitive, || {
        format!(
            "POST {} failed after {attempts} attempt(s): {error}",
            request.op.path
        )
    });
}
