//! What a session says about a payment: the outcomes of `pay` and `recover` (docs/api.md,
//! "Statuses and flow"). Reads the v1 and v2 names of the payment list.

use serde_json::Value;

/// Where a card payment stands, as told by its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Session `accepted`: the customer was charged.
    Succeeded,
    /// Session `cancelled` or payment `failed`: not charged.
    Declined,
    /// 3-D Secure: the customer must follow the redirect in the session.
    ActionRequired,
    /// The payment waits for `session/confirm`.
    AwaitingConfirmation,
    /// A hold waits for `session/capture` (or `session/cancel`).
    AwaitingCapture,
    /// Still being processed.
    InProgress,
    /// Session `error` (not final: ask again later).
    Error,
    /// The session exists but no payment was started in it: nothing was charged.
    NotStarted,
}

impl Outcome {
    /// The name callers see.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Declined => "declined",
            Outcome::ActionRequired => "action_required",
            Outcome::AwaitingConfirmation => "awaiting_confirmation",
            Outcome::AwaitingCapture => "awaiting_capture",
            Outcome::InProgress => "in_progress",
            Outcome::Error => "error",
            Outcome::NotStarted => "not_started",
        }
    }

    /// True when waiting longer may change it without anyone acting.
    pub fn is_moving(self) -> bool {
        matches!(self, Outcome::InProgress)
    }
}

/// The payments of a session: `acquiring_payments` (v1) or `payment_list` (v2).
pub fn payments(session: &Value) -> &[Value] {
    ["acquiring_payments", "payment_list"]
        .iter()
        .find_map(|name| session.get(*name).and_then(Value::as_array))
        .map_or(&[], Vec::as_slice)
}

/// Reads the outcome from a session object.
pub fn classify(session: &Value) -> Outcome {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
    let status = text(session.get("status"));
    let payment = payments(session).last();
    let payment_status = text(payment.and_then(|p| p.get("status")));
    let interaction = payment
        .and_then(|p| p.get("customer_interaction"))
        .is_some_and(|i| !i.is_null());
    match (text(session.get("next_action")).as_str(), status.as_str()) {
        ("confirm", _) => Outcome::AwaitingConfirmation,
        ("capture", _) => Outcome::AwaitingCapture,
        (_, "accepted") => Outcome::Succeeded,
        (_, "cancelled") => Outcome::Declined,
        (_, "error") => Outcome::Error,
        _ if payment_status == "failed" => Outcome::Declined,
        _ if interaction && payment_status == "in_progress" => Outcome::ActionRequired,
        (_, "created") if payment.is_none() => Outcome::NotStarted,
        _ => Outcome::InProgress,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_v1_and_v2_names() {
        let v1 = json!({"status": "in_progress", "acquiring_payments": [{"status": "failed"}]});
        let v2 = json!({"status": "in_progress", "payment_list": [{"status": "failed"}]});
        assert_eq!(classify(&v1), Outcome::Declined);
        assert_eq!(classify(&v2), Outcome::Declined);
    }

    #[test]
    fn each_outcome() {
        let cases = [
            (json!({"status": "accepted"}), Outcome::Succeeded),
            (
                json!({"status": "in_progress", "next_action": "confirm"}),
                Outcome::AwaitingConfirmation,
            ),
            (
                json!({"status": "in_progress", "next_action": "capture"}),
                Outcome::AwaitingCapture,
            ),
            (json!({"status": "error"}), Outcome::Error),
            (
                json!({"status": "created", "acquiring_payments": []}),
                Outcome::NotStarted,
            ),
            (
                json!({"status": "in_progress", "acquiring_payments": [{"status": "in_progress",
                "customer_interaction": {"type": "redirect"}}]}),
                Outcome::ActionRequired,
            ),
            (
                json!({"status": "in_progress", "acquiring_payments": [{"status": "in_progress"}]}),
                Outcome::InProgress,
            ),
        ];
        for (session, outcome) in cases {
            assert_eq!(classify(&session), outcome, "{session}");
        }
    }
}
