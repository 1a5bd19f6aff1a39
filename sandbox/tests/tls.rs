//! HTTPS mode: a self-signed certificate for 127.0.0.1 and localhost, trusted by the client.

mod common;

use std::sync::Arc;

use common::{Api, Signer, fast_config};
use serde_json::json;
use sgpay_sandbox::{Sandbox, SandboxConfig};
use tokio_rustls::rustls;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

fn trusting(pem: &str) -> ureq::Agent {
    let cert = Certificate::from_pem(pem.as_bytes()).expect("certificate PEM");
    let tls = TlsConfig::builder()
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
        .root_certs(RootCerts::Specific(Arc::new(vec![cert])))
        .build();
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .tls_config(tls)
        .build()
        .into()
}

#[test]
fn serves_https_with_a_certificate_the_client_trusts() {
    let sandbox = Sandbox::start(SandboxConfig {
        tls: true,
        ..fast_config()
    })
    .unwrap();
    let url = sandbox.url();
    assert_eq!(url, format!("https://127.0.0.1:{}", sandbox.port()));
    let pem = sandbox
        .tls_certificate_pem()
        .expect("certificate in TLS mode");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));

    let api = Api::with_agent(url.clone(), Signer::default_hmac(), trusting(&pem));
    let id = api.start_payment("4242424242424242");
    assert_eq!(api.confirm_and_wait(&id)["status"], "accepted");

    let by_name = format!("https://localhost:{}", sandbox.port());
    let api = Api::with_agent(by_name, Signer::default_hmac(), trusting(&pem));
    assert_eq!(api.call("session/create", &json!({})).status, 200);

    let untrusting = common::agent();
    let refused = untrusting
        .post(format!("{url}/api/v1/session/create"))
        .send(&b"{}"[..]);
    assert!(
        is_unknown_issuer(&refused),
        "an unknown self-signed certificate must be refused by the certificate check: {refused:?}"
    );
    sandbox.stop();
}

/// True when a request failed because its server's certificate was issued by no trusted
/// authority, as rustls refuses a self-signed certificate (ureq passes the refusal on as
/// its own error or inside the I/O error of the handshake).
fn is_unknown_issuer<T>(result: &Result<T, ureq::Error>) -> bool {
    let refusal = match result {
        Err(ureq::Error::Rustls(error)) => Some(error),
        Err(ureq::Error::Io(error)) => error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        _ => None,
    };
    matches!(
        refusal,
        Some(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer
        ))
    )
}

#[test]
fn plain_mode_has_no_certificate() {
    let sandbox = Sandbox::start(fast_config()).unwrap();
    assert!(sandbox.url().starts_with("http://127.0.0.1:"));
    assert_eq!(sandbox.tls_certificate_pem(), None);
    sandbox.stop();
}
