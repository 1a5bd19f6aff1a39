"""The documents sgpay itself defines, as Python types: :class:`PayResult` and :class:`JournalEntry`.

The server's own replies (``call``, ``status``, ...) stay dicts: their shape is the API's.
What the library adds on top of the API, the outcome of :meth:`sgpay.Client.pay` and the
entries of its journal, is read here into typed, immutable objects. Each keeps the whole
document it was read from in ``raw``.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, TypeVar

from .errors import ProtocolError

__all__ = ["EntryState", "JournalEntry", "Outcome", "PayResult"]

_Enum = TypeVar("_Enum", bound=enum.Enum)


class _WireName(str, enum.Enum):
    """An enum whose members are the library's wire names: ``str()`` and ``format()`` give the name."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Outcome(_WireName):
    """Where a payment (or a journaled call) stands; a ``str``, so ``outcome == "succeeded"`` holds.

    The first eight are the outcomes of :meth:`sgpay.Client.pay` and of a ``pay`` entry of
    the journal; the last three are the outcomes of a journaled plain call (``kind`` ``call``).
    """

    SUCCEEDED = "succeeded"
    """Session ``accepted``: the customer was charged."""
    DECLINED = "declined"
    """Session ``cancelled`` or payment ``failed``: not charged. An outcome, not an exception."""
    ACTION_REQUIRED = "action_required"
    """3-D Secure: the customer must follow the redirect in the session."""
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    """The payment waits for ``session/confirm`` (``confirm="manual"``)."""
    AWAITING_CAPTURE = "awaiting_capture"
    """A hold waits for ``session/capture`` (or ``session/cancel``)."""
    IN_PROGRESS = "in_progress"
    """Still being processed when the deadline came: resume ``pay`` with the session id."""
    ERROR = "error"
    """Session ``error`` (not final: ask again later)."""
    NOT_STARTED = "not_started"
    """The session exists but no payment was started in it: nothing was charged."""
    ANSWERED = "answered"
    """A journaled call: the server answered it."""
    REFUSED = "refused"
    """A journaled call: the server refused it (nothing was done)."""
    NOT_SENT = "not_sent"
    """A journaled call: it never left this process."""

    @property
    def is_final(self) -> bool:
        """True when waiting longer cannot change it without someone acting."""
        return self not in (Outcome.IN_PROGRESS, Outcome.ERROR)


class EntryState(_WireName):
    """The state of a journal entry (docs/journal.md)."""

    PENDING = "pending"
    """A request is on its way, or the process that sent it died (``recover`` resolves it)."""
    IN_DOUBT = "in_doubt"
    """The server could not tell yet; ``recover`` asks again."""
    DONE = "done"
    """The outcome is known."""
    NEEDS_ATTENTION = "needs_attention"
    """A person must check: ``note`` says what."""


def _member(kind: type[_Enum], value: Any, what: str) -> _Enum:
    try:
        return kind(value)
    except ValueError:
        raise ProtocolError(
            f"{what} {value!r} is not one this package knows; install the package and the "
            "native library from the same sgpay release"
        ) from None


def _optional_text(document: Mapping[str, Any], key: str, what: str) -> Optional[str]:
    value = document.get(key)
    if value is None or isinstance(value, str):
        return value
    raise ProtocolError(f"{what}: {key} is {type(value).__name__}, not text")


def _timestamp(value: Any, what: str) -> Optional[datetime.datetime]:
    """An ISO 8601 UTC timestamp (``2026-12-04T10:00:00.123Z``) as an aware datetime."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProtocolError(f"{what} is {type(value).__name__}, not a timestamp")
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ProtocolError(f"{what} {value!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment


@dataclass(frozen=True)
class PayResult:
    """What :meth:`sgpay.Client.pay` settled on; a decline is an outcome, not an exception.

    ``outcome`` says where the payment stands, ``session`` is the server's last view of
    the session (a dict, as the API sends it), ``raw`` the whole document the library
    returned. ``result["outcome"]`` still reads ``raw``, for code written against the
    dict this method used to return.
    """

    outcome: Outcome
    """Where the payment stands."""
    session_id: Optional[str]
    """The session's id (``ps_…``): pass it back as ``{"session_id": ...}`` to resume."""
    session: dict[str, Any] = field(repr=False, compare=False)
    """The session as the server last showed it."""
    idempotency_key: Optional[str] = field(default=None, repr=False)
    """The base every step's idempotency key derives from: repeat ``pay`` with it to replay."""
    reference: Optional[str] = None
    """Your id of the sale, as given to ``pay``."""
    journal_entry_id: Optional[str] = None
    """The id of the sale's journal entry (``je_…``), with ``journal_path`` configured."""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The whole document: ``{"status": "ok", "outcome": ..., "session": {...}, "sgpay": {...}}``."""

    @property
    def succeeded(self) -> bool:
        """True when the customer was charged."""
        return self.outcome is Outcome.SUCCEEDED

    def __getitem__(self, key: str) -> Any:
        """``result["outcome"]``, ``result["session"]``: the raw document's members."""
        return self.raw[key]

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> PayResult:
        """Read the ``sgpay_pay`` document; a malformed one raises :class:`ProtocolError`."""
        session = document.get("session")
        if not isinstance(session, dict):
            raise ProtocolError("the pay result has no session object")
        details = document.get("sgpay")
        details = details if isinstance(details, dict) else {}
        session_id = _optional_text(details, "session_id", "the pay result")
        if session_id is None:
            session_id = _optional_text(session, "id", "the pay result's session")
        return cls(
            outcome=_member(Outcome, document.get("outcome"), "the pay outcome"),
            session_id=session_id,
            session=session,
            idempotency_key=_optional_text(details, "idempotency_key", "the pay result"),
            reference=_optional_text(details, "reference", "the pay result"),
            journal_entry_id=_optional_text(details, "journal_entry", "the pay result"),
            raw=dict(document),
        )


@dataclass(frozen=True)
class JournalEntry:
    """One entry of the crash-safe journal: a sale made by ``pay``, or one money-moving call.

    Timestamps are timezone-aware (UTC). ``card`` is masked by the library to its first six
    and last four digits; the journal never holds a full card number. ``raw`` is the entry
    as the library listed it, ``operations`` (each request with its idempotency key) included.
    """

    id: str
    """``je_`` and a random UUID; give it (or the entry) to :meth:`sgpay.Client.acknowledge`."""
    reference: Optional[str]
    """Your id of the sale (``pay``'s ``reference``)."""
    state: EntryState
    """``pending``, ``in_doubt``, ``done`` or ``needs_attention``."""
    outcome: Optional[Outcome]
    """The outcome, once known."""
    session_id: Optional[str]
    """The session, once the server named it."""
    amount: Optional[int]
    """The amount in minor units (kopecks, cents)."""
    currency: Optional[str]
    """The currency code, e.g. ``"rub"``."""
    card: Optional[str]
    """The card number masked to its first six and last four digits."""
    created_at: datetime.datetime
    """When the entry was written (aware, UTC)."""
    acknowledged_at: Optional[datetime.datetime]
    """When the till recorded the outcome (:meth:`sgpay.Client.acknowledge`), if it has."""
    note: Optional[str]
    """Plain words on what a person must check, or why it is still in doubt."""
    kind: str = "pay"
    """``pay`` (one sale) or ``call`` (one money-moving call)."""
    updated_at: Optional[datetime.datetime] = None
    """The last change (aware, UTC)."""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The entry as the library listed it."""

    @property
    def acknowledged(self) -> bool:
        """True once the till has recorded the outcome."""
        return self.acknowledged_at is not None

    @classmethod
    def from_document(cls, document: Any) -> JournalEntry:
        """Read one listed entry; a malformed one raises :class:`ProtocolError`."""
        if not isinstance(document, dict):
            raise ProtocolError("a journal entry is not a JSON object")
        entry_id = document.get("id")
        if not isinstance(entry_id, str):
            raise ProtocolError("a journal entry has no id")
        what = f"journal entry {entry_id}"
        amount = document.get("amount")
        if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
            raise ProtocolError(f"{what}: amount is not an integer")
        outcome = document.get("outcome")
        created_at = _timestamp(document.get("created_at"), f"{what}: created_at")
        if created_at is None:
            raise ProtocolError(f"{what} has no created_at")
        return cls(
            id=entry_id,
            reference=_optional_text(document, "reference", what),
            state=_member(EntryState, document.get("state"), f"{what}: the state"),
            outcome=None if outcome is None else _member(Outcome, outcome, f"{what}: the outcome"),
            session_id=_optional_text(document, "session_id", what),
            amount=amount,
            currency=_optional_text(document, "currency", what),
            card=_optional_text(document, "card", what),
            created_at=created_at,
            acknowledged_at=_timestamp(document.get("acknowledged_at"), f"{what}: acknowledged_at"),
            note=_optional_text(document, "note", what),
            kind=_optional_text(document, "kind", what) or "pay",
            updated_at=_timestamp(document.get("updated_at"), f"{what}: updated_at"),
            raw=dict(document),
        )


def entries_from_reply(reply: Mapping[str, Any]) -> list[JournalEntry]:
    """The entries of ``{"status": "ok", "entries": [...]}``."""
    entries = reply.get("entries")
    if not isinstance(entries, list):
        raise ProtocolError("the journal reply has no list of entries")
    return [JournalEntry.from_document(entry) for entry in entries]
