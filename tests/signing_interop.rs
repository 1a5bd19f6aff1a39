//! Signatures checked by an implementation nobody here wrote: the `openssl` command.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sgpay::internals::keys::rsa_private_key_from_pem;
use sgpay::internals::signing::Signer;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// A file in a fresh temporary directory, removed with it.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("sgpay-{tag}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn openssl(args: &[&str]) -> std::process::Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("the openssl command is needed for these tests (make deps installs it)")
}

/// What `openssl dgst -verify` said of a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Exit status 0 and `Verified OK`.
    Verified,
    /// Exit status 1 and `Verification failure`: openssl ran, read the key, signature and
    /// body, and found the signature wrong.
    Refused,
}

/// Has openssl check `signature` of `body` with `public_key`; panics when openssl gives no
/// verdict (it could not run, or could not read a file), so a failure of openssl is never
/// taken for a bad signature.
fn openssl_verdict(public_key: &Path, body: &Path, signature: &Path) -> Verdict {
    let out = openssl(&[
        "dgst",
        "-sha256",
        "-verify",
        public_key.to_str().unwrap(),
        "-signature",
        signature.to_str().unwrap(),
        body.to_str().unwrap(),
    ]);
    // OpenSSL 1.1 writes "Verification Failure", 3.x "Verification failure".
    let said = String::from_utf8_lossy(&out.stdout)
        .trim()
        .to_ascii_lowercase();
    match (out.status.code(), said.as_str()) {
        (Some(0), "verified ok") => Verdict::Verified,
        (Some(1), "verification failure") => Verdict::Refused,
        _ => panic!(
            "openssl gave no verdict ({}): stdout {said:?}, stderr {:?}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn rsa_signer(file: &str) -> Signer {
    let pem = std::fs::read(format!("{FIXTURES}/{file}")).unwrap();
    Signer::rsa(rsa_private_key_from_pem(&pem).unwrap())
}

const BODIES: &[&[u8]] = &[
    b"{}",
    br#"{"session_id":"ps_3230","amount_details":{"amount":10000,"currency":"usd"}}"#,
    "{\"metadata\":\"Привет, 世界 🎉\",\n  \"spaces\" : [1, 2.5, null]}".as_bytes(),
];

#[test]
fn rsa_signatures_verify_with_openssl_for_both_key_formats() {
    let scratch = Scratch::new("rsa");
    let public_key = PathBuf::from(format!("{FIXTURES}/partner_pub.pem"));
    for key_file in ["partner_key.pem", "partner_key_pkcs1.pem"] {
        let signer = rsa_signer(key_file);
        for (i, body) in BODIES.iter().enumerate() {
            let signature = signer.sign(body).unwrap();
            assert_eq!(
                signature.len(),
                344,
                "2048-bit signatures are 344 Base64 characters"
            );
            let body_path = scratch.write(&format!("body{i}"), body);
            let sig_path = scratch.write(&format!("sig{i}"), &BASE64.decode(&signature).unwrap());
            assert_eq!(
                openssl_verdict(&public_key, &body_path, &sig_path),
                Verdict::Verified,
                "{key_file} body {i}"
            );
            let mut altered = body.to_vec();
            altered[0] ^= 0x01;
            let altered_path = scratch.write(&format!("altered{i}"), &altered);
            assert_eq!(
                openssl_verdict(&public_key, &altered_path, &sig_path),
                Verdict::Refused,
                "{key_file} altered body {i}"
            );
        }
    }
}

#[test]
fn rsa_signature_from_another_key_does_not_verify() {
    let scratch = Scratch::new("other");
    let body = scratch.write("body", BODIES[1]);
    let signature = rsa_signer("other_key.pem").sign(BODIES[1]).unwrap();
    let sig = scratch.write("sig", &BASE64.decode(signature).unwrap());
    let public_key = PathBuf::from(format!("{FIXTURES}/partner_pub.pem"));
    assert_eq!(openssl_verdict(&public_key, &body, &sig), Verdict::Refused);
}

#[test]
fn hmac_signatures_match_openssl() {
    let scratch = Scratch::new("hmac");
    let secret = "s3cr3t-shared-with-the-gateway";
    let signer = Signer::hmac(secret.as_bytes());
    for (i, body) in BODIES.iter().enumerate() {
        let path = scratch.write(&format!("body{i}"), body);
        let out = openssl(&[
            "dgst",
            "-sha256",
            "-hmac",
            secret,
            "-binary",
            path.to_str().unwrap(),
        ]);
        assert!(out.status.success());
        assert_eq!(
            signer.sign(body).unwrap(),
            BASE64.encode(&out.stdout),
            "body {i}"
        );
    }
}

#[test]
fn webhooks_signed_by_openssl_verify_and_tampered_ones_do_not() {
    let scratch = Scratch::new("webhook");
    let event = br#"{"type":"ready_to_confirm","session":{"id":"ps_1","status":"in_progress"}}"#;
    let body = scratch.write("event", event);
    let key = format!("{FIXTURES}/partner_key.pem");
    let out = openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        &key,
        "-binary",
        body.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let signature = BASE64.encode(&out.stdout);
    let config = format!(
        r#"{{"base_url":"https://demo.smart-glocal.com","project":"p","hmac_secret":"x",
            "webhook_public_key_path":"{FIXTURES}/partner_pub.pem"}}"#
    );
    let client = sgpay::Client::from_json(&config).unwrap();
    assert_eq!(
        client.verify_webhook(event, &signature).unwrap().as_bytes(),
        event
    );
    let mut tampered = event.to_vec();
    tampered[20] = b'X';
    let err = client.verify_webhook(&tampered, &signature).unwrap_err();
    assert!(matches!(err, sgpay::Error::Signature(_)), "{err:?}");
}
