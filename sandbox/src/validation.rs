//! Field checks for request bodies. Each failure names the field by its dotted path.

use serde_json::{Map, Value};

use crate::clock::current_year_month;
use crate::reply::ApiError;

/// A JSON object.
pub type Object = Map<String, Value>;

/// A positive amount in minor units with its currency, as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Minor units, > 0.
    pub value: u64,
    /// Three letters, case kept as sent.
    pub currency: String,
}

impl Amount {
    /// `{"amount":..,"currency":..}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({"amount": self.value, "currency": self.currency})
    }

    /// True when both amounts are in the same currency (case-insensitive).
    pub fn same_currency(&self, other: &Amount) -> bool {
        self.currency.eq_ignore_ascii_case(&other.currency)
    }
}

/// Joins a parent path and a key: `amount_details` + `amount`.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// The request body as a JSON object; an empty array `[]` is an empty request, as some
/// public clients send one (docs/api.md, "Methods").
pub fn body_object(body: &[u8]) -> Result<Object, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Array(items)) if items.is_empty() => Ok(Object::new()),
        Ok(_) => Err(ApiError::validation("body", "must be a JSON object")),
        Err(_) => Err(ApiError::validation("body", "is not valid JSON")),
    }
}

/// A member that must be present.
pub fn required<'a>(obj: &'a Object, parent: &str, key: &str) -> Result<&'a Value, ApiError> {
    match obj.get(key) {
        Some(Value::Null) | None => Err(ApiError::validation(&join(parent, key), "is required")),
        Some(value) => Ok(value),
    }
}

/// A value that must be an object.
pub fn as_object<'a>(value: &'a Value, path: &str) -> Result<&'a Object, ApiError> {
    value
        .as_object()
        .ok_or_else(|| ApiError::validation(path, "must be an object"))
}

/// A member that must be a non-empty string.
pub fn required_str<'a>(obj: &'a Object, parent: &str, key: &str) -> Result<&'a str, ApiError> {
    match required(obj, parent, key)? {
        Value::String(s) if !s.is_empty() => Ok(s),
        _ => Err(ApiError::validation(
            &join(parent, key),
            "must be a non-empty string",
        )),
    }
}

/// An optional member that, when present, must be an object; returned as given.
pub fn optional_object(obj: &Object, parent: &str, key: &str) -> Result<Option<Value>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value @ Value::Object(_)) => Ok(Some(value.clone())),
        Some(_) => Err(ApiError::validation(
            &join(parent, key),
            "must be an object",
        )),
    }
}

/// An optional member that, when present, must be a string.
pub fn optional_str<'a>(
    obj: &'a Object,
    parent: &str,
    key: &str,
) -> Result<Option<&'a str>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::validation(&join(parent, key), "must be a string")),
    }
}

/// `session_id`: a non-empty string.
pub fn session_id(body: &Object) -> Result<&str, ApiError> {
    required_str(body, "", "session_id")
}

/// An `amount_details` object: positive integer `amount`, three-letter `currency`.
pub fn amount(value: &Value, path: &str) -> Result<Amount, ApiError> {
    let obj = as_object(value, path)?;
    let amount = match required(obj, path, "amount")? {
        Value::Number(n) => n.as_u64().filter(|v| *v > 0),
        _ => None,
    }
    .ok_or_else(|| ApiError::validation(&join(path, "amount"), "must be a positive integer"))?;
    let currency = match required(obj, path, "currency")? {
        Value::String(c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()) => c,
        _ => {
            return Err(ApiError::validation(
                &join(path, "currency"),
                "must be a three-letter ISO 4217 code",
            ));
        }
    };
    Ok(Amount {
        value: amount,
        currency: currency.clone(),
    })
}

/// A `customer` object: optional string `reference`, optional array `contacts`.
pub fn customer(value: &Value, path: &str) -> Result<Value, ApiError> {
    let obj = as_object(value, path)?;
    optional_str(obj, path, "reference")?;
    match obj.get("contacts") {
        None | Some(Value::Null) | Some(Value::Array(_)) => Ok(value.clone()),
        Some(_) => Err(ApiError::validation(
            &join(path, "contacts"),
            "must be an array",
        )),
    }
}

/// Whether card expiry and CVC must be present (payments) or may be left out (payouts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardUse {
    /// Charging the card: expiry and security code are required.
    Charge,
    /// Paying out to the card: only the number is required.
    Payout,
}

/// The checked parts of a `bank_card` object: the number (kept only briefly).
pub fn bank_card<'a>(obj: &'a Object, path: &str, card_use: CardUse) -> Result<&'a str, ApiError> {
    let number = card_number(obj, path)?;
    let charge = card_use == CardUse::Charge;
    let month = digits_field(obj, path, "expiration_month", &[2], charge)?;
    let year = digits_field(obj, path, "expiration_year", &[2, 4], charge)?;
    if let Some(month) = month {
        let month: u32 = month.parse().unwrap_or(0);
        if !(1..=12).contains(&month) {
            return Err(ApiError::validation(
                &join(path, "expiration_month"),
                "must be a two-digit month 01 to 12",
            ));
        }
        if let Some(year) = year {
            check_not_expired(year, month, path)?;
        }
    }
    digits_field(obj, path, "security_code", &[3, 4], charge)?;
    optional_str(obj, path, "cardholder_name")?;
    Ok(number)
}

fn card_number<'a>(obj: &'a Object, path: &str) -> Result<&'a str, ApiError> {
    let field = join(path, "number");
    match required(obj, path, "number")? {
        Value::String(n) if (14..=19).contains(&n.len()) && crate::cards::luhn_valid(n) => Ok(n),
        _ => Err(ApiError::validation(
            &field,
            "must be 14 to 19 digits passing the Luhn check",
        )),
    }
}

fn digits_field<'a>(
    obj: &'a Object,
    path: &str,
    key: &str,
    lengths: &[usize],
    required_here: bool,
) -> Result<Option<&'a str>, ApiError> {
    let field = join(path, key);
    let value = match obj.get(key) {
        None | Some(Value::Null) if !required_here => return Ok(None),
        None | Some(Value::Null) => return Err(ApiError::validation(&field, "is required")),
        Some(value) => value,
    };
    match value {
        Value::String(s) if lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(s))
        }
        _ => {
            let wanted = lengths
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(" or ");
            Err(ApiError::validation(
                &field,
                &format!("must be a string of {wanted} digits"),
            ))
        }
    }
}

fn check_not_expired(year: &str, month: u32, path: &str) -> Result<(), ApiError> {
    let mut year: i64 = year.parse().unwrap_or(0);
    if year < 100 {
        year += 2000;
    }
    if (year, month) < current_year_month() {
        return Err(ApiError::validation(
            &join(path, "expiration_year"),
            "the card has expired",
        ));
    }
    Ok(())
}
