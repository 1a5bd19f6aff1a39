//! `sgpay call`, `sgpay pay` and `sgpay journal` through the built binary against the
//! sandbox: bodies from a file and from stdin, and a till killed mid-sale whose journal the
//! support desk reads, recovers and acknowledges.

mod common;

use std::time::Duration;

use common::{GOOD_CARD, Running, Scratch, config_for, fixture_sandbox, journaled_till};
use common::{run, run_with_stdin, sale};
use serde_json::{Value, json};

#[test]
fn call_takes_its_body_from_a_file_and_from_stdin() {
    let dir = Scratch::new("call");
    let sandbox = fixture_sandbox();
    dir.write_config("sgpay.json", &config_for(&sandbox, json!({})));

    let created = run(dir.path(), &["call", "session/create"]);
    assert_eq!(created.code, 0, "{created:?}");
    let session: Value = serde_json::from_str(created.stdout.trim()).unwrap();
    let id = session["session"]["id"].as_str().unwrap().to_owned();
    assert!(sandbox.session_ids().contains(&id));

    let mut start = sale(GOOD_CARD);
    start["session_id"] = json!(id);
    std::fs::write(dir.join("start.json"), start.to_string()).unwrap();
    let started = run(
        dir.path(),
        &[
            "call",
            "session/start/payment",
            "@start.json",
            "--idempotency-key",
            "till-7-start",
        ],
    );
    assert_eq!(started.code, 0, "{started:?}");
    assert!(
        !started.stdout.contains(GOOD_CARD),
        "the reply never holds the full card"
    );
    assert_eq!(sandbox.stats()["payments_created"], 1);
    assert_eq!(
        sandbox.stats()["payments_by_idempotency_key"]["till-7-start"],
        1,
        "{}",
        sandbox.stats()
    );

    let status = run_with_stdin(
        dir.path(),
        &["call", "session/status", "-"],
        &json!({"session_id": id}).to_string(),
    );
    assert_eq!(status.code, 0, "{status:?}");
    let status: Value = serde_json::from_str(status.stdout.trim()).unwrap();
    assert_eq!(status["session"]["id"], id.as_str());

    // Failures end with the library's status and its words on stderr.
    // An unknown operation: the known ones are listed.
    run(dir.path(), &["call", "session/nothing", "{}"]).assert_failed(1, &["session/status"]);
    let missing = run(
        dir.path(),
        &[
            "--json",
            "call",
            "session/status",
            r#"{"session_id":"ps_0"}"#,
        ],
    );
    assert_eq!(missing.code, 20, "{missing:?}");
    assert_eq!(missing.json()["sgpay"]["kind"], "api");
    let no_file = run(dir.path(), &["call", "session/create", "@absent.json"]);
    assert_eq!(no_file.code, 1, "{no_file:?}");
    let invalid = run_with_stdin(
        dir.path(),
        &["call", "session/start/payment", "-"],
        &json!({"session_id": id, "amount_details": {"amount": -1, "currency": "rub"}}).to_string(),
    );
    assert_eq!(invalid.code, 1, "local validation: {invalid:?}");
    assert_eq!(
        sandbox.stats()["payments_created"],
        1,
        "nothing more was sent"
    );
    sandbox.stop();
}

#[test]
fn pay_takes_its_body_from_a_file_and_from_stdin() {
    let (dir, sandbox) = journaled_till("pay");

    let paid = run(dir.path(), &["pay", "@sale.json", "--reference", "R-1"]);
    assert_eq!(paid.code, 0, "{paid:?}");
    assert!(
        paid.stdout.starts_with("succeeded  session ps_"),
        "{paid:?}"
    );
    assert!(!paid.stdout.contains(GOOD_CARD) && !paid.stderr.contains(GOOD_CARD));
    assert_eq!(sandbox.stats()["confirms_accepted"], 1);

    // A held sale, its body from stdin; run twice below.
    let held_sale = || {
        let args = [
            "--json",
            "pay",
            "-",
            "--reference",
            "R-2",
            "--confirm",
            "manual",
            "--idempotency-key",
            "sale-R-2",
        ];
        run_with_stdin(dir.path(), &args, &sale(GOOD_CARD).to_string())
    };
    let held = held_sale();
    assert_eq!(held.code, 0, "{held:?}");
    let held = held.json();
    assert_eq!(held["outcome"], "awaiting_confirmation");
    assert_eq!(held["sgpay"]["reference"], "R-2");
    assert_eq!(held["sgpay"]["idempotency_key"], "sale-R-2");
    assert_eq!(sandbox.stats()["payments_created"], 2);
    assert_eq!(
        sandbox.stats()["confirms_accepted"],
        1,
        "manual: not confirmed"
    );

    // Repeating the sale with the same key replays it instead of charging again.
    let again = held_sale();
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(
        again.json()["sgpay"]["session_id"],
        held["sgpay"]["session_id"]
    );
    assert_eq!(sandbox.stats()["payments_created"], 2);

    let declined = run_with_stdin(
        dir.path(),
        &["pay", "-"],
        &sale("4000000000000002").to_string(),
    );
    assert_eq!(declined.code, 0, "a decline is an outcome: {declined:?}");
    assert!(declined.stdout.starts_with("declined"), "{declined:?}");

    // The journal lists them for the support desk, card numbers masked.
    let listed = run(dir.path(), &["journal", "list", "--reference", "R-1"]);
    assert_eq!(listed.code, 0, "{listed:?}");
    let lines: Vec<&str> = listed.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "id\ttime\treference\tamount\tcard\tstate\toutcome\tsession"
    );
    assert_eq!(lines.len(), 2, "{listed:?}");
    let cells: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(
        &cells[2..7],
        ["R-1", "100.00 RUB", "424242******4242", "done", "succeeded"]
    );

    let exported = run(dir.path(), &["journal", "export", "--since", "2000-01-01"]);
    assert_eq!(exported.code, 0, "{exported:?}");
    assert_eq!(exported.stdout.lines().count(), 1 + 3, "{exported:?}");
    assert!(
        exported
            .stdout
            .starts_with("id,created_at,reference,amount,currency,card,state")
    );
    let future = run(
        dir.path(),
        &[
            "journal",
            "export",
            "--format",
            "json",
            "--since",
            "2999-01-01",
        ],
    );
    assert_eq!(future.json()["entries"].as_array().unwrap().len(), 0);
    sandbox.stop();
}

/// How long the sandbox holds the confirm of the sale that is killed.
const HOLD_MS: u64 = 1500;

#[test]
fn the_journal_of_a_till_killed_mid_sale_is_listed_recovered_and_acknowledged() {
    let (dir, sandbox) = journaled_till("killed");

    sandbox
        .push_fault(json!({"operation": "session/confirm", "kind": "delay", "delay_ms": HOLD_MS}))
        .unwrap();
    let mut payer = Running::start(dir.path(), &["pay", "@sale.json", "--reference", "R-9"]);
    common::wait_for("the confirm reaches the sandbox", || {
        common::requests(&sandbox, "session/confirm") >= 1
    });
    payer.child().kill().unwrap();
    let status = payer.child().wait().unwrap();
    assert!(
        !status.success(),
        "the payer was killed mid-sale, not finished: {status}"
    );
    std::thread::sleep(Duration::from_millis(HOLD_MS + 300));

    let open = run(dir.path(), &["--json", "journal", "list"]);
    assert_eq!(open.code, 0, "{open:?}");
    let open = open.json();
    let entries = open["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{open}");
    assert_eq!(entries[0]["reference"], "R-9");
    assert_ne!(
        entries[0]["state"], "done",
        "nobody has resolved it yet: {open}"
    );
    let id = entries[0]["id"].as_str().unwrap().to_owned();

    let pending = run(dir.path(), &["journal", "acknowledge", &id]);
    if entries[0]["state"] == "pending" {
        assert_eq!(
            pending.code, 1,
            "a pending entry cannot be acknowledged: {pending:?}"
        );
    }

    let recovered = run(dir.path(), &["journal", "recover"]);
    assert_eq!(recovered.code, 0, "{recovered:?}");
    let row = recovered
        .stdout
        .lines()
        .find(|l| l.starts_with(&id))
        .expect("the entry");
    assert!(row.contains("\tdone\tsucceeded\t"), "{row}");
    assert_eq!(sandbox.stats()["payments_created"], 1, "no second payment");
    assert_eq!(sandbox.stats()["confirms_accepted"], 1, "confirmed once");

    let shown = run(dir.path(), &["journal", "show", &id]);
    assert_eq!(shown.code, 0, "{shown:?}");
    assert!(shown.stdout.contains("session/confirm"), "{shown:?}");
    assert!(shown.stdout.contains("424242******4242") && !shown.stdout.contains(GOOD_CARD));

    let acknowledged = run(dir.path(), &["journal", "acknowledge", &id]);
    assert_eq!(acknowledged.code, 0, "{acknowledged:?}");
    let open = run(dir.path(), &["--json", "journal", "list"]).json();
    assert_eq!(open["entries"].as_array().unwrap().len(), 0, "{open}");
    let all = run(dir.path(), &["--json", "journal", "list", "--all"]).json();
    assert!(all["entries"][0]["acknowledged_at"].is_string(), "{all}");
    let unknown = run(dir.path(), &["journal", "show", "je_none"]);
    assert_eq!(unknown.code, 1, "{unknown:?}");
    sandbox.stop();
}
