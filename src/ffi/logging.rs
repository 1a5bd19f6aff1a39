//! The process-wide log callback.

use std::ffi::{CString, c_char, c_void};

use crate::error::Error;
use crate::ffi::boundary::ffi_boundary;
use crate::ffi::status::SgpayStatus;
use crate::logging::{self, Level};

/// Receives one log line: `level` 1 error, 2 warning, 3 info (one line per request:
/// method, operation, HTTP status, duration, attempt), 4 debug, 5 trace. `message` is
/// UTF-8, valid only during the call; card numbers are masked, and CVCs, keys and
/// secrets never appear. Called on the thread that made the library call, possibly on
/// several threads at once.
#[allow(non_camel_case_types)]
pub type sgpay_log_fn =
    Option<unsafe extern "C" fn(userdata: *mut c_void, level: i32, message: *const c_char)>;

/// Carries the caller's `userdata` to whichever thread logs.
struct UserData(*mut c_void);
// SAFETY: the caller promises, by installing the callback, that `userdata` may be used
// from any thread (documented on `sgpay_set_log_callback`).
unsafe impl Send for UserData {}
// SAFETY: as above.
unsafe impl Sync for UserData {}

/// Installs the process-wide log callback, replacing any previous one; `cb` NULL turns
/// logging off. Lines above `max_level` (0–5) are not produced at all.
///
/// Once this returns, the previous callback is never called again, so its `userdata` may
/// be freed. The callback must not call `sgpay_set_log_callback` itself, must be safe to
/// call from any thread, and must not unwind (C++ exceptions, longjmp) into the library.
/// Returns `SGPAY_OK`, or `SGPAY_ERR_INVALID_ARGUMENT` when `max_level` is outside 0–5.
///
/// # Safety
/// `cb` is NULL or a valid function; `userdata` is whatever `cb` expects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_set_log_callback(
    cb: sgpay_log_fn,
    userdata: *mut c_void,
    max_level: i32,
) -> SgpayStatus {
    ffi_boundary!(std::ptr::null_mut(), {
        if !(0..=5).contains(&max_level) {
            return Err(Error::invalid("\"max_level\" must be 0 to 5").into());
        }
        let sink = cb.map(|cb| {
            let userdata = UserData(userdata);
            Box::new(move |level: Level, line: &str| {
                let text = CString::new(line.replace('\0', " ")).unwrap_or_default();
                let data = &userdata;
                // SAFETY: the caller guarantees `cb` and `userdata` stay valid until replaced.
                unsafe { cb(data.0, level as i32, text.as_ptr()) };
            }) as logging::Sink
        });
        logging::set_sink(sink, max_level);
        Ok(None)
    })
}
