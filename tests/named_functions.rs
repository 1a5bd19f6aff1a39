//! The named session functions of the C ABI (`src/ffi/sessions.rs`) against the library's
//! one operation table (`src/operations.rs`): the header declares exactly one
//! `sgpay_session_<path>` per `session/...` operation, and each, loaded from the built
//! library by its name as a C program would, sends that operation.

use std::collections::BTreeSet;
use std::ffi::{CStr, c_char, c_void};

use sgpay::ffi::SGPAY_ERR_INVALID_ARGUMENT;
use sgpay::internals::operations::OPERATIONS;

type NamedFunction =
    unsafe extern "C" fn(*const c_void, *const c_char, *const c_char, *mut *mut c_char) -> i32;

const PREFIX: &str = "sgpay_session_";

/// Every `sgpay_session_*` function the header declares (a name followed by `(`).
fn header_functions() -> BTreeSet<String> {
    let header = include_str!("../include/sgpay.h");
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    header
        .match_indices(PREFIX)
        .filter_map(|(at, _)| {
            let rest = &header[at..];
            let end = rest.find(|c: char| !is_name(c))?;
            rest[end..].starts_with('(').then(|| rest[..end].to_owned())
        })
        .collect()
}

/// The C name of a session operation: `session/start/payment` -> `sgpay_session_start_payment`.
fn c_name(path: &str) -> String {
    format!("sgpay_{}", path.replace('/', "_"))
}

/// The shared library cargo built beside this test binary (`target/<profile>/deps/`).
fn library() -> libloading::Library {
    let exe = std::env::current_exe().unwrap();
    let path = exe.with_file_name(libloading::library_filename("sgpay"));
    // SAFETY: the library's initialisers are Rust's own and have no preconditions.
    unsafe { libloading::Library::new(&path) }.unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

#[test]
fn the_header_has_one_named_function_per_session_operation() {
    let from_table: BTreeSet<String> = OPERATIONS
        .iter()
        .filter(|op| op.path.starts_with("session/"))
        .map(|op| c_name(op.path))
        .collect();
    assert_eq!(header_functions(), from_table);
}

#[test]
fn each_named_function_sends_its_own_operation() {
    let library = library();
    // SAFETY: the header declares `void sgpay_string_free(char *)`.
    let free = unsafe { library.get::<unsafe extern "C" fn(*mut c_char)>(b"sgpay_string_free") }
        .expect("sgpay_string_free");
    for op in OPERATIONS
        .iter()
        .filter(|op| op.path.starts_with("session/"))
    {
        let name = c_name(op.path);
        // SAFETY: the header declares the function with exactly this signature.
        let function = unsafe { library.get::<NamedFunction>(name.as_bytes()) }
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut document: *mut c_char = std::ptr::null_mut();
        // SAFETY: a NULL client is refused before anything else is read.
        let status = unsafe {
            function(
                std::ptr::null(),
                c"{}".as_ptr(),
                std::ptr::null(),
                &mut document,
            )
        };
        assert_eq!(status, SGPAY_ERR_INVALID_ARGUMENT, "{name}");
        // SAFETY: the library returned a NUL-terminated document that the caller owns.
        let text = unsafe { CStr::from_ptr(document) }
            .to_str()
            .unwrap()
            .to_owned();
        // SAFETY: the document came from the library and is freed once.
        unsafe { free(document) };
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(document["sgpay"]["operation"], op.path, "{name}: {text}");
    }
}
