//! The sandbox's 3-D Secure page: `GET` shows a form, `POST result=success|failure` completes it.

use std::sync::Arc;

use crate::reply::{ApiError, Reply};
use crate::state::State;
use crate::state::session::Stage;

use super::changes::{Webhook, with_store};
use super::steps::{Failure, fail};
use super::timeouts::wait_in;

/// What the customer chose on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Authenticated.
    Success,
    /// Failed authentication.
    Failure,
}

/// The verdict in a form body such as `result=success`.
pub fn parse_form(body: &[u8]) -> Option<Verdict> {
    let text = std::str::from_utf8(body).ok()?;
    let value = text
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "result")
        .map(|(_, value)| value)?;
    match value {
        "success" => Some(Verdict::Success),
        "failure" => Some(Verdict::Failure),
        _ => None,
    }
}

/// The page for a payment waiting for 3-D Secure.
pub fn page(state: &Arc<State>, payment_id: &str) -> Reply {
    let store = state.store();
    let waiting = store
        .transfer_sessions
        .get(payment_id)
        .and_then(|session_id| store.sessions.get(session_id))
        .and_then(|session| session.transfer.as_ref())
        .filter(|t| t.stage == Stage::AwaitingCustomer);
    let Some(payment) = waiting else {
        return html(404, "No payment waits for 3-D Secure at this address.");
    };
    let card = payment
        .instrument
        .card
        .as_ref()
        .map(|c| format!("{} card ending {}", c.brand, c.last4))
        .unwrap_or_else(|| "card".into());
    let amount = format!(
        "{} {}",
        payment.amount.value,
        payment.amount.currency.to_uppercase()
    );
    Reply::html(
        200,
        format!(
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Sandbox 3-D Secure</title></head>\
             <body><h1>3-D Secure check</h1><p>Payment {id}: {amount} (minor units) with a {card}.</p>\
             <form method=\"post\" action=\"/_sandbox/3ds/{id}\">\
             <button type=\"submit\" name=\"result\" value=\"success\">Authenticate</button> \
             <button type=\"submit\" name=\"result\" value=\"failure\">Fail authentication</button>\
             </form></body></html>\n",
            id = payment.id
        ),
    )
}

/// Completes 3-D Secure for a payment; redirects to `return_url` when one was given.
pub fn complete(state: &Arc<State>, payment_id: &str, verdict: Verdict) -> Reply {
    let result = with_store(state, |store, changes| {
        let session_id = store
            .transfer_sessions
            .get(payment_id)
            .cloned()
            .ok_or_else(|| ApiError::new(404, "payment_not_found", "no such payment"))?;
        let session = store.session_mut(&session_id)?;
        let Some(payment) = session
            .transfer
            .as_mut()
            .filter(|t| t.stage == Stage::AwaitingCustomer)
        else {
            return Err(ApiError::new(
                409,
                "invalid_session_state",
                "this payment is not waiting for 3-D Secure",
            ));
        };
        let return_url = payment.terms.return_url().map(str::to_string);
        match verdict {
            Verdict::Success => {
                payment.customer_interaction = None;
                wait_in(session, Stage::AwaitingConfirm, changes);
                changes.webhook(session, Webhook::ReadyToConfirm);
            }
            Verdict::Failure => fail(session, Failure::AuthenticationFailed, changes),
        }
        Ok(return_url)
    });
    match (result, verdict) {
        (Ok(Some(url)), _) => Reply::html(303, String::new()).with_header("location", url),
        (Ok(None), Verdict::Success) => {
            html(200, "Authentication succeeded. You may close this page.")
        }
        (Ok(None), Verdict::Failure) => {
            html(200, "Authentication failed. You may close this page.")
        }
        (Err(error), _) => html(error.http_status, &error.description),
    }
}

fn html(status: u16, message: &str) -> Reply {
    Reply::html(
        status,
        format!(
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Sandbox 3-D Secure</title></head>\
             <body><p>{message}</p></body></html>\n"
        ),
    )
}
