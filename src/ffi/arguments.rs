//! Reading the arguments of a function that works for one named operation: the client,
//! text arguments and options documents, each failure tagged with the operation so that
//! the error document names it.

use std::ffi::c_char;

use crate::call_error::{CallContext, CallError};
use crate::client::Client;
use crate::error::{Error, Result};
use crate::ffi::boundary::{BodyResult, optional_str, required_ref, required_str};
use crate::ffi::client::sgpay_client;

/// The arguments of one call to `operation`: the client first, the others read one by one.
pub(crate) struct Arguments<'a> {
    /// The client the call runs on.
    pub(crate) client: &'a Client,
    /// The operation, for the context of a failure.
    operation: Option<&'static str>,
}

impl<'a> Arguments<'a> {
    /// Starts reading the arguments of a call to `operation` (`None` when the name is not
    /// one the library knows) on `client`, which must not be NULL.
    ///
    /// # Safety
    /// `client` is NULL or points to a live `sgpay_client`.
    pub(crate) unsafe fn read(
        operation: Option<&'static str>,
        client: *const sgpay_client,
    ) -> Result<Arguments<'a>, CallError> {
        // SAFETY: per this function's contract.
        match unsafe { required_ref(client, "client") } {
            Ok(client) => Ok(Arguments {
                client: &client.client,
                operation,
            }),
            Err(error) => Err(failure_in(operation, error)),
        }
    }

    /// `error`, with the operation it happened in.
    pub(crate) fn fail(&self, error: Error) -> CallError {
        failure_in(self.operation, error)
    }

    /// The required text argument `name`.
    ///
    /// # Safety
    /// `text` is NULL or a NUL-terminated string that outlives the call.
    pub(crate) unsafe fn text(
        &self,
        text: *const c_char,
        name: &str,
    ) -> Result<&'a str, CallError> {
        // SAFETY: per this function's contract.
        unsafe { required_str(text, name) }.map_err(|e| self.fail(e))
    }

    /// The optional JSON document `name` (NULL means absent), read by `parse`.
    ///
    /// # Safety
    /// As [`Arguments::text`].
    pub(crate) unsafe fn document<T>(
        &self,
        document: *const c_char,
        name: &str,
        parse: impl FnOnce(Option<&str>) -> Result<T>,
    ) -> Result<T, CallError> {
        // SAFETY: per this function's contract.
        unsafe { optional_str(document, name) }
            .and_then(parse)
            .map_err(|e| self.fail(e))
    }

    /// The body's result: the reply document, or the failure with the operation.
    pub(crate) fn reply(&self, reply: Result<String>) -> BodyResult {
        reply.map(Some).map_err(|e| self.fail(e))
    }
}

/// `error`, with `operation` as its context.
fn failure_in(operation: Option<&'static str>, error: Error) -> CallError {
    let context = CallContext {
        operation: operation.map(str::to_owned),
        ..Default::default()
    };
    CallError::new(error, context)
}

/// The shared body of the functions that take a request and its options (`sgpay_call`,
/// the named session functions, `sgpay_pay`): reads the arguments of a call to
/// `operation`, options through `parse`, and runs `run` on the client.
///
/// # Safety
/// As [`crate::ffi::client::sgpay_call`].
pub(crate) unsafe fn run_request<O>(
    operation: Option<&'static str>,
    client: *const sgpay_client,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
    parse: impl FnOnce(Option<&str>) -> Result<O>,
    run: impl FnOnce(&Client, &str, &O) -> Result<String, CallError>,
) -> crate::ffi::status::SgpayStatus {
    crate::ffi::boundary::ffi_boundary!(out_json, {
        // SAFETY: per the caller's contract, for each argument below.
        let arguments = unsafe { Arguments::read(operation, client) }?;
        // SAFETY: as above.
        let request = unsafe { arguments.text(request_json, "request_json") }?;
        // SAFETY: as above.
        let options = unsafe { arguments.document(options_json, "options_json", parse) }?;
        run(arguments.client, request, &options).map(Some)
    })
}

/// The shared body of the functions that read the client and one optional JSON document
/// (the journal's listing and recovery): reads the client of `operation`, the document
/// `name` through `parse`, and runs `run` on them.
///
/// # Safety
/// `client` is NULL or points to a live `sgpay_client`; `document` is NULL or a
/// NUL-terminated string that outlives the call; `out_json` is NULL or writable.
pub(crate) unsafe fn run_with_document<D>(
    operation: &'static str,
    client: *const sgpay_client,
    (document, name): (*const c_char, &str),
    out_json: *mut *mut c_char,
    parse: impl FnOnce(Option<&str>) -> Result<D>,
    run: impl FnOnce(&Client, &D) -> Result<String>,
) -> crate::ffi::status::SgpayStatus {
    crate::ffi::boundary::ffi_boundary!(out_json, {
        // SAFETY: per the caller's contract, for each argument below.
        let arguments = unsafe { Arguments::read(Some(operation), client) }?;
        // SAFETY: as above.
        let document = unsafe { arguments.document(document, name, parse) }?;
        arguments.reply(run(arguments.client, &document))
    })
}
