//! `pay`, the journal and recovery within one process: outcomes, resume, the journal's
//! refusal to let a request out unrecorded, entries and acknowledgement.

mod common;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sgpay::JournalFilter as Filter;
use sgpay::PayOptions;
use sgpay::RecoverOptions;
use sgpay::{CallOptions, Client};
use sgpay_sandbox::{Auth, Sandbox, SandboxConfig};

use common::journal_place::JournalPlace;
use common::{DECLINED_CARD, ERROR_CARD, GOOD_CARD, HOLD_CARD, THREE_DS_CARD};
use common::{card, client_for, config_for, merged, rsa_sandbox, sandbox_and_client};

/// A sandbox, a scratch folder and a client journaling into it.
fn journaled(name: &str) -> (Sandbox, JournalPlace, Client) {
    let sandbox = rsa_sandbox();
    let dir = JournalPlace::new(name);
    let client = client_for(&sandbox, dir.config());
    (sandbox, dir, client)
}

fn sale(number: &str) -> String {
    json!({"payment_details": card(number),
           "amount_details": {"amount": 2500, "currency": "rub"},
           "customer": {"reference": "journal-test"}})
    .to_string()
}

fn options(extra: Value) -> PayOptions {
    let options = merged(json!({"poll_interval_ms": 20}), extra);
    PayOptions::from_json(Some(&options.to_string())).unwrap()
}

fn pay(client: &Client, number: &str, extra: Value) -> Value {
    let reply = client.pay(&sale(number), &options(extra)).unwrap();
    serde_json::from_str(&reply).unwrap()
}

fn entries(client: &Client, filter: Value) -> Vec<Value> {
    let filter = Filter::from_json(Some(&filter.to_string())).unwrap();
    let listed: Value = serde_json::from_str(&client.journal_entries(&filter).unwrap()).unwrap();
    listed["entries"].as_array().unwrap().clone()
}

#[test]
fn a_payment_succeeds_and_its_entry_is_done() {
    let (_sandbox, _dir, client) = journaled("ok");
    let done = pay(&client, GOOD_CARD, json!({"reference": "A-1"}));
    assert_eq!(done["outcome"], "succeeded", "{done}");
    assert_eq!(done["session"]["status"], "accepted");
    let listed = entries(&client, json!({"reference": "A-1"}));
    assert_eq!(listed.len(), 1);
    let entry = &listed[0];
    assert_eq!(entry["state"], "done");
    assert_eq!(entry["outcome"], "succeeded");
    assert_eq!(entry["amount"], 2500);
    assert_eq!(entry["currency"], "rub");
    assert_eq!(entry["card"], "424242******4242");
    let operations: Vec<&str> = entry["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        operations,
        ["session/create", "session/start/payment", "session/confirm"]
    );
    let acknowledged: Value = serde_json::from_str(
        &client
            .journal_acknowledge(entry["id"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert!(acknowledged["entry"]["acknowledged_at"].is_string());
    assert!(
        entries(&client, json!({})).is_empty(),
        "acknowledged entries are not listed"
    );
}

#[test]
fn a_decline_is_an_outcome_not_an_error() {
    let (_sandbox, _dir, client) = journaled("decline");
    let done = pay(&client, DECLINED_CARD, json!({}));
    assert_eq!(done["outcome"], "declined", "{done}");
    assert_eq!(entries(&client, json!({}))[0]["outcome"], "declined");
}

#[test]
fn three_ds_hold_and_session_error_are_outcomes() {
    let (_sandbox, client) = sandbox_and_client();
    for (number, outcome) in [
        (THREE_DS_CARD, "action_required"),
        (HOLD_CARD, "awaiting_capture"),
        (ERROR_CARD, "error"),
    ] {
        let done = pay(&client, number, json!({}));
        assert_eq!(done["outcome"], outcome, "{number}: {done}");
    }
}

#[test]
fn manual_confirm_stops_and_pay_with_the_session_id_finishes() {
    let (sandbox, _dir, client) = journaled("manual");
    let waiting = pay(&client, GOOD_CARD, json!({"confirm": "manual"}));
    assert_eq!(waiting["outcome"], "awaiting_confirmation", "{waiting}");
    let session_id = waiting["sgpay"]["session_id"].as_str().unwrap();
    let resume = json!({"session_id": session_id}).to_string();
    let done: Value =
        serde_json::from_str(&client.pay(&resume, &options(json!({}))).unwrap()).unwrap();
    assert_eq!(done["outcome"], "succeeded", "{done}");
    assert_eq!(sandbox.stats()["payments_created"], 1);
    assert_eq!(
        entries(&client, json!({})).len(),
        1,
        "the resumed sale keeps its entry"
    );
}

#[test]
fn repeating_pay_with_the_same_base_replays_instead_of_charging() {
    let (sandbox, client) = sandbox_and_client();
    let sale_77 = || pay(&client, GOOD_CARD, json!({"idempotency_key": "sale-77"}));
    let (first, second) = (sale_77(), sale_77());
    assert_eq!(first["outcome"], "succeeded");
    assert_eq!(second["outcome"], "succeeded");
    assert_eq!(first["session"]["id"], second["session"]["id"]);
    assert_eq!(sandbox.stats()["payments_created"], 1);
}

#[test]
fn the_deadline_gives_in_progress_and_recover_settles_it() {
    let sandbox = Sandbox::start(SandboxConfig {
        auth: Auth::RsaPublicKeyPem(common::fixture("partner_pub.pem")),
        project: common::PROJECT.into(),
        processing_delay: Duration::from_millis(800),
        ..Default::default()
    })
    .unwrap();
    let dir = JournalPlace::new("deadline");
    let client = client_for(&sandbox, dir.config());
    let waiting = pay(&client, GOOD_CARD, json!({"deadline_ms": 300}));
    assert_eq!(waiting["outcome"], "in_progress", "{waiting}");
    assert_eq!(entries(&client, json!({}))[0]["state"], "in_doubt");
    let recovered: Value =
        serde_json::from_str(&client.journal_recover(&RecoverOptions::default()).unwrap()).unwrap();
    let entry = &recovered["entries"][0];
    // The caller chose to confirm automatically: recovery finishes the sale, once.
    assert_eq!(entry["outcome"], "succeeded", "{recovered}");
    assert_eq!(entry["state"], "done");
    assert_eq!(sandbox.stats()["requests"]["session/confirm"], 1);
    assert_eq!(sandbox.stats()["payments_created"], 1);
}

#[test]
fn an_unwritable_journal_path_is_a_journal_error() {
    let sandbox = rsa_sandbox();
    let dir = JournalPlace::file("unwritable");
    let blocker = dir.dir().join("a-file");
    std::fs::write(&blocker, b"not a directory").unwrap();
    let path = blocker.join("journal.db").display().to_string();
    let error =
        Client::from_json(&config_for(&sandbox, json!({"journal_path": path}))).unwrap_err();
    let error = sgpay::CallError::from(error);
    assert_eq!(error.status(), 40);
    assert_eq!(error.document()["error"]["code"], "journal");
    assert_eq!(sandbox.stats()["requests"], json!({}));
}

#[test]
fn clients_opening_a_new_journal_at_once_all_succeed() {
    let sandbox = rsa_sandbox();
    for round in 0..20 {
        let dir = JournalPlace::new(&format!("race-{round}"));
        let config = config_for(&sandbox, dir.config());
        let start = std::sync::Barrier::new(4);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    start.wait();
                    if let Err(error) = Client::from_json(&config) {
                        panic!(
                            "round {round}: {}",
                            sgpay::CallError::from(error).document()
                        );
                    }
                });
            }
        });
    }
}

#[test]
fn eight_threads_pay_200_sales_through_one_client() {
    let (sandbox, _dir, client) = journaled("threads");
    std::thread::scope(|scope| {
        for thread in 0..8 {
            let client = &client;
            scope.spawn(move || {
                for sale_no in 0..25 {
                    let reference = format!("t{thread}-{sale_no}");
                    let reply =
                        client.pay(&sale(GOOD_CARD), &options(json!({"reference": reference})));
                    let done: Value = match reply {
                        Ok(text) => serde_json::from_str(&text).unwrap(),
                        Err(error) => panic!("{reference}: {}", error.document()),
                    };
                    assert_eq!(done["outcome"], "succeeded", "{done}");
                }
            });
        }
    });
    assert_eq!(sandbox.stats()["payments_created"], 200);
    let all = entries(&client, json!({}));
    assert_eq!(all.len(), 200);
    assert!(
        all.iter()
            .all(|e| e["state"] == "done" && e["outcome"] == "succeeded")
    );
}

#[test]
fn a_journal_on_a_network_drive_is_refused_unless_allowed() {
    let sandbox = rsa_sandbox();
    let path = "//till-server/share/journal.db";
    let error =
        Client::from_json(&config_for(&sandbox, json!({"journal_path": path}))).unwrap_err();
    assert!(error.to_string().contains("network drive"), "{error}");
    let error = sgpay::CallError::from(error);
    assert_eq!(error.status(), 40);
    let insisted = Client::from_json(&config_for(
        &sandbox,
        json!({"journal_path": path, "journal_allow_network_drive": true}),
    ))
    .unwrap_err();
    assert!(
        !insisted.to_string().contains("network drive"),
        "allowed, it fails only because the share does not exist: {insisted}"
    );
}

#[test]
fn when_the_entry_cannot_be_written_nothing_is_sent() {
    let sandbox = rsa_sandbox();
    let dir = JournalPlace::new("locked");
    let client = client_for(&sandbox, merged(dir.config(), json!({"deadline_ms": 300})));
    let lock = dir.lock_writes();
    let started = Instant::now();
    let body = json!({}).to_string();
    let error = client
        .call("session/create", &body, &CallOptions::default())
        .unwrap_err();
    assert_eq!(error.status(), 40, "{}", error.document());
    assert!(started.elapsed() < Duration::from_secs(3));
    let paid = client
        .pay(&sale(GOOD_CARD), &options(json!({})))
        .unwrap_err();
    assert_eq!(paid.status(), 40, "{}", paid.document());
    assert_eq!(
        sandbox.stats()["requests"],
        json!({}),
        "nothing reached the server"
    );
    drop(lock);
    client
        .call("session/create", &body, &CallOptions::default())
        .unwrap();
}

#[test]
fn a_plain_call_is_journaled_with_its_body_only_without_card_data() {
    let (_sandbox, dir, client) = journaled("calls");
    let session_id = common::start_payment(&client, GOOD_CARD);
    let listed = entries(&client, json!({"session_id": session_id}));
    assert_eq!(listed.len(), 2, "{listed:?}");
    let start = &listed[1];
    assert_eq!(start["operations"][0]["operation"], "session/start/payment");
    assert_eq!(start["operations"][0]["body_stored"], false);
    assert_eq!(start["card"], "424242******4242");
    let bodies = dir.texts("SELECT body FROM operations ORDER BY created_at");
    assert_eq!(bodies, vec![Some("{}".to_owned()), None]);
}

#[test]
fn a_body_naming_a_session_id_with_a_long_digit_run_is_stored_for_recovery() {
    let (_sandbox, _dir, client) = journaled("digits");
    let session_id = "ps_881cce4e8e8695190893308b";
    let body = json!({"session_id": session_id}).to_string();
    let refused = client
        .call("session/confirm", &body, &CallOptions::default())
        .expect_err("the sandbox knows no such session");
    assert_eq!(refused.document()["sgpay"]["session_id"], session_id);
    let listed = entries(&client, json!({"session_id": session_id}));
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["session_id"], session_id);
    assert_eq!(
        listed[0]["operations"][0]["body_stored"], true,
        "{listed:?}"
    );
}

#[test]
fn the_journal_refuses_a_newer_schema_and_keeps_unresolved_entries() {
    let sandbox = rsa_sandbox();
    let dir = JournalPlace::new("schema");
    {
        let client = client_for(&sandbox, dir.config());
        sandbox
            .push_fault(json!({"operation": "session/create", "kind": "drop_after", "count": 3}))
            .unwrap();
        assert!(
            client
                .call("session/create", "{}", &CallOptions::default())
                .is_err()
        );
    }
    let reopened = client_for(&sandbox, dir.config());
    assert_eq!(entries(&reopened, json!({"state": "in_doubt"})).len(), 1);
    drop(reopened);
    dir.set_schema_version(99);
    let error = Client::from_json(&config_for(&sandbox, dir.config())).unwrap_err();
    assert_eq!(error.status(), 40);
    assert_eq!(dir.texts("SELECT id FROM entries").len(), 1);
}

#[test]
fn retention_purges_old_acknowledged_entries_only() {
    let (sandbox, dir, client) = journaled("retention");
    for reference in ["old-acknowledged", "old-open"] {
        pay(&client, GOOD_CARD, json!({"reference": reference}));
    }
    let acknowledged = entries(&client, json!({"reference": "old-acknowledged"}));
    client
        .journal_acknowledge(acknowledged[0]["id"].as_str().unwrap())
        .unwrap();
    drop(client);
    dir.execute(
        "UPDATE entries SET created_at = '2001-01-01T00:00:00.000Z', \
         acknowledged_at = CASE WHEN acknowledged_at IS NULL THEN NULL \
         ELSE '2001-01-02T00:00:00.000Z' END",
    );
    let reopened = client_for(
        &sandbox,
        merged(dir.config(), json!({"journal_retention_days": 1})),
    );
    let kept = entries(&reopened, json!({"include_acknowledged": true}));
    let references: Vec<&str> = kept
        .iter()
        .map(|e| e["reference"].as_str().unwrap())
        .collect();
    assert_eq!(references, ["old-open"], "{kept:?}");
    let requests = dir.texts("SELECT entry_id FROM operations");
    assert!(!requests.is_empty());
    assert!(
        requests
            .iter()
            .all(|id| id.as_deref() == kept[0]["id"].as_str()),
        "the purged entry's requests went with it: {requests:?}"
    );
}
