//! `token`, `token/info` and `wallet/balance`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::cards::CardSummary;
use crate::clock::now_timestamp;
use crate::ids::new_id;
use crate::reply::ApiError;
use crate::state::State;
use crate::state::session::{Kind, Stage};
use crate::state::store::{PublicToken, Store};
use crate::validation::{CardUse, Object, as_object, bank_card, required, required_str};

/// Widgets a public token can be issued for.
const WIDGETS: &[&str] = &[
    "tokenize_widget",
    "acquiring_widget",
    "fps_no_account_widget",
];

/// Starting balance of the `rub` wallet, in minor units.
const RUB_FLOAT: i64 = 100_000_000;

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
        widget: widget.to_string(),
        created_at: now_timestamp(),
    };
    state.store().public_tokens.insert(token.clone(), record);
    Ok(json!({"status": "ok", "public_token": token}))
}

/// `token/info`: what a card, public token or recurrent token stands for.
pub fn info(state: &Arc<State>, body: &Object) -> Result<Value, ApiError> {
    let kind = required_str(body, "", "type")?;
    let info = match kind {
        "card" => {
            let card = as_object(required(body, "", "card")?, "card")?;
            let number = bank_card(card, "card", CardUse::Payout)?;
            json!({"type": "card", "card": CardSummary::from_number(number).to_json()})
        }
        "public_token" | "recurrent_token" => {
            let object = as_object(required(body, "", kind)?, kind)?;
            let token = required_str(object, kind, "token")?;
            token_info(&state.store(), kind, token)?
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

fn token_info(store: &Store, kind: &str, token: &str) -> Result<Value, ApiError> {
    let not_found = || ApiError::new(404, "request_not_found", format!("no such {kind}"));
    if kind == "public_token" {
        let record = store.public_tokens.get(token).ok_or_else(not_found)?;
        return Ok(json!({"type": kind, "public_token": {
            "token": token, "widget": record.widget, "created_at": record.created_at}}));
    }
    let record = store.recurrent_tokens.get(token).ok_or_else(not_found)?;
    let card = record.card.as_ref().map(CardSummary::to_json);
    Ok(json!({"type": kind, "recurrent_token": {"token": token}, "card": card}))
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
    let wallets: Vec<Value> = balances(&state.store())
        .into_iter()
        .map(|(currency, amount)| {
            json!({"id": format!("wallet_{currency}"),
                "amount_details": {"amount": amount, "currency": currency}})
        })
        .collect();
    Ok(json!({"status": "ok", "wallets": wallets}))
}

fn balances(store: &Store) -> BTreeMap<String, i64> {
    let mut totals = BTreeMap::from([("rub".to_string(), RUB_FLOAT)]);
    let settled = store
        .sessions
        .values()
        .filter_map(|s| s.transfer.as_ref())
        .filter(|t| t.stage == Stage::Succeeded);
    for transfer in settled {
        let total = totals
            .entry(transfer.amount.currency.to_ascii_lowercase())
            .or_default();
        let amount = transfer.amount.value as i64;
        match transfer.kind {
            Kind::Payment => {
                let refunded: u64 = transfer
                    .refunds
                    .iter()
                    .filter(|r| r.accepted)
                    .map(|r| r.amount.value)
                    .sum();
                *total += amount - refunded as i64;
            }
            Kind::Payout => *total -= amount,
        }
    }
    totals
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
