//! The API methods the library knows (spec §3), with what each requires and whether
//! repeating it could move money twice.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::validation;

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
    op("session/create", false, validation::session_create),
    op(
        "session/init/payment",
        false,
        validation::session_init_payment,
    ),
    op(
        "session/start/payment",
        false,
        validation::session_start_payment,
    ),
    op(
        "session/init/payout",
        false,
        validation::session_init_payout,
    ),
    op(
        "session/start/payout",
        false,
        validation::session_start_payout,
    ),
    op("session/confirm", false, validation::session_id_only),
    op("session/cancel", false, validation::session_id_only),
    op("session/capture", false, validation::session_with_amount),
    op("session/refund", false, validation::session_with_amount),
    op("session/status", true, validation::session_id_only),
    op("token", false, validation::token),
    op("token/info", true, validation::token_info),
    op("wallet/balance", true, validation::wallet_balance),
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
