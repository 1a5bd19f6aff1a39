//! Starting and stopping in-process sandboxes: the port is closed once `stop` (or drop)
//! returns, and several sandboxes run side by side.

mod common;

use std::net::TcpStream;

use common::{Api, Signer, fast_config};
use serde_json::json;
use sgpay_sandbox::{Sandbox, SandboxConfig};

#[test]
fn stop_and_drop_close_the_port() {
    let first = Sandbox::start(fast_config()).unwrap();
    let second = Sandbox::start(fast_config()).unwrap();
    assert_ne!(first.port(), second.port());
    let api = Api::new(&first, Signer::default_hmac());
    assert_eq!(api.call("session/create", &json!({})).status, 200);
    let first_addr = format!("127.0.0.1:{}", first.port());
    let second_addr = format!("127.0.0.1:{}", second.port());
    first.stop();
    assert!(TcpStream::connect(&first_addr).is_err());
    assert!(TcpStream::connect(&second_addr).is_ok());
    drop(second);
    assert!(TcpStream::connect(&second_addr).is_err());
}

#[test]
fn stop_returns_with_an_idle_keep_alive_connection_open() {
    let sandbox = Sandbox::start(fast_config()).unwrap();
    let api = Api::new(&sandbox, Signer::default_hmac());
    assert_eq!(api.call("session/create", &json!({})).status, 200);
    let addr = format!("127.0.0.1:{}", sandbox.port());
    sandbox.stop();
    assert!(TcpStream::connect(&addr).is_err());
}

#[test]
fn project_and_port_are_configurable() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    let sandbox = Sandbox::start(SandboxConfig {
        listen: format!("127.0.0.1:{port}").parse().unwrap(),
        project: "another".into(),
        ..fast_config()
    })
    .unwrap();
    assert_eq!(sandbox.url(), format!("http://127.0.0.1:{port}"));
    let api = Api::new(&sandbox, Signer::default_hmac());
    assert_eq!(
        api.call("session/create", &json!({})).error_code(),
        "partner_project_not_found"
    );
    let busy = Sandbox::start(SandboxConfig {
        listen: format!("127.0.0.1:{port}").parse().unwrap(),
        ..fast_config()
    });
    assert!(busy.is_err(), "the port is taken");
    sandbox.stop();
}
