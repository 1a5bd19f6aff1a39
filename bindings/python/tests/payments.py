"""Request bodies and polling helpers shared by the tests."""

from __future__ import annotations

import datetime
import time
from typing import Any, Callable, Optional

import sgpay

CARD_OK = "4242424242424242"
CARD_HOLD = "4000000000009995"
CARD_DECLINED = "4000000000000002"
CARD_BAD_LUHN = "4242424242424241"
TEST_CVC = "739"
WAIT_LIMIT_S = 10.0
POLL_INTERVAL_S = 0.02


def expiry_year() -> str:
    """A two-digit card expiry year three years from now."""
    return f"{(datetime.date.today().year + 3) % 100:02d}"


def bank_card(number: str = CARD_OK, cvc: str = TEST_CVC) -> dict[str, Any]:
    """A ``payment_details`` object for a bank card."""
    return {
        "type": "card",
        "card": {
            "type": "bank_card",
            "bank_card": {
                "number": number,
                "expiration_month": "12",
                "expiration_year": expiry_year(),
                "security_code": cvc,
            },
        },
    }


def payment_body(
    session_id: Optional[str] = None, number: str = CARD_OK, amount: int = 10000
) -> dict[str, Any]:
    """A ``session/start/payment`` body (or ``session/init/payment`` without an id)."""
    body: dict[str, Any] = {
        "payment_details": bank_card(number),
        "amount_details": {"amount": amount, "currency": "rub"},
        "customer": {"reference": "pytest-customer"},
    }
    if session_id is not None:
        body["session_id"] = session_id
    return body


def payout_body(session_id: Optional[str] = None, amount: int = 5000) -> dict[str, Any]:
    """A ``session/start/payout`` body (or ``session/init/payout`` without an id)."""
    body: dict[str, Any] = {
        "payment_method": {"type": "card", "card": {"type": "bank_card", "bank_card": {"number": CARD_OK}}},
        "amount_details": {"amount": amount, "currency": "rub"},
    }
    if session_id is not None:
        body["session_id"] = session_id
    return body


def wait_for_session(
    client: sgpay.Client, session_id: str, done: Callable[[dict[str, Any]], bool], what: str
) -> dict[str, Any]:
    """Poll ``session/status`` until ``done(session)``; fail after a bounded wait."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    session = client.status(session_id)["session"]
    while not done(session):
        if time.monotonic() > deadline:
            raise AssertionError(f"session {session_id} never became {what}; last seen: {session}")
        time.sleep(POLL_INTERVAL_S)
        session = client.status(session_id)["session"]
    return session


def wait_for_next_action(client: sgpay.Client, session_id: str, action: str) -> dict[str, Any]:
    """Wait until the session's ``next_action`` is ``action``."""
    return wait_for_session(
        client, session_id, lambda s: s.get("next_action") == action, f"ready to {action}"
    )


def wait_for_status(client: sgpay.Client, session_id: str, status: str) -> dict[str, Any]:
    """Wait until the session's status is ``status``."""
    return wait_for_session(client, session_id, lambda s: s.get("status") == status, status)


def paid_session(client: sgpay.Client, number: str = CARD_OK) -> dict[str, Any]:
    """Create a session, start a card payment and wait until it can be confirmed."""
    session_id = client.create_session({})["session"]["id"]
    client.start_payment(payment_body(session_id, number))
    return wait_for_next_action(client, session_id, "confirm")
