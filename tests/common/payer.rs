//! The payer of the crash and power-loss suites: the `pay_with_journal` example, run as a
//! separate process against a sandbox with its journal at a given path, and what a test
//! reads of the sandbox to judge what it did.
#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sgpay_sandbox::Sandbox;

use super::{FIXTURES, PROJECT};

/// The signal number of SIGKILL (9 on every Unix).
const SIGKILL: i32 = 9;

/// The payer binary, built by `cargo test` beside the tests.
pub fn payer_binary() -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let profile = deps.parent().unwrap().parent().unwrap();
    let binary = profile.join("examples").join("pay_with_journal");
    assert!(binary.exists(), "{} is not built", binary.display());
    binary
}

/// A sandbox and the journal path the payers of a test use.
pub struct Till {
    /// The server.
    pub sandbox: Sandbox,
    journal: PathBuf,
}

impl Till {
    /// A till journaling at `journal`, against a new RSA sandbox.
    pub fn new(journal: PathBuf) -> Till {
        Till {
            sandbox: super::rsa_sandbox(),
            journal,
        }
    }

    /// The journal file.
    pub fn journal(&self) -> &Path {
        &self.journal
    }

    /// The payer with `args`, its settings in its environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(payer_binary());
        command
            .args(args)
            .env("SGPAY_BASE_URL", self.sandbox.url())
            .env("SGPAY_PROJECT", PROJECT)
            .env(
                "SGPAY_PRIVATE_KEY_PATH",
                format!("{FIXTURES}/partner_key.pem"),
            )
            .env("SGPAY_JOURNAL_PATH", &self.journal)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        command
    }

    /// Runs the payer to its end; returns its JSON document.
    pub fn run(&self, args: &[&str]) -> Value {
        let output = self.command(args).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        serde_json::from_str(text.trim()).unwrap_or_else(|_| panic!("payer printed {text:?}"))
    }

    /// Starts the payer.
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args).spawn().unwrap()
    }

    /// How many requests of `operation` the sandbox received.
    pub fn requests(&self, operation: &str) -> u64 {
        self.sandbox.stats()["requests"][operation]
            .as_u64()
            .unwrap_or(0)
    }

    /// Waits until the sandbox has received `count` requests of `operation`.
    pub fn wait_for_request(&self, operation: &str, count: u64) {
        let started = Instant::now();
        while self.requests(operation) < count {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{operation} never arrived: {}",
                self.sandbox.stats()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Holds the next request of `operation` for `ms` before the sandbox processes it.
    pub fn hold(&self, operation: &str, ms: u64) {
        self.sandbox
            .push_fault(json!({"operation": operation, "kind": "delay", "delay_ms": ms}))
            .unwrap();
    }

    /// Payments the sandbox has created.
    pub fn payments_created(&self) -> u64 {
        self.sandbox.stats()["payments_created"].as_u64().unwrap()
    }

    /// The session as the sandbox holds it, read directly.
    pub fn sandbox_session(&self, session_id: &str) -> Value {
        let client = super::client_for(&self.sandbox, json!({}));
        let reply = super::call(
            &client,
            "session/status",
            &json!({"session_id": session_id}),
        )
        .unwrap();
        reply["session"].clone()
    }

    /// The outcome the sandbox holds for a session, read directly.
    pub fn sandbox_outcome(&self, session_id: &str) -> String {
        sgpay::pay::outcome::classify(&self.sandbox_session(session_id))
            .as_str()
            .to_owned()
    }
}

/// Kills a payer that must still be running, and checks that the kill is what ended it (a
/// payer that had already failed or finished was not killed mid-payment).
pub fn kill(mut child: Child) {
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(SIGKILL),
        "the payer was not running when it was killed: {status}"
    );
}
