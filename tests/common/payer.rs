//! The payer of the crash and power-loss suites: the `pay_with_journal` example, run as a
//! separate process against a sandbox with its journal at a given path, and what a test
//! reads of the sandbox to judge what it did.
#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sgpay_sandbox::Sandbox;

use super::journal_place::JournalPlace;
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

/// A sandbox and the journal the payers of a test use.
pub struct Till {
    /// The server.
    pub sandbox: Sandbox,
    /// The journal.
    pub place: JournalPlace,
    /// This till's machine name in the journal (`journal_owner`), when set.
    pub owner: Option<String>,
}

impl Till {
    /// A till journaling at `place`, against a new RSA sandbox.
    pub fn new(place: JournalPlace) -> Till {
        Till {
            sandbox: super::rsa_sandbox(),
            place,
            owner: None,
        }
    }

    /// The journal file (SQLite).
    pub fn journal(&self) -> PathBuf {
        PathBuf::from(self.place.path())
    }

    /// The same journal and sandbox seen from the machine named `owner`.
    pub fn command_as(&self, owner: &str, args: &[&str]) -> Command {
        let mut command = self.command(args);
        command.env("SGPAY_JOURNAL_OWNER", owner);
        command
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
            .envs(self.place.env())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(owner) = &self.owner {
            command.env("SGPAY_JOURNAL_OWNER", owner);
        }
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

    /// The journal's entries as a new payer lists them, after checking that there are
    /// `count` and that every one is done.
    pub fn done_entries(&self, count: usize) -> Vec<Value> {
        let listed = self.run(&["entries"]);
        let entries = listed["entries"].as_array().unwrap().clone();
        assert_eq!(entries.len(), count, "{listed}");
        for entry in &entries {
            assert_eq!(entry["state"], "done", "{entry}");
        }
        entries
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

    /// The outcome a sale must report, derived from the sandbox's own state (not by the
    /// library's classifier): the session's status, its payment's status and what the
    /// payment waits for, looked up in [`EXPECTED_OUTCOMES`]. Panics on any other state.
    pub fn expected_outcome(&self, session_id: &str) -> String {
        let session = self.sandbox_session(session_id);
        let payments = session["acquiring_payments"].as_array().unwrap();
        assert!(payments.len() <= 1, "one payment per session: {session}");
        let payment = payments.first();
        let state = (
            session["status"].as_str().unwrap(),
            payment.map_or(NONE, |p| p["status"].as_str().unwrap()),
            waits_for(&session, payment),
        );
        EXPECTED_OUTCOMES
            .iter()
            .find(|(session, payment, waits, _)| (*session, *payment, *waits) == state)
            .map(|(.., outcome)| (*outcome).to_owned())
            .unwrap_or_else(|| panic!("no outcome is defined for {state:?}: {session}"))
    }
}

/// A value the sandbox does not show (no payment, nothing waited for).
const NONE: &str = "-";

/// Session status, payment status and what the payment waits for, as the sandbox writes
/// them (sandbox/src/state/session.rs), and the outcome a sale in that state has.
const EXPECTED_OUTCOMES: &[(&str, &str, &str, &str)] = &[
    ("created", NONE, NONE, "not_started"),
    ("cancelled", NONE, NONE, "declined"),
    ("in_progress", "in_progress", NONE, "in_progress"),
    ("in_progress", "in_progress", "customer", "action_required"),
    ("in_progress", "pending", "confirm", "awaiting_confirmation"),
    ("in_progress", "pending", "capture", "awaiting_capture"),
    ("accepted", "succeeded", NONE, "succeeded"),
    ("cancelled", "failed", NONE, "declined"),
    ("error", "failed", NONE, "error"),
];

/// What the payment waits for: the session's `next_action`, `customer` while a 3-D Secure
/// redirect is shown, else [`NONE`].
fn waits_for<'a>(session: &'a Value, payment: Option<&Value>) -> &'a str {
    let redirected = payment.is_some_and(|p| !p["customer_interaction"].is_null());
    match session["next_action"].as_str() {
        Some(action) => action,
        None if redirected => "customer",
        None => NONE,
    }
}

/// Waits for a payer of `sales` sales (`pay --count`, one JSON document a line) and checks
/// that it ended well and that every sale succeeded.
pub fn assert_all_paid(payer: Child, sales: usize) {
    let output = payer.wait_with_output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(
        output.status.success(),
        "a payer failed: {:?}",
        lines.last()
    );
    assert_eq!(lines.len(), sales, "{text}");
    for done in lines {
        assert_eq!(done["outcome"], "succeeded", "{done}");
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
