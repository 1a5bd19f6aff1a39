//! Redaction: `mask_card_numbers` on arbitrary text and `redact_json` on arbitrary JSON.
//!
//! Invariants:
//! - no panic;
//! - no run of 13 or more digits survives masking (digits written against a letter
//!   belong to a word and are kept whole);
//! - the masked text has as many characters as the original, and every character that
//!   is not a digit is kept in place;
//! - groups of digits (joined by single spaces or dashes) of 13–19 digits show at most
//!   their first 6 and last 4 digits, longer groups none (a digit outside these may also
//!   be masked, as part of a Luhn-valid number written with other separators);
//! - `redact_json` keeps the shape of the value (the same keys, card numbers in them
//!   masked, and the same lengths), removes every secret field and leaves no card number
//!   in any value.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use sgpay::internals::redaction::{REDACTED, mask_card_numbers, redact_json};
use sgpay_fuzz::{assert_json_is_redacted, assert_no_card_number, is_secret_key, word_digits};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check_masking(&text);
    if let Ok(value) = serde_json::from_str::<Value>(&text) {
        let redacted = redact_json(&value);
        assert_json_is_redacted(&redacted, "redact_json");
        check_same_shape(&value, &redacted);
    }
});

fn check_masking(text: &str) {
    let masked = mask_card_numbers(text);
    assert_no_card_number(&masked, "mask_card_numbers");
    let original: Vec<char> = text.chars().collect();
    let shown: Vec<char> = masked.chars().collect();
    assert_eq!(
        original.len(),
        shown.len(),
        "masking changed the length: {masked:?}"
    );
    let word = word_digits(&original);
    let mut start = 0;
    while start < original.len() {
        let end = group_end(&original, &word, start);
        if end == start {
            assert_eq!(
                original[start], shown[start],
                "a non-digit changed at {start}"
            );
            start += 1;
        } else {
            check_group(&original[start..end], &shown[start..end]);
            start = end;
        }
    }
}

/// End of the group of digits starting at `start`: digits joined by single spaces or
/// dashes; the digits of a word are no part of a group.
fn group_end(text: &[char], word: &[bool], start: usize) -> usize {
    let digit = |i: usize| text.get(i).is_some_and(char::is_ascii_digit) && !word[i];
    let mut end = start;
    while end < text.len() {
        let joins = matches!(text[end], ' ' | '-') && end > start && digit(end + 1);
        if !(digit(end) || joins) {
            break;
        }
        end += 1;
    }
    end
}

/// One group as masked: separators kept; digits kept below 13, 6 + stars + 4 up to 19,
/// stars beyond.
fn check_group(group: &[char], shown: &[char]) {
    let len = group.iter().filter(|c| c.is_ascii_digit()).count();
    let mut index = 0;
    for (&d, &s) in group.iter().zip(shown) {
        if !d.is_ascii_digit() {
            assert_eq!(s, d, "a separator changed");
            continue;
        }
        let kept = len < 13 || (len <= 19 && (index < 6 || index >= len - 4));
        if kept {
            assert!(s == d || s == '*', "digit {index} of a {len}-digit group");
        } else {
            assert_eq!(s, '*', "digit {index} of a {len}-digit group");
        }
        index += 1;
    }
}

/// Redaction keeps arrays' lengths and objects' keys; secret fields become REDACTED,
/// other strings are masked, numbers are kept unless they look like card numbers.
fn check_same_shape(original: &Value, redacted: &Value) {
    match (original, redacted) {
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len());
            a.iter().zip(b).for_each(|(x, y)| check_same_shape(x, y));
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut shown: BTreeMap<String, usize> = BTreeMap::new();
            for key in a.keys() {
                *shown.entry(mask_card_numbers(key)).or_default() += 1;
            }
            assert!(
                shown.keys().eq(b.keys()),
                "redaction changed the keys otherwise than by masking"
            );
            for (key, value) in a {
                let shown_key = mask_card_numbers(key);
                // Two keys masked alike show as one, holding either value.
                if shown[&shown_key] > 1 {
                    continue;
                }
                let redacted = &b[&shown_key];
                if is_secret_key(key) {
                    assert_eq!(redacted, REDACTED);
                } else {
                    check_same_shape(value, redacted);
                }
            }
        }
        (Value::String(a), Value::String(b)) => assert_eq!(&mask_card_numbers(a), b),
        (Value::Number(a), Value::Number(b)) => assert_eq!(a, b),
        (Value::Number(a), Value::String(b)) => assert_eq!(&mask_card_numbers(&a.to_string()), b),
        (a, b) => assert_eq!(a, b, "redaction changed a value's kind"),
    }
}
