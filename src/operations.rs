//! The API methods the library knows (docs/api.md, "Methods"), with what each requires and whether
//! repeating it could move money twice.

use crate::request_body::Object;

use crate::error::Result;
use crate::validation;

/// Declares every method once: its name (a constant of [`names`], so that a misspelt
/// operation does not compile), its path, whether it only reads, and its request check;
/// [`OPERATIONS`] is built from the same lines.
macro_rules! operations {
    ($($name:ident = $path:literal, $read_only:literal, $validate:path;)*) => {
        /// The method paths by name.
        pub mod names {
            $(
                #[doc = concat!("`", $path, "`.")]
                pub const $name: &str = $path;
            )*
        }

        /// Every method of the API, in the order of docs/api.md, "Methods".
        pub const OPERATIONS: &[Operation] = &[$(op(names::$name, $read_only, $validate)),*];
    };
}

operations! {
    SESSION_CREATE = "session/create", false, validation::session_create;
    SESSION_INIT_PAYMENT = "session/init/payment", false, validation::session_init_payment;
    SESSION_START_PAYMENT = "session/start/payment", false, validation::session_start_payment;
    SESSION_INIT_PAYOUT = "session/init/payout", false, validation::session_init_payout;
    SESSION_START_PAYOUT = "session/start/payout", false, validation::session_start_payout;
    SESSION_CONFIRM = "session/confirm", false, validation::session_id_only;
    SESSION_CANCEL = "session/cancel", false, validation::session_id_only;
    SESSION_CAPTURE = "session/capture", false, validation::session_with_amount;
    SESSION_REFUND = "session/refund", false, validation::session_with_amount;
    SESSION_STATUS = "session/status", true, validation::session_id_only;
    TOKEN = "token", false, validation::token;
    TOKEN_INFO = "token/info", true, validation::token_info;
    WALLET_BALANCE = "wallet/balance", true, validation::wallet_balance;
}

/// One API method.
#[derive(Debug)]
pub struct Operation {
    /// Method path under `/api/v1/`, e.g. `session/start/payment`.
    pub path: &'static str,
    /// True when repeating the call cannot change anything (reads only). Such calls get
    /// no generated idempotency key and may always be retried.
    pub read_only: bool,
    /// Checks a request body before it is sent.
    pub validate: fn(&Object<'_>) -> Result<()>,
}

const fn op(
    path: &'static str,
    read_only: bool,
    validate: fn(&Object<'_>) -> Result<()>,
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
