//! A sandbox left running keeps at most `--max-sessions` sessions and
//! `--max-idempotency-keys` idempotency records: finished sessions are forgotten oldest
//! first, sessions in progress never are, and memory stays flat past the bound.

mod common;

use common::binary::Binary;
use common::*;
use serde_json::json;
use sgpay_sandbox::{Sandbox, SandboxConfig};

/// A sandbox keeping at most these many sessions and idempotency records, and its client.
fn bounded(max_sessions: usize, max_idempotency_keys: usize) -> (Sandbox, Api) {
    start_with_api(SandboxConfig {
        max_sessions,
        max_idempotency_keys,
        ..fast_config()
    })
}

/// Creates a session and cancels it (a finished session), with an idempotency key.
fn finished_session(api: &Api, n: usize) -> String {
    let key = format!("create-{n}");
    let body = json!({"metadata": {"n": n, "padding": "x".repeat(200)}}).to_string();
    let id = api
        .call_bytes("session/create", body.as_bytes(), Some(&key))
        .session_id();
    api.act("session/cancel", &id);
    id
}

#[test]
fn finished_sessions_are_forgotten_oldest_first_and_live_ones_kept() {
    let (sandbox, api) = bounded(20, 30);
    let waiting = api.start_payment("4242424242424242");
    api.wait_for_action(&waiting, "confirm");
    let created = api.create_session();
    let first = finished_session(&api, 0);
    for n in 1..200 {
        finished_session(&api, n);
    }
    let held = sandbox.stats()["held"].clone();
    assert_eq!(held["sessions"], 20, "{held}");
    assert_eq!(held["idempotency_records"], 30, "{held}");
    let stats = sandbox.stats();
    assert!(
        stats["payments_by_idempotency_key"]
            .as_object()
            .unwrap()
            .len()
            <= 30
    );
    assert_eq!(api.status(&waiting)["next_action"], "confirm");
    assert_eq!(api.status(&created)["status"], "created");
    let gone = api.call_session("session/status", &first);
    gone.assert_error(404, "request_not_found");
    api.confirm_when_ready(&waiting);
    assert_eq!(
        api.wait_for(&waiting, |s| s["status"] == "accepted")["status"],
        "accepted"
    );
}

#[test]
fn when_every_kept_session_is_live_new_ones_are_refused() {
    let (_sandbox, api) = bounded(3, 10);
    let ids: Vec<String> = (0..3).map(|_| api.create_session()).collect();
    let refused = api.call("session/create", &json!({}));
    refused.assert_error(503, "too_many_sessions");
    for id in &ids {
        assert_eq!(api.status(id)["status"], "created");
    }
    api.call_session("session/cancel", &ids[1]);
    assert_eq!(api.call("session/create", &json!({})).status, 200);
    let gone = api.call_session("session/status", &ids[1]);
    assert_eq!(gone.status, 404);
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

#[test]
fn resident_memory_stays_flat_past_the_bound() {
    let binary = Binary::spawn(&[
        "--hmac-secret",
        SECRET,
        "--max-sessions",
        "500",
        "--max-idempotency-keys",
        "500",
    ]);
    let api = Api::with_agent(binary.url.clone(), Signer::default_hmac(), agent());
    for n in 0..2_000 {
        finished_session(&api, n);
    }
    let plateau = resident_kib(binary.child.id());
    for n in 2_000..12_000 {
        finished_session(&api, n);
    }
    let after = resident_kib(binary.child.id());
    let held = api.get("/_sandbox/stats").json()["held"].clone();
    assert_eq!(held["sessions"], 500, "{held}");
    assert_eq!(held["idempotency_records"], 500, "{held}");
    // Unbounded, 10,000 more sessions and records would add well over 10 MiB.
    assert!(
        after < plateau + 4 * 1024,
        "resident memory grew from {plateau} KiB to {after} KiB"
    );
}
