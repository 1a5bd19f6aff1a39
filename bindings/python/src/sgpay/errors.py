"""Exceptions raised by :mod:`sgpay`, one class per status code of the C ABI.

The taxonomy lives in one table, :data:`STATUSES`: status number -> the library's name of
the status (its "kind", the ``SGPAY_ERR_*`` name in lower case) and the exception class.
The test suite checks it against ``include/sgpay.h``. The advice comes from the error
document alone (``src/ffi/status.rs`` is its one home); the package keeps none of its own.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Optional

__all__ = [
    "Error",
    "InvalidArgumentError",
    "ConfigError",
    "NotSentError",
    "OutcomeUnknownError",
    "ApiError",
    "ProtocolError",
    "SignatureError",
    "JournalError",
    "ClientClosedError",
    "STATUSES",
    "error_from_document",
]

STATUS_OK = 0


class Error(Exception):
    """Base class of every error raised by sgpay.

    Attributes:
        status: the C ABI status code (1 invalid argument, 2 config, 10 not sent,
            11 outcome unknown, 20 API error, 21 protocol, 30 signature, 40 journal,
            98 panic, 99 internal).
        kind: the library's name of the status (``"not_sent"``, ``"api"``, ...).
        code: the error code: the API's own code for :class:`ApiError`
            (e.g. ``"idempotency_key_already_exists"``), otherwise the library's
            (``"invalid_argument"``, ``"config"``, ``"not_sent"``, ...).
        description: plain words; card data and secrets are redacted by the library.
        advice: plain words on what to do next (may be empty).
        http_status: the HTTP status of the reply, when there was one.
        idempotency_key: the ``X-PARTNER-IDEMPOTENCY-KEY`` the request was sent with,
            if any; repeat the call with it to learn the outcome safely.
        operation: the API method, e.g. ``"session/start/payment"``, when known.
        attempts: how many HTTP attempts the library made, when known.
        session_id: the session the call was about, when known.
        last_reply: when the outcome is unknown after a later answer of the server, that
            answer (``{"http_status", "code", "description"}``), else None.
        document: the whole parsed error document returned by the library.

    """

    def __init__(
        self,
        description: str = "",
        *,
        status: Optional[int] = None,
        code: Optional[str] = None,
        kind: Optional[str] = None,
        advice: Optional[str] = None,
        http_status: Optional[int] = None,
        idempotency_key: Optional[str] = None,
        operation: Optional[str] = None,
        attempts: Optional[int] = None,
        session_id: Optional[str] = None,
        last_reply: Optional[dict[str, Any]] = None,
        document: Optional[dict[str, Any]] = None,
    ) -> None:
        own_status = _own_status(type(self))
        self.status: int = own_status if status is None else status
        entry = STATUSES.get(self.status)
        self.kind: str = kind or (entry.kind if entry else str(self.status))
        self.code: str = code or STATUSES[own_status].kind
        self.description: str = description
        self.advice: str = advice or ""
        self.http_status: Optional[int] = http_status
        self.idempotency_key: Optional[str] = idempotency_key
        self.operation: Optional[str] = operation
        self.attempts: Optional[int] = attempts
        self.session_id: Optional[str] = session_id
        self.last_reply: Optional[dict[str, Any]] = last_reply
        self.document: dict[str, Any] = document if document is not None else {}
        super().__init__(self._message())

    def _message(self) -> str:
        """The message, in the same format as the C# binding's ``SgPayException.Message``.

        ``<operation> failed (<Kind>[, HTTP n]): <code>[: <description>]`` followed, when
        the outcome is unknown, by the idempotency key to repeat with (from the structured
        field, whatever the description says), and by the advice.
        """
        context = [_title(self.kind)]
        if self.http_status is not None:
            context.append(f"HTTP {self.http_status}")
        message = f"{self.operation or 'sgpay'} failed ({', '.join(context)}): {self.code}"
        if self.description:
            message += f": {self.description}"
        if self.status == STATUS_OUTCOME_UNKNOWN and self.idempotency_key:
            message += f" (idempotency key {self.idempotency_key})"
        if self.advice:
            message += f" {self.advice}"
        return message

    def __reduce__(self) -> Any:
        return (_rebuild_error, (type(self), dict(self.__dict__)))


def _title(kind: str) -> str:
    """``"outcome_unknown"`` -> ``"OutcomeUnknown"`` (the C# enum's name of the status)."""
    return "".join(part[:1].upper() + part[1:] for part in kind.split("_"))


def _rebuild_error(cls: type[Error], state: dict[str, Any]) -> Error:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error._message())
    return error


class InvalidArgumentError(Error, ValueError):
    """The request was refused before anything was sent.

    Malformed JSON, an unknown operation, a missing or invalid field (the description
    names it), or a call on a closed client.
    """


class ClientClosedError(InvalidArgumentError):
    """A method was called on a :class:`sgpay.Client` after its ``close()``.

    Nothing was sent; create a new client.
    """

    def __init__(self) -> None:
        super().__init__("the client is closed; create a new sgpay.Client")


class ConfigError(Error, ValueError):
    """The client configuration was refused.

    A missing or unknown key (named in the description), an unreadable or invalid key
    file, a non-loopback ``http://`` URL, two signing modes at once...
    """


class NotSentError(Error):
    """The request never reached the server: it is safe to send it again.

    DNS failure, connection refused, TLS handshake failure: nothing was processed.
    """


class OutcomeUnknownError(Error):
    """The request may or may not have been processed by the server.

    A timeout, or the connection was lost after sending. Repeat the call with the same
    ``idempotency_key`` (the server then replays its first answer instead of acting
    twice), or ask ``session/status``, before doing anything else.
    """


class ApiError(Error):
    """The API answered ``"status": "error"``.

    :attr:`code` and :attr:`description` are the server's own, :attr:`http_status` the
    reply's HTTP status.
    """


class ProtocolError(Error):
    """The server answered something that is not the API's JSON.

    An unexpected HTTP status, an HTML page, an empty, truncated or too deeply nested body.
    """


class SignatureError(Error):
    """A webhook's ``X-PARTNER-SIGN`` did not verify over its raw body: do not trust it."""


class JournalError(Error):
    """The crash-safe journal (``journal_path`` or ``journal_url``) could not be opened or written.

    When this comes from a call, nothing was sent.
    """


class Status(NamedTuple):
    """One row of :data:`STATUSES`."""

    kind: str
    """The library's name of the status: the ``SGPAY_ERR_*`` name in lower case."""
    error: type[Error]
    """The exception class raised for it."""


STATUS_INVALID_ARGUMENT = 1
STATUS_CONFIG = 2
STATUS_NOT_SENT = 10
STATUS_OUTCOME_UNKNOWN = 11
STATUS_API = 20
STATUS_PROTOCOL = 21
STATUS_SIGNATURE = 30
STATUS_JOURNAL = 40
STATUS_PANIC = 98
STATUS_INTERNAL = 99

STATUSES: dict[int, Status] = {
    STATUS_INVALID_ARGUMENT: Status("invalid_argument", InvalidArgumentError),
    STATUS_CONFIG: Status("config", ConfigError),
    STATUS_NOT_SENT: Status("not_sent", NotSentError),
    STATUS_OUTCOME_UNKNOWN: Status("outcome_unknown", OutcomeUnknownError),
    STATUS_API: Status("api", ApiError),
    STATUS_PROTOCOL: Status("protocol", ProtocolError),
    STATUS_SIGNATURE: Status("signature", SignatureError),
    STATUS_JOURNAL: Status("journal", JournalError),
    STATUS_PANIC: Status("panic", Error),
    STATUS_INTERNAL: Status("internal", Error),
}
"""Every non-zero status of the C ABI: number -> kind and exception class. The advice comes
from the library's error document alone (``sgpay.advice``), so that it has one home:
``src/ffi/status.rs``."""

_OWN_STATUS: dict[type, int] = {row.error: status for status, row in STATUSES.items()}
"""Exception class -> the status it stands for (the base class: internal)."""


def _own_status(cls: type) -> int:
    return next(_OWN_STATUS[klass] for klass in cls.__mro__ if klass in _OWN_STATUS)


def _optional_int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _optional_str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def error_from_document(status: int, document: Optional[Mapping[str, Any]]) -> Error:
    """Build the exception for a non-zero C ABI ``status`` and its error document.

    The class is chosen by ``status`` alone (unknown codes, panics and internal errors
    give the base :class:`Error`); the attributes come from the structured fields of the
    document, which may be missing or partial.
    """
    document = dict(document) if isinstance(document, Mapping) else {}
    error = _mapping(document.get("error"))
    details = _mapping(document.get("sgpay"))
    entry = STATUSES.get(status)
    cls = entry.error if entry else Error
    description = error.get("description")
    advice = details.get("advice")
    last_reply = details.get("last_reply")
    return cls(
        description if isinstance(description, str) else "",
        status=status,
        code=_optional_str(error.get("code")),
        kind=_optional_str(details.get("kind")),
        advice=advice if isinstance(advice, str) else None,
        http_status=_optional_int(details.get("http_status")),
        idempotency_key=_optional_str(details.get("idempotency_key")),
        operation=_optional_str(details.get("operation")),
        attempts=_optional_int(details.get("attempts")),
        session_id=_optional_str(details.get("session_id")),
        last_reply=dict(last_reply) if isinstance(last_reply, Mapping) else None,
        document=document,
    )
