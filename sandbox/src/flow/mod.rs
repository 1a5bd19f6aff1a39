//! The operations of spec §3 and the status flow of spec §5.

mod actions;
mod changes;
mod start;
mod steps;
pub mod threeds;
mod tokens;

use std::sync::Arc;

use serde_json::Value;

use crate::app::App;
use crate::model::Kind;
use crate::operation::Operation;
use crate::reply::ApiError;
use crate::validation::Object;

/// Runs one API method on a parsed body; the value is the whole `{"status":"ok",..}` reply.
pub fn execute(
    app: &Arc<App>,
    operation: Operation,
    body: &Object,
    idempotency_key: Option<&str>,
) -> Result<Value, ApiError> {
    match operation {
        Operation::SessionCreate => start::create(app, body),
        Operation::InitPayment => start::init(app, body, Kind::Payment, idempotency_key),
        Operation::StartPayment => start::start(app, body, Kind::Payment, idempotency_key),
        Operation::InitPayout => start::init(app, body, Kind::Payout, idempotency_key),
        Operation::StartPayout => start::start(app, body, Kind::Payout, idempotency_key),
        Operation::Confirm => actions::confirm(app, body),
        Operation::Cancel => actions::cancel(app, body),
        Operation::Capture => actions::capture(app, body),
        Operation::Refund => actions::refund(app, body),
        Operation::Status => actions::status(app, body),
        Operation::Token => tokens::issue(app, body),
        Operation::TokenInfo => tokens::info(app, body),
        Operation::WalletBalance => tokens::wallet_balance(app, body),
    }
}
