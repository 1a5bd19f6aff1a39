//! One named function per session method; each is `sgpay_call` with the operation fixed.

use std::ffi::c_char;

use crate::ffi::client::{call_operation, sgpay_client};
use crate::ffi::status::SgpayStatus;
use crate::operations::names;

/// `session/create`: Creates a session in status `created`. Every request field is optional.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_create(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_CREATE,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/init/payment`: Creates a session and starts a payment in one call. Requires `payment_details`, `amount_details`, `customer`.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_init_payment(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_INIT_PAYMENT,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/start/payment`: Starts a payment in an existing session. Requires `session_id` (and `payment_details`, `amount_details`, `customer` if the session lacks them).
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_start_payment(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_START_PAYMENT,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/init/payout`: Creates a session and starts a payout. Requires `payment_method`, `amount_details`.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_init_payout(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_INIT_PAYOUT,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/start/payout`: Starts a payout in an existing session. Requires `session_id`.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_start_payout(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_START_PAYOUT,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/confirm`: Confirms an operation waiting for it (`next_action: confirm`). Requires `session_id`.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_confirm(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_CONFIRM,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/cancel`: Cancels a pending operation or releases a hold. Requires `session_id`.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_cancel(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_CANCEL,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/capture`: Debits a hold (`next_action: capture`), in full or, with `amount_details`, in part. Requires `session_id`.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_capture(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_CAPTURE,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/refund`: Refunds a succeeded payment, in full or, with `amount_details`, in part. Requires `session_id`.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_refund(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_REFUND,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}

/// `session/status`: Returns the whole session: the polling alternative to webhooks. Requires `session_id`. Read-only: always safe to repeat.
///
/// Same parameters, ownership, errors and threading as `sgpay_call` minus `operation`.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_session_status(
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    // SAFETY: per this function's contract.
    unsafe {
        call_operation(
            names::SESSION_STATUS,
            client,
            request_json,
            options_json,
            out_json,
        )
    }
}
