//! `payment_details` and `payment_method`: checked, then reduced to what replies may show.

use serde_json::{Value, json};

use crate::cards::{CardSummary, Outcome, outcome_for};
use crate::reply::ApiError;
use crate::validation::{CardUse, Object, as_object, bank_card, join, required, required_str};

/// Payment kinds the API knows (`payment_details.type`).
const KINDS: &[&str] = &[
    "card",
    "recurrent",
    "faster_payment_system",
    "internet_banking",
    "wallet",
    "bank_account",
    "secured_card",
    "crypto_wallet",
    "tax",
];

/// Card kinds (`payment_details.card.type`).
const CARD_KINDS: &[&str] = &["bank_card", "encrypted_card", "tokenized_card"];

/// A card given by reference rather than by number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardReference {
    /// `{"type":"recurrent","recurrent":{"token":..}}`.
    Recurrent(String),
    /// `encrypted_card.number_hash`.
    NumberHash(String),
    /// `tokenized_card.token`.
    Tokenized(String),
}

impl CardReference {
    /// Where the reference sits under the card object, for error messages.
    pub fn path(&self) -> &'static str {
        match self {
            CardReference::Recurrent(_) => "recurrent.token",
            CardReference::NumberHash(_) => "encrypted_card.number_hash",
            CardReference::Tokenized(_) => "tokenized_card.token",
        }
    }
}

/// A checked payment instrument: what replies show and how the payment will end.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentInstrument {
    /// The instrument as replies and webhooks show it (a card reduced to brand/last4/bin).
    pub shown: Value,
    /// What the flow does with it.
    pub outcome: Outcome,
    /// The reduced card, when the instrument is a bank card.
    pub card: Option<CardSummary>,
    /// The card behind it when it is given by reference (resolved by the store).
    pub reference: Option<CardReference>,
}

impl PaymentInstrument {
    /// An instrument without a card number of its own (another kind of payment, or a card
    /// given by reference): it succeeds unless the store finds otherwise for `reference`.
    fn not_a_card(shown: Value, reference: Option<CardReference>) -> PaymentInstrument {
        PaymentInstrument {
            shown,
            outcome: Outcome::Succeed,
            card: None,
            reference,
        }
    }
}

/// Checks a `payment_details` (charge) or `payment_method` (payout) object at `path`.
pub fn parse(value: &Value, path: &str, card_use: CardUse) -> Result<PaymentInstrument, ApiError> {
    let tagged = Tagged::check(as_object(value, path)?, path, KINDS)?;
    match tagged.kind {
        "card" => card(tagged.inner, &tagged.path, card_use),
        "recurrent" => recurrent(value, tagged.inner, &tagged.path),
        _ => Ok(PaymentInstrument::not_a_card(scrubbed(value), None)),
    }
}

/// An object of the form `{"type": kind, kind: {..}}`, as instruments and cards are given.
struct Tagged<'a> {
    /// The `type`.
    kind: &'a str,
    /// The object under the member named by the type.
    inner: &'a Object,
    /// Where `inner` sits, for error messages.
    path: String,
}

impl<'a> Tagged<'a> {
    /// Checks that `obj` (at `path`) has a `type` among `kinds` and an object under it.
    fn check(obj: &'a Object, path: &str, kinds: &[&str]) -> Result<Tagged<'a>, ApiError> {
        let kind = required_str(obj, path, "type")?;
        if !kinds.contains(&kind) {
            return Err(ApiError::validation(
                &join(path, "type"),
                &format!("must be one of {}", kinds.join(", ")),
            ));
        }
        let inner_path = join(path, kind);
        let inner = as_object(required(obj, path, kind)?, &inner_path)?;
        Ok(Tagged {
            kind,
            inner,
            path: inner_path,
        })
    }
}

/// A copy of `value` without `security_code` members and with long digit strings under
/// `number` masked to their first six and last four digits.
fn scrubbed(value: &Value) -> Value {
    match value {
        Value::Object(obj) => Value::Object(
            obj.iter()
                .filter(|(key, _)| key.as_str() != "security_code")
                .map(|(key, member)| match member {
                    Value::String(digits) if key == "number" => (key.clone(), json!(mask(digits))),
                    other => (key.clone(), scrubbed(other)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(scrubbed).collect()),
        other => other.clone(),
    }
}

fn mask(number: &str) -> String {
    if number.len() < 12 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    let hidden = "*".repeat(number.len() - 10);
    format!("{}{hidden}{}", &number[..6], &number[number.len() - 4..])
}

fn card(obj: &Object, path: &str, card_use: CardUse) -> Result<PaymentInstrument, ApiError> {
    let given = Tagged::check(obj, path, CARD_KINDS)?;
    if given.kind == "bank_card" {
        let number = bank_card(given.inner, &given.path, card_use)?;
        let summary = CardSummary::from_number(number);
        return Ok(PaymentInstrument {
            shown: json!({"type": "card", "card": summary.to_json()}),
            outcome: outcome_for(number),
            card: Some(summary),
            reference: None,
        });
    }
    let reference = if given.kind == "encrypted_card" {
        CardReference::NumberHash(
            required_str(given.inner, &given.path, "number_hash")?.to_string(),
        )
    } else {
        CardReference::Tokenized(required_str(given.inner, &given.path, "token")?.to_string())
    };
    Ok(PaymentInstrument::not_a_card(
        json!({"type": "card", "card": {"type": given.kind}}),
        Some(reference),
    ))
}

/// Checks a card payment method (`{"type":"bank_card","bank_card":{..}}`, `encrypted_card`
/// or `tokenized_card`) at `path`, as `token/info` takes it; expiry and CVC are optional.
pub fn parse_card(value: &Value, path: &str) -> Result<PaymentInstrument, ApiError> {
    card(as_object(value, path)?, path, CardUse::Payout)
}

fn recurrent(whole: &Value, obj: &Object, path: &str) -> Result<PaymentInstrument, ApiError> {
    let token = required_str(obj, path, "token")?;
    match obj.get("initiator") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if s == "merchant" || s == "client" => {}
        Some(_) => {
            return Err(ApiError::validation(
                &join(path, "initiator"),
                "must be merchant or client",
            ));
        }
    }
    Ok(PaymentInstrument::not_a_card(
        whole.clone(),
        Some(CardReference::Recurrent(token.to_string())),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_kinds_are_echoed_without_card_secrets() {
        let given = json!({"type": "secured_card", "secured_card": {
            "number": "4242424242424242", "security_code": "123", "holder": "A B", "short": {"number": "12"}}});
        let parsed = parse(&given, "payment_details", CardUse::Charge).unwrap();
        assert_eq!(
            parsed.shown,
            json!({"type": "secured_card", "secured_card": {
                "number": "424242******4242", "holder": "A B", "short": {"number": "12"}}})
        );
    }

    #[test]
    fn bank_cards_are_reduced() {
        let given = json!({"type": "card", "card": {"type": "bank_card", "bank_card": {
            "number": "4000000000009995", "expiration_month": "01", "expiration_year": "99",
            "security_code": "1234"}}});
        let parsed = parse(&given, "payment_details", CardUse::Charge).unwrap();
        assert_eq!(parsed.outcome, Outcome::Hold);
        assert_eq!(
            parsed.shown,
            json!({"type": "card", "card": {"brand": "visa", "last4": "9995", "bin": "400000"}})
        );
    }
}
