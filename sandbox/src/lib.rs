//! `sgpay-sandbox`: a stateful local emulator of the Smart Glocal partner API.
//!
//! It checks signatures as the live API does, validates bodies, keeps sessions in memory
//! and runs their status flow (with test cards for declines, 3-D Secure, errors and holds),
//! sends signed webhooks, replays idempotent requests, and injects faults on demand.
//!
//! ```no_run
//! use sgpay_sandbox::{Sandbox, SandboxConfig};
//!
//! let sandbox = Sandbox::start(SandboxConfig::default()).expect("sandbox starts");
//! println!("serving on {}", sandbox.url());
//! sandbox.stop();
//! ```

mod api;
mod auth;
mod body;
mod bounded;
mod cards;
pub mod cli;
mod clock;
mod clock_endpoint;
mod config;
mod control;
mod faults;
mod flow;
mod idempotency;
mod ids;
mod locked;
mod operation;
mod payment_instrument;
mod reply;
mod router;
mod sandbox;
mod server;
mod state;
mod stats;
mod terms;
mod tls;
mod validation;
mod version;
mod webhook_key;
mod webhooks;

pub use cards::Outcome as CardOutcome;
pub use cards::TEST_CARDS;
pub use config::{Auth, SandboxConfig};
pub use sandbox::Sandbox;
