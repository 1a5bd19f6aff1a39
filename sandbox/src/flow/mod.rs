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
use crate::stats::MoneyMovement;
use crate::validation::Object;

use start::Target::{NamedSession, NewSession};

/// Runs one API method on a parsed body; the value is the whole `{"status":"ok",..}` reply.
/// A method that moves money counts its movement under the request's idempotency key.
pub fn execute(
    state: &Arc<State>,
    operation: Operation,
    body: &Object,
    idempotency_key: Option<&str>,
) -> Result<Value, ApiError> {
    let reply = run(state, operation, body)?;
    if let Some(movement) = money_moved_by(operation) {
        state.stats.money_moved(movement, idempotency_key);
    }
    Ok(reply)
}

fn run(state: &Arc<State>, operation: Operation, body: &Object) -> Result<Value, ApiError> {
    let start_transfer = |kind, target| start::transfer(state, body, kind, target);
    match operation {
        Operation::SessionCreate => start::create(state, body),
        Operation::InitPayment => start_transfer(Kind::Payment, NewSession),
        Operation::StartPayment => start_transfer(Kind::Payment, NamedSession),
        Operation::InitPayout => start_transfer(Kind::Payout, NewSession),
        Operation::StartPayout => start_transfer(Kind::Payout, NamedSession),
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

/// The money a successful `operation` moves: doing it twice would move it twice.
fn money_moved_by(operation: Operation) -> Option<MoneyMovement> {
    match operation {
        Operation::InitPayment | Operation::StartPayment => Some(MoneyMovement::Payment),
        Operation::InitPayout | Operation::StartPayout => Some(MoneyMovement::Payout),
        Operation::Confirm => Some(MoneyMovement::Confirm),
        Operation::Capture => Some(MoneyMovement::Capture),
        Operation::Refund => Some(MoneyMovement::Refund),
        Operation::SessionCreate
        | Operation::Cancel
        | Operation::Status
        | Operation::Token
        | Operation::TokenInfo
        | Operation::WalletBalance => None,
    }
}
