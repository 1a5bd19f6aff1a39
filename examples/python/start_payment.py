"""Start a card payment end to end with the sgpay Python package and print each step.

Settings come from the environment: SGPAY_BASE_URL, SGPAY_PROJECT and
SGPAY_PRIVATE_KEY_PATH. Exits 0 only when the session ends ``accepted``.

Uses the installed ``sgpay`` package; run from a checkout without it installed, it
uses the package source and the library built in ``target/release`` (or the one
named by SGPAY_LIBRARY).
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
WAIT_LIMIT_S = 10.0
POLL_INTERVAL_S = 0.1
FINAL_STATUSES = {"accepted", "cancelled"}


def import_sgpay() -> Any:
    """The installed sgpay package, or the one in this checkout."""
    try:
        import sgpay
    except ImportError:
        sys.path.insert(0, str(REPOSITORY_ROOT / "bindings" / "python" / "src"))
        name = {"darwin": "libsgpay.dylib", "win32": "sgpay.dll"}.get(sys.platform, "libsgpay.so")
        default_library = REPOSITORY_ROOT / "target" / "release" / name
        os.environ.setdefault("SGPAY_LIBRARY", str(default_library))
        import sgpay
    return sgpay


def setting(name: str) -> str:
    """A required environment variable."""
    value = os.environ.get(name)
    if not value:
        sys.exit(f"error: set {name} (see examples/python/start_payment.py)")
    return value


def payment_request(session_id: str) -> dict[str, Any]:
    """The session/start/payment body: test card 4242..., 100.00 RUB."""
    year = f"{(datetime.date.today().year + 4) % 100:02d}"
    card = {
        "number": "4242424242424242",
        "expiration_month": "12",
        "expiration_year": year,
        "security_code": "123",
    }
    return {
        "session_id": session_id,
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": card}},
        "amount_details": {"amount": 10000, "currency": "rub"},
        "customer": {"reference": "python-example"},
    }


def wait_for(client: Any, session_id: str, done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """Poll session/status until ``done(session)`` or the wait limit; returns the last session."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    session = client.status(session_id)["session"]
    while not done(session) and time.monotonic() < deadline:
        time.sleep(POLL_INTERVAL_S)
        session = client.status(session_id)["session"]
    return session


def payment_status(session: dict[str, Any]) -> str:
    """The status of the session's first acquiring payment, or "none"."""
    payments = session.get("acquiring_payments") or [{}]
    return str(payments[0].get("status", "none"))


def run(sgpay: Any) -> int:
    """The demo flow; returns the exit code."""
    config = {
        "base_url": setting("SGPAY_BASE_URL"),
        "project": setting("SGPAY_PROJECT"),
        "private_key_path": setting("SGPAY_PRIVATE_KEY_PATH"),
    }
    with sgpay.Client(**config) as client:
        session_id = client.create_session({})["session"]["id"]
        print(f"session/create: session {session_id} created")
        started = client.start_payment(payment_request(session_id))["session"]
        print(f"session/start/payment: session {started['status']}, payment {payment_status(started)}")
        ready = wait_for(
            client, session_id, lambda s: s.get("next_action") == "confirm" or s["status"] in FINAL_STATUSES
        )
        print(f"session/status: session {ready['status']}, next_action {ready.get('next_action')}")
        if ready.get("next_action") != "confirm":
            print("error: the payment never became ready to confirm", file=sys.stderr)
            return 1
        confirmed = client.confirm({"session_id": session_id})["session"]
        print(f"session/confirm: session {confirmed['status']}")
        final = wait_for(client, session_id, lambda s: s["status"] in FINAL_STATUSES)
        print(f"session/status: session {final['status']}, payment {payment_status(final)}")
        return 0 if final["status"] == "accepted" else 1


def main() -> int:
    """Entry point: runs the flow and turns sgpay errors into one line and exit code 1."""
    sgpay = import_sgpay()
    print(f"sgpay {sgpay.__version__} (native {sgpay.native_version()})")
    try:
        return run(sgpay)
    except sgpay.Error as error:
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
