//! `token`, `token/info` and `wallet/balance`.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::clock::Time;
use crate::ids::new_id;
use crate::payment_instrument::parse_card;
use crate::reply::ApiError;
use crate::state::State;
use crate::state::store::{PublicToken, Store};
use crate::validation::{Object, as_object, required, required_str};

/// Widgets a public token can be issued for.
const WIDGETS: &[&str] = &[
    "tokenize_widget",
    "acquiring_widget",
    "fps_no_account_widget",
];

/// `token`: a `public_token` for one of the widgets.
pub fn issue(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let widget = WIDGETS
        .iter()
        .find(|w| body.get(**w).is_some_and(|v| !v.is_null()))
        .ok_or_else(|| {
            ApiError::validation(
                "tokenize_widget",
                "one of tokenize_widget, acquiring_widget or fps_no_account_widget is required",
            )
        })?;
    as_object(&body[*widget], widget)?;
    let token = new_id("pt_");
    let record = PublicToken {
        created_at: state.clock.now(),
    };
    state.store().public_tokens.insert(token.clone(), record);
    Ok(json!({"status": "ok", "public_token": token}))
}

/// `token/info`: what a card, public token or recurrent token stands for, as a flat `info`.
pub fn info(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let kind = required_str(body, "", "type")?;
    let info = match kind {
        "card" => {
            let card = parse_card(required(body, "", "card")?, "card")?;
            let card = state.store().resolve_card(card, "card")?.card;
            let card = card.ok_or_else(|| ApiError::validation("card", "is not a card"))?;
            json!({"type": "card", "number_hash": card.number_hash,
                "brand": card.brand, "last4": card.last4})
        }
        "public_token" | "recurrent_token" => {
            let object = as_object(required(body, "", kind)?, kind)?;
            let token = required_str(object, kind, "token")?;
            token_info(&state.store(), state.clock.now(), kind, token)?
        }
        _ => {
            return Err(ApiError::validation(
                "type",
                "must be card, public_token or recurrent_token",
            ));
        }
    };
    Ok(json!({"status": "ok", "info": info}))
}

/// `{"type","token","created_at","finished_at","is_active"}` (`type` names the kind of
/// token, as for a card), plus the card's `brand` and `last4`
/// for a recurrent token.
fn token_info(store: &Store, now: Time, kind: &str, token: &str) -> Result<Value, ApiError> {
    let not_found = || ApiError::new(404, "request_not_found", format!("no such {kind}"));
    if kind == "public_token" {
        let record = store
            .public_tokens
            .get(&token.to_string())
            .ok_or_else(not_found)?;
        let finished_at = record.finished_at();
        return Ok(
            json!({"type": kind, "token": token, "created_at": record.created_at.timestamp(),
            "finished_at": finished_at.timestamp(), "is_active": now < finished_at}),
        );
    }
    let record = store
        .recurrent_tokens
        .get(&token.to_string())
        .ok_or_else(not_found)?;
    let mut info = json!({"type": kind, "token": token, "created_at": record.created_at.timestamp(),
        "finished_at": null, "is_active": true});
    if let Some(card) = &record.card {
        info["brand"] = json!(card.brand);
        info["last4"] = json!(card.last4);
    }
    Ok(info)
}

/// `wallet/balance`: one wallet per currency, moved by settled payments, refunds and payouts.
pub fn wallet_balance(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let when = required_str(body, "", "request_datetime")?;
    if !looks_like_iso_date(when) {
        return Err(ApiError::validation(
            "request_datetime",
            "must be an ISO 8601 date and time",
        ));
    }
    let wallets: Vec<Value> = state
        .store()
        .balances
        .iter()
        .map(|(currency, amount)| {
            json!({"id": format!("wallet_{currency}"),
                "amount_details": {"amount": amount, "currency": currency}})
        })
        .collect();
    Ok(json!({"status": "ok", "wallets": wallets}))
}

fn looks_like_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|i| bytes[*i].is_ascii_digit())
}
