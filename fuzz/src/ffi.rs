//! Safe wrappers over the C ABI, so that targets can drive it like a C caller would.

use std::ffi::{CStr, CString, c_char};

use sgpay::ffi::{sgpay_client, sgpay_client_free, sgpay_client_new};
use sgpay::ffi::sgpay_string_free;

/// A client created through `sgpay_client_new`, freed on drop.
pub struct FfiClient(*mut sgpay_client);

// SAFETY: the C ABI documents `sgpay_client` as usable from many threads at once.
unsafe impl Send for FfiClient {}
// SAFETY: as above.
unsafe impl Sync for FfiClient {}

impl FfiClient {
    /// Creates a client; on failure returns the status and the error document.
    pub fn new(config_json: &CStr) -> Result<FfiClient, (i32, Option<String>)> {
        let mut client = std::ptr::null_mut();
        let mut out = std::ptr::null_mut();
        // SAFETY: valid NUL-terminated string and writable out-pointers.
        let status = unsafe { sgpay_client_new(config_json.as_ptr(), &mut client, &mut out) };
        // SAFETY: `out` is NULL or a string from the library.
        let document = unsafe { take_string(out) };
        if status == 0 {
            assert!(!client.is_null(), "SGPAY_OK without a client");
            assert!(document.is_none(), "SGPAY_OK with a document: {document:?}");
            Ok(FfiClient(client))
        } else {
            assert!(client.is_null(), "status {status} with a client");
            Err((status, document))
        }
    }

    /// Creates a client from a configuration that must be valid.
    pub fn expect(config_json: &str) -> FfiClient {
        let text = CString::new(config_json).expect("no NUL in the configuration");
        FfiClient::new(&text).unwrap_or_else(|e| panic!("the configuration is refused: {e:?}"))
    }

    /// The raw pointer, for calls.
    pub fn as_ptr(&self) -> *const sgpay_client {
        self.0
    }
}

impl Drop for FfiClient {
    fn drop(&mut self) {
        // SAFETY: created by `sgpay_client_new`, freed once.
        unsafe { sgpay_client_free(self.0) };
    }
}

/// Takes ownership of a string the library handed out and frees it.
///
/// # Safety
/// `ptr` is NULL or an unfreed string from the library.
pub unsafe fn take_string(ptr: *mut c_char) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: per this function's contract.
    let text = unsafe { CStr::from_ptr(ptr) }
        .to_str()
        .expect("the library hands out UTF-8")
        .to_owned();
    // SAFETY: per this function's contract.
    unsafe { sgpay_string_free(ptr) };
    Some(text)
}

/// Runs a C ABI call that fills `out_json`, returning its status and document.
pub fn with_out_json(call: impl FnOnce(*mut *mut c_char) -> i32) -> (i32, Option<String>) {
    let mut out = std::ptr::null_mut();
    let status = call(&mut out);
    // SAFETY: `out` is NULL or a string the library just handed out.
    (status, unsafe { take_string(out) })
}
