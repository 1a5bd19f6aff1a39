"""``pay``, the journal and recovery against the sandbox."""

from __future__ import annotations

import datetime
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

import sgpay
from sgpay.testing import Sandbox

from conftest import rsa_config
from payments import CARD_DECLINED, CARD_OK, payment_body


@pytest.fixture
def journaled(sandbox: Sandbox, journal_config: dict) -> Iterator[sgpay.Client]:
    """A client of the RSA sandbox with a fresh journal, on each backend."""
    with sgpay.Client(**rsa_config(sandbox, **journal_config)) as opened:
        yield opened


def entries_of(client: sgpay.Client, reference: str) -> list[sgpay.JournalEntry]:
    return client.journal_entries({"reference": reference})


def test_pay_runs_the_whole_payment_and_journals_it(journaled: sgpay.Client, sandbox: Sandbox) -> None:
    result = journaled.pay(payment_body(), reference="py-receipt-1")
    assert isinstance(result, sgpay.PayResult)
    assert result.outcome is sgpay.Outcome.SUCCEEDED and result.succeeded
    assert result.session["status"] == "accepted"
    assert result.session_id == result.session["id"] and result.session_id.startswith("ps_")
    assert result.reference == "py-receipt-1"
    assert result.raw["status"] == "ok" and result["outcome"] == "succeeded"
    assert sandbox.stats()["payments_created"] == 1
    entries = entries_of(journaled, "py-receipt-1")
    assert [entry.id for entry in entries] == [result.journal_entry_id]
    entry = entries[0]
    assert entry.state is sgpay.EntryState.DONE and entry.outcome is sgpay.Outcome.SUCCEEDED
    assert (entry.reference, entry.session_id, entry.amount, entry.currency, entry.kind) == (
        "py-receipt-1",
        result.session_id,
        10000,
        "rub",
        "pay",
    )
    assert entry.card is not None and entry.card != CARD_OK
    assert entry.card.startswith(CARD_OK[:6]) and entry.card.endswith(CARD_OK[-4:])
    assert entry.created_at.tzinfo is not None and entry.created_at.utcoffset() == datetime.timedelta(0)
    assert abs(datetime.datetime.now(datetime.timezone.utc) - entry.created_at) < datetime.timedelta(
        minutes=5
    )
    assert entry.acknowledged_at is None and not entry.acknowledged
    assert CARD_OK not in str(entries) and CARD_OK not in repr(result)


def test_a_decline_is_an_outcome_not_an_error(journaled: sgpay.Client) -> None:
    result = journaled.pay(payment_body(number=CARD_DECLINED), reference="py-receipt-declined")
    assert result.outcome is sgpay.Outcome.DECLINED and result.outcome == "declined"


def test_manual_confirm_stops_before_confirming(journaled: sgpay.Client, sandbox: Sandbox) -> None:
    result = journaled.pay(payment_body(), reference="py-receipt-manual", confirm="manual")
    assert result.outcome is sgpay.Outcome.AWAITING_CONFIRMATION
    assert sandbox.requests_of("session/confirm") == 0


def test_acknowledged_entries_leave_the_default_listing(journaled: sgpay.Client) -> None:
    journaled.pay(payment_body(), reference="py-receipt-ack")
    journaled.pay(payment_body(), reference="py-receipt-ack-by-id")
    listed = journaled.journal_entries()
    assert {entry.reference for entry in listed} == {"py-receipt-ack", "py-receipt-ack-by-id"}
    by_entry, by_id = sorted(listed, key=lambda entry: entry.reference or "")
    acknowledged = journaled.acknowledge(by_entry)
    assert acknowledged.id == by_entry.id and acknowledged.acknowledged
    assert acknowledged.acknowledged_at is not None and acknowledged.acknowledged_at >= by_entry.created_at
    assert journaled.acknowledge(by_id.id).acknowledged
    assert journaled.journal_entries() == []
    everything = journaled.journal_entries({"include_acknowledged": True})
    assert {entry.id for entry in everything} == {by_entry.id, by_id.id}
    assert all(entry.acknowledged_at is not None for entry in everything)


def test_acknowledging_an_unknown_entry_is_an_invalid_argument(journaled: sgpay.Client) -> None:
    with pytest.raises(sgpay.InvalidArgumentError):
        journaled.acknowledge("je_00000000-0000-0000-0000-000000000000")
    with pytest.raises(sgpay.InvalidArgumentError):
        journaled.acknowledge(42)  # type: ignore[arg-type]


def test_recover_with_nothing_left_behind_resolves_nothing(journaled: sgpay.Client) -> None:
    journaled.pay(payment_body(), reference="py-receipt-clean")
    assert journaled.recover() == []


def test_repeating_pay_with_the_same_key_replays_instead_of_charging(
    journaled: sgpay.Client, sandbox: Sandbox
) -> None:
    first = journaled.pay(payment_body(), reference="py-receipt-twice", idempotency_key="py-pay-base-1")
    second = journaled.pay(payment_body(), reference="py-receipt-twice", idempotency_key="py-pay-base-1")
    assert first.session_id == second.session_id and first.session_id is not None
    assert first.idempotency_key == second.idempotency_key == "py-pay-base-1"
    assert sandbox.stats()["payments_created"] == 1


def test_an_unwritable_journal_path_is_refused_when_the_client_opens(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    not_a_directory = tmp_path / "a-file"
    not_a_directory.write_text("in the way")
    with pytest.raises(sgpay.JournalError) as caught:
        sgpay.Client(**rsa_config(sandbox, journal_path=str(not_a_directory / "journal.db")))
    assert caught.value.status == 40 and caught.value.kind == "journal"


# Takes the journal's write lock (BEGIN IMMEDIATE) and keeps it until its stdin closes.
LOCK_HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
"""


@contextmanager
def journal_write_locked(journal: Path) -> Iterator[None]:
    """Another process holds the journal's write lock for the duration.

    A process of its own: the library carries its own SQLite, and the POSIX locks a second
    SQLite in this process took would not keep the library's out.
    """
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "locked", "the lock holder did not start"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_when_the_journal_cannot_be_written_during_pay_nothing_is_sent(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.db"
    config = rsa_config(sandbox, journal_path=str(journal), deadline_ms=300)
    with sgpay.Client(**config) as client:
        with journal_write_locked(journal):
            with pytest.raises(sgpay.JournalError) as caught:
                client.pay(payment_body(), reference="py-receipt-locked")
            assert caught.value.status == 40 and caught.value.kind == "journal"
            assert sandbox.stats()["requests"] == {}, "nothing reached the sandbox"
        # Once the journal can be written again, the same client pays.
        assert client.pay(payment_body(), reference="py-receipt-unlocked").outcome is sgpay.Outcome.SUCCEEDED
    assert sandbox.stats()["payments_created"] == 1
