//! The one boundary every `extern "C"` body passes through: panics are caught (and kept
//! off the host's standard error: [`panics`]), the
//! output pointer is cleared first and filled last, and arguments are checked for NULL
//! and UTF-8 before use.

use std::ffi::{CStr, CString, c_char};

use crate::call_error::CallError;
use crate::error::Error;
use crate::ffi::panics;
use crate::ffi::status::{SGPAY_ERR_PANIC, SGPAY_OK, SgpayStatus};

/// What a body returns: an optional JSON document for `*out_json`, or a failure.
pub type BodyResult = Result<Option<String>, CallError>;

/// Wraps the body of an `extern "C"` function.
///
/// `ffi_boundary!(out_json, { ... })` runs a body returning [`BodyResult`] and yields the
/// status code; `ffi_boundary!(void, { ... })` runs a body returning nothing (for the
/// free functions) and swallows any panic.
macro_rules! ffi_boundary {
    (void, $body:block) => {
        $crate::ffi::boundary::run_void(|| $body)
    };
    ($out_json:expr, $body:block) => {{
        let out_json = $out_json;
        let body = || $body;
        // SAFETY: `out_json` comes straight from the caller of the `extern "C"` function,
        // whose contract makes it NULL or a writable `char **`.
        unsafe { $crate::ffi::boundary::run(out_json, body) }
    }};
}
pub(crate) use ffi_boundary;

/// Runs `body` behind `catch_unwind` and hands its document to the caller.
///
/// # Safety
/// `out_json` is NULL or points to a writable `char *`.
pub unsafe fn run(out_json: *mut *mut c_char, body: impl FnOnce() -> BodyResult) -> SgpayStatus {
    if !out_json.is_null() {
        // SAFETY: the caller passes either NULL or a pointer to a writable `char *`.
        unsafe { *out_json = std::ptr::null_mut() };
    }
    let (status, document) = match panics::catch_silently(body) {
        Ok(Ok(document)) => (SGPAY_OK, document),
        Ok(Err(error)) => (error.status(), Some(error.document_json())),
        Err(cause) => (SGPAY_ERR_PANIC, Some(panic_document(&cause))),
    };
    if let (false, Some(document)) = (out_json.is_null(), document) {
        // SAFETY: as above; ownership of the string passes to the caller.
        unsafe { *out_json = into_c_string(document) };
    }
    status
}

/// Runs a body that returns nothing, swallowing any panic so that it never unwinds
/// into C.
pub fn run_void(body: impl FnOnce()) {
    let _ = panics::catch_silently(body);
}

/// Moves a string to the C side; it must come back through `sgpay_string_free`. The NUL
/// check is a vectorised scan: a reply passes through here on every call.
pub fn into_c_string(text: String) -> *mut c_char {
    let bytes = text.into_bytes();
    match memchr::memchr(0, &bytes) {
        // SAFETY: the scan just found no NUL byte in `bytes`.
        None => unsafe { CString::from_vec_unchecked(bytes) }.into_raw(),
        Some(_) => CString::new(
            CallError::from(Error::Internal("a document contained a NUL byte".into()))
                .document_json(),
        )
        .map_or(std::ptr::null_mut(), CString::into_raw),
    }
}

/// The error document of a caught panic; `cause` is already masked.
fn panic_document(cause: &str) -> String {
    CallError::from(Error::Panic(format!(
        "sgpay hit an internal bug ({cause}); the call was abandoned and the host process is \
         unharmed. If the call could move money, check session/status. Please report this"
    )))
    .document_json()
}

/// Borrows a required C string argument, checking NULL and UTF-8.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives the call.
pub unsafe fn required_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(Error::invalid(format!("\"{name}\" is NULL")));
    }
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map_err(|e| {
        Error::invalid(format!(
            "\"{name}\" is not valid UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })
}

/// Borrows an optional C string argument: NULL means absent.
///
/// # Safety
/// As [`required_str`].
pub unsafe fn optional_str<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>, Error> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { required_str(ptr, name) }.map(Some)
    }
}

/// Borrows a required object behind a pointer.
///
/// # Safety
/// `ptr` is NULL or points to a live `T`.
pub unsafe fn required_ref<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, Error> {
    // SAFETY: guaranteed by the caller.
    unsafe { ptr.as_ref() }.ok_or_else(|| Error::invalid(format!("\"{name}\" is NULL")))
}
