//! Helpers shared by the fuzz targets: the invariants every document the library shows
//! must keep, the test key fixtures, and safe wrappers over the C ABI.

pub mod ffi;
pub mod input;

use serde_json::Value;

/// Shortest run of ASCII digits that could be a full card number (docs/safety.md, "Redaction").
pub const CARD_NUMBER_MIN_DIGITS: usize = 13;

/// Object keys whose values must never be shown (the CVC and every kind of key), and the
/// test for them: the library's own list in `src/redaction.rs`, kept in one place.
pub use sgpay::internals::redaction::{SECRET_KEYS, is_secret_key};

/// The test keys committed in `tests/fixtures/`.
pub mod fixtures {
    /// Partner private key, PKCS#8 PEM.
    pub const PARTNER_KEY: &[u8] = include_bytes!("../../tests/fixtures/partner_key.pem");
    /// Its public half, SubjectPublicKeyInfo PEM.
    pub const PARTNER_PUB: &[u8] = include_bytes!("../../tests/fixtures/partner_pub.pem");
    /// An unrelated private key, PKCS#8 PEM.
    pub const OTHER_KEY: &[u8] = include_bytes!("../../tests/fixtures/other_key.pem");
    /// An unrelated public key.
    pub const OTHER_PUB: &[u8] = include_bytes!("../../tests/fixtures/other_pub.pem");
}

/// For each character of `text`: true for the digits of a run written against a letter,
/// which belong to a word (an identifier), never to a card number.
pub fn word_digits(text: &[char]) -> Vec<bool> {
    let mut word = vec![false; text.len()];
    let mut start = 0;
    while start < text.len() {
        let end = (start..text.len())
            .find(|&i| !text[i].is_ascii_digit())
            .unwrap_or(text.len());
        if end > start {
            let before = start.checked_sub(1).map(|i| text[i]);
            let after = text.get(end).copied();
            let against_letter = [before, after]
                .iter()
                .any(|c| c.is_some_and(|c| c.is_ascii_alphabetic()));
            word[start..end].fill(against_letter);
        }
        start = end.max(start + 1);
    }
    word
}

/// Length of the longest run of consecutive ASCII digits in `text` that is not part of a
/// word (see [`word_digits`]).
pub fn longest_digit_run(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let word = word_digits(&chars);
    let mut longest = 0;
    let mut run = 0;
    for (c, in_word) in chars.iter().zip(word) {
        run = if c.is_ascii_digit() && !in_word {
            run + 1
        } else {
            0
        };
        longest = longest.max(run);
    }
    longest
}

/// Panics when `text` holds a run of digits long enough to be a full card number.
pub fn assert_no_card_number(text: &str, what: &str) {
    let run = longest_digit_run(text);
    assert!(
        run < CARD_NUMBER_MIN_DIGITS,
        "{what} shows a run of {run} digits (a possible full card number): {text:?}"
    );
}

/// Panics when a JSON value holds, in any string or number, something that could be a
/// full card number, or a secret field whose value is not redacted. Object keys are not
/// checked: the library shows them as they came.
pub fn assert_json_is_redacted(value: &Value, what: &str) {
    match value {
        Value::String(s) => assert_no_card_number(s, what),
        Value::Number(n) => assert_no_card_number(&n.to_string(), what),
        Value::Array(items) => items.iter().for_each(|v| assert_json_is_redacted(v, what)),
        Value::Object(map) => {
            for (key, v) in map {
                if is_secret_key(key) {
                    assert_eq!(
                        v,
                        &Value::String(sgpay::internals::redaction::REDACTED.to_owned()),
                        "{what}: the secret field {key:?} is shown"
                    );
                } else {
                    assert_json_is_redacted(v, what);
                }
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}

/// Checks an error document (docs/c-abi.md, "Error document"): a JSON object with `"status": "error"`, an
/// `error` object with a string `code`, `sgpay.status` equal to the returned status,
/// and no full card number anywhere in its error part. Returns the parsed document.
pub fn check_error_document(document: &str, status: i32) -> Value {
    let value: Value = serde_json::from_str(document)
        .unwrap_or_else(|e| panic!("the error document is not JSON ({e}): {document:?}"));
    assert_eq!(value["status"], "error", "document: {document}");
    assert!(value["error"]["code"].is_string(), "document: {document}");
    assert!(
        value["error"]["description"].is_string(),
        "document: {document}"
    );
    assert_eq!(
        value["sgpay"]["status"].as_i64(),
        Some(i64::from(status)),
        "document: {document}"
    );
    assert_json_is_redacted(&value["error"], "the error document");
    value
}

/// True when a path named in a configuration is safe to open while fuzzing: it does
/// not exist, or it is a directory or a small regular file. Devices and FIFOs (reads
/// that never end or block) are left out.
pub fn is_harmless_path(path: &str) -> bool {
    const MAX_FILE: u64 = 256 * 1024;
    match std::fs::metadata(path) {
        Err(_) => true,
        Ok(meta) => meta.is_dir() || (meta.is_file() && meta.len() <= MAX_FILE),
    }
}
