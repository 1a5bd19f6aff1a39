"""A crash-safe card payment with typed results, against the sandbox bundled in the package.

Runs with nothing but the installed package: ``python examples/pay_in_sandbox.py``. It starts
the sandbox (``sgpay.testing.Sandbox``), pays with ``Client.pay`` and a journal, reads the
outcome and the journal entry as typed objects, acknowledges the entry, and shows a
declined card and a lost answer (a fault) handled the same way. Exits 0 when every step
went as the comments say. ``mypy --strict`` checks this file (``make test``).
"""

from __future__ import annotations

import datetime
import sys
import tempfile
from pathlib import Path
from typing import Any

import sgpay
from sgpay.testing import Sandbox


def card_payment(number: str, amount: int = 10000) -> dict[str, Any]:
    """A ``session/start/payment`` body for a test card (any future expiry, any CVC)."""
    year = f"{(datetime.date.today().year + 3) % 100:02d}"
    card = {"number": number, "expiration_month": "12", "expiration_year": year, "security_code": "123"}
    return {
        "payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": card}},
        "amount_details": {"amount": amount, "currency": "rub"},
        "customer": {"reference": "example-customer"},
    }


def main() -> int:
    """Pay, decline, survive a lost answer; True outcomes give exit code 0."""
    with tempfile.TemporaryDirectory() as folder, Sandbox() as sandbox:
        journal = Path(folder) / "journal.db"
        with sandbox.client(journal_path=str(journal)) as client:
            paid: sgpay.PayResult = client.pay(card_payment("4242424242424242"), reference="receipt-1")
            print(f"pay: {paid.outcome} in session {paid.session_id} ({paid.session['status']})")

            declined = client.pay(card_payment("4000000000000002"), reference="receipt-2")
            print(f"pay with a declined card: {declined.outcome} (an outcome, not an exception)")

            # The answer to session/confirm is lost on the way back: pay asks again and the
            # sale is charged once.
            sandbox.fault("session/confirm", "drop_after")
            retried = client.pay(card_payment("4242424242424242"), reference="receipt-3")
            print(f"pay with a lost answer: {retried.outcome}")

            entries: list[sgpay.JournalEntry] = client.journal_entries()
            for entry in entries:
                when = entry.created_at.astimezone(datetime.timezone.utc).strftime("%H:%M:%S")
                print(f"journal: {entry.reference} {entry.state} {entry.outcome} card {entry.card} at {when}")
                acknowledged = client.acknowledge(entry)
                assert acknowledged.acknowledged_at is not None
            left = client.journal_entries()
            print(f"journal: {len(left)} entries left to acknowledge")
        stats = sandbox.stats()
        print(f"sandbox: {stats['payments_created']} payments created, {len(sandbox.webhooks)} webhooks")

    ok = (
        paid.outcome is sgpay.Outcome.SUCCEEDED
        and declined.outcome is sgpay.Outcome.DECLINED
        and retried.outcome is sgpay.Outcome.SUCCEEDED
        and len(entries) == 3
        and not left
        and stats["payments_created"] == 3
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
