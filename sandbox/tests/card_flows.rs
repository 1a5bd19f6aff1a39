//! Each test card drives its documented outcome through the status flow of spec §5.

mod common;

use common::{Api, Signer, hmac_sandbox, payment};
use serde_json::json;

#[test]
fn succeeding_cards_reach_accepted() {
    let sandbox = hmac_sandbox();
    let api = Api::new(&sandbox, Signer::default_hmac());
    for (number, brand) in [
        ("4242424242424242", "visa"),
        ("5555555555554444", "mastercard"),
        ("4111111111111111", "visa"),
    ] {
        let id = api.start_payment(number);
        let started = api.status(&id);
        assert!(id.starts_with("ps_"));
        assert!(payment(&started)["id"].as_str().unwrap().starts_with("pm_"));
        let confirmed = api.confirm_when_ready(&id);
        assert_eq!(confirmed["status"], "in_progress");
        let done = api.wait_for(&id, |s| s["status"] != "in_progress");
        assert_eq!(done["status"], "accepted");
        let pay = payment(&done);
        assert_eq!(pay["status"], "succeeded");
        assert_eq!(
            pay["payment_details"],
            json!({"type": "card", "card": {"brand": brand, "last4": &number[12..], "bin": &number[..6]}})
        );
        assert!(pay["finished_at"].is_string());
        assert!(pay["transaction_info"]["rrn"].is_string());
        assert!(
            !done.to_string().contains(number),
            "full card number leaked"
        );
    }
    sandbox.stop();
}
