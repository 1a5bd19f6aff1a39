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
pub mod client;
pub mod config;
pub mod error_document;
pub mod errors;
pub mod ffi;
pub mod journal;
pub mod keys;
pub mod logging;
pub mod operations;
pub mod pay;
pub mod redaction;
pub mod reply;
mod resolver;
pub mod retry;
pub mod signing;
pub mod transport;
pub mod validation;
pub mod webhooks;

pub use client::{CallOptions, Client};
pub use config::Config;
pub use error_document::{CallContext, CallError};
pub use errors::{Error, Result};
