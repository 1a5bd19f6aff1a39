//! What of a request may be written to the journal: never a full card number, a CVC, an
//! expiry or a secret (docs/safety.md, "Card data and secrets"; docs/journal.md, "Entries").

use crate::redaction;
use crate::request_body::{Json, Object, get, member};

/// Keys whose presence anywhere in a body means it carries card data, besides the secret
/// keys of [`redaction::SECRET_KEYS`] (CVCs among them), which are never stored either.
const CARD_KEYS: &[&str] = &[
    "number",
    "expiration_month",
    "expiration_year",
    "bank_card",
    "encrypted_card",
    "tokenized_card",
    "token",
];

/// True for a key whose value must never reach the journal.
fn is_card_or_secret_key(key: &str) -> bool {
    redaction::is_secret_key(key) || CARD_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// True when a body may be stored to be re-sent byte for byte: no card data, no secrets
/// and nothing that looks like a card number.
pub fn storable(body: &Object<'_>, text: &str) -> bool {
    !has_card_key(body) && redaction::mask_card_numbers(text) == text
}

fn has_card_key(object: &Object<'_>) -> bool {
    object
        .iter()
        .any(|(key, value)| is_card_or_secret_key(key) || contains_card_key(value))
}

fn contains_card_key(value: &Json<'_>) -> bool {
    match value {
        Json::Object(inner) => has_card_key(inner),
        Json::Array(items) => items.iter().any(contains_card_key),
        _ => false,
    }
}

/// The card number of a payment request, masked to its first 6 and last 4 digits.
pub fn masked_card(body: &Object<'_>) -> Option<String> {
    let card = member(member(get(body, "payment_details")?, "card")?, "bank_card")?;
    let number = match member(card, "number")? {
        Json::Str(s) => s.to_string(),
        Json::Number(n) => n.to_string(),
        _ => return None,
    };
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 10 {
        return Some("*".repeat(digits.len()));
    }
    let hidden = "*".repeat(digits.len() - 10);
    Some(format!(
        "{}{hidden}{}",
        &digits[..6],
        &digits[digits.len() - 4..]
    ))
}

/// The amount and currency of a request's `amount_details`, when it has them.
pub fn amount(body: &Object<'_>) -> (Option<i64>, Option<String>) {
    let details = get(body, "amount_details");
    let amount = details
        .and_then(|d| member(d, "amount"))
        .and_then(Json::as_i64);
    let currency = details
        .and_then(|d| member(d, "currency"))
        .and_then(Json::as_str)
        .map(|c| c.chars().take(8).collect());
    (amount, currency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request_body::parse;
    use serde_json::{Value, json};

    /// `storable` of `body`, read as the library reads a request.
    fn storable_json(body: &Value) -> bool {
        let text = body.to_string();
        storable(&parse(&text).unwrap().unwrap(), &text)
    }

    #[test]
    fn card_bodies_are_never_storable_and_confirms_are() {
        let start = json!({"session_id": "ps_1", "payment_details": {"type": "card", "card": {
            "type": "bank_card", "bank_card": {"number": "4242424242424242",
            "expiration_month": "12", "expiration_year": "30", "security_code": "123"}}}});
        assert!(!storable_json(&start));
        let confirm = json!({"session_id": "ps_1"});
        assert!(storable_json(&confirm));
        let sneaky = json!({"session_id": "ps_1", "metadata": "4242424242424242"});
        assert!(!storable_json(&sneaky));
    }

    #[test]
    fn no_secret_key_of_the_redaction_list_is_ever_storable() {
        for key in redaction::SECRET_KEYS {
            let body = json!({"session_id": "ps_1", "metadata": {*key: "x"}});
            assert!(!storable_json(&body), "{key}");
        }
    }

    #[test]
    fn masks_to_first_six_and_last_four() {
        let body =
            json!({"payment_details": {"card": {"bank_card": {"number": "4242424242424242"}}}});
        let text = body.to_string();
        let body = parse(&text).unwrap().unwrap();
        assert_eq!(masked_card(&body).as_deref(), Some("424242******4242"));
    }
}
