//! Webhook verification: `WebhookVerifier::verify` (RSA and HMAC), the public-key
//! loader, and `sgpay_webhook_verify`.
//!
//! Input: `KEY\nSIGNATURE\nBODY`.
//! - `KEY` is `hmac:<secret>`, `rsa` (the partner test key) or `rsa-other` (an unrelated
//!   key); `pem` or `der` make the rest of the input a public key (PEM text, or DER that
//!   the target wraps in PEM) to load instead of a webhook.
//! - `SIGNATURE` is the header value as is, or `@sign` (the right signature of BODY),
//!   `@sign-other` (signed with an unrelated key or secret), `@flip` (the right one with
//!   one bit changed) or `@pad` (the right one between spaces and tabs).
//!
//! Invariants: no panic; a webhook verifies only with the right signature (HMAC: the
//! header decodes to exactly HMAC-SHA256(secret, body), canonically encoded; RSA: the
//! header is the one the partner key makes); a rightly signed webhook is refused only as
//! unparseable, never as badly signed; an accepted webhook is the body unchanged, a JSON
//! object with a string `type`; the C ABI gives the same verdict and body.
#![no_main]

use std::ffi::CString;
use std::sync::OnceLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use libfuzzer_sys::fuzz_target;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use serde_json::{Value, json};
use sgpay::Error;
use sgpay::WebhookVerifier;
use sgpay::ffi::sgpay_webhook_verify;
use sgpay_fuzz::ffi::{FfiClient, with_out_json};
use sgpay_fuzz::fixtures;
use sgpay_fuzz::input::split_text_line;
use sgpay_fuzz::{assert_json_is_redacted, check_error_document};

/// The webhook key under test, with what signs for it rightly and wrongly.
enum Key {
    Hmac(Vec<u8>),
    Rsa { other: bool },
}

fuzz_target!(|data: &[u8]| {
    let Some((key_line, rest)) = split_text_line(data) else {
        return;
    };
    let key = match key_line {
        "pem" => return check_public_key_pem(rest),
        "der" => return check_public_key_der(rest),
        "rsa" => Key::Rsa { other: false },
        "rsa-other" => Key::Rsa { other: true },
        line => match line.strip_prefix("hmac:") {
            Some(secret) => Key::Hmac(secret.as_bytes().to_vec()),
            None => return,
        },
    };
    let Some((signature_line, body)) = split_text_line(rest) else {
        return;
    };
    let (signature, rightly_signed) = signature_for(&key, signature_line, body);
    let verifier = verifier(&key);
    let result = verifier.verify(body, &signature);
    check_verdict(&key, &signature, body, rightly_signed, &result);
    check_ffi(&key, &signature, body, &result);
});

/// The signature header to use, and whether it is known to be right.
fn signature_for(key: &Key, line: &str, body: &[u8]) -> (String, bool) {
    match line {
        "@sign" => (sign(key, body, false), true),
        "@sign-other" => (sign(key, body, true), false),
        "@pad" => (format!(" \t{}\t ", sign(key, body, false)), true),
        "@flip" => {
            let mut raw = BASE64.decode(sign(key, body, false)).expect("own Base64");
            let at = body.len() % raw.len();
            raw[at] ^= 1 << (body.len() % 8);
            (BASE64.encode(raw), false)
        }
        literal => (literal.to_owned(), false),
    }
}

/// Signs independently of the library: ring's HMAC and RSA.
fn sign(key: &Key, body: &[u8], wrong_key: bool) -> String {
    let raw = match key {
        Key::Hmac(secret) => {
            let mut secret = secret.clone();
            if wrong_key {
                secret.push(b'!');
            }
            hmac(&secret, body)
        }
        Key::Rsa { other } => {
            let pair = if *other != wrong_key {
                other_pair()
            } else {
                partner_pair()
            };
            let mut signature = vec![0; pair.public().modulus_len()];
            pair.sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                body,
                &mut signature,
            )
            .expect("RSA signing");
            signature
        }
    };
    BASE64.encode(raw)
}

fn hmac(secret: &[u8], body: &[u8]) -> Vec<u8> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
    ring::hmac::sign(&key, body).as_ref().to_vec()
}

fn verifier(key: &Key) -> WebhookVerifier {
    match key {
        Key::Hmac(secret) => WebhookVerifier::hmac(secret),
        Key::Rsa { other: false } => public_key(fixtures::PARTNER_PUB),
        Key::Rsa { other: true } => public_key(fixtures::OTHER_PUB),
    }
}

fn check_verdict(
    key: &Key,
    signature: &str,
    body: &[u8],
    rightly_signed: bool,
    result: &Result<&str, Error>,
) {
    match result {
        Ok(text) => {
            assert_eq!(
                text.as_bytes(),
                body,
                "an accepted webhook is the body unchanged"
            );
            let value: Value = serde_json::from_str(text).expect("an accepted webhook is JSON");
            assert!(
                value["type"].is_string(),
                "an accepted webhook without type"
            );
            assert_signature_is_right(key, signature, body);
        }
        Err(Error::Signature(_)) => assert!(!rightly_signed, "a rightly signed webhook refused"),
        Err(Error::Protocol {
            http_status: None, ..
        }) => {
            assert_signature_is_right(key, signature, body);
            let parses = serde_json::from_slice::<Value>(body).is_ok_and(|v| v["type"].is_string());
            assert!(
                !parses,
                "a signed webhook with a type refused as unparseable"
            );
        }
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

/// The header is, once trimmed, the canonical Base64 of the right signature.
fn assert_signature_is_right(key: &Key, signature: &str, body: &[u8]) {
    let trimmed = signature.trim();
    let raw = BASE64
        .decode(trimmed)
        .expect("a verified signature is Base64");
    assert_eq!(
        BASE64.encode(&raw),
        trimmed,
        "a non-canonical Base64 signature verified"
    );
    match key {
        Key::Hmac(secret) => assert_eq!(raw, hmac(secret, body), "a wrong HMAC verified"),
        Key::Rsa { other } => {
            let pair = if *other { other_pair() } else { partner_pair() };
            let public = ring::signature::UnparsedPublicKey::new(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                pair.public().as_ref(),
            );
            assert!(
                public.verify(body, &raw).is_ok(),
                "a wrong RSA signature verified"
            );
        }
    }
}

/// `sgpay_webhook_verify` agrees with the Rust verdict.
fn check_ffi(key: &Key, signature: &str, body: &[u8], result: &Result<&str, Error>) {
    let Ok(signature) = CString::new(signature) else {
        return;
    };
    let client = match key {
        Key::Hmac(secret) => match std::str::from_utf8(secret) {
            Ok(secret) if !secret.is_empty() => hmac_client(secret),
            _ => return,
        },
        Key::Rsa { other: false } => FfiClient::expect(&rsa_config(fixtures::PARTNER_PUB)),
        Key::Rsa { other: true } => FfiClient::expect(&rsa_config(fixtures::OTHER_PUB)),
    };
    let (status, document) = with_out_json(|out| {
        // SAFETY: a live client, `body.len()` readable bytes, a NUL-terminated signature.
        unsafe {
            sgpay_webhook_verify(
                client.as_ptr(),
                body.as_ptr().cast(),
                body.len(),
                signature.as_ptr(),
                out,
            )
        }
    });
    let document = document.expect("a document either way");
    match result {
        Ok(text) => {
            assert_eq!(
                status, 0,
                "the C ABI refuses what verify accepts: {document}"
            );
            assert_eq!(&document, text);
        }
        Err(error) => {
            assert_eq!(
                status,
                error.status(),
                "the C ABI differs from verify: {document}"
            );
            let value = check_error_document(&document, status);
            assert_json_is_redacted(&value, "the webhook error document");
        }
    }
}

fn hmac_client(secret: &str) -> FfiClient {
    FfiClient::expect(
        &json!({"base_url": "http://127.0.0.1:1", "project": "fuzz", "hmac_secret": "s",
                "webhook_hmac_secret": secret})
        .to_string(),
    )
}

fn rsa_config(public_pem: &[u8]) -> String {
    json!({"base_url": "http://127.0.0.1:1", "project": "fuzz", "hmac_secret": "s",
           "webhook_public_key_pem": std::str::from_utf8(public_pem).expect("PEM text")})
    .to_string()
}

/// Loading a public key from arbitrary PEM never panics; a key it returns is usable.
fn check_public_key_pem(pem: &[u8]) {
    if let Ok(verifier) = WebhookVerifier::rsa_public_key_pem(pem) {
        check_loaded_key(&verifier);
    }
}

/// Arbitrary DER in a `PUBLIC KEY` block reaches the key parser: a key it accepts is
/// usable.
fn check_public_key_der(der: &[u8]) {
    let pem = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        BASE64.encode(der)
    );
    if let Ok(verifier) = WebhookVerifier::rsa_public_key_pem(pem.as_bytes()) {
        check_loaded_key(&verifier);
    }
}

/// A loaded key can be used to verify without panicking.
fn check_loaded_key(verifier: &WebhookVerifier) {
    let body = br#"{"type":"payment_finished"}"#;
    let _ = verifier.verify(body, &BASE64.encode([0u8; 256]));
}

fn public_key(pem: &[u8]) -> WebhookVerifier {
    WebhookVerifier::rsa_public_key_pem(pem).expect("a fixture public key")
}

/// The DER inside a PEM block, read without the library (an independent oracle).
fn pem_der(pem: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(pem).expect("PEM text");
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    BASE64.decode(body).expect("PEM Base64")
}

fn partner_pair() -> &'static RsaKeyPair {
    static PAIR: OnceLock<RsaKeyPair> = OnceLock::new();
    PAIR.get_or_init(|| RsaKeyPair::from_pkcs8(&pem_der(fixtures::PARTNER_KEY)).expect("fixture"))
}

fn other_pair() -> &'static RsaKeyPair {
    static PAIR: OnceLock<RsaKeyPair> = OnceLock::new();
    PAIR.get_or_init(|| RsaKeyPair::from_pkcs8(&pem_der(fixtures::OTHER_KEY)).expect("fixture"))
}
