//! The C ABI (docs/c-abi.md; docs/architecture.md, "FFI boundary rules"). Every `extern "C"` function of the library lives in this
//! module tree, and every one of them runs its body through [`boundary`].

mod arguments;
pub(crate) mod boundary;
mod client;
mod error_document;
mod journal;
mod logging;
mod panics;
mod pay;
mod sessions;
mod status;
mod strings;
mod webhooks;

pub use client::*;
pub use journal::*;
pub use logging::*;
pub use pay::*;
pub use sessions::*;
pub use status::*;
pub use strings::*;
pub use webhooks::*;
