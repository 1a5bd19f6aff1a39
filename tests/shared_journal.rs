//! One PostgreSQL journal shared by many machines (docs/journal.md, "A journal shared by
//! many machines"): payers and recoverers on different `journal_owner`s, leases and their
//! takeover, fenced claims, the server stopped mid-sale, TLS, and what is never stored.
//! Each test runs against a throwaway cluster this process starts (tests/common/postgres.rs).
#![cfg(unix)]
#![allow(clippy::result_large_err)]

mod common;

use std::collections::HashSet;
use std::process::Child;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sgpay::{Client, RecoverOptions};

use common::journal_place::JournalPlace;
use common::payer::{Till, assert_all_paid, kill};
use common::postgres::{self, Cluster, PASSWORD};
use common::{client_for, config_for, merged, rsa_sandbox};

/// The payers' deadline here: their entries' leases end 5 s (the margin) after it.
const DEADLINE_MS: &str = "3000";

/// A till on a fresh schema of the shared cluster, as the machine named `owner`.
fn till(name: &str, owner: &str) -> Till {
    let mut till = Till::new(JournalPlace::postgres(name));
    till.owner = Some(owner.to_owned());
    till
}

/// Runs a payer command to its end; returns its one JSON document.
fn output(child: Child) -> Value {
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    serde_json::from_str(text.trim()).unwrap_or_else(|_| panic!("payer printed {text:?}"))
}

/// `recover` as the machine named `owner`.
fn recover_as(till: &Till, owner: &str) -> Value {
    let child = till
        .command_as(owner, &["recover"])
        .env("SGPAY_DEADLINE_MS", DEADLINE_MS)
        .spawn()
        .unwrap();
    output(child)
}

fn resolved_ids(recovered: &Value) -> Vec<String> {
    assert_eq!(recovered["status"], "ok", "{recovered}");
    recovered["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn two_machines_pay_50_sales_into_one_journal_at_once() {
    let till = till("two-machines", "unused");
    let children: Vec<Child> = ["machine-a", "machine-b"]
        .iter()
        .map(|owner| {
            till.command_as(owner, &["pay", "--reference", owner, "--count", "25"])
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        assert_all_paid(child, 25);
    }
    assert_eq!(till.payments_created(), 50);
    for entry in till.done_entries(50) {
        assert_eq!(entry["outcome"], "succeeded", "{entry}");
    }
    let owners: HashSet<_> = till
        .place
        .texts("SELECT owner_host FROM entries")
        .into_iter()
        .collect();
    assert_eq!(
        owners,
        HashSet::from([Some("machine-a".to_owned()), Some("machine-b".to_owned())])
    );
}

/// Starts a payer as `owner` and kills it while its confirm is held at the sandbox.
fn killed_mid_confirm(till: &Till, owner: &str, reference: &str, confirms_before: u64) {
    till.hold("session/confirm", 1500);
    let child = till
        .command_as(owner, &["pay", "--reference", reference])
        .env("SGPAY_DEADLINE_MS", DEADLINE_MS)
        .spawn()
        .unwrap();
    till.wait_for_request("session/confirm", confirms_before + 1);
    kill(child);
}

#[test]
fn another_machine_waits_for_the_lease_and_the_same_machine_takes_over_at_once() {
    let till = till("takeover", "unused");
    killed_mid_confirm(&till, "machine-a", "sale-1", 0);
    let killed = Instant::now();
    assert_eq!(
        resolved_ids(&recover_as(&till, "machine-b")),
        Vec::<String>::new(),
        "machine B must not take a live lease"
    );
    let recovered = loop {
        let recovered = recover_as(&till, "machine-b");
        if !resolved_ids(&recovered).is_empty() {
            break recovered;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(30),
            "never taken over"
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    let waited = killed.elapsed();
    let entry = &recovered["entries"][0];
    let session_id = entry["session_id"].as_str().unwrap();
    assert_eq!(
        entry["outcome"],
        till.expected_outcome(session_id),
        "{entry}"
    );
    assert_eq!(entry["outcome"], "succeeded", "{entry}");
    assert!(
        waited >= Duration::from_millis(6500),
        "taken after {waited:?}, before the lease (3 s deadline + 5 s margin) ran out"
    );
    eprintln!("machine B took the entry over {waited:?} after machine A died");

    killed_mid_confirm(&till, "machine-a", "sale-2", 1);
    let started = Instant::now();
    let recovered = recover_as(&till, "machine-a");
    let at_once = started.elapsed();
    assert_eq!(resolved_ids(&recovered).len(), 1, "{recovered}");
    assert_eq!(recovered["entries"][0]["reference"], "sale-2");
    assert!(
        at_once < Duration::from_secs(5),
        "the same machine sees its dead process at once: {at_once:?}"
    );
    eprintln!("machine A took its dead process's entry over in {at_once:?}");
    assert_eq!(till.payments_created(), 2);
}

#[test]
fn three_recoverers_resolve_20_abandoned_sales_exactly_once() {
    let till = till("three", "unused");
    till.sandbox
        .push_fault(json!({"operation": "session/confirm", "kind": "delay",
                           "delay_ms": 600_000, "count": 20}))
        .unwrap();
    let payers: Vec<Child> = (0..20)
        .map(|i| {
            till.command_as("dead-till", &["pay", "--reference", &format!("sale-{i}")])
                .env("SGPAY_DEADLINE_MS", DEADLINE_MS)
                .spawn()
                .unwrap()
        })
        .collect();
    till.wait_for_request("session/confirm", 20);
    payers.into_iter().for_each(kill);
    std::thread::sleep(Duration::from_millis(8500));
    let started = Instant::now();
    let recoverers: Vec<Child> = ["r1", "r2", "r3"]
        .iter()
        .map(|owner| {
            till.command_as(owner, &["recover"])
                .env("SGPAY_DEADLINE_MS", "20000")
                .spawn()
                .unwrap()
        })
        .collect();
    let mut resolved = Vec::new();
    for recoverer in recoverers {
        resolved.extend(resolved_ids(&output(recoverer)));
    }
    eprintln!(
        "three recoverers resolved 20 sales in {:?}",
        started.elapsed()
    );
    let unique: HashSet<&String> = resolved.iter().collect();
    assert_eq!(resolved.len(), 20, "each entry resolved once: {resolved:?}");
    assert_eq!(unique.len(), 20);
    let stats = till.sandbox.stats();
    assert_eq!(
        stats["requests"]["session/confirm"], 40,
        "one re-sent confirm per sale: {stats}"
    );
    assert_eq!(stats["confirms_accepted"], 20, "{stats}");
    assert_eq!(stats["payments_created"], 20, "{stats}");
    for entry in till.done_entries(20) {
        assert_eq!(entry["outcome"], "succeeded", "{entry}");
    }
}

/// Sends `signal` to a child process.
fn signal(child: &Child, signal: i32) {
    // SAFETY: kill(2) on the id of a child this test started and has not waited for.
    let sent = unsafe { libc::kill(child.id() as i32, signal) };
    assert_eq!(sent, 0);
}

#[test]
fn a_recoverer_whose_claim_was_taken_over_cannot_overwrite_the_new_result() {
    let till = till("fence", "unused");
    killed_mid_confirm(&till, "machine-a", "sale", 0);
    std::thread::sleep(Duration::from_millis(8500));
    // Recoverer A claims the entry (a lease of its 1.5 s deadline + 5 s), asks for the
    // session's status, and is frozen (as a paused VM or a swapped-out process would be)
    // until its claim has run out and machine B has taken the entry over.
    till.hold("session/status", 500);
    let slow = till
        .command_as("machine-a", &["recover"])
        .env("SGPAY_DEADLINE_MS", "1500")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    till.wait_for_request("session/status", 1);
    signal(&slow, libc::SIGSTOP);
    std::thread::sleep(Duration::from_millis(7000));
    let taken = recover_as(&till, "machine-b");
    signal(&slow, libc::SIGCONT);
    assert_eq!(
        resolved_ids(&taken).len(),
        1,
        "B takes the expired claim: {taken}"
    );
    assert_eq!(taken["entries"][0]["outcome"], "succeeded");
    let late = output(slow);
    assert_eq!(
        resolved_ids(&late),
        Vec::<String>::new(),
        "A's late result was refused: {late}"
    );
    let entries = till.run(&["entries"]);
    assert_eq!(entries["entries"][0]["outcome"], "succeeded", "{entries}");
    assert_eq!(entries["entries"][0]["state"], "done", "{entries}");
}

#[test]
fn a_stopped_server_sends_nothing_and_a_committed_entry_is_recovered_after_restart() {
    let cluster = Cluster::start();
    let sandbox = rsa_sandbox();
    let journal = json!({
        "journal_url": cluster.url("require"),
        "journal_schema": "till",
        "deadline_ms": 1000,
    });
    let client = client_for(&sandbox, journal.clone());
    sandbox
        .push_fault(
            json!({"operation": "session/start/payment", "kind": "delay",
                           "delay_ms": 700}),
        )
        .unwrap();
    let sale = common::init_payment_body("4242424242424242").to_string();
    let paying = std::thread::spawn(move || {
        let result = client.pay(&sale, &Default::default());
        (client, result)
    });
    let started = Instant::now();
    while sandbox.stats()["requests"]["session/start/payment"] != 1 {
        assert!(started.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(5));
    }
    cluster.stop_server();
    let (client, stopped) = paying.join().unwrap();
    let stopped = stopped.unwrap_err();
    assert_eq!(stopped.status(), 40, "{}", stopped.document());
    let requests = sandbox.stats()["requests"].clone();
    assert_eq!(requests.get("session/confirm"), None, "{requests}");

    let refused = Client::from_json(&config_for(&sandbox, journal.clone())).unwrap_err();
    let refused = sgpay::CallError::from(refused);
    assert_eq!(refused.status(), 40, "{}", refused.document());
    assert!(!refused.document().to_string().contains(PASSWORD));
    assert_eq!(
        sandbox.stats()["requests"],
        requests,
        "nothing more was sent"
    );

    cluster.start_server();
    std::thread::sleep(Duration::from_millis(6000));
    let recovering = client_for(&sandbox, merged(journal, json!({"deadline_ms": 10000})));
    let recovered: Value = serde_json::from_str(
        &recovering
            .journal_recover(&RecoverOptions::default())
            .unwrap(),
    )
    .unwrap();
    let entries = recovered["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{recovered}");
    assert_eq!(entries[0]["outcome"], "succeeded", "{recovered}");
    assert_eq!(sandbox.stats()["payments_created"], 1);
    // The first client's pool drops the connections the restart closed and opens new ones.
    let sale = common::init_payment_body("4242424242424242").to_string();
    let paid: Value =
        serde_json::from_str(&client.pay(&sale, &Default::default()).unwrap()).unwrap();
    assert_eq!(paid["outcome"], "succeeded", "{paid}");
}

#[test]
fn verify_full_trusts_the_test_ca_and_refuses_another() {
    let sandbox = rsa_sandbox();
    let cluster = postgres::shared();
    let config = |ca: &std::path::Path| {
        json!({"journal_url": cluster.url("verify-full"), "journal_schema": "tls_check",
               "ca_bundle_path": ca})
    };
    let client = client_for(&sandbox, config(&cluster.ca()));
    assert!(client.journal_entries(&Default::default()).is_ok());
    let refused =
        Client::from_json(&config_for(&sandbox, config(&cluster.wrong_ca()))).unwrap_err();
    let refused = sgpay::CallError::from(refused);
    assert_eq!(refused.status(), 40, "{}", refused.document());
    let document = refused.document().to_string();
    assert!(document.contains("could not be reached"), "{document}");
    assert!(!document.contains(PASSWORD), "{document}");
    let wrong_password = cluster.url("require").replace(PASSWORD, "not-the-password");
    let refused = Client::from_json(&config_for(
        &sandbox,
        json!({"journal_url": wrong_password, "journal_schema": "tls_check"}),
    ))
    .unwrap_err();
    assert_eq!(sgpay::CallError::from(refused).status(), 40);
    assert!(!format!("{:?}", client.config()).contains(PASSWORD));
}

#[test]
fn the_shared_journal_never_holds_card_data_or_the_password() {
    let till = till("secrets", "machine-a");
    killed_mid_confirm(&till, "machine-a", "secret-sale", 0);
    std::thread::sleep(Duration::from_millis(1800));
    let recovered = recover_as(&till, "machine-a");
    assert_eq!(resolved_ids(&recovered).len(), 1);
    let rows = till
        .place
        .texts("SELECT e::text FROM entries e UNION ALL SELECT o::text FROM operations o");
    assert!(rows.len() >= 2);
    for row in rows.into_iter().flatten() {
        for secret in ["4242424242424242", "security_code", "expiration", PASSWORD] {
            assert!(!row.contains(secret), "{secret} stored: {row}");
        }
    }
}

#[test]
fn the_journal_settings_are_checked_before_anything_connects() {
    let sandbox = rsa_sandbox();
    let refused = |extra: Value| {
        let error = Client::from_json(&config_for(&sandbox, extra)).unwrap_err();
        let error = sgpay::CallError::from(error);
        assert_eq!(error.status(), 2, "{}", error.document());
        error.document().to_string()
    };
    let url = postgres::shared().url("disable");
    let both = refused(json!({"journal_path": "till.db", "journal_url": url}));
    assert!(both.contains("both"), "{both}");
    let schema = refused(json!({"journal_url": url, "journal_schema": "Robert'); DROP"}));
    assert!(schema.contains("journal_schema"), "{schema}");
    let mode = refused(json!({"journal_url": url.replace("disable", "verify-ca")}));
    assert!(
        mode.contains("sslmode") && !mode.contains(PASSWORD),
        "{mode}"
    );
    let owner = refused(json!({"journal_url": url, "journal_owner": ""}));
    assert!(owner.contains("journal_owner"), "{owner}");
}
