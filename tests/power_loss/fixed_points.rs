//! The power goes at each point of a `pay`: while each money-moving request is in flight,
//! between steps, and after `pay` has returned but before the till acknowledged. A new
//! process then opens the journal and recovers; the checks of
//! [`PoweredTill::check_after_recovery`] hold, and `pay` with the session finishes the sale
//! with one payment in all.

use serde_json::Value;

use crate::common::stop_points::StopPoint;
use crate::powered_till::{HOLD_MS, PoweredTill, first_document, let_hold_pass};

/// Starts a payer at `point`, cuts the power while the point's request is held in flight,
/// lets the hold pass, recovers, checks what recovery found, and finishes the sale.
fn cut_at(point: &StopPoint) {
    let mut till = PoweredTill::new(point.label);
    till.hold(point.held, HOLD_MS);
    let payer = till.spawn(&point.args());
    till.wait_for_request(point.held, 1);
    till.cut_power(payer);
    let_hold_pass();
    let recovered = till.recover();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    till.check_after_recovery();
    point.check(&till, &recovered[0]);
    finish(&till, &recovered[0]);
}

/// The power cut at each stop point of a sale.
mod cut_while {
    crate::common::stop_points::every_stop_point!(super::cut_at);
}

/// `pay` by session id finishes the sale, with one payment in all.
fn finish(till: &PoweredTill, entry: &Value) {
    let session_id = entry["session_id"].as_str().unwrap();
    let finished = till.run(&["pay", "--session", session_id]);
    assert_eq!(finished["outcome"], "succeeded", "{finished}");
    assert_eq!(till.payments_created(), 1);
}

#[test]
fn cut_between_steps_while_waiting_for_the_final_status() {
    let mut till = PoweredTill::new("wait-final");
    till.hold("session/confirm", 1);
    let payer = till.spawn(&["pay"]);
    till.wait_for_request("session/confirm", 1);
    till.hold("session/status", HOLD_MS);
    let polls = till.requests("session/status");
    till.wait_for_request("session/status", polls + 1);
    till.cut_power(payer);
    let_hold_pass();
    let recovered = till.recover();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    assert_eq!(recovered[0]["outcome"], "succeeded");
    till.check_after_recovery();
    finish(&till, &recovered[0]);
}

#[test]
fn cut_after_pay_returned_before_the_till_acknowledged() {
    let mut till = PoweredTill::new("returned");
    let mut payer = till.spawn(&["pay", "--reference", "R-9", "--linger"]);
    let done = first_document(&mut payer);
    assert_eq!(done["outcome"], "succeeded", "{done}");
    till.cut_power(payer);
    // The sale's end was written lazily: recovery finds the entry open and asks the server.
    let recovered = till.recover();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    assert_eq!(recovered[0]["reference"], "R-9");
    assert_eq!(recovered[0]["outcome"], "succeeded");
    assert_eq!(recovered[0]["session_id"], done["session"]["id"]);
    till.check_after_recovery();
    assert_eq!(till.payments_created(), 1);
}

#[test]
fn an_acknowledge_lost_in_a_cut_shows_the_sale_again_settled() {
    let mut till = PoweredTill::new("ack");
    let done = till.run(&["pay", "--reference", "R-10"]);
    let entry_id = done["sgpay"]["journal_entry"].as_str().unwrap().to_owned();
    let acknowledged = till.run(&["acknowledge", &entry_id]);
    assert_eq!(acknowledged["status"], "ok", "{acknowledged}");
    assert!(
        till.entries().is_empty(),
        "acknowledged entries are not listed"
    );
    till.cut_idle_power();
    let recovered = till.recover();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    assert_eq!(recovered[0]["id"], entry_id.as_str());
    assert_eq!(recovered[0]["outcome"], "succeeded");
    assert!(recovered[0]["acknowledged_at"].is_null());
    till.check_after_recovery();
    let again = till.run(&["acknowledge", &entry_id]);
    assert_eq!(again["status"], "ok", "{again}");
    assert_eq!(till.payments_created(), 1);
}

#[test]
fn a_sale_makes_one_durable_write_before_its_first_byte_and_two_fsyncs_at_most() {
    let till = PoweredTill::new("fsyncs");
    // The opening's own writes are not the sale's: create the journal first.
    till.run(&["entries"]);
    till.hold("session/create", 300);
    let log = "journal.db-wal";
    let (all, log_syncs) = (till.fs.fsyncs(), till.fs.fsyncs_of(log));
    let database_syncs = till.fs.fsyncs_of("journal.db");
    let payer = till.spawn(&["pay", "--count", "20"]);
    till.wait_for_request("session/create", 1);
    assert_eq!(
        till.fs.fsyncs_of(log) - log_syncs,
        1,
        "one durable write (a commit fsyncing the log) before the first money-moving byte"
    );
    assert_eq!(
        till.fs.fsyncs_of("journal.db"),
        database_syncs,
        "no checkpoint in the way"
    );
    let output = payer.wait_with_output().unwrap();
    assert!(output.status.success());
    let per_sale = (till.fs.fsyncs() - all) as f64 / 20.0;
    assert!(per_sale <= 2.0, "{per_sale} fsyncs per sale");
    eprintln!("fsync-class calls per sale, 20 sales in one process: {per_sale}");
}
