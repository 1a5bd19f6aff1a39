//! Configuration parsing: `Config::from_json` and `sgpay_client_new` on arbitrary text.
//!
//! Invariants: no panic; both entry points agree; an accepted configuration keeps the
//! configuration rules (docs/c-abi.md, "Configuration") (https or loopback http, header-safe texts, bounded numbers, exactly
//! one signing key); a refused one yields `SGPAY_ERR_CONFIG` with a well-formed error
//! document; neither errors nor `Debug` output show a secret.
#![no_main]

use std::ffi::CString;
use std::net::IpAddr;

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use sgpay::Config;
use sgpay_fuzz::ffi::FfiClient;
use sgpay_fuzz::{assert_json_is_redacted, check_error_document, is_harmless_path};

const SIGNING_KEYS: [&str; 3] = ["private_key_pem", "private_key_path", "hmac_secret"];
const SECRET_FIELDS: [&str; 3] = ["private_key_pem", "hmac_secret", "webhook_hmac_secret"];
const ONE_DAY_MS: u128 = 24 * 3600 * 1000;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        check_non_utf8(data);
        return;
    };
    let object = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => Some(object),
        _ => None,
    };
    if object.as_ref().is_some_and(|o| !paths_are_harmless(o)) {
        return;
    }
    let parsed = Config::from_json(text);
    let canaries = object.as_ref().map(secret_canaries).unwrap_or_default();
    match &parsed {
        Ok(config) => {
            let object = object
                .as_ref()
                .expect("an accepted configuration is a JSON object");
            check_accepted(config, object);
            let shown = format!("{config:?}");
            assert_hides(&shown, &canaries, "Config's Debug output");
        }
        Err(error) => {
            assert_eq!(error.code(), "config", "{error}");
            assert_hides(&error.to_string(), &canaries, "the configuration error");
        }
    }
    if let Ok(c_text) = CString::new(text) {
        check_ffi(&c_text, parsed.is_ok(), &canaries);
    }
});

/// `sgpay_client_new` agrees with `Config::from_json`; building the agent may still
/// refuse a proxy or CA bundle that the parser accepted.
fn check_ffi(text: &CString, parsed_ok: bool, canaries: &[String]) {
    match FfiClient::new(text) {
        Ok(_client) => assert!(parsed_ok, "the C ABI accepts what Config refuses"),
        Err((status, document)) => {
            assert_eq!(
                status, 2,
                "expected SGPAY_ERR_CONFIG, document {document:?}"
            );
            let document = document.expect("an error document");
            let value = check_error_document(&document, status);
            assert_json_is_redacted(&value, "the client_new error document");
            assert_hides(&document, canaries, "the client_new error document");
        }
    }
}

/// Non-UTF-8 text is refused by the C ABI as an invalid argument.
fn check_non_utf8(data: &[u8]) {
    let Ok(c_text) = CString::new(data) else {
        return;
    };
    let (status, document) = match FfiClient::new(&c_text) {
        Ok(_) => panic!("the C ABI accepts a configuration that is not UTF-8"),
        Err(failure) => failure,
    };
    assert_eq!(status, 1, "expected SGPAY_ERR_INVALID_ARGUMENT");
    check_error_document(&document.expect("an error document"), status);
}

fn check_accepted(config: &Config, object: &Map<String, Value>) {
    check_base_url(&config.base_url);
    assert_header_text(&config.project, "project");
    for text in [&config.submerchant, &config.user_agent]
        .into_iter()
        .flatten()
    {
        assert_header_text(text, "submerchant/user_agent");
    }
    assert!((1..=10).contains(&config.max_attempts));
    for duration in [
        config.connect_timeout,
        config.request_timeout,
        config.deadline,
    ] {
        assert!(!duration.is_zero() && duration.as_millis() <= ONE_DAY_MS);
    }
    let signing_keys = SIGNING_KEYS
        .iter()
        .filter(|k| object.get(**k).is_some_and(|v| !v.is_null()))
        .count();
    assert_eq!(
        signing_keys, 1,
        "an accepted configuration has one signing key"
    );
}

/// `https://`, or `http://` to a loopback host; no trailing slash, no query.
fn check_base_url(url: &str) {
    assert!(
        !url.ends_with('/'),
        "base_url keeps a trailing slash: {url:?}"
    );
    let (scheme, rest) = url.split_once("://").expect("base_url has a scheme");
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    assert!(!rest.contains('?'), "base_url has a query: {url:?}");
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http" => assert!(is_loopback_authority(authority), "plain http to {url:?}"),
        other => panic!("base_url with scheme {other:?}: {url:?}"),
    }
}

fn is_loopback_authority(authority: &str) -> bool {
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn assert_header_text(text: &str, what: &str) {
    let valid = (1..=1024).contains(&text.len())
        && text
            .bytes()
            .all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
    assert!(valid, "{what} cannot travel in a header: {text:?}");
}

/// Paths the library would open must not be devices or FIFOs (see `is_harmless_path`).
fn paths_are_harmless(object: &Map<String, Value>) -> bool {
    object
        .iter()
        .filter(|(key, _)| key.ends_with("_path"))
        .all(|(_, value)| value.as_str().is_none_or(is_harmless_path))
}

/// Secret values that cannot appear in any message by coincidence: 8 characters or
/// more, at least one of them non-ASCII (no fixed message text has one), and not part
/// of any other text of the configuration (which a message may quote).
fn secret_canaries(object: &Map<String, Value>) -> Vec<String> {
    let others: Vec<&str> = object
        .iter()
        .filter(|(key, _)| !SECRET_FIELDS.contains(&key.as_str()))
        .flat_map(|(key, value)| [Some(key.as_str()), value.as_str()])
        .flatten()
        .collect();
    SECRET_FIELDS
        .iter()
        .filter_map(|key| object.get(*key).and_then(Value::as_str))
        .filter(|secret| secret.chars().count() >= 8 && !secret.is_ascii())
        .filter(|secret| !others.iter().any(|other| other.contains(*secret)))
        .map(str::to_owned)
        .collect()
}

fn assert_hides(shown: &str, canaries: &[String], what: &str) {
    for secret in canaries {
        assert!(
            !shown.contains(secret.as_str()),
            "{what} shows a secret: {shown}"
        );
    }
}
