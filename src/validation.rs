//! Local checks of request bodies before anything is sent (docs/api.md, "Methods", "Objects"). A failure names
//! the field; fields the library does not know pass through untouched.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

type Object = Map<String, Value>;

/// `session/create`: every field optional, checked when present.
pub fn session_create(body: &Object) -> Result<()> {
    optional(body, "amount_details", amount_details)?;
    optional(body, "payment_details", payment_details)?;
    optional(body, "payment_method", payment_details)?;
    optional(body, "payout_details", payment_details)?;
    optional(body, "customer", customer)
}

/// `session/init/payment`: payment, amount and customer required.
pub fn session_init_payment(body: &Object) -> Result<()> {
    for field in ["payment_details", "amount_details", "customer"] {
        require(body, field)?;
    }
    session_create(body)
}

/// `session/start/payment`: a session id, the rest as in `session/create`.
pub fn session_start_payment(body: &Object) -> Result<()> {
    session_id(body)?;
    session_create(body)
}

/// `session/init/payout`: destination (`payment_method`, in API v2 `payout_details`) and
/// amount required.
pub fn session_init_payout(body: &Object) -> Result<()> {
    if require(body, "payout_details").is_err() {
        require(body, "payment_method").map_err(|_| {
            Error::invalid(
                "the request lacks the required field \"payment_method\" \
                 (\"payout_details\" in API v2)",
            )
        })?;
    }
    require(body, "amount_details")?;
    session_create(body)
}

/// `session/start/payout`: a session id, the rest optional.
pub fn session_start_payout(body: &Object) -> Result<()> {
    session_id(body)?;
    session_create(body)
}

/// Methods that take only a session id (`confirm`, `cancel`, `status`).
pub fn session_id_only(body: &Object) -> Result<()> {
    session_id(body)
}

/// `capture` and `refund`: a session id and an optional partial amount.
pub fn session_with_amount(body: &Object) -> Result<()> {
    session_id(body)?;
    optional(body, "amount_details", amount_details)
}

/// `token`: one of the widget kinds.
pub fn token(body: &Object) -> Result<()> {
    const KINDS: [&str; 3] = [
        "tokenize_widget",
        "acquiring_widget",
        "fps_no_account_widget",
    ];
    if KINDS.iter().any(|k| body.contains_key(*k)) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "the request needs one of the fields {}",
            KINDS.join(", ")
        )))
    }
}

/// `token/info`: a `type` and the object it names.
pub fn token_info(body: &Object) -> Result<()> {
    let kind = string_field(body, "type", "type")?;
    if !["card", "public_token", "recurrent_token"].contains(&kind) {
        return Err(Error::invalid(
            "field \"type\" must be one of card, public_token, recurrent_token",
        ));
    }
    require(body, kind).map(|_| ())
}

/// `wallet/balance`: an ISO 8601 `request_datetime`.
pub fn wallet_balance(body: &Object) -> Result<()> {
    let value = string_field(body, "request_datetime", "request_datetime")?;
    let bytes = value.as_bytes();
    let looks_iso = bytes.len() >= 19 && bytes[4] == b'-' && bytes[7] == b'-' && bytes[10] == b'T';
    if looks_iso {
        Ok(())
    } else {
        Err(Error::invalid(
            "field \"request_datetime\" must be an ISO 8601 date and time, e.g. 2024-05-27T02:03:00Z",
        ))
    }
}

fn require<'a>(body: &'a Object, field: &str) -> Result<&'a Value> {
    match body.get(field) {
        Some(Value::Null) | None => Err(Error::invalid(format!(
            "the request lacks the required field \"{field}\""
        ))),
        Some(value) => Ok(value),
    }
}

fn optional(body: &Object, field: &str, check: impl Fn(&Value, &str) -> Result<()>) -> Result<()> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(()),
        Some(value) => check(value, field),
    }
}

fn session_id(body: &Object) -> Result<()> {
    string_field(body, "session_id", "session_id").map(|_| ())
}

fn string_field<'a>(object: &'a Object, field: &str, path: &str) -> Result<&'a str> {
    match object.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) => Err(Error::invalid(format!("field \"{path}\" is empty"))),
        None | Some(Value::Null) => Err(Error::invalid(format!(
            "the request lacks the required field \"{path}\""
        ))),
        Some(_) => Err(Error::invalid(format!("field \"{path}\" must be a string"))),
    }
}

fn as_object<'a>(value: &'a Value, path: &str) -> Result<&'a Object> {
    value
        .as_object()
        .ok_or_else(|| Error::invalid(format!("field \"{path}\" must be a JSON object")))
}

fn amount_details(value: &Value, path: &str) -> Result<()> {
    let object = as_object(value, path)?;
    let amount_path = format!("{path}.amount");
    match object.get("amount") {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|a| a > 0) => {}
        None | Some(Value::Null) => {
            return Err(Error::invalid(format!(
                "the request lacks the required field \"{amount_path}\""
            )));
        }
        Some(_) => {
            return Err(Error::invalid(format!(
                "field \"{amount_path}\" must be a positive whole number of minor units \
                 (10000 = 100.00)"
            )));
        }
    }
    let currency_path = format!("{path}.currency");
    let currency = string_field(object, "currency", &currency_path)?;
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "field \"{currency_path}\" must be a three-letter ISO 4217 code such as \"rub\" or \"usd\""
        )))
    }
}

fn customer(value: &Value, path: &str) -> Result<()> {
    as_object(value, path).map(|_| ())
}

/// `payment_details` (and the payout's `payment_method`): `{"type": kind, kind: {...}}`;
/// bank cards are checked in full.
fn payment_details(value: &Value, path: &str) -> Result<()> {
    let object = as_object(value, path)?;
    let kind = string_field(object, "type", &format!("{path}.type"))?;
    if kind != "card" {
        return Ok(());
    }
    let card_path = format!("{path}.card");
    let card = as_object(require_at(object, "card", &card_path)?, &card_path)?;
    if card.get("type").and_then(Value::as_str) != Some("bank_card") {
        return Ok(());
    }
    let bank_card_path = format!("{card_path}.bank_card");
    let bank_card = as_object(
        require_at(card, "bank_card", &bank_card_path)?,
        &bank_card_path,
    )?;
    bank_card_fields(bank_card, &bank_card_path)
}

fn require_at<'a>(object: &'a Object, field: &str, path: &str) -> Result<&'a Value> {
    require(object, field)
        .map_err(|_| Error::invalid(format!("the request lacks the required field \"{path}\"")))
}

fn bank_card_fields(card: &Object, path: &str) -> Result<()> {
    let number_path = format!("{path}.number");
    let number = string_field(card, "number", &number_path)?;
    if !is_card_number(number) {
        return Err(Error::invalid(format!(
            "field \"{number_path}\" is not a valid card number: it must be 14 to 19 digits \
             and pass the Luhn check"
        )));
    }
    if card.contains_key("expiration_month") {
        let month_path = format!("{path}.expiration_month");
        let month = string_field(card, "expiration_month", &month_path)?;
        let valid = month.len() == 2 && matches!(month.parse::<u8>(), Ok(1..=12));
        if !valid {
            return Err(Error::invalid(format!(
                "field \"{month_path}\" must be a month from \"01\" to \"12\""
            )));
        }
    }
    digits_field(card, "expiration_year", path, 2, 4)?;
    digits_field(card, "security_code", path, 3, 4)
}

fn digits_field(card: &Object, field: &str, path: &str, min: usize, max: usize) -> Result<()> {
    if !card.contains_key(field) {
        return Ok(());
    }
    let full = format!("{path}.{field}");
    let value = string_field(card, field, &full)?;
    let valid = (min..=max).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "field \"{full}\" must be {min} to {max} digits"
        )))
    }
}

/// True for 14–19 digits passing the Luhn check.
pub fn is_card_number(number: &str) -> bool {
    (14..=19).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
        && luhn_valid(number.bytes().map(|b| u32::from(b - b'0')))
}

/// True when the digits, most significant first, pass the Luhn check card numbers carry.
/// The one Luhn sum of the library: validation and redaction both use it.
pub(crate) fn luhn_valid(digits: impl DoubleEndedIterator<Item = u32>) -> bool {
    let sum: u32 = digits
        .rev()
        .enumerate()
        .map(|(n, d)| match (n % 2, d * 2) {
            (0, _) => d,
            (_, doubled) if doubled > 9 => doubled - 9,
            (_, doubled) => doubled,
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Object {
        v.as_object().unwrap().clone()
    }

    fn card(number: &str, month: &str) -> Value {
        json!({"session_id": "ps_1", "payment_details": {"type": "card", "card": {
            "type": "bank_card", "bank_card": {"number": number, "expiration_month": month,
            "expiration_year": "30", "security_code": "123"}}},
            "amount_details": {"amount": 100, "currency": "rub"}})
    }

    #[test]
    fn accepts_a_good_card_payment() {
        session_start_payment(&obj(card("4242424242424242", "12"))).unwrap();
        session_start_payment(&obj(card("5555555555554444", "01"))).unwrap();
    }

    #[test]
    fn names_the_failing_field() {
        let cases = [
            (
                card("4242424242424241", "12"),
                "payment_details.card.bank_card.number",
            ),
            (
                card("42424242", "12"),
                "payment_details.card.bank_card.number",
            ),
            (
                card("4242424242424242", "13"),
                "payment_details.card.bank_card.expiration_month",
            ),
            (json!({}), "session_id"),
            (
                json!({"session_id": "ps_1", "amount_details": {"amount": 0, "currency": "rub"}}),
                "amount_details.amount",
            ),
            (
                json!({"session_id": "ps_1", "amount_details": {"amount": 1.5, "currency": "rub"}}),
                "amount_details.amount",
            ),
            (
                json!({"session_id": "ps_1", "amount_details": {"amount": 10, "currency": "ruble"}}),
                "amount_details.currency",
            ),
        ];
        for (body, field) in cases {
            let err = session_start_payment(&obj(body)).unwrap_err().to_string();
            assert!(err.contains(field), "{err} should name {field}");
            assert!(!err.contains("4242424242424241"));
        }
    }

    #[test]
    fn init_payment_requires_its_fields() {
        let err = session_init_payment(&obj(json!({"customer": {}}))).unwrap_err();
        assert!(err.to_string().contains("payment_details"));
    }

    #[test]
    fn luhn_matches_known_numbers() {
        assert!(is_card_number("4000000000003220"));
        assert!(is_card_number("4000000000000119"));
        assert!(!is_card_number("4000000000000118"));
        assert!(!is_card_number("42424242424242a2"));
    }
}
