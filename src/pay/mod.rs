//! `pay`: one whole card payment in one call (docs/journal.md, "pay"): `session/create` →
//! `session/start/payment` → poll `session/status` → `session/confirm` → poll to a final
//! status, journaled at every step when the journal is on.

mod flow;
pub(crate) mod options;
pub(crate) mod outcome;
mod sale;

pub use flow::pay;
pub use options::{Confirm, PayOptions};
pub use outcome::Outcome;
pub use sale::Step;
