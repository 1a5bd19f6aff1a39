//! The points of a sale at which the crash and power-loss suites stop its payer (kill it,
//! or cut its power) while the sandbox holds one request in flight, and what recovery must
//! find at each. Both suites run every point: [`every_stop_point!`] makes one test each.
#![cfg(unix)]

use serde_json::Value;

use super::payer::Till;

/// A request a payer is stopped in, and what recovery must then find.
pub struct StopPoint {
    /// Names the till's scratch space and is the sale's reference.
    pub label: &'static str,
    /// The request held in flight when the payer is stopped.
    pub held: &'static str,
    /// Whether the caller keeps the confirm for itself (`--manual`).
    pub manual: bool,
    /// The outcome recovery finds.
    pub outcome: &'static str,
    /// Payments the sandbox has made once recovery is done.
    pub payments: u64,
    /// Confirms the sandbox has received by then, where the point fixes their number (a
    /// confirm held in flight may be re-sent, with its own key).
    pub confirms: Option<u64>,
}

impl StopPoint {
    /// The payer's arguments: one sale with this point's reference.
    pub fn args(&self) -> Vec<&'static str> {
        let mut args = vec!["pay", "--reference", self.label];
        if self.manual {
            args.push("--manual");
        }
        args
    }

    /// Checks the one entry recovery resolved, and what the sandbox holds, against this
    /// point.
    pub fn check(&self, till: &Till, entry: &Value) {
        assert_eq!(entry["reference"], self.label, "{entry}");
        assert_eq!(entry["outcome"], self.outcome, "{entry}");
        let stats = till.sandbox.stats();
        assert_eq!(till.payments_created(), self.payments, "{stats}");
        if let Some(confirms) = self.confirms {
            assert_eq!(
                till.requests("session/confirm"),
                confirms,
                "recovery finishes what the caller decided and decides nothing new: {stats}"
            );
        }
    }
}

/// The create is in flight: no payment can have started.
pub const CREATE: StopPoint = StopPoint {
    label: "create",
    held: "session/create",
    manual: false,
    outcome: "not_started",
    payments: 0,
    confirms: Some(0),
};

/// The start is in flight and the server finishes it after the payer is gone: the card is
/// in play. The caller had chosen `confirm` `auto`, so recovery confirms once, with the
/// sale's own confirm key.
pub const START: StopPoint = StopPoint {
    label: "start",
    held: "session/start/payment",
    manual: false,
    outcome: "succeeded",
    payments: 1,
    confirms: Some(1),
};

/// As [`START`], but the caller keeps the confirm: recovery never sends it.
pub const START_MANUAL: StopPoint = StopPoint {
    label: "start-manual",
    held: "session/start/payment",
    manual: true,
    outcome: "awaiting_confirmation",
    payments: 1,
    confirms: Some(0),
};

/// The confirm is in flight: recovery finishes it (re-sending the stored confirm with its
/// key if the server lacks it).
pub const CONFIRM: StopPoint = StopPoint {
    label: "confirm",
    held: "session/confirm",
    manual: false,
    outcome: "succeeded",
    payments: 1,
    confirms: None,
};

/// Between steps: the payer polls for the payment to be ready to confirm.
pub const WAIT_READY: StopPoint = StopPoint {
    label: "wait-ready",
    held: "session/status",
    manual: false,
    outcome: "succeeded",
    payments: 1,
    confirms: Some(1),
};

/// As [`WAIT_READY`], but the caller keeps the confirm.
pub const WAIT_READY_MANUAL: StopPoint = StopPoint {
    label: "wait-ready-manual",
    held: "session/status",
    manual: true,
    outcome: "awaiting_confirmation",
    payments: 1,
    confirms: Some(0),
};

/// One test per stop point, each calling `$run(&point)`, named
/// `<suite module>::<point in lower case>`. Only the crash suites use it.
#[allow(unused_macros)]
macro_rules! every_stop_point {
    ($run:path) => {
        crate::common::stop_points::every_stop_point!($run:
            create = CREATE, start = START, start_manual = START_MANUAL, confirm = CONFIRM,
            wait_ready = WAIT_READY, wait_ready_manual = WAIT_READY_MANUAL);
    };
    ($run:path: $($test:ident = $point:ident),*) => {$(
        #[test]
        fn $test() {
            $run(&crate::common::stop_points::$point);
        }
    )*};
}
#[allow(unused_imports)]
pub(crate) use every_stop_point;
