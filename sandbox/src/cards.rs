//! Test cards: what each number does, and the reduced form shown in replies.

use std::sync::OnceLock;

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use serde_json::{Value, json};

/// What happens to a payment made with a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Succeeds at confirm.
    Succeed,
    /// Declined at confirm: payment `failed`, session `cancelled`.
    Decline,
    /// Needs 3-D Secure on the sandbox's page before it can be confirmed.
    ThreeDs,
    /// Ends in session `error` at confirm.
    Error,
    /// Goes to a hold (`ready_to_capture`) at confirm.
    Hold,
}

/// The documented test cards and their outcomes.
pub const TEST_CARDS: &[(&str, Outcome)] = &[
    ("4242424242424242", Outcome::Succeed),
    ("5555555555554444", Outcome::Succeed),
    ("4000000000000002", Outcome::Decline),
    ("4000000000003220", Outcome::ThreeDs),
    ("4000000000000119", Outcome::Error),
    ("4000000000009995", Outcome::Hold),
];

/// The outcome of a (valid) card number; unknown numbers succeed.
pub fn outcome_for(number: &str) -> Outcome {
    TEST_CARDS
        .iter()
        .find(|(card, _)| *card == number)
        .map_or(Outcome::Succeed, |(_, outcome)| *outcome)
}

/// What a digit adds to the Luhn sum, by its position from the right: as it is at even
/// positions; doubled at odd ones, less 9 when the double has two digits.
const LUHN_VALUE: [[u32; 10]; 2] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [0, 2, 4, 6, 8, 1, 3, 5, 7, 9],
];

/// True when `number` is all digits and passes the Luhn check.
pub fn luhn_valid(number: &str) -> bool {
    let luhn_sum = number
        .chars()
        .rev()
        .enumerate()
        .try_fold(0, |sum, (position, c)| {
            let digit = c.to_digit(10)? as usize;
            Some(sum + LUHN_VALUE[position % 2][digit])
        });
    !number.is_empty() && luhn_sum.is_some_and(|sum| sum % 10 == 0)
}

/// The card brand of a number, from its leading digits.
pub fn brand(number: &str) -> &'static str {
    let prefix = |len: usize| number.get(..len).and_then(|p| p.parse::<u32>().ok());
    match (prefix(1), prefix(2), prefix(4)) {
        (_, _, Some(2200..=2204)) => "mir",
        (_, _, Some(2221..=2720)) | (_, Some(51..=55), _) => "mastercard",
        (Some(4), _, _) => "visa",
        (_, Some(34 | 37), _) => "amex",
        (_, Some(35), _) => "jcb",
        (_, Some(62), _) => "unionpay",
        (_, _, Some(6011)) | (_, Some(65), _) => "discover",
        (_, Some(50 | 56..=69), _) => "maestro",
        _ => "unknown",
    }
}

/// The `number_hash` of a card number: HMAC-SHA256 under a key made once per process, in
/// hex, so the same card gets the same hash in every sandbox of the process and the hash
/// cannot be reversed by trying numbers.
pub fn number_hash(number: &str) -> String {
    static KEY: OnceLock<hmac::Key> = OnceLock::new();
    let key = KEY.get_or_init(|| {
        hmac::Key::generate(hmac::HMAC_SHA256, &SystemRandom::new())
            .expect("the system's random numbers")
    });
    hmac::sign(key, number.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A card as shown in replies and webhooks: brand, last four and first six digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardSummary {
    /// Brand such as `visa`.
    pub brand: &'static str,
    /// Last four digits.
    pub last4: String,
    /// First six digits.
    pub bin: String,
    /// [`number_hash`] of the number, for `token/info` and `encrypted_card`.
    pub number_hash: String,
}

impl CardSummary {
    /// Reduces a full card number; the number itself is not kept.
    pub fn from_number(number: &str) -> Self {
        CardSummary {
            brand: brand(number),
            last4: number[number.len().saturating_sub(4)..].to_string(),
            bin: number[..number.len().min(6)].to_string(),
            number_hash: number_hash(number),
        }
    }

    /// `{"brand","last4","bin"}`, as payments and payouts show a card.
    pub fn to_json(&self) -> Value {
        json!({"brand": self.brand, "last4": self.last4, "bin": self.bin})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_test_cards_and_rejects_altered() {
        for (card, _) in TEST_CARDS {
            assert!(luhn_valid(card), "{card}");
        }
        assert!(!luhn_valid("4242424242424241"));
        assert!(!luhn_valid("42424242x4242424"));
        assert!(!luhn_valid(""));
    }

    #[test]
    fn brands_and_summary() {
        assert_eq!(brand("4242424242424242"), "visa");
        assert_eq!(brand("5555555555554444"), "mastercard");
        assert_eq!(brand("2200000000000004"), "mir");
        assert_eq!(number_hash("4242424242424242").len(), 64);
        assert_eq!(
            number_hash("4242424242424242"),
            CardSummary::from_number("4242424242424242").number_hash
        );
        assert_ne!(
            number_hash("4242424242424242"),
            number_hash("5555555555554444")
        );
        let summary = CardSummary::from_number("5555555555554444");
        assert_eq!(
            summary.to_json(),
            json!({"brand": "mastercard", "last4": "4444", "bin": "555555"})
        );
    }

    #[test]
    fn outcomes() {
        assert_eq!(outcome_for("4000000000009995"), Outcome::Hold);
        assert_eq!(outcome_for("4111111111111111"), Outcome::Succeed);
    }
}
