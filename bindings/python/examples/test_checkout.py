"""Tests of a checkout written with the test kit: the fixture ``sgpay_sandbox`` needs no setup.

``pip install sgpay`` registers the fixture with pytest; each test gets its own sandbox,
stopped after it. ``make test`` runs these and type-checks them with ``mypy --strict``.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import sgpay
from sgpay.testing import Sandbox


def card_payment(number: str) -> dict[str, Any]:
    """A ``session/start/payment`` body for a test card."""
    year = f"{(datetime.date.today().year + 3) % 100:02d}"
    card = {"number": number, "expiration_month": "12", "expiration_year": year, "security_code": "123"}
    return {
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": card}},
        "amount_details": {"amount": 4990, "currency": "rub"},
        "customer": {"reference": "customer-42"},
    }


def test_a_sale_is_charged_once_even_when_the_confirm_answer_is_lost(sgpay_sandbox: Sandbox) -> None:
    sgpay_sandbox.fault("session/confirm", "drop_after")
    with sgpay_sandbox.client() as client:
        result = client.pay(card_payment("4242424242424242"), reference="order-1")
    assert result.outcome is sgpay.Outcome.SUCCEEDED
    assert sgpay_sandbox.stats()["payments_created"] == 1


def test_a_declined_card_is_an_outcome(sgpay_sandbox: Sandbox) -> None:
    with sgpay_sandbox.client() as client:
        result = client.pay(card_payment("4000000000000002"), reference="order-2")
    assert result.outcome is sgpay.Outcome.DECLINED
    webhook = sgpay_sandbox.wait_for_webhook("payment_finished", session_id=result.session_id)
    assert webhook.session["status"] == "cancelled"


def test_a_payment_left_unconfirmed_is_cancelled_after_240_minutes(sgpay_sandbox: Sandbox) -> None:
    with sgpay_sandbox.client() as client:
        waiting = client.pay(card_payment("4242424242424242"), confirm="manual")
        assert waiting.outcome is sgpay.Outcome.AWAITING_CONFIRMATION
        assert sgpay_sandbox.advance_clock(minutes=241) == 1
        assert client.status(waiting.session_id or "")["session"]["status"] == "cancelled"
        with pytest.raises(sgpay.ApiError):
            client.confirm(waiting.session_id or "")
    assert sgpay_sandbox.wait_for_webhook("payment_finished").session["status"] == "cancelled"
