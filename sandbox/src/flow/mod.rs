//! The operations (docs/api.md, "Methods") and the status flow (docs/api.md, "Statuses and flow").

mod actions;
mod changes;
mod start;
mod steps;
pub mod threeds;
pub mod timeouts;
mod tokens;

use std::sync::Arc;

use serde_json::Value;

use crate::operation::Operation;
use crate::reply::ApiError;
use crate::state::State;
use crate::state::session::Kind;
use crate::validation::Object;

use start::Target::{NamedSession, NewSession};

/// Runs one API method on a parsed body; the value is the whole `{"status":"ok",..}` reply.
pub fn execute(
    state: &Arc<State>,
    operation: Operation,
    body: &Object,
    idempotency_key: Option<&str>,
) -> Result<Value, ApiError> {
    let start_transfer = |kind, target| start::transfer(state, body, kind, target, idempotency_key);
    match operation {
        Operation::SessionCreate => start::create(state, body),
        Operation::InitPayment => start_transfer(Kind::Payment, NewSession),
        Operation::StartPayment => start_transfer(Kind::Payment, NamedSession),
        Operation::InitPayout => start_transfer(Kind::Payout, NewSession),
        Operation::StartPayout => start_transfer(Kind::Payout, NamedSession),
        Operation::Confirm => actions::confirm(state, body, idempotency_key),
        Operation::Cancel => actions::cancel(state, body),
        Operation::Capture => actions::capture(state, body, idempotency_key),
        Operation::Refund => actions::refund(state, body, idempotency_key),
        Operation::Status => actions::status(state, body),
        Operation::Token => tokens::issue(state, body),
        Operation::TokenInfo => tokens::info(state, body),
        Operation::WalletBalance => tokens::wallet_balance(state, body),
    }
}
