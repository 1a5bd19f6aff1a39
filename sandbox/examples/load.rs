//! Measures how many `session/status` requests per second the sandbox serves on loopback
//! over keep-alive connections (HMAC and RSA-2048 signatures).
//!
//! `cargo run --release -p sgpay-sandbox --example load -- [SECONDS] [CONNECTIONS]`

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aws_lc_rs::hmac;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use sgpay_sandbox::{Auth, Sandbox, SandboxConfig};

const PARTNER_KEY: &str = include_str!("../../tests/fixtures/partner_key.pem");
const PARTNER_PUB: &str = include_str!("../../tests/fixtures/partner_pub.pem");

/// Makes the `X-PARTNER-SIGN` value of a body.
type SignFn = fn(&[u8]) -> String;

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(3);
    let connections: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    for mode in ["hmac", "rsa"] {
        let (auth, sign): (Auth, SignFn) = match mode {
            "hmac" => (Auth::HmacSecret("load-secret".into()), hmac_sign),
            _ => (Auth::RsaPublicKeyPem(PARTNER_PUB.into()), rsa_sign),
        };
        let sandbox = Sandbox::start(SandboxConfig {
            auth,
            ..SandboxConfig::default()
        })
        .expect("sandbox starts");
        let (count, elapsed) = measure(&sandbox, &sign, seconds, connections);
        println!(
            "session/status {mode}: {count} requests in {:.2} s over {connections} keep-alive \
             connection(s) = {:.0} requests/s",
            elapsed.as_secs_f64(),
            count as f64 / elapsed.as_secs_f64()
        );
        sandbox.stop();
    }
}

fn hmac_sign(body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, b"load-secret");
    STANDARD.encode(hmac::sign(&key, body))
}

fn rsa_sign(body: &[u8]) -> String {
    let b64: String = PARTNER_KEY
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let key = RsaKeyPair::from_pkcs8(&STANDARD.decode(b64).expect("PEM")).expect("key");
    let mut signature = vec![0; key.public_modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        body,
        &mut signature,
    )
    .expect("sign");
    STANDARD.encode(signature)
}

/// Creates a session, then sends `session/status` for it as fast as the connections allow.
fn measure(
    sandbox: &Sandbox,
    sign: &dyn Fn(&[u8]) -> String,
    seconds: u64,
    connections: usize,
) -> (u64, Duration) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(connections.max(1))
        .enable_all()
        .build()
        .expect("runtime");
    let addr = format!("127.0.0.1:{}", sandbox.port());
    let create = b"{}".to_vec();
    let create_sign = sign(&create);
    runtime.block_on(async {
        let created = send_once(&addr, "session/create", create, &create_sign).await;
        let value: serde_json::Value = serde_json::from_slice(&created).expect("JSON");
        let id = value["session"]["id"]
            .as_str()
            .expect("session id")
            .to_string();
        let body = format!(r#"{{"session_id":"{id}"}}"#).into_bytes();
        let signature = sign(&body);
        let stop = Arc::new(AtomicBool::new(false));
        let count = Arc::new(AtomicU64::new(0));
        let started = Instant::now();
        let workers: Vec<_> = (0..connections)
            .map(|_| {
                let (addr, body, signature) = (addr.clone(), body.clone(), signature.clone());
                let (stop, count) = (stop.clone(), count.clone());
                tokio::spawn(async move { hammer(&addr, body, &signature, &stop, &count).await })
            })
            .collect();
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        stop.store(true, Ordering::Relaxed);
        for worker in workers {
            worker.await.expect("worker");
        }
        (count.load(Ordering::Relaxed), started.elapsed())
    })
}

async fn connect(addr: &str) -> hyper::client::conn::http1::SendRequest<Full<Bytes>> {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    sender
}

fn request(op: &str, body: Vec<u8>, signature: &str) -> Request<Full<Bytes>> {
    Request::post(format!("/api/v1/{op}"))
        .header("host", "127.0.0.1")
        .header("content-type", "application/json")
        .header("x-partner-project", "test-project")
        .header("x-partner-sign", signature)
        .body(Full::new(Bytes::from(body)))
        .expect("request")
}

async fn send_once(addr: &str, op: &str, body: Vec<u8>, signature: &str) -> Bytes {
    let mut sender = connect(addr).await;
    let response = sender
        .send_request(request(op, body, signature))
        .await
        .expect("response");
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
}

async fn hammer(addr: &str, body: Vec<u8>, signature: &str, stop: &AtomicBool, count: &AtomicU64) {
    let mut sender = connect(addr).await;
    while !stop.load(Ordering::Relaxed) {
        sender.ready().await.expect("connection ready");
        let response = sender
            .send_request(request("session/status", body.clone(), signature))
            .await
            .expect("response");
        assert_eq!(response.status(), 200);
        response.into_body().collect().await.expect("body");
        count.fetch_add(1, Ordering::Relaxed);
    }
}
