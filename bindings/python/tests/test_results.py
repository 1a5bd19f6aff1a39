"""The typed results: ``Outcome``, ``EntryState``, ``PayResult`` and ``JournalEntry``, read from documents."""

from __future__ import annotations

import dataclasses
import datetime
import re

import pytest

import sgpay
from sgpay._results import entries_from_reply

from conftest import REPOSITORY_ROOT

ENTRY = {
    "id": "je_1",
    "kind": "pay",
    "reference": "receipt-7",
    "idempotency_key": "base-7",
    "operations": [{"operation": "session/create", "idempotency_key": "base-7:create"}],
    "session_id": "ps_7",
    "amount": 4990,
    "currency": "rub",
    "card": "424242******4242",
    "confirm": "auto",
    "state": "done",
    "outcome": "succeeded",
    "note": None,
    "created_at": "2026-12-04T10:00:00.123Z",
    "updated_at": "2026-12-04T10:00:01.500Z",
    "acknowledged_at": None,
}
PAID = {
    "status": "ok",
    "outcome": "declined",
    "session": {"id": "ps_9", "status": "cancelled"},
    "sgpay": {
        "operation": "pay",
        "idempotency_key": "k",
        "session_id": "ps_9",
        "reference": "r",
        "journal_entry": "je_9",
    },
}


def rust_outcomes() -> set[str]:
    """The names ``Outcome::as_str`` gives in src/pay/outcome.rs."""
    source = (REPOSITORY_ROOT / "src" / "pay" / "outcome.rs").read_text()
    names = set(re.findall(r'Outcome::\w+ => "(\w+)"', source))
    assert names, "no outcome names found in src/pay/outcome.rs"
    return names


def journal_outcomes() -> set[str]:
    """The outcomes of the ``outcome`` row of docs/journal.md's entry table."""
    row = next(
        line
        for line in (REPOSITORY_ROOT / "docs" / "journal.md").read_text().splitlines()
        if line.startswith("| `outcome` |")
    )
    return set(re.findall(r"`(\w+)`", row.split("|")[2]))


def test_outcome_has_every_outcome_the_library_defines() -> None:
    assert {outcome.value for outcome in sgpay.Outcome} == rust_outcomes() | (journal_outcomes() - {"pay"})


def test_outcome_and_state_are_strings() -> None:
    assert sgpay.Outcome.SUCCEEDED == "succeeded"
    assert isinstance(sgpay.Outcome.DECLINED, str)
    assert str(sgpay.Outcome.AWAITING_CAPTURE) == "awaiting_capture"
    assert f"{sgpay.Outcome.IN_PROGRESS}" == "in_progress"
    assert sgpay.Outcome("not_started") is sgpay.Outcome.NOT_STARTED
    assert f"{sgpay.EntryState.NEEDS_ATTENTION}" == "needs_attention"
    assert not sgpay.Outcome.IN_PROGRESS.is_final and sgpay.Outcome.DECLINED.is_final


def test_pay_result_from_document() -> None:
    result = sgpay.PayResult.from_document(PAID)
    assert result.outcome is sgpay.Outcome.DECLINED and not result.succeeded
    assert (result.session_id, result.idempotency_key, result.reference, result.journal_entry_id) == (
        "ps_9",
        "k",
        "r",
        "je_9",
    )
    assert result.session == {"id": "ps_9", "status": "cancelled"}
    assert result.raw == PAID and result["outcome"] == "declined" and result["session"]["id"] == "ps_9"
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.outcome = sgpay.Outcome.SUCCEEDED  # type: ignore[misc]
    assert hash(result) == hash(sgpay.PayResult.from_document(PAID))


def test_pay_result_takes_the_session_id_from_the_session_when_sgpay_lacks_it() -> None:
    result = sgpay.PayResult.from_document(
        {"status": "ok", "outcome": "succeeded", "session": {"id": "ps_3"}}
    )
    assert result.session_id == "ps_3" and result.journal_entry_id is None


def test_journal_entry_from_document_has_aware_datetimes() -> None:
    entry = sgpay.JournalEntry.from_document(ENTRY)
    assert entry.state is sgpay.EntryState.DONE and entry.outcome is sgpay.Outcome.SUCCEEDED
    assert entry.created_at == datetime.datetime(2026, 12, 4, 10, 0, 0, 123000, tzinfo=datetime.timezone.utc)
    assert entry.updated_at is not None and entry.updated_at.tzinfo is not None
    assert entry.acknowledged_at is None and not entry.acknowledged
    assert (entry.id, entry.reference, entry.session_id, entry.amount, entry.currency, entry.card) == (
        "je_1",
        "receipt-7",
        "ps_7",
        4990,
        "rub",
        "424242******4242",
    )
    assert entry.raw["operations"][0]["idempotency_key"] == "base-7:create"
    acknowledged = sgpay.JournalEntry.from_document({**ENTRY, "acknowledged_at": "2026-12-04T11:00:00.000Z"})
    assert acknowledged.acknowledged and acknowledged.acknowledged_at == datetime.datetime(
        2026, 12, 4, 11, tzinfo=datetime.timezone.utc
    )
    assert entry == sgpay.JournalEntry.from_document(dict(ENTRY)) and len({entry, acknowledged}) == 2


def test_a_call_entry_and_one_in_doubt() -> None:
    entry = sgpay.JournalEntry.from_document(
        {**ENTRY, "kind": "call", "state": "needs_attention", "outcome": None, "note": "check session ps_7"}
    )
    assert entry.kind == "call" and entry.state is sgpay.EntryState.NEEDS_ATTENTION
    assert entry.outcome is None and entry.note == "check session ps_7"
    assert sgpay.JournalEntry.from_document({**ENTRY, "outcome": "refused"}).outcome is sgpay.Outcome.REFUSED


@pytest.mark.parametrize(
    "change, words",
    [
        ({"outcome": "teleported"}, "'teleported' is not one this package knows"),
        ({"state": "lost"}, "'lost' is not one this package knows"),
        ({"created_at": "yesterday"}, "not an ISO 8601 timestamp"),
        ({"created_at": None}, "has no created_at"),
        ({"amount": "10"}, "amount is not an integer"),
        ({"id": None}, "has no id"),
    ],
)
def test_a_malformed_entry_is_a_protocol_error(change: dict, words: str) -> None:
    with pytest.raises(sgpay.ProtocolError, match=re.escape(words)):
        sgpay.JournalEntry.from_document({**ENTRY, **change})


def test_malformed_documents_are_protocol_errors() -> None:
    with pytest.raises(sgpay.ProtocolError, match="no session object"):
        sgpay.PayResult.from_document({"status": "ok", "outcome": "succeeded"})
    with pytest.raises(sgpay.ProtocolError, match="no list of entries"):
        entries_from_reply({"status": "ok"})
    with pytest.raises(sgpay.ProtocolError, match="not a JSON object"):
        entries_from_reply({"status": "ok", "entries": ["je_1"]})


def test_reprs_show_the_masked_card_and_no_session_data() -> None:
    entry = sgpay.JournalEntry.from_document(ENTRY)
    assert "424242******4242" in repr(entry) and "operations" not in repr(entry)
    result = sgpay.PayResult.from_document(PAID)
    assert repr(result).startswith("PayResult(outcome=<Outcome.DECLINED: 'declined'>, session_id='ps_9'")
    assert "cancelled" not in repr(result)
