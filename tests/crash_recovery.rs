//! Crash tests of the journal (docs/journal.md, "Recovery"): a payer process running `pay` is killed with
//! SIGKILL at each step, then a new process on the same journal calls `recover`. Each case
//! checks that the recovered outcome is what the sandbox holds, that no second payment was
//! made, and that `pay` with the session id finishes the interrupted sale.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Child;
use std::time::Duration;

use serde_json::{Value, json};

use common::journal_place::JournalPlace;
use common::payer::{Till, assert_all_paid, kill};
use common::stop_points::StopPoint;

/// How long an injected delay holds a request: long enough for the kill to land first.
const HOLD_MS: u64 = 1500;

/// A till whose journal is on this run's backend (a file in a scratch folder, or a
/// PostgreSQL schema), removed at the end.
struct DiskTill {
    till: Till,
}

impl DiskTill {
    fn new(name: &str) -> DiskTill {
        DiskTill {
            till: Till::new(JournalPlace::new(name)),
        }
    }

    /// A till journaling into a file, whatever the run's backend.
    fn on_file(name: &str) -> DiskTill {
        DiskTill {
            till: Till::new(JournalPlace::file(name)),
        }
    }

    fn hold(&self, operation: &str) {
        self.till.hold(operation, HOLD_MS);
    }
}

impl std::ops::Deref for DiskTill {
    type Target = Till;

    fn deref(&self) -> &Till {
        &self.till
    }
}

/// Lets a held request run out, so the sandbox's state no longer moves under the test.
fn let_hold_pass() {
    std::thread::sleep(Duration::from_millis(HOLD_MS + 300));
}

/// Recovers in a new process and returns the single entry it resolved.
fn recover_one(till: &DiskTill) -> Value {
    let recovered = till.run(&["recover"]);
    assert_eq!(recovered["status"], "ok", "{recovered}");
    let entries = recovered["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{recovered}");
    entries[0].clone()
}

/// After recovery: `pay` with the session id finishes the sale, with one payment in all.
fn finish_with_session(till: &DiskTill, session_id: &str) {
    let finished = till.run(&["pay", "--session", session_id]);
    assert_eq!(finished["outcome"], "succeeded", "{finished}");
    assert_eq!(till.payments_created(), 1, "{}", till.sandbox.stats());
    assert_eq!(till.expected_outcome(session_id), "succeeded");
}

fn check_recovered(till: &DiskTill, entry: &Value) -> String {
    let session_id = entry["session_id"].as_str().expect("session id recovered");
    assert_eq!(
        entry["outcome"],
        till.expected_outcome(session_id),
        "recovered {entry}"
    );
    assert!(till.payments_created() <= 1, "{}", till.sandbox.stats());
    session_id.to_owned()
}

/// Starts a payer with `args` and waits until its `operation` is held in flight.
fn start_held(name: &str, operation: &str, args: &[&str]) -> (DiskTill, Child) {
    let till = DiskTill::new(name);
    till.hold(operation);
    let child = till.spawn(args);
    till.wait_for_request(operation, 1);
    (till, child)
}

/// Starts a payer at `point`, kills it while the point's request is held in flight, lets
/// the hold pass, recovers in a new process, and checks what recovery found.
fn killed_at(point: &StopPoint) {
    let (till, child) = start_held(point.label, point.held, &point.args());
    kill(child);
    let_hold_pass();
    let entry = recover_one(&till);
    point.check(&till, &entry);
    check_and_finish(&till, &entry);
}

/// A payer killed at each stop point of a sale.
mod killed_while {
    crate::common::stop_points::every_stop_point!(super::killed_at);
}

/// The recovered outcome is the sandbox's, and `pay` by session id finishes the sale.
fn check_and_finish(till: &DiskTill, entry: &Value) {
    let session_id = check_recovered(till, entry);
    finish_with_session(till, &session_id);
}

#[test]
fn killed_after_create_answered_before_it_was_recorded() {
    let (till, child) = start_held("create-answer", "session/create", &["pay"]);
    // Hold the journal's write lock: the payer gets its answer but cannot record it.
    let lock = till.place.lock_writes();
    let_hold_pass();
    kill(child);
    drop(lock);
    let created_sessions = till.requests("session/create");
    let entry = recover_one(&till);
    assert_eq!(entry["outcome"], "not_started", "{entry}");
    assert_eq!(
        till.sandbox.stats()["replays"],
        1,
        "recovery learnt the session by replaying the create: {}",
        till.sandbox.stats()
    );
    assert_eq!(till.requests("session/create"), created_sessions + 1);
    check_and_finish(&till, &entry);
}

#[test]
fn killed_while_waiting_for_the_final_status() {
    let till = DiskTill::new("wait-final");
    // The first status poll (before confirm) passes; the next ones are held.
    till.sandbox
        .push_fault(json!({"operation": "session/confirm", "kind": "delay", "delay_ms": 1}))
        .unwrap();
    let child = till.spawn(&["pay"]);
    till.wait_for_request("session/confirm", 1);
    till.hold("session/status");
    let polls = till.requests("session/status");
    till.wait_for_request("session/status", polls + 1);
    kill(child);
    let_hold_pass();
    let entry = recover_one(&till);
    assert_eq!(entry["outcome"], "succeeded", "{entry}");
    check_and_finish(&till, &entry);
}

#[test]
fn a_live_payers_entry_is_left_alone_and_a_dead_ones_is_taken_at_once() {
    let till = DiskTill::new("two");
    till.till.hold("session/start/payment", 4000);
    let live = till.spawn(&["pay", "--reference", "live"]);
    till.wait_for_request("session/start/payment", 1);
    till.till.hold("session/start/payment", 300);
    let dead = till.spawn(&["pay", "--reference", "dead"]);
    till.wait_for_request("session/start/payment", 2);
    kill(dead);
    std::thread::sleep(Duration::from_millis(600));
    let started = std::time::Instant::now();
    let recovered = till.run(&["recover"]);
    let entries = recovered["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "only the dead payer's entry: {recovered}");
    assert_eq!(entries[0]["reference"], "dead", "{recovered}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "taken at once, not after its lease (the deadline, 20 s, and a margin)"
    );
    check_recovered(&till, &entries[0]);
    let output = live.wait_with_output().unwrap();
    let done: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(done["outcome"], "succeeded", "{done}");
    assert_eq!(till.payments_created(), 2);
}

#[test]
fn two_processes_pay_at_once_on_one_journal() {
    let till = DiskTill::new("shared");
    let children: Vec<Child> = (0..2)
        .map(|i| till.spawn(&["pay", "--reference", &format!("shared-{i}")]))
        .collect();
    for child in children {
        assert_all_paid(child, 1);
    }
    assert_eq!(till.payments_created(), 2);
    for entry in till.done_entries(2) {
        assert_eq!(entry["card"], "424242******4242");
    }
}

#[test]
fn four_processes_pay_200_sales_on_one_journal() {
    let till = DiskTill::new("four");
    let children: Vec<Child> = (0..4)
        .map(|i| till.spawn(&["pay", "--reference", &format!("p{i}"), "--count", "50"]))
        .collect();
    for child in children {
        assert_all_paid(child, 50);
    }
    assert_eq!(till.payments_created(), 200);
    till.done_entries(200);
}

#[test]
fn lost_answers_during_pay_are_replayed_not_repeated() {
    let till = DiskTill::new("lost");
    for operation in ["session/create", "session/start/payment", "session/confirm"] {
        till.sandbox
            .push_fault(json!({"operation": operation, "kind": "drop_after"}))
            .unwrap();
    }
    let done = till.run(&["pay"]);
    assert_eq!(done["outcome"], "succeeded", "{done}");
    let stats = till.sandbox.stats();
    assert_eq!(stats["payments_created"], 1, "{stats}");
    assert!(stats["replays"].as_u64().unwrap() >= 3, "{stats}");
    let recovered = till.run(&["recover"]);
    assert_eq!(
        recovered["entries"],
        json!([]),
        "nothing left open: {recovered}"
    );
}

#[test]
fn the_journal_files_never_hold_the_card_number_or_cvc() {
    let till = DiskTill::on_file("scan");
    till.hold("session/confirm");
    let child = till.spawn(&["pay", "--card", "5555555555554444"]);
    till.wait_for_request("session/confirm", 1);
    // Scan while the payer is alive (WAL and SHM present), then after a kill and recovery.
    let secrets = ["5555555555554444", "\"123\"", "security_code", "expiration"];
    scan(till.place.dir(), &secrets, true);
    kill(child);
    let_hold_pass();
    // A killed process leaves its WAL behind.
    scan(till.place.dir(), &secrets, true);
    recover_one(&till);
    scan(till.place.dir(), &secrets, false);
    let entries = till.run(&["entries"]);
    assert!(
        entries.to_string().contains("555555******4444"),
        "{entries}"
    );
}

/// Looks for each secret in every file of the journal's folder (database, WAL, SHM).
fn scan(dir: &Path, secrets: &[&str], wal_expected: bool) {
    let mut scanned = Vec::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let path = file.unwrap().path();
        scanned.push(path.display().to_string());
        let bytes = std::fs::read(&path).unwrap();
        for secret in secrets {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{secret} found in {}", path.display());
        }
    }
    assert!(
        !wal_expected || scanned.iter().any(|p| p.ends_with("-wal")),
        "the database and its WAL were scanned: {scanned:?}"
    );
}
