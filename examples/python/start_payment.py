"""Take a card payment with the sgpay Python package, crash-safe, and print each step.

First the payment step by step (session/create, session/start/payment, wait,
session/confirm, wait for ``accepted``); then the same sale as a till would make it:
one ``pay`` call with a journal, cut short after 150 ms as if the till lost power,
found again and resolved by ``recover`` at the next start (finished by ``pay`` with its
session id if it still needs the till), then acknowledged.

Settings come from the environment: SGPAY_BASE_URL, SGPAY_PROJECT and
SGPAY_PRIVATE_KEY_PATH; SGPAY_JOURNAL_PATH names the journal file (default: a new
temporary directory). Exits 0 only when both sales end ``accepted``.

Uses the installed ``sgpay`` package; run from a checkout without it installed, it
uses the package source and the library built in ``target/release`` (or the one
named by SGPAY_LIBRARY).
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Optional

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
WAIT_LIMIT_S = 10.0
POLL_INTERVAL_S = 0.1
FINAL_STATUSES = {"accepted", "cancelled"}
CUT_SHORT_MS = 150


def import_sgpay() -> Any:
    """The installed sgpay package, or the one in this checkout."""
    try:
        import sgpay
    except ImportError:
        sys.path.insert(0, str(REPOSITORY_ROOT / "bindings" / "python" / "src"))
        name = {"darwin": "libsgpay.dylib", "win32": "sgpay.dll"}.get(
            sys.platform, "libsgpay.so"
        )
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


def payment_request(session_id: Optional[str] = None) -> dict[str, Any]:
    """The session/start/payment body: test card 4242..., 100.00 RUB (no session: for pay)."""
    year = f"{(datetime.date.today().year + 4) % 100:02d}"
    card = {
        "number": "4242424242424242",
        "expiration_month": "12",
        "expiration_year": year,
        "security_code": "123",
    }
    request: dict[str, Any] = {
        "payment_details": {
            "type": "card",
            "card": {"type": "bank_card", "bank_card": card},
        },
        "amount_details": {"amount": 10000, "currency": "rub"},
        "customer": {"reference": "python-example"},
    }
    if session_id is not None:
        request["session_id"] = session_id
    return request


def wait_for(
    client: Any, session_id: str, done: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
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


def step_by_step(client: Any) -> bool:
    """The payment one API call at a time; True when the session ends accepted."""
    session_id = client.create_session({})["session"]["id"]
    print(f"session/create: session {session_id} created")
    started = client.start_payment(payment_request(session_id))["session"]
    print(
        f"session/start/payment: session {started['status']}, payment {payment_status(started)}"
    )
    ready = wait_for(
        client,
        session_id,
        lambda s: s.get("next_action") == "confirm" or s["status"] in FINAL_STATUSES,
    )
    print(
        f"session/status: session {ready['status']}, next_action {ready.get('next_action')}"
    )
    if ready.get("next_action") != "confirm":
        print("error: the payment never became ready to confirm", file=sys.stderr)
        return False
    confirmed = client.confirm(session_id)["session"]
    print(f"session/confirm: session {confirmed['status']}")
    final = wait_for(client, session_id, lambda s: s["status"] in FINAL_STATUSES)
    print(f"session/status: session {final['status']}, payment {payment_status(final)}")
    return bool(final["status"] == "accepted")


def crash_safe_sale(sgpay: Any, client: Any, reference: str) -> bool:
    """A sale through pay with the journal, cut short, then recovered; True when it succeeded."""
    try:
        first = client.pay(
            payment_request(), reference=reference, deadline_ms=CUT_SHORT_MS
        )
        print(
            f"pay: outcome {first.outcome} after {CUT_SHORT_MS} ms (the till gave up, as if the power went)"
        )
    except sgpay.OutcomeUnknownError as error:
        print(f"pay: {error.kind} after {CUT_SHORT_MS} ms (the till lost the answer)")
    recovered = client.recover()
    print(
        f"recover (as at the next start): {len(recovered)} entries left in doubt or by a dead process"
    )
    for entry in recovered:
        print(f"recover: entry {entry.id} {entry.state}, outcome {entry.outcome}")
    entry = client.journal_entries({"reference": reference})[-1]
    if entry.outcome is not sgpay.Outcome.SUCCEEDED and entry.session_id:
        resumed = client.pay({"session_id": entry.session_id}, reference=reference)
        print(f"pay (resumed by session id): outcome {resumed.outcome}")
        entry = client.journal_entries({"reference": reference})[-1]
    acknowledged = client.acknowledge(entry)
    print(
        f"journal: entry {entry.id} {entry.state}, outcome {entry.outcome}, "
        f"acknowledged at {acknowledged.acknowledged_at:%H:%M:%S}"
    )
    return bool(entry.outcome is sgpay.Outcome.SUCCEEDED)


def run(sgpay: Any) -> int:
    """The demo flow; returns the exit code."""
    journal = os.environ.get("SGPAY_JOURNAL_PATH") or os.path.join(
        tempfile.mkdtemp(), "journal.db"
    )
    config = {
        "base_url": setting("SGPAY_BASE_URL"),
        "project": setting("SGPAY_PROJECT"),
        "private_key_path": setting("SGPAY_PRIVATE_KEY_PATH"),
        "journal_path": journal,
    }
    with sgpay.Client(**config) as client:
        accepted = step_by_step(client)
        print(f"journal: {journal}")
        paid = crash_safe_sale(sgpay, client, reference=f"python-receipt-{os.getpid()}")
        return 0 if accepted and paid else 1


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
