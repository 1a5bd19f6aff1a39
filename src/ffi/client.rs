//! Creating and freeing clients, and the generic call.

use std::ffi::c_char;

use crate::call_error::CallError;
use crate::client::{CallOptions, Client};
use crate::ffi::arguments::run_request;
use crate::ffi::boundary::{ffi_boundary, required_str};
use crate::ffi::status::{SGPAY_ABI_VERSION, SgpayStatus};

/// A configured client: signing key, settings and a pool of keep-alive connections.
///
/// Opaque. Created by `sgpay_client_new`, freed by `sgpay_client_free`. One client may be
/// used from many threads at once; `sgpay_client_free` must not race with calls on it.
#[allow(non_camel_case_types)]
pub struct sgpay_client {
    pub(crate) client: Client,
}

/// Returns `SGPAY_ABI_VERSION` as compiled into the library. Compare it with the header's
/// value at start-up. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sgpay_abi_version() -> u32 {
    SGPAY_ABI_VERSION
}

/// Returns the library version, e.g. "0.1.0". The string is static: never free it.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn sgpay_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Creates a client from configuration JSON (see the README for the keys; unknown keys
/// are an error).
///
/// On `SGPAY_OK`, `*out_client` receives a client that the caller owns and frees with
/// `sgpay_client_free`. On failure `*out_client` is NULL. `out_json` may be NULL; when
/// `*out_json` is non-NULL after the call (an error document on failure), the caller
/// frees it with `sgpay_string_free`. `config_json` is only borrowed during the call.
/// Returns `SGPAY_OK`, `SGPAY_ERR_INVALID_ARGUMENT` (NULL or non-UTF-8 argument),
/// `SGPAY_ERR_CONFIG`, or `SGPAY_ERR_JOURNAL` (the configured journal cannot be opened, or
/// lies on a network drive). Thread-safe.
///
/// # Safety
/// Pointers are NULL or valid; `config_json` is NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_client_new(
    config_json: *const c_char,
    out_client: *mut *mut sgpay_client,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    ffi_boundary!(out_json, {
        if out_client.is_null() {
            return Err(crate::error::Error::invalid("\"out_client\" is NULL").into());
        }
        // SAFETY: checked non-NULL; the caller passes a writable pointer.
        unsafe { *out_client = std::ptr::null_mut() };
        // SAFETY: per this function's contract.
        let json = unsafe { required_str(config_json, "config_json") }?;
        let client = Client::from_json(json)?;
        let boxed = Box::into_raw(Box::new(sgpay_client { client }));
        // SAFETY: as above.
        unsafe { *out_client = boxed };
        Ok(None)
    })
}

/// Frees a client and closes its connections. NULL is a no-op. No call on this client
/// may be running or start afterwards.
///
/// # Safety
/// `client` is NULL or came from `sgpay_client_new` and was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_client_free(client: *mut sgpay_client) {
    ffi_boundary!(void, {
        if !client.is_null() {
            // SAFETY: per this function's contract, we own it now.
            drop(unsafe { Box::from_raw(client) });
        }
    })
}

/// Calls any API method: `operation` is the method path, e.g. "session/start/payment";
/// `request_json` the request body (a JSON object, sent byte for byte as given and
/// signed); `options_json` may be NULL or `{"idempotency_key": "...", "submerchant": "..."}`.
///
/// When no idempotency key is given, one is generated for every operation that is not
/// read-only and kept across the library's own retries.
///
/// On `SGPAY_OK`, `*out_json` is the server's reply body, unchanged. On failure it is the
/// error document `{"status":"error","error":{"code","description"},"sgpay":{...}}`. Either
/// way, when `*out_json` is non-NULL the caller owns it and frees it with
/// `sgpay_string_free`; `out_json` may be NULL to ignore it. Inputs are only borrowed.
///
/// On `SGPAY_ERR_OUTCOME_UNKNOWN` the request may have been processed: repeat it with the
/// same idempotency key (from `sgpay.idempotency_key` of the error document) and the same
/// body, or call "session/status", before charging again. On `SGPAY_ERR_NOT_SENT` nothing
/// reached the server and sending again is safe.
///
/// Blocks until the reply, retries included, at most `deadline_ms`. Thread-safe: many
/// threads may call with the same client at once.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_call(
    client: *const sgpay_client,
    operation: *const c_char,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    let operation = unsafe { required_str(operation, "operation") };
    match operation {
        // SAFETY: per this function's contract.
        Ok(op) => unsafe { call_operation(op, client, request_json, options_json, out_json) },
        Err(error) => ffi_boundary!(out_json, { Err(CallError::from(error)) }),
    }
}

/// The shared body of `sgpay_call` and the named session functions.
///
/// # Safety
/// As [`sgpay_call`].
pub(crate) unsafe fn call_operation(
    operation: &str,
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    let path = crate::operations::find(operation).map(|op| op.path);
    let call = |client: &Client, request: &str, options: &CallOptions| {
        client.call(operation, request, options)
    };
    // SAFETY: per the caller's contract.
    unsafe {
        run_request(
            path,
            client,
            request_json,
            options_json,
            out_json,
            CallOptions::from_json,
            call,
        )
    }
}
