//! The API methods the library knows (docs/api.md, "Methods"), with what each requires and whether
//! repeating it could move money twice.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::validation;

/// The method paths by name, so that a misspelt operation does not compile.
pub mod names {
    /// `session/create`.
    pub const SESSION_CREATE: &str = "session/create";
    /// `session/init/payment`.
    pub const SESSION_INIT_PAYMENT: &str = "session/init/payment";
    /// `session/start/payment`.
    pub const SESSION_START_PAYMENT: &str = "session/start/payment";
    /// `session/init/payout`.
    pub const SESSION_INIT_PAYOUT: &str = "session/init/payout";
    /// `session/start/payout`.
    pub const SESSION_START_PAYOUT: &str = "session/start/payout";
    /// `session/confirm`.
    pub const SESSION_CONFIRM: &str = "session/confirm";
    /// `session/cancel`.
    pub const SESSION_CANCEL: &str = "session/cancel";
    /// `session/capture`.
    pub const SESSION_CAPTURE: &str = "session/capture";
    /// `session/refund`.
    pub const SESSION_REFUND: &str = "session/refund";
    /// `session/status`.
    pub const SESSION_STATUS: &str = "session/status";
    /// `token`.
    pub const TOKEN: &str = "token";
    /// `token/info`.
    pub const TOKEN_INFO: &str = "token/info";
    /// `wallet/balance`.
    pub const WALLET_BALANCE: &str = "wallet/balance";
}

use names::*;

/// One API method.
#[derive(Debug)]
pub struct Operation {
    /// Method path under `/api/v1/`, e.g. `session/start/payment`.
    pub path: &'static str,
    /// True when repeating the call cannot change anything (reads only). Such calls get
    /// no generated idempotency key and may always be retried.
    pub read_only: bool,
    /// Checks a request body before it is sent.
    pub validate: fn(&Map<String, Value>) -> Result<()>,
}

/// Every method of the API, in the order of the spec.
pub const OPERATIONS: &[Operation] = &[
    op(SESSION_CREATE, false, validation::session_create),
    op(
        SESSION_INIT_PAYMENT,
        false,
        validation::session_init_payment,
    ),
    op(
        SESSION_START_PAYMENT,
        false,
        validation::session_start_payment,
    ),
    op(SESSION_INIT_PAYOUT, false, validation::session_init_payout),
    op(
        SESSION_START_PAYOUT,
        false,
        validation::session_start_payout,
    ),
    op(SESSION_CONFIRM, false, validation::session_id_only),
    op(SESSION_CANCEL, false, validation::session_id_only),
    op(SESSION_CAPTURE, false, validation::session_with_amount),
    op(SESSION_REFUND, false, validation::session_with_amount),
    op(SESSION_STATUS, true, validation::session_id_only),
    op(TOKEN, false, validation::token),
    op(TOKEN_INFO, true, validation::token_info),
    op(WALLET_BALANCE, true, validation::wallet_balance),
];

const fn op(
    path: &'static str,
    read_only: bool,
    validate: fn(&Map<String, Value>) -> Result<()>,
) -> Operation {
    Operation {
        path,
        read_only,
        validate,
    }
}

/// Looks an operation up by its method path.
pub fn find(path: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.path == path)
}

/// The known method paths, comma-separated, for error messages.
pub fn known_paths() -> String {
    OPERATIONS
        .iter()
        .map(|op| op.path)
        .collect::<Vec<_>>()
        .join(", ")
}
