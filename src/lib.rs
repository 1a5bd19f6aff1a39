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

mod call;
mod call_error;
pub mod client;
pub mod config;
mod error;
pub mod ffi;
pub mod journal;
mod keys;
mod limits;
mod logging;
mod operations;
pub mod pay;
mod redaction;
mod reply;
mod resolver;
mod retry;
mod send_phase;
mod signing;
mod transport;
mod validation;
pub mod webhooks;

pub use call_error::{CallContext, CallError};
pub use client::{CallOptions, Client};
pub use config::Config;
pub use error::{Error, LastReply, Result};

/// The library's inner modules, reachable for its own integration tests, fuzz targets and
/// benchmarks. Not part of the API: anything here may change in any release.
#[doc(hidden)]
pub mod internals {
    /// See `src/keys.rs`.
    pub mod keys {
        pub use crate::keys::*;
    }
    /// See `src/limits.rs`.
    pub mod limits {
        pub use crate::limits::*;
    }
    /// See `src/logging.rs`.
    pub mod logging {
        pub use crate::logging::*;
    }
    /// See `src/operations.rs`.
    pub mod operations {
        pub use crate::operations::*;
    }
    /// See `src/redaction.rs`.
    pub mod redaction {
        pub use crate::redaction::*;
    }
    /// See `src/reply.rs`.
    pub mod reply {
        pub use crate::reply::*;
    }
    /// See `src/retry.rs`.
    pub mod retry {
        pub use crate::retry::*;
    }
    /// See `src/signing.rs`.
    pub mod signing {
        pub use crate::signing::*;
    }
    /// See `src/transport.rs`.
    pub mod transport {
        pub use crate::transport::*;
    }
}
