//! Webhook verification across the C ABI.

use std::ffi::c_char;

use crate::call_error::CallError;
use crate::error::Error;
use crate::ffi::boundary::{ffi_boundary, required_ref, required_str};
use crate::ffi::client::sgpay_client;
use crate::ffi::status::SgpayStatus;
use crate::limits::MAX_WEBHOOK_BODY;

/// Verifies a webhook: `signature` is its `X-PARTNER-SIGN` header, checked over the raw
/// `body` (`body_len` bytes, need not be NUL-terminated) with the configured webhook key,
/// in constant time, before the body is parsed. Bodies over 1 MiB are refused unread.
///
/// On `SGPAY_OK`, `*out_json` is the webhook JSON (`{"type": ..., "session": {...}}`).
/// `SGPAY_ERR_SIGNATURE`: the signature does not match; answer the webhook with a non-200
/// status and do not act on it. `SGPAY_ERR_CONFIG`: no webhook key was configured.
/// Ownership of `*out_json` and threading as for `sgpay_call`; inputs are only borrowed.
///
/// # Safety
/// `body` points to `body_len` readable bytes; other pointers are NULL or valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_webhook_verify(
    client: *const sgpay_client,
    body: *const c_char,
    body_len: usize,
    signature: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    ffi_boundary!(out_json, {
        // SAFETY: per this function's contract.
        let client = unsafe { required_ref(client, "client") }?;
        if body.is_null() {
            return Err(Error::invalid("\"body\" is NULL").into());
        }
        if body_len > MAX_WEBHOOK_BODY {
            return Err(Error::invalid(format!(
                "\"body_len\" is {body_len}; webhook bodies are at most {MAX_WEBHOOK_BODY} bytes"
            ))
            .into());
        }
        // SAFETY: per this function's contract.
        let signature = unsafe { required_str(signature, "signature") }?;
        // SAFETY: `body` points to `body_len` readable bytes, per the contract.
        let bytes = unsafe { std::slice::from_raw_parts(body.cast::<u8>(), body_len) };
        let event = client
            .client
            .verify_webhook(bytes, signature)
            .map_err(CallError::from)?;
        Ok(Some(event.to_owned()))
    })
}
