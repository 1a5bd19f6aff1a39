//! `panic_probe.dll`: a test DLL for the Windows suites (tools/windows/test). Its one
//! function panics inside the boundary every `sgpay_` function runs through, so the Wine
//! tests see, on each architecture's unwinder, that a panic becomes `SGPAY_ERR_PANIC` with
//! an error document and never reaches the host.

use std::ffi::c_char;

/// Panics inside [`sgpay::internals::boundary::run`]; returns its status and sets `*out_json`.
///
/// # Safety
/// `out_json` is NULL or points to a writable `char *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_probe_panic(out_json: *mut *mut c_char) -> i32 {
    // SAFETY: forwarded from the caller, under the same contract.
    unsafe {
        sgpay::internals::boundary::run(out_json, || {
            panic!("probe with card 4242424242424242 inside the boundary")
        })
    }
}
