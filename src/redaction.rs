//! Masking of card data and secrets in anything the library shows to a person
//! (log lines, error descriptions, error documents). Contract §7.

use serde_json::Value;

/// Shortest run of digits treated as a possible card number.
const MIN_PAN_DIGITS: usize = 13;
/// Longest run of digits treated as a possible card number.
const MAX_PAN_DIGITS: usize = 19;
/// Object keys whose values are removed outright wherever they appear.
const SECRET_KEYS: &[&str] = &[
    "security_code",
    "cvc",
    "cvv",
    "cvv2",
    "private_key_pem",
    "hmac_secret",
    "webhook_hmac_secret",
    "password",
    "secret",
];
/// What replaces a removed value.
pub const REDACTED: &str = "[redacted]";

/// Masks card numbers as a receipt shows them: in every group of digits (digits joined by
/// single spaces or dashes, as in `4242 4242 4242 4242`) that holds 13–19 digits, the first
/// 6 and last 4 digits stay and the rest become `*`; a group of more digits is masked
/// whole. Separators and all other characters stay in place.
pub fn mask_card_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut group = String::new();
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let joins_digits = matches!(ch, ' ' | '-')
            && group.ends_with(|c: char| c.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit);
        if ch.is_ascii_digit() || joins_digits {
            group.push(ch);
            continue;
        }
        flush_group(&mut group, &mut out);
        out.push(ch);
    }
    flush_group(&mut group, &mut out);
    out
}

fn flush_group(group: &mut String, out: &mut String) {
    let digits = group.chars().filter(char::is_ascii_digit).count();
    let mut index = 0;
    for ch in group.chars() {
        if !ch.is_ascii_digit() {
            out.push(ch);
            continue;
        }
        let kept = digits < MIN_PAN_DIGITS
            || (digits <= MAX_PAN_DIGITS && (index < 6 || index >= digits - 4));
        out.push(if kept { ch } else { '*' });
        index += 1;
    }
    group.clear();
}

/// Returns a copy of a JSON value safe to show: secret fields replaced by
/// [`REDACTED`], card numbers masked in every string.
pub fn redact_json(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(mask_card_numbers(s)),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, v)| (key.clone(), redact_field(key, v)))
                .collect(),
        ),
        Value::Number(n) => {
            let text = n.to_string();
            let masked = mask_card_numbers(&text);
            if masked == text {
                value.clone()
            } else {
                Value::String(masked)
            }
        }
        other => other.clone(),
    }
}

fn redact_field(key: &str, value: &Value) -> Value {
    if SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        Value::String(REDACTED.to_owned())
    } else {
        redact_json(value)
    }
}

/// The values of one request that must never be shown again, wherever a server may echo
/// them (error descriptions, HTML error pages): its card numbers, CVCs and secrets.
#[derive(Debug, Default)]
pub struct SensitiveValues(Vec<String>);

impl SensitiveValues {
    /// Collects `number` fields and every field named in [`SECRET_KEYS`], at any depth.
    pub fn from_request(body: &serde_json::Map<String, Value>) -> Self {
        let mut found = Vec::new();
        collect_sensitive(body, &mut found);
        SensitiveValues(found)
    }

    /// Masks card numbers and replaces each sensitive value by [`REDACTED`]. Values made
    /// only of letters and digits are replaced where they stand as a whole word, so an
    /// amount that happens to contain a CVC's digits is left alone.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for value in &self.0 {
            out = if value.bytes().all(|b| b.is_ascii_alphanumeric()) {
                replace_word(&out, value)
            } else {
                out.replace(value.as_str(), REDACTED)
            };
        }
        mask_card_numbers(&out)
    }
}

fn collect_sensitive(object: &serde_json::Map<String, Value>, found: &mut Vec<String>) {
    for (key, value) in object {
        let sensitive = key == "number" || SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key));
        match value {
            Value::Object(inner) => collect_sensitive(inner, found),
            Value::String(s) if sensitive && s.len() >= 3 => found.push(s.clone()),
            Value::Number(n) if sensitive => found.push(n.to_string()),
            _ => {}
        }
    }
}

fn replace_word(text: &str, word: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            token.push(ch);
            continue;
        }
        out.push_str(if token == word { REDACTED } else { &token });
        token.clear();
        out.push(ch);
    }
    out.push_str(if token == word { REDACTED } else { &token });
    out
}

/// Applies `f` to every string inside a JSON value.
pub fn map_json_strings(value: &Value, f: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::String(s) => Value::String(f(s)),
        Value::Array(items) => Value::Array(items.iter().map(|v| map_json_strings(v, f)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), map_json_strings(v, f)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_card_numbers_keeping_bin_and_last_four() {
        assert_eq!(
            mask_card_numbers("card 4242424242424242 declined"),
            "card 424242******4242 declined"
        );
        assert_eq!(mask_card_numbers("amount 10000"), "amount 10000");
        assert_eq!(mask_card_numbers("12345678901234567890123"), "*".repeat(23));
        assert_eq!(
            mask_card_numbers("card 4242 4242 4242 4242, 5555-5555-5555-4444."),
            "card 4242 42** **** 4242, 5555-55**-****-4444."
        );
        assert_eq!(
            mask_card_numbers("10 - 20 and 2024-05-27"),
            "10 - 20 and 2024-05-27"
        );
    }

    #[test]
    fn scrubs_values_of_the_request_where_a_server_echoes_them() {
        let body = json!({"card": {"number": "4000000000000002", "security_code": "8642"},
                          "amount": 8642});
        let sensitive = SensitiveValues::from_request(body.as_object().unwrap());
        let shown = sensitive.scrub("<html>cvc 8642, card 4000000000000002, id a8642b</html>");
        assert_eq!(
            shown,
            "<html>cvc [redacted], card [redacted], id a8642b</html>"
        );
    }

    #[test]
    fn redacts_secret_fields_and_numbers_in_json() {
        let value = json!({"bank_card": {"number": "5555555555554444", "security_code": "123"},
                           "n": 4000000000000002u64, "amount": 100});
        let shown = redact_json(&value).to_string();
        assert!(!shown.contains("5555555555554444"));
        assert!(!shown.contains("4000000000000002"));
        assert!(!shown.contains("\"123\""));
        assert!(shown.contains("555555******4444"));
        assert!(shown.contains("\"amount\":100"));
    }
}
