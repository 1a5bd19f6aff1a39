//! Freeing strings the library handed out.

use std::ffi::{CString, c_char};

use crate::ffi::boundary::ffi_boundary;

/// Frees a string returned through an `out_json` parameter. NULL is a no-op. Never pass
/// a string that did not come from this library, nor the one from `sgpay_version`.
/// Thread-safe.
///
/// # Safety
/// `s` is NULL or a string from this library not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_string_free(s: *mut c_char) {
    ffi_boundary!(void, {
        if !s.is_null() {
            // SAFETY: per this function's contract, it came from `CString::into_raw`.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}
