//! The API methods (docs/api.md, "Methods"), by their path under `/api/v1/`.

/// Declares `Operation`, one variant per API method, and `ALL`, each method with its path.
macro_rules! operations {
    ($($variant:ident => $path:literal,)+) => {
        /// One API method.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Operation {
            $(
                #[doc = concat!("`", $path, "`")]
                $variant,
            )+
        }

        /// Every method with its path under `/api/v1/`.
        const ALL: &[(Operation, &str)] = &[$((Operation::$variant, $path)),+];
    };
}

operations! {
    SessionCreate => "session/create",
    InitPayment => "session/init/payment",
    StartPayment => "session/start/payment",
    InitPayout => "session/init/payout",
    StartPayout => "session/start/payout",
    Confirm => "session/confirm",
    Cancel => "session/cancel",
    Capture => "session/capture",
    Refund => "session/refund",
    Status => "session/status",
    Token => "token",
    TokenInfo => "token/info",
    WalletBalance => "wallet/balance",
}

impl Operation {
    /// The method named by a path such as `session/status`.
    pub fn from_name(name: &str) -> Option<Operation> {
        ALL.iter().find(|(_, n)| *n == name).map(|(op, _)| *op)
    }

    /// The method's path under `/api/v1/`.
    pub fn name(self) -> &'static str {
        ALL.iter()
            .find(|(op, _)| *op == self)
            .map_or("", |(_, name)| name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (op, name) in ALL {
            assert_eq!(Operation::from_name(name), Some(*op));
            assert_eq!(op.name(), *name);
        }
        assert_eq!(Operation::from_name("session/unknown"), None);
    }
}
