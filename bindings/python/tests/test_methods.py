"""Every method of the Client against the sandbox, along the flows of the API."""

from __future__ import annotations

import json

import sgpay
from sgpay.testing import Sandbox

from payments import (
    CARD_HOLD,
    CARD_OK,
    paid_session,
    payment_body,
    payout_body,
    wait_for_next_action,
    wait_for_session,
    wait_for_status,
)


def test_create_session_and_every_form_of_status(client: sgpay.Client) -> None:
    created = client.create_session()
    assert created["status"] == "ok"
    session_id = created["session"]["id"]
    assert session_id.startswith("ps_")
    assert created["session"]["status"] == "created"
    by_id = client.status(session_id)
    assert by_id["session"]["id"] == session_id
    assert client.status({"session_id": session_id})["session"]["id"] == session_id
    assert client.status(json.dumps({"session_id": session_id}))["session"]["id"] == session_id
    assert client.status("  " + json.dumps({"session_id": session_id}))["session"]["id"] == session_id
    assert client.call("session/status", {"session_id": session_id})["session"]["id"] == session_id


def test_start_payment_confirm_until_accepted(client: sgpay.Client) -> None:
    session_id = client.create_session({})["session"]["id"]
    started = client.start_payment(payment_body(session_id))
    assert started["session"]["status"] == "in_progress"
    assert CARD_OK not in json.dumps(started)
    wait_for_next_action(client, session_id, "confirm")
    client.confirm({"session_id": session_id})
    session = wait_for_status(client, session_id, "accepted")
    assert session["acquiring_payments"][0]["status"] == "succeeded"


def test_init_payment_then_cancel(client: sgpay.Client) -> None:
    session_id = client.init_payment(payment_body())["session"]["id"]
    wait_for_next_action(client, session_id, "confirm")
    client.cancel({"session_id": session_id})
    session = wait_for_status(client, session_id, "cancelled")
    assert session["acquiring_payments"][0]["status"] != "succeeded"


def test_hold_then_capture(client: sgpay.Client) -> None:
    session_id = paid_session(client, CARD_HOLD)["id"]
    client.confirm(session_id)
    wait_for_next_action(client, session_id, "capture")
    client.capture({"session_id": session_id})
    session = wait_for_status(client, session_id, "accepted")
    assert session["acquiring_payments"][0]["status"] == "succeeded"


def test_refund_of_a_succeeded_payment(client: sgpay.Client) -> None:
    session_id = paid_session(client)["id"]
    client.confirm({"session_id": session_id})
    wait_for_status(client, session_id, "accepted")
    client.refund({"session_id": session_id, "amount_details": {"amount": 4000, "currency": "rub"}})
    session = wait_for_session(
        client, session_id, lambda s: bool(s["acquiring_payments"][0].get("refunds")), "refunded"
    )
    assert session["acquiring_payments"][0]["refunds"][0]["amount_details"]["amount"] == 4000


def test_init_payout(client: sgpay.Client) -> None:
    reply = client.init_payout(payout_body())
    assert reply["status"] == "ok"
    assert reply["session"]["payments"][0]["id"].startswith("po_")


def test_start_payout_in_an_existing_session(client: sgpay.Client) -> None:
    session_id = client.create_session({})["session"]["id"]
    reply = client.start_payout(payout_body(session_id))
    assert reply["session"]["id"] == session_id
    assert reply["session"]["payments"][0]["id"].startswith("po_")


def test_call_reaches_any_method_and_json_text_passes_through(client: sgpay.Client) -> None:
    created = client.call("session/create", "{}")
    assert created["session"]["status"] == "created"
    text = json.dumps(payment_body(created["session"]["id"]))
    started = client.call("session/start/payment", text)
    assert started["session"]["id"] == created["session"]["id"]


def test_same_idempotency_key_and_body_replays_the_first_reply(
    client: sgpay.Client, sandbox: Sandbox
) -> None:
    session_id = client.create_session({})["session"]["id"]
    body = payment_body(session_id)
    first = client.start_payment(body, idempotency_key="pytest-replay-1")
    second = client.start_payment(body, idempotency_key="pytest-replay-1")
    assert second == first
    stats = sandbox.stats()
    assert stats["payments_created"] == 1
    assert stats["replays"] == 1


def test_submerchant_option_is_accepted(client: sgpay.Client) -> None:
    reply = client.create_session({}, submerchant="pytest-shop", idempotency_key="pytest-sub-1")
    assert reply["session"]["status"] == "created"


def test_non_ascii_metadata_round_trips(client: sgpay.Client) -> None:
    metadata = {"note": "Оплата заказа №42 — café ✓"}
    body = {**payment_body(), "metadata": metadata}
    session_id = client.init_payment(body)["session"]["id"]
    payment = client.status(session_id)["session"]["acquiring_payments"][0]
    assert payment["metadata"] == metadata
