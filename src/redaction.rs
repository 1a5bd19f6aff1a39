//! Masking of card data and secrets in anything the library shows to a person
//! (log lines, error descriptions, error documents). See docs/safety.md, "Redaction".

use serde_json::Value;

use crate::request_body::{Json, Object};
use crate::validation::luhn_valid;

/// Shortest run of digits treated as a possible card number.
const MIN_PAN_DIGITS: usize = 13;
/// Longest run of digits treated as a possible card number.
const MAX_PAN_DIGITS: usize = 19;
/// Object keys whose values are removed outright wherever they appear (docs/safety.md, "Redaction").
pub const SECRET_KEYS: &[&str] = &[
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

/// Most separator characters between two digit groups of one card number (as in
/// `4242  4242` or `4242 - 4242`).
const MAX_SEPARATOR_CHARS: usize = 3;

/// Masks card numbers as a receipt shows them: the first 6 and last 4 digits stay, the
/// rest become `*`, separators and all other characters stay in place. Masked are:
/// - every run of 13–19 digits, unbroken or in groups joined by single spaces or dashes,
///   and any longer such run whole;
/// - every Luhn-valid 13–19-digit number written in groups, whatever separates the groups
///   (one to three spaces or punctuation marks, as in `4242.4242.4242.4242`,
///   `4242_4242_4242_4242` or `4242  4242  4242  4242`), also when it stands inside a
///   longer chain of digit groups.
///
/// Digits written against a letter belong to a word, as in a regular expression's `\b`:
/// letters never join groups, and a run of digits with a letter just before or after it
/// is part of an identifier (a session id such as `ps_5e8695190893308b`, a UUID), never a
/// card number, so identifiers are shown whole and a body that names them may be stored.
pub fn mask_card_numbers(text: &str) -> String {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let groups = digit_groups(&chars);
    let mut masked = vec![false; chars.len()];
    for run in joined_runs(&chars, &groups) {
        mask_run(&chars, run, &mut masked);
    }
    for chain in chains(&chars, &groups) {
        mask_grouped_numbers(&chars, chain, &mut masked);
    }
    chars
        .iter()
        .zip(masked)
        .map(|(ch, hide)| if hide { '*' } else { *ch })
        .collect()
}

/// The `[start, end)` char ranges of the maximal runs of ASCII digits that stand apart
/// from letters (digits against a letter are part of a word).
fn digit_groups(chars: &[char]) -> Vec<(usize, usize)> {
    let is_letter = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(char::is_ascii_alphabetic)
    };
    let mut groups = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if !is_letter(start.checked_sub(1)) && !is_letter(Some(i)) {
            groups.push((start, i));
        }
    }
    groups
}

/// Runs of digit groups joined by a single space or dash (`4242 4242 4242 4242`): the way
/// card numbers are usually written, masked whatever their checksum.
fn joined_runs<'g>(chars: &[char], groups: &'g [(usize, usize)]) -> Vec<&'g [(usize, usize)]> {
    split_where(groups, |before, after| {
        let gap = &chars[before.1..after.0];
        gap.len() == 1 && matches!(gap[0], ' ' | '-')
    })
}

/// Masks a run of 13–19 digits but for its first 6 and last 4, and a longer run whole.
fn mask_run(chars: &[char], run: &[(usize, usize)], masked: &mut [bool]) {
    let digits: Vec<usize> = run
        .iter()
        .flat_map(|&(start, end)| start..end)
        .filter(|&i| chars[i].is_ascii_digit())
        .collect();
    let hidden = match digits.len() {
        n if n > MAX_PAN_DIGITS => &digits[..],
        n if n >= MIN_PAN_DIGITS => &digits[6..n - 4],
        _ => &[],
    };
    hidden.iter().for_each(|&i| masked[i] = true);
}

/// Splits `groups` between neighbours for which `joined` is false.
fn split_where(
    groups: &[(usize, usize)],
    joined: impl Fn(&(usize, usize), &(usize, usize)) -> bool,
) -> Vec<&[(usize, usize)]> {
    let mut parts = Vec::new();
    let mut first = 0;
    for i in 1..=groups.len() {
        if i == groups.len() || !joined(&groups[i - 1], &groups[i]) {
            parts.push(&groups[first..i]);
            first = i;
        }
    }
    parts
}

/// Splits the digit groups into chains whose neighbours are joined by a separator.
fn chains<'g>(chars: &[char], groups: &'g [(usize, usize)]) -> Vec<&'g [(usize, usize)]> {
    split_where(groups, |before, after| {
        is_separator(&chars[before.1..after.0])
    })
}

fn is_separator(gap: &[char]) -> bool {
    gap.len() <= MAX_SEPARATOR_CHARS
        && gap
            .iter()
            .all(|c| c.is_whitespace() || c.is_ascii_punctuation())
}

fn digit_at(chars: &[char], i: usize) -> u32 {
    chars[i].to_digit(10).unwrap_or(0)
}

/// Masks every window of consecutive groups of a chain that spells a Luhn-valid number.
fn mask_grouped_numbers(chars: &[char], chain: &[(usize, usize)], masked: &mut [bool]) {
    for first in 0..chain.len() {
        let mut digits = Vec::new();
        for (count, &(start, end)) in chain[first..].iter().enumerate() {
            digits.extend((start..end).filter(|&i| chars[i].is_ascii_digit()));
            if digits.len() > MAX_PAN_DIGITS {
                break;
            }
            if count > 0
                && digits.len() >= MIN_PAN_DIGITS
                && luhn_valid(digits.iter().map(|&i| digit_at(chars, i)))
            {
                let hidden = &digits[6..digits.len() - 4];
                hidden.iter().for_each(|&i| masked[i] = true);
            }
        }
    }
}

/// Returns a copy of a JSON value safe to show: secret fields replaced by
/// [`REDACTED`], card numbers masked in every string.
pub fn redact_json(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(mask_card_numbers(s)),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, v)| (mask_card_numbers(key), redact_field(key, v)))
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

/// True for object keys whose values are removed (any case of [`SECRET_KEYS`]).
pub fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

fn redact_field(key: &str, value: &Value) -> Value {
    if is_secret_key(key) {
        Value::String(REDACTED.to_owned())
    } else {
        redact_json(value)
    }
}

/// The values of one request that must never be shown again, wherever a server may echo
/// them (error descriptions, HTML error pages): its card numbers, CVCs and secrets.
#[derive(Default, Clone)]
pub struct SensitiveValues(Vec<String>);

impl std::fmt::Debug for SensitiveValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SensitiveValues([{} redacted])", self.0.len())
    }
}

impl SensitiveValues {
    /// Collects `number` fields and every field named in [`SECRET_KEYS`], at any depth.
    pub fn from_request(body: &Object<'_>) -> Self {
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

fn collect_sensitive(object: &Object<'_>, found: &mut Vec<String>) {
    for (key, value) in object.iter() {
        let sensitive = key == "number" || is_secret_key(key);
        match value {
            Json::Object(inner) => collect_sensitive(inner, found),
            Json::Str(s) if sensitive && s.len() >= 3 => found.push(s.to_string()),
            Json::Number(n) if sensitive => found.push(n.to_string()),
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
            mask_card_numbers(
                "4242.4242.4242.4242 or 4242_4242_4242_4242 or 4242  4242  4242  4242"
            ),
            "4242.42**.****.4242 or 4242_42**_****_4242 or 4242  42**  ****  4242"
        );
        assert_eq!(
            mask_card_numbers("ref 7/4242/4242/4242/4242"),
            "ref 7/4242/42**/****/4242"
        );
        assert_eq!(
            mask_card_numbers("10 - 20 and 2024-05-27"),
            "10 - 20 and 2024-05-27"
        );
        assert_eq!(
            mask_card_numbers("at 2024-05-27T02:03:00.000000Z"),
            "at 2024-05-27T02:03:00.000000Z"
        );
    }

    #[test]
    fn identifiers_with_long_digit_runs_are_shown_whole() {
        for id in [
            "ps_881cce4e8e8695190893308b",
            "ps_4242424242424242x",
            "c4e22081-e106-4551-9335-0003c684bc35-confirm",
            "key 4242424242424242abc",
        ] {
            assert_eq!(mask_card_numbers(id), id);
        }
        assert_eq!(
            mask_card_numbers("ps_4242424242424242 and ps_4242424242424242b"),
            "ps_424242******4242 and ps_4242424242424242b"
        );
    }

    #[test]
    fn scrubs_values_of_the_request_where_a_server_echoes_them() {
        let body = json!({"card": {"number": "4000000000000002", "security_code": "8642"},
                          "amount": 8642});
        let text = body.to_string();
        let body = crate::request_body::parse(&text).unwrap().unwrap();
        let sensitive = SensitiveValues::from_request(&body);
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
