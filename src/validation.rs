//! Local checks of request bodies before anything is sent (docs/api.md, "Methods", "Objects"). A failure names
//! the field; fields the library does not know pass through untouched.

use std::fmt;

use crate::error::{Error, Result};
use crate::request_body::{Json as Value, Object, get};

/// `session/create`: every field optional, checked when present.
pub fn session_create(body: &Object<'_>) -> Result<()> {
    optional(body, "amount_details", amount_details)?;
    optional(body, "payment_details", payment_details)?;
    optional(body, "payment_method", payment_details)?;
    optional(body, "payout_details", payment_details)?;
    optional(body, "customer", customer)
}

/// `session/init/payment`: payment, amount and customer required.
pub fn session_init_payment(body: &Object<'_>) -> Result<()> {
    for field in ["payment_details", "amount_details", "customer"] {
        require(body, field)?;
    }
    session_create(body)
}

/// `session/start/payment`: a session id, the rest as in `session/create`.
pub fn session_start_payment(body: &Object<'_>) -> Result<()> {
    session_id(body)?;
    session_create(body)
}

/// `session/init/payout`: destination (`payment_method`, in API v2 `payout_details`) and
/// amount required.
pub fn session_init_payout(body: &Object<'_>) -> Result<()> {
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
pub fn session_start_payout(body: &Object<'_>) -> Result<()> {
    session_id(body)?;
    session_create(body)
}

/// Methods that take only a session id (`confirm`, `cancel`, `status`).
pub fn session_id_only(body: &Object<'_>) -> Result<()> {
    session_id(body)
}

/// `capture` and `refund`: a session id and an optional partial amount.
pub fn session_with_amount(body: &Object<'_>) -> Result<()> {
    session_id(body)?;
    optional(body, "amount_details", amount_details)
}

/// `token`: one of the widget kinds.
pub fn token(body: &Object<'_>) -> Result<()> {
    const KINDS: [&str; 3] = [
        "tokenize_widget",
        "acquiring_widget",
        "fps_no_account_widget",
    ];
    if KINDS.iter().any(|k| get(body, k).is_some()) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "the request needs one of the fields {}",
            KINDS.join(", ")
        )))
    }
}

/// `token/info`: a `type` and the object it names.
pub fn token_info(body: &Object<'_>) -> Result<()> {
    let kind = string_field(body, &Path::top("type"))?;
    if !["card", "public_token", "recurrent_token"].contains(&kind) {
        return Err(Error::invalid(
            "field \"type\" must be one of card, public_token, recurrent_token",
        ));
    }
    require(body, kind).map(|_| ())
}

/// `wallet/balance`: an ISO 8601 `request_datetime`.
pub fn wallet_balance(body: &Object<'_>) -> Result<()> {
    let value = string_field(body, &Path::top("request_datetime"))?;
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

/// Where a field sits in the request, e.g. `payment_details.card.bank_card.number`: spelled
/// out only when a check fails, so that a valid request costs no text.
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    /// The field's own name, the last part of the path.
    name: &'a str,
}

impl<'a> Path<'a> {
    /// A field of the request's top level.
    fn top(name: &'a str) -> Self {
        Path { parent: None, name }
    }

    /// The field `name` of the object at this path.
    fn child(&'a self, name: &'a str) -> Self {
        Path {
            parent: Some(self),
            name,
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}.")?;
        }
        f.write_str(self.name)
    }
}

fn require<'o, 'a>(body: &'o Object<'a>, field: &str) -> Result<&'o Value<'a>> {
    require_at(body, &Path::top(field))
}

fn require_at<'o, 'a>(object: &'o Object<'a>, path: &Path<'_>) -> Result<&'o Value<'a>> {
    match get(object, path.name) {
        Some(Value::Null) | None => Err(Error::invalid(format!(
            "the request lacks the required field \"{path}\""
        ))),
        Some(value) => Ok(value),
    }
}

fn optional(
    body: &Object<'_>,
    field: &str,
    check: impl Fn(&Value<'_>, &Path<'_>) -> Result<()>,
) -> Result<()> {
    match get(body, field) {
        None | Some(Value::Null) => Ok(()),
        Some(value) => check(value, &Path::top(field)),
    }
}

fn session_id(body: &Object<'_>) -> Result<()> {
    string_field(body, &Path::top("session_id")).map(|_| ())
}

fn string_field<'o>(object: &'o Object<'_>, path: &Path<'_>) -> Result<&'o str> {
    match get(object, path.name) {
        Some(Value::Str(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::Str(_)) => Err(Error::invalid(format!("field \"{path}\" is empty"))),
        None | Some(Value::Null) => Err(Error::invalid(format!(
            "the request lacks the required field \"{path}\""
        ))),
        Some(_) => Err(Error::invalid(format!("field \"{path}\" must be a string"))),
    }
}

fn as_object<'o, 'a>(value: &'o Value<'a>, path: &Path<'_>) -> Result<&'o Object<'a>> {
    value
        .as_object()
        .ok_or_else(|| Error::invalid(format!("field \"{path}\" must be a JSON object")))
}

fn amount_details(value: &Value<'_>, path: &Path<'_>) -> Result<()> {
    let object = as_object(value, path)?;
    let amount = path.child("amount");
    match get(object, amount.name) {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|a| a > 0) => {}
        None | Some(Value::Null) => {
            return Err(Error::invalid(format!(
                "the request lacks the required field \"{amount}\""
            )));
        }
        Some(_) => {
            return Err(Error::invalid(format!(
                "field \"{amount}\" must be a positive whole number of minor units \
                 (10000 = 100.00)"
            )));
        }
    }
    let currency_path = path.child("currency");
    let currency = string_field(object, &currency_path)?;
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "field \"{currency_path}\" must be a three-letter ISO 4217 code such as \"rub\" or \"usd\""
        )))
    }
}

fn customer(value: &Value<'_>, path: &Path<'_>) -> Result<()> {
    as_object(value, path).map(|_| ())
}

/// `payment_details` (and the payout's `payment_method`): `{"type": kind, kind: {...}}`;
/// bank cards are checked in full.
fn payment_details(value: &Value<'_>, path: &Path<'_>) -> Result<()> {
    let object = as_object(value, path)?;
    let kind = string_field(object, &path.child("type"))?;
    if kind != "card" {
        return Ok(());
    }
    let card_path = path.child("card");
    let card = as_object(require_at(object, &card_path)?, &card_path)?;
    if get(card, "type").and_then(Value::as_str) != Some("bank_card") {
        return Ok(());
    }
    let bank_card_path = card_path.child("bank_card");
    let bank_card = as_object(require_at(card, &bank_card_path)?, &bank_card_path)?;
    bank_card_fields(bank_card, &bank_card_path)
}

fn bank_card_fields(card: &Object<'_>, path: &Path<'_>) -> Result<()> {
    let number_path = path.child("number");
    let number = string_field(card, &number_path)?;
    if !is_card_number(number) {
        return Err(Error::invalid(format!(
            "field \"{number_path}\" is not a valid card number: it must be 14 to 19 digits \
             and pass the Luhn check"
        )));
    }
    let month_path = path.child("expiration_month");
    if get(card, month_path.name).is_some() {
        let month = string_field(card, &month_path)?;
        let valid = month.len() == 2 && matches!(month.parse::<u8>(), Ok(1..=12));
        if !valid {
            return Err(Error::invalid(format!(
                "field \"{month_path}\" must be a month from \"01\" to \"12\""
            )));
        }
    }
    digits_field(card, &path.child("expiration_year"), 2, 4)?;
    digits_field(card, &path.child("security_code"), 3, 4)
}

fn digits_field(card: &Object<'_>, path: &Path<'_>, min: usize, max: usize) -> Result<()> {
    if get(card, path.name).is_none() {
        return Ok(());
    }
    let value = string_field(card, path)?;
    let valid = (min..=max).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "field \"{path}\" must be {min} to {max} digits"
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
    use serde_json::{Value, json};

    /// Runs `validator` on `body` as the library reads a request.
    fn check(validator: fn(&Object<'_>) -> Result<()>, body: Value) -> Result<()> {
        let text = body.to_string();
        validator(&crate::request_body::parse(&text).unwrap().unwrap())
    }

    fn card(number: &str, month: &str) -> Value {
        json!({"session_id": "ps_1", "payment_details": {"type": "card", "card": {
            "type": "bank_card", "bank_card": {"number": number, "expiration_month": month,
            "expiration_year": "30", "security_code": "123"}}},
            "amount_details": {"amount": 100, "currency": "rub"}})
    }

    #[test]
    fn accepts_a_good_card_payment() {
        check(session_start_payment, card("4242424242424242", "12")).unwrap();
        check(session_start_payment, card("5555555555554444", "01")).unwrap();
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
            let err = check(session_start_payment, body).unwrap_err().to_string();
            assert!(err.contains(field), "{err} should name {field}");
            assert!(!err.contains("4242424242424241"));
        }
    }

    #[test]
    fn init_payment_requires_its_fields() {
        let err = check(session_init_payment, json!({"customer": {}})).unwrap_err();
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
