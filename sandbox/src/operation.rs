//! The API methods of spec §3, by their path under `/api/v1/`.

/// One API method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `session/create`
    SessionCreate,
    /// `session/init/payment`
    InitPayment,
    /// `session/start/payment`
    StartPayment,
    /// `session/init/payout`
    InitPayout,
    /// `session/start/payout`
    StartPayout,
    /// `session/confirm`
    Confirm,
    /// `session/cancel`
    Cancel,
    /// `session/capture`
    Capture,
    /// `session/refund`
    Refund,
    /// `session/status`
    Status,
    /// `token`
    Token,
    /// `token/info`
    TokenInfo,
    /// `wallet/balance`
    WalletBalance,
}

const ALL: &[(Operation, &str)] = &[
    (Operation::SessionCreate, "session/create"),
    (Operation::InitPayment, "session/init/payment"),
    (Operation::StartPayment, "session/start/payment"),
    (Operation::InitPayout, "session/init/payout"),
    (Operation::StartPayout, "session/start/payout"),
    (Operation::Confirm, "session/confirm"),
    (Operation::Cancel, "session/cancel"),
    (Operation::Capture, "session/capture"),
    (Operation::Refund, "session/refund"),
    (Operation::Status, "session/status"),
    (Operation::Token, "token"),
    (Operation::TokenInfo, "token/info"),
    (Operation::WalletBalance, "wallet/balance"),
];

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
