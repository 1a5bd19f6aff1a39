//! TLS: verification cannot be skipped; an extra CA bundle makes a private CA trusted;
//! plain http:// is only for loopback hosts.

mod common;

use common::*;
use serde_json::json;
use sgpay::ffi::{SGPAY_ERR_CONFIG, SGPAY_ERR_NOT_SENT};
use sgpay_sandbox::{Auth, Sandbox, SandboxConfig};

fn tls_sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        auth: Auth::RsaPublicKeyPem(fixture("partner_pub.pem")),
        project: PROJECT.into(),
        tls: true,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn self_signed_server_is_refused_without_the_ca_bundle() {
    let sandbox = tls_sandbox();
    assert!(
        sandbox.url().starts_with("https://127.0.0.1:"),
        "{}",
        sandbox.url()
    );
    let client = client_for(&sandbox, json!({"max_attempts": 1}));
    let err = call(&client, "session/create", &json!({})).unwrap_err();
    assert_eq!(err.status(), SGPAY_ERR_NOT_SENT, "{err:?}");
    assert_eq!(
        sandbox.stats()["requests"]["session/create"],
        serde_json::Value::Null
    );
}

#[test]
fn self_signed_server_is_accepted_with_the_ca_bundle() {
    let sandbox = tls_sandbox();
    let dir = std::env::temp_dir().join(format!("sgpay-tls-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = dir.join("ca.pem");
    std::fs::write(
        &bundle,
        sandbox.tls_certificate_pem().expect("tls certificate"),
    )
    .unwrap();
    let client = client_for(
        &sandbox,
        json!({"ca_bundle_path": bundle.to_str().unwrap()}),
    );
    let reply = call(&client, "session/create", &json!({}));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(reply.unwrap()["status"], "ok");
}

#[test]
fn plain_http_is_refused_for_other_hosts() {
    for url in [
        "http://demo.smart-glocal.com",
        "http://10.0.0.1:8080",
        "http://[2001:db8::1]",
    ] {
        let config = json!({"base_url": url, "project": "p", "hmac_secret": "s"});
        let err = sgpay::Client::from_json(&config.to_string()).unwrap_err();
        assert_eq!(err.status(), SGPAY_ERR_CONFIG, "{url}");
        assert!(err.to_string().contains("loopback"), "{err}");
    }
    for url in [
        "http://127.0.0.1:9",
        "http://localhost:9",
        "http://[::1]:9",
        "https://demo.smart-glocal.com",
    ] {
        let config = json!({"base_url": url, "project": "p", "hmac_secret": "s"});
        sgpay::Client::from_json(&config.to_string()).unwrap();
    }
}

#[test]
fn an_unreadable_or_empty_ca_bundle_is_a_config_error() {
    let config = json!({"base_url": "https://x.test", "project": "p", "hmac_secret": "s",
                        "ca_bundle_path": "/nonexistent/ca.pem"});
    assert_eq!(
        sgpay::Client::from_json(&config.to_string())
            .unwrap_err()
            .status(),
        SGPAY_ERR_CONFIG
    );
    let config = json!({"base_url": "https://x.test", "project": "p", "hmac_secret": "s",
                        "ca_bundle_path": format!("{FIXTURES}/partner_pub.pem")});
    assert_eq!(
        sgpay::Client::from_json(&config.to_string())
            .unwrap_err()
            .status(),
        SGPAY_ERR_CONFIG
    );
}
