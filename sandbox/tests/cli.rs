//! The `sgpay-sandbox` binary: flags, first line, webhook key file (checked with the
//! `openssl` command), TLS certificate file, and a clean stop on SIGTERM / SIGINT.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::binary::{self, Binary};
use common::receiver::Receiver;
use common::{Api, Signer};

fn signal_and_wait(mut running: Binary, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &running.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = running.child.wait().unwrap();
    assert!(exit.success(), "exit status {exit:?}");
    let addr = running.url.split("://").nth(1).unwrap().to_string();
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "port still open"
    );
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sgpay-sandbox-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn openssl_verify(key: &Path, body: &[u8], signature_b64: &str, dir: &Path) -> bool {
    let body_path = dir.join("body.json");
    let sig_path = dir.join("sig.bin");
    std::fs::write(&body_path, body).unwrap();
    std::fs::write(&sig_path, STANDARD.decode(signature_b64).unwrap()).unwrap();
    Command::new("openssl")
        .args(["dgst", "-sha256", "-verify"])
        .arg(key)
        .arg("-signature")
        .arg(&sig_path)
        .arg(&body_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl runs")
        .success()
}

#[test]
fn webhook_signature_verifies_with_openssl_and_sigterm_stops() {
    let dir = temp_dir("webhook");
    let key = dir.join("webhook_pub.pem");
    let receiver = Receiver::start(0);
    let running = Binary::spawn(&[
        "--listen",
        "127.0.0.1:0",
        "--hmac-secret",
        "cli-secret",
        "--project",
        "test-project",
        "--webhook-url",
        &receiver.url,
        "--webhook-key-out",
        key.to_str().unwrap(),
        "--processing-delay-ms",
        "10",
    ]);
    assert!(running.url.starts_with("http://127.0.0.1:"));
    let api = Api::with_agent(
        running.url.clone(),
        Signer::Hmac(b"cli-secret".to_vec()),
        common::agent(),
    );
    let id = api.start_payment("4242424242424242");
    let hooks = receiver.wait_delivered(1);
    assert_eq!(hooks[0].json()["session"]["id"], id);
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .contains("BEGIN PUBLIC KEY")
    );
    assert!(openssl_verify(
        &key,
        &hooks[0].body,
        &hooks[0].signature,
        &dir
    ));
    let mut altered = hooks[0].body.clone();
    altered[2] ^= 0x20;
    assert!(!openssl_verify(&key, &altered, &hooks[0].signature, &dir));
    signal_and_wait(running, "-TERM");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rsa_and_tls_flags_and_sigint_stops() {
    let dir = temp_dir("tls");
    let cert = dir.join("cert.pem");
    let partner_pub = common::fixture("partner_pub.pem");
    let running = Binary::spawn(&[
        "--partner-public-key",
        partner_pub.to_str().unwrap(),
        "--project",
        "demo-project",
        "--tls-cert-out",
        cert.to_str().unwrap(),
    ]);
    assert!(
        running.url.starts_with("https://127.0.0.1:"),
        "{}",
        running.url
    );
    let pem = std::fs::read(&cert).unwrap();
    let certificate = ureq::tls::Certificate::from_pem(&pem).unwrap();
    let provider = tokio_rustls::rustls::crypto::aws_lc_rs::default_provider();
    let tls = ureq::tls::TlsConfig::builder()
        .unversioned_rustls_crypto_provider(std::sync::Arc::new(provider))
        .root_certs(ureq::tls::RootCerts::Specific(std::sync::Arc::new(vec![
            certificate,
        ])))
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .tls_config(tls)
        .build()
        .into();
    let body = br#"{"metadata":"cli"}"#;
    let sign = Signer::rsa_fixture("partner_key.pem").sign(body);
    let send = |project: &str| {
        let resp = agent
            .post(format!("{}/api/v1/session/create", running.url))
            .header("X-PARTNER-PROJECT", project)
            .header("X-PARTNER-SIGN", &sign)
            .send(&body[..])
            .unwrap();
        common::into_resp(resp)
    };
    assert_eq!(send("demo-project").json()["session"]["status"], "created");
    assert_eq!(
        send("test-project").error_code(),
        "partner_project_not_found"
    );
    signal_and_wait(running, "-INT");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exactly_one_auth_flag_is_required() {
    let bin = binary::path();
    let none = Command::new(bin).output().unwrap();
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("--partner-public-key"));
    let key = common::fixture("partner_pub.pem");
    let both = Command::new(bin)
        .args(["--hmac-secret", "s", "--partner-public-key"])
        .arg(key)
        .output()
        .unwrap();
    assert!(!both.status.success());
    let bad_url = Command::new(bin)
        .args(["--hmac-secret", "s", "--webhook-url", "ftp://x"])
        .output()
        .unwrap();
    assert!(!bad_url.status.success());
    assert!(String::from_utf8_lossy(&bad_url.stderr).contains("webhook_url"));
}
