//! `sgpay_pay`: one whole card payment in one call (docs/journal.md, "pay").

use std::ffi::c_char;

use crate::client::Client;
use crate::ffi::arguments::run_request;
use crate::ffi::client::sgpay_client;
use crate::ffi::status::SgpayStatus;
use crate::pay::PayOptions;

/// Runs one whole card payment and returns when it is settled or needs the caller:
/// `session/create` (skipped when `request_json` carries `session_id`, which also resumes
/// an interrupted sale) → `session/start/payment` → polls `session/status` with backoff →
/// `session/confirm` (unless options say `"confirm":"manual"`) → polls to a final status.
///
/// `request_json` is a `session/start/payment` body (card, amount, customer...).
/// `options_json` may be NULL or `{"reference": "receipt 1001", "idempotency_key": "base",
/// "confirm": "auto"|"manual", "deadline_ms": N, "poll_interval_ms": N, "submerchant": "..."}`.
/// Each step's idempotency key is derived from `idempotency_key` (random when absent), so
/// repeating `sgpay_pay` with the same base replays instead of charging again.
///
/// With `journal_path` configured, the sale's journal entry is committed before the first
/// byte is sent and moved on by every answer; if that write fails the status is
/// `SGPAY_ERR_JOURNAL` and nothing was sent.
///
/// On `SGPAY_OK`, `*out_json` is `{"status":"ok","outcome":"...","session":{...},
/// "sgpay":{...}}` with `outcome` one of `succeeded`, `declined`, `action_required`,
/// `awaiting_confirmation`, `awaiting_capture`, `in_progress` (the deadline came first:
/// resume with the session id) or `error` (session `error`, not final). A decline is an
/// outcome, not a failure. On failure `*out_json` is the error document (with
/// `sgpay.session_id` when a session exists). Either way, when `*out_json` is non-NULL the
/// caller owns it and frees it with `sgpay_string_free`; `out_json` may be NULL. Inputs are
/// only borrowed.
///
/// Blocks for at most `deadline_ms` (options, else the client's). Thread-safe.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_pay(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    let pay = |client: &Client, request: &str, options: &PayOptions| client.pay(request, options);
    // SAFETY: per this function's contract.
    unsafe {
        run_request(
            Some("pay"),
            client,
            request_json,
            options_json,
            out_json,
            PayOptions::from_json,
            pay,
        )
    }
}
