//! The C ABI (docs/c-abi.md; docs/architecture.md, "FFI boundary rules"). Every `extern "C"` function of the library lives in this
//! module tree, and every one of them runs its body through [`boundary`].

mod arguments;
pub mod boundary;
pub mod client;
mod error_document;
pub mod journal;
pub mod logging;
mod panics;
pub mod pay;
pub mod sessions;
pub mod status;
pub mod strings;
pub mod webhooks;

pub use status::*;
