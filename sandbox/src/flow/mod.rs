//! The operations of spec §3 and the status flow of spec §5.

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

/// Runs one API method on a parsed body; the value is the whole `{"status":"ok",..}` reply.
pub fn execute(
    state: &Arc<State>,
    operation: Operation,
    body: &Object,
    idempotency_key: Option<&str>,
) -> Result<Value, ApiError> {
    match operation {
        Operation::SessionCreate => start::create(state, body),
        Operation::InitPayment => start::init(state, body, Kind::Payment, idempotency_key),
        Operation::StartPayment => start::start(state, body, Kind::Payment, idempotency_key),
        Operation::InitPayout => start::init(state, body, Kind::Payout, idempotency_key),
        Operation::StartPayout => start::start(state, body, Kind::Payout, idempotency_key),
        Operation::Confirm => actions::confirm(state, body),
        Operation::Cancel => actions::cancel(state, body),
        Operation::Capture => actions::capture(state, body),
        Operation::Refund => actions::refund(state, body),
        Operation::Status => actions::status(state, body),
        Operation::Token => tokens::issue(state, body),
        Operation::TokenInfo => tokens::info(state, body),
        Operation::WalletBalance => tokens::wallet_balance(state, body),
    }
}
