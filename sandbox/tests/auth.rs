//! Authentication as the live API: project and signature checks, RSA and HMAC, and
//! interoperation with signatures made by the `openssl` command.

mod common;

use std::process::Command;

use common::{Api, PROJECT, Signer, hmac_sandbox_with_api, rsa_sandbox};
use serde_json::json;
use sgpay_sandbox::{Auth, Sandbox, SandboxConfig};

const BODY: &[u8] = br#"{"metadata":{"note":"auth"}}"#;

fn assert_invalid_sign(resp: &common::Resp) {
    assert_eq!(resp.status, 401, "{}", String::from_utf8_lossy(&resp.body));
    assert_eq!(resp.error_code(), "invalid_sign");
    assert_eq!(resp.json()["status"], "error");
}

/// Asserts that `session/create` refuses each body with the signature beside it.
fn assert_each_refused(api: &Api, cases: &[(&[u8], &str)]) {
    for (body, sign) in cases {
        assert_invalid_sign(&api.post_with_sign("session/create", body, sign));
    }
}

/// A client signing with the RSA key `partner_key.pem`.
fn partner_key_api(sandbox: &Sandbox) -> Api {
    Api::new(sandbox, Signer::rsa_fixture("partner_key.pem"))
}

#[test]
fn hmac_signature_is_accepted_and_nothing_else() {
    let (sandbox, api) = hmac_sandbox_with_api();
    assert_eq!(api.call_bytes("session/create", BODY, None).status, 200);

    let missing = api.post_raw("session/create", BODY, &[("X-PARTNER-PROJECT", PROJECT)]);
    assert_invalid_sign(&missing);

    let wrong_secret = Signer::Hmac(b"another-secret".to_vec()).sign(BODY);
    let good = api.signer.sign(BODY);
    let tampered = br#"{"metadata":{"note":"autH"}}"#;
    assert_each_refused(
        &api,
        &[
            // Malformed signatures.
            (BODY, "not base64!!"),
            (BODY, ""),
            (BODY, "YWJj"),
            (BODY, "%%%%"),
            // Well formed, but made with another secret or for another body.
            (BODY, &wrong_secret),
            (tampered, &good),
        ],
    );
    assert_eq!(sandbox.stats()["requests"]["session/create"], 8);
}

#[test]
fn project_must_match() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let sign = api.signer.sign(BODY);
    for headers in [
        vec![
            ("X-PARTNER-PROJECT", "other-project"),
            ("X-PARTNER-SIGN", sign.as_str()),
        ],
        vec![("X-PARTNER-SIGN", sign.as_str())],
    ] {
        let resp = api.post_raw("session/create", BODY, &headers);
        assert_eq!(resp.status, 401);
        assert_eq!(resp.error_code(), "partner_project_not_found");
    }
}

#[test]
fn header_names_in_any_case() {
    let (_sandbox, api) = hmac_sandbox_with_api();
    let sign = api.signer.sign(BODY);
    for (project, signature) in [
        ("x-partner-project", "x-partner-sign"),
        ("X-Partner-Project", "X-Partner-Sign"),
        ("x-PARTNER-project", "X-partner-SIGN"),
    ] {
        let resp = api.post_raw(
            "session/create",
            BODY,
            &[(project, PROJECT), (signature, &sign)],
        );
        assert_eq!(resp.status, 200, "{project} / {signature}");
    }
}

#[test]
fn rsa_signature_with_the_partner_key_is_accepted() {
    let sandbox = rsa_sandbox();
    let api = partner_key_api(&sandbox);
    assert_eq!(api.call_bytes("session/create", BODY, None).status, 200);
    let sign = api.signer.sign(BODY);
    assert_eq!(sign.len(), 344);

    let other = Signer::rsa_fixture("other_key.pem").sign(BODY);
    let hmac = Signer::default_hmac().sign(BODY);
    assert_each_refused(
        &api,
        &[
            (BODY, &other),
            (BODY, &hmac),
            (br#"{"metadata":{"note":"auth "}}"#, &sign),
        ],
    );
}

#[test]
fn pkcs1_public_key_is_accepted_and_garbage_refused() {
    let output = Command::new("openssl")
        .args(["rsa", "-pubin", "-RSAPublicKey_out", "-in"])
        .arg(common::fixture("partner_pub.pem"))
        .output()
        .expect("openssl runs");
    let pem = String::from_utf8(output.stdout).unwrap();
    assert!(pem.contains("BEGIN RSA PUBLIC KEY"), "{pem}");
    let sandbox = Sandbox::start(SandboxConfig {
        auth: Auth::RsaPublicKeyPem(pem),
        ..common::fast_config()
    })
    .unwrap();
    let api = partner_key_api(&sandbox);
    assert_eq!(api.call_bytes("session/create", BODY, None).status, 200);
    sandbox.stop();

    let garbage = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    let bad = Sandbox::start(SandboxConfig {
        auth: Auth::RsaPublicKeyPem(garbage.into()),
        ..common::fast_config()
    });
    assert_eq!(
        bad.err().map(|e| e.kind()),
        Some(std::io::ErrorKind::InvalidInput)
    );
}

/// Signs `body` with the `openssl` command and the fixture key, as an integrator would.
fn openssl_sign(body: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("sgpay-sandbox-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body_path = dir.join("body.json");
    std::fs::write(&body_path, body).unwrap();
    let output = Command::new("openssl")
        .args(["dgst", "-sha256", "-sign"])
        .arg(common::fixture("partner_key.pem"))
        .arg("-binary")
        .arg(&body_path)
        .output()
        .expect("openssl runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(output.stdout)
}

#[test]
fn signature_made_by_openssl_is_accepted_and_one_altered_byte_refused() {
    let sandbox = rsa_sandbox();
    let api = partner_key_api(&sandbox);
    let body =
        serde_json::to_vec(&json!({"metadata": {"from": "openssl", "text": "ünïcödé"}})).unwrap();
    let sign = openssl_sign(&body);
    assert_eq!(
        api.post_with_sign("session/create", &body, &sign).status,
        200
    );

    let mut altered = body.clone();
    let at = altered.iter().position(|b| *b == b'o').unwrap();
    altered[at] = b'O';
    let mut altered_sign = sign.clone().into_bytes();
    altered_sign[10] = if altered_sign[10] == b'A' { b'B' } else { b'A' };
    let altered_sign = String::from_utf8(altered_sign).unwrap();
    assert_each_refused(&api, &[(&altered, &sign), (&body, &altered_sign)]);
}
