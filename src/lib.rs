//! sgpay: a client for the Smart Glocal partner API with a C ABI.
//!
//! Start a card payment, follow it to the end and never charge a customer twice: the
//! library signs every request (RSA-SHA256 or HMAC-SHA256), validates it before sending,
//! retries only what is safe to retry, and tells apart "not sent" from "outcome unknown".
//!
//! Rust callers use [`Client`]; C callers use the functions of [`ffi`] through
//! `include/sgpay.h`.

// Errors carry the whole error document's contents; they travel only on the failure path,
// next to a network round trip, so their size does not matter.
#![allow(clippy::result_large_err)]

mod backoff;
mod call;
mod call_error;
mod client;
mod config;
mod endpoints;
mod error;
pub mod ffi;
mod journal;
mod journal_hooks;
mod journal_url;
mod keys;
mod lean_transport;
mod limits;
mod logging;
mod operations;
mod options_document;
mod pay;
mod probe;
mod public_key;
mod recovery;
mod redaction;
mod reply;
mod request_body;
mod request_headers;
mod resolver;
mod retry;
mod send_phase;
mod signing;
mod tcp;
mod transport;
mod validation;
mod webhooks;

pub use call_error::{CallContext, CallError};
pub use client::{CallOptions, Client};
pub use config::{Config, JournalConfig, JournalLocation};
pub use error::{Cause, Error, LastReply, Result};
pub use journal::listing::Filter as JournalFilter;
pub use journal_url::{JournalUrl, SslMode};
pub use pay::{Confirm, Outcome, PayOptions};
pub use probe::Probe;
pub use public_key::PartnerPublicKey;
pub use recovery::RecoverOptions;
pub use webhooks::WebhookVerifier;

/// The library's version, e.g. `0.1.0` (what `sgpay_version` returns to C callers).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Every API method the client knows, in the order of docs/api.md, "Methods": its path
/// (the `operation` of [`Client::call`]) and whether it only reads.
pub fn operations() -> impl Iterator<Item = (&'static str, bool)> {
    operations::OPERATIONS
        .iter()
        .map(|op| (op.path, op.read_only))
}

/// The library's inner modules, reachable for its own integration tests, fuzz targets and
/// benchmarks. Not part of the API: anything here may change in any release.
#[doc(hidden)]
pub mod internals {
    /// Makes each named inner module reachable as `sgpay::internals::<name>`.
    macro_rules! reachable {
        ($($name:ident),*) => {$(
            #[doc = concat!("See `src/", stringify!($name), ".rs`.")]
            pub mod $name {
                pub use crate::$name::*;
            }
        )*};
    }
    reachable!(keys, logging, operations, redaction, reply);
    reachable!(request_body, retry, signing, transport);

    /// See `src/pay/outcome.rs`: what a session says about its payment.
    pub mod outcome {
        pub use crate::pay::outcome::{classify, payments};
    }

    /// See `src/ffi/boundary.rs`: the boundary every `extern "C"` body runs through.
    pub mod boundary {
        pub use crate::ffi::boundary::{BodyResult, run};
    }
}
