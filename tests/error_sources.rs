//! Rust callers keep the cause of an error: `std::error::Error::source` gives the lower-level
//! error (the file system's, the database's, the network stack's), not only its words.

mod common;

use std::error::Error as _;

use serde_json::json;
use sgpay::{Client, Error};

use common::{FIXTURES, PROJECT};

#[test]
fn an_unreadable_key_file_keeps_the_io_error() {
    let config = json!({"base_url": "http://127.0.0.1:9", "project": PROJECT,
        "private_key_path": format!("{FIXTURES}/no-such-key.pem")});
    let error = Client::from_json(&config.to_string()).unwrap_err();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    let cause = error.source().expect("a cause");
    let io = cause
        .downcast_ref::<std::io::Error>()
        .expect("an io::Error");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
}

#[test]
fn a_journal_that_cannot_be_opened_keeps_the_database_error() {
    let config = json!({"base_url": "http://127.0.0.1:9", "project": PROJECT,
        "private_key_path": format!("{FIXTURES}/partner_key.pem"),
        "journal_path": "/proc/no-such-dir/journal.db"});
    let error = Client::from_json(&config.to_string()).unwrap_err();
    assert!(matches!(error, Error::Journal { .. }), "{error:?}");
    let cause = error.source().expect("a cause");
    assert!(
        cause.downcast_ref::<rusqlite::Error>().is_some(),
        "{cause:?}"
    );
}

#[test]
fn a_refused_connection_keeps_the_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let config = json!({"base_url": format!("http://127.0.0.1:{port}"), "project": PROJECT,
        "private_key_path": format!("{FIXTURES}/partner_key.pem"), "max_attempts": 1});
    let client = Client::from_json(&config.to_string()).unwrap();
    let failed = client
        .call(
            "session/status",
            r#"{"session_id":"ps_1"}"#,
            &Default::default(),
        )
        .unwrap_err();
    assert!(matches!(failed.error, Error::NotSent { .. }), "{failed:?}");
    assert!(failed.error.source().is_some(), "{:?}", failed.error);
}
