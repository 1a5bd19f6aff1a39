//! `sgpay webhook verify` and `sgpay webhook listen --forward` with webhooks the sandbox
//! really sends.

mod common;

use common::{Endpoint, GOOD_CARD, Running, Scratch, config_for, run, run_with_stdin, sale};
use serde_json::{Value, json};

/// A sandbox sending its webhooks to `url`, a configuration that knows its webhook key,
/// and one paid sale so that webhooks are sent.
fn sandbox_sending_to(dir: &Scratch, url: String) -> sgpay_sandbox::Sandbox {
    let sandbox = common::sandbox_with_key(
        &std::fs::read_to_string(common::fixture("partner_pub.pem")).unwrap(),
        Some(url),
    );
    let config = config_for(
        &sandbox,
        json!({"webhook_public_key_pem": sandbox.webhook_public_key_pem()}),
    );
    dir.write_config("sgpay.json", &config);
    sandbox
}

fn pay_one(dir: &Scratch) {
    let paid = run_with_stdin(dir.path(), &["pay", "-"], &sale(GOOD_CARD).to_string());
    assert_eq!(paid.code, 0, "{paid:?}");
}

#[test]
fn verify_accepts_a_sandbox_webhook_and_refuses_it_tampered() {
    let dir = Scratch::new("verify");
    let app = Endpoint::start(&[200]);
    let sandbox = sandbox_sending_to(&dir, app.url());
    pay_one(&dir);
    common::wait_for("a webhook", || !app.received().is_empty());
    let webhook = app.received()[0].clone();
    let signature = webhook.header("x-partner-sign").unwrap().to_owned();
    std::fs::write(dir.join("event.json"), &webhook.body).unwrap();
    let event: Value = serde_json::from_slice(&webhook.body).unwrap();

    let good = run(
        dir.path(),
        &["webhook", "verify", "--signature", &signature, "event.json"],
    );
    assert_eq!(good.code, 0, "{good:?}");
    assert_eq!(good.stdout.trim(), event["type"].as_str().unwrap());

    let from_stdin = run_with_stdin(
        dir.path(),
        &[
            "--json",
            "webhook",
            "verify",
            "--signature",
            &signature,
            "-",
        ],
        std::str::from_utf8(&webhook.body).unwrap(),
    );
    assert_eq!(from_stdin.code, 0, "{from_stdin:?}");
    assert_eq!(from_stdin.json()["type"], event["type"]);

    let tampered = String::from_utf8(webhook.body.clone()).unwrap().replacen(
        "\"status\":\"",
        "\"status\":\"x",
        1,
    );
    assert_ne!(tampered.as_bytes(), webhook.body.as_slice());
    let refused = run_with_stdin(
        dir.path(),
        &["webhook", "verify", "--signature", &signature],
        &tampered,
    );
    assert_eq!(refused.code, 30, "{refused:?}");
    assert!(refused.stdout.is_empty(), "{refused:?}");
    assert!(refused.stderr.contains("does not match"), "{refused:?}");

    let garbage = run_with_stdin(
        dir.path(),
        &["webhook", "verify", "--signature", "not base64!"],
        std::str::from_utf8(&webhook.body).unwrap(),
    );
    assert_eq!(garbage.code, 30, "{garbage:?}");
    sandbox.stop();
}

#[test]
fn listen_forwards_each_verified_webhook_and_answers_what_the_application_answered() {
    let dir = Scratch::new("listen");
    // The application fails the first delivery: the sandbox must hear that and send again.
    let app = Endpoint::start(&[500, 200]);
    let port = common::free_port();
    let sandbox = sandbox_sending_to(&dir, format!("http://127.0.0.1:{port}/webhooks"));
    let listener = Running::start(
        dir.path(),
        &[
            "webhook",
            "listen",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--forward",
            &app.url(),
        ],
    );
    let ready = listener.next_line();
    assert!(
        ready.contains(&format!("http://127.0.0.1:{port}")),
        "{ready}"
    );
    pay_one(&dir);

    common::wait_for("the sandbox's retry reaches the application", || {
        app.received().len() >= 2
    });
    common::wait_for("a delivery the sandbox counts", || {
        sandbox.stats()["webhooks"]["delivered"]
            .as_u64()
            .unwrap_or(0)
            >= 1
    });
    let received = app.received();
    let (first, second) = (&received[0], &received[1]);
    assert_eq!(
        first.body, second.body,
        "the 500 was relayed, so the same event came again"
    );
    let signature = first
        .header("x-partner-sign")
        .expect("headers are passed on");
    assert_eq!(first.header("content-type"), Some("application/json"));
    std::fs::write(dir.join("event.json"), &first.body).unwrap();
    let verified = run(
        dir.path(),
        &["webhook", "verify", "--signature", signature, "event.json"],
    );
    assert_eq!(
        verified.code, 0,
        "the raw body is passed on byte for byte: {verified:?}"
    );
    let event: Value = serde_json::from_slice(&first.body).unwrap();
    let kind = event["type"].as_str().unwrap();

    let first_line = listener.next_line();
    assert!(
        first_line.contains("verified") && first_line.contains(kind),
        "{first_line}"
    );
    assert!(first_line.ends_with("-> 500"), "{first_line}");
    let second_line = listener.next_line();
    assert!(second_line.ends_with("-> 200"), "{second_line}");
    assert!(sandbox.stats()["webhooks"]["attempts"].as_u64().unwrap() >= 2);
    drop(listener);
    sandbox.stop();
}

#[test]
fn listen_rejects_a_webhook_whose_signature_does_not_verify() {
    let dir = Scratch::new("listen-reject");
    let app = Endpoint::start(&[200]);
    let sandbox = common::fixture_sandbox();
    // A webhook key that is not the one the sender signs with.
    let config = config_for(
        &sandbox,
        json!({"webhook_public_key_path": common::fixture("other_pub.pem").display().to_string()}),
    );
    dir.write_config("sgpay.json", &config);
    let listener = Running::start(
        dir.path(),
        &[
            "webhook",
            "listen",
            "--listen",
            "127.0.0.1:0",
            "--forward",
            &app.url(),
        ],
    );
    let ready = listener.next_line();
    let address = ready
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split([',', ' ']).next())
        .unwrap()
        .to_owned();
    let body = r#"{"type":"payment_finished","session":{"id":"ps_1"}}"#;
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    use std::io::{Read, Write};
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: x\r\nX-PARTNER-SIGN: AAAA\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(listener.next_line().contains("rejected"));
    assert!(
        app.received().is_empty(),
        "nothing unverified reaches the application"
    );
    drop(listener);
    sandbox.stop();
}
