//! The crash-safe journal's functions (docs/journal.md): listing entries, recovering after a
//! crash, acknowledging outcomes. Each needs `journal_path` in the client's configuration
//! (otherwise `SGPAY_ERR_CONFIG`).

use std::ffi::c_char;

use crate::client::Client;
use crate::ffi::arguments::{Arguments, run_with_document};
use crate::ffi::boundary::ffi_boundary;
use crate::ffi::client::sgpay_client;
use crate::ffi::status::SgpayStatus;
use crate::journal::listing::Filter;
use crate::recovery::RecoverOptions;

/// Lists journal entries. `filter_json` may be NULL (every unacknowledged entry) or
/// `{"reference": "..."}`, `{"state": "pending"|"in_doubt"|"done"|"needs_attention"}`,
/// `{"session_id": "..."}`, optionally with `"include_acknowledged": true`.
///
/// On `SGPAY_OK`, `*out_json` is `{"status":"ok","entries":[...]}`; each entry has `id`,
/// `reference`, `operations` (each with its `idempotency_key`), `session_id`, `amount`,
/// `currency`, `card` (masked), `state`, `outcome`, `note`, `created_at`, `updated_at` and
/// `acknowledged_at`. Ownership of `*out_json` as for `sgpay_call`. Thread-safe.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_journal_entries(
    client: *const sgpay_client,
    filter_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    let filter = (filter_json, "filter_json");
    // SAFETY: per this function's contract.
    unsafe {
        run_with_document(
            "journal/entries",
            client,
            filter,
            out_json,
            Filter::from_json,
            Client::journal_entries,
        )
    }
}

/// Resolves every entry left `pending` by a process that is gone (or whose lease, the
/// call's deadline, has expired) or left `in_doubt`: asks `session/status` where the
/// session is known, and re-sends a stored body (never card data) with its own idempotency
/// key where the server may not have it. It finishes what the caller had decided and
/// decides nothing new: it confirms a sale paid with `confirm` `auto` that the server shows
/// awaiting confirmation (once, with the sale's own confirm key), and never confirms a
/// `manual` sale, cancels or starts a payment of its own. Entries
/// of a live process are left alone until their lease expires. Call it at start-up.
///
/// `options_json` may be NULL or `{"deadline_ms": N}` (how long to wait for sessions still
/// being processed; default the client's `deadline_ms`).
///
/// On `SGPAY_OK`, `*out_json` is `{"status":"ok","entries":[...]}`: each entry looked at,
/// with its `outcome`, or `state` `needs_attention` with a `note` in plain words on what a
/// person must check, or still `in_doubt` when the server could not tell yet. Ownership of
/// `*out_json` as for `sgpay_call`. Thread-safe.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_journal_recover(
    client: *const sgpay_client,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    let options = (options_json, "options_json");
    // SAFETY: per this function's contract.
    unsafe {
        run_with_document(
            "journal/recover",
            client,
            options,
            out_json,
            RecoverOptions::from_json,
            Client::journal_recover,
        )
    }
}

/// Marks that the till has recorded the outcome of entry `entry_id`. Acknowledged entries
/// are kept for `journal_retention_days`, the others forever. An entry still `pending`
/// cannot be acknowledged (`SGPAY_ERR_INVALID_ARGUMENT`), nor an unknown id.
///
/// On `SGPAY_OK`, `*out_json` is `{"status":"ok","entry":{...}}`. Ownership of `*out_json`
/// as for `sgpay_call`. Thread-safe.
///
/// # Safety
/// Pointers are NULL or valid; strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgpay_journal_acknowledge(
    client: *const sgpay_client,
    entry_id: *const c_char,
    out_json: *mut *mut c_char,
) -> SgpayStatus {
    ffi_boundary!(out_json, {
        // SAFETY: per this function's contract, for each argument below.
        let arguments = unsafe { Arguments::read(Some("journal/acknowledge"), client) }?;
        // SAFETY: as above.
        let entry_id = unsafe { arguments.text(entry_id, "entry_id") }?;
        arguments.reply(arguments.client.journal_acknowledge(entry_id))
    })
}
