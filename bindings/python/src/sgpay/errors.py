"""Exceptions raised by :mod:`sgpay`, one class per status code of the C ABI."""

from __future__ import annotations

from typing import Any, Mapping, Optional

__all__ = [
    "Error",
    "InvalidArgumentError",
    "ConfigError",
    "NotSentError",
    "OutcomeUnknownError",
    "ApiError",
    "ProtocolError",
    "SignatureError",
    "ClientClosedError",
    "error_from_document",
]

STATUS_INVALID_ARGUMENT = 1
STATUS_CONFIG = 2
STATUS_NOT_SENT = 10
STATUS_OUTCOME_UNKNOWN = 11
STATUS_API = 20
STATUS_PROTOCOL = 21
STATUS_SIGNATURE = 30
STATUS_PANIC = 98
STATUS_INTERNAL = 99


class Error(Exception):
    """Base class of every error raised by sgpay.

    Attributes:
        status: the C ABI status code (1 invalid argument, 2 config, 10 not sent,
            11 outcome unknown, 20 API error, 21 protocol, 30 signature, 98 panic,
            99 internal).
        code: the error code: the API's own code for :class:`ApiError`
            (e.g. ``"idempotency_key_already_exists"``), otherwise the library's
            (``"invalid_argument"``, ``"config"``, ``"not_sent"``, ...).
        description: plain words; card data and secrets are redacted by the library.
        http_status: the HTTP status of the reply, when there was one.
        idempotency_key: the ``X-PARTNER-IDEMPOTENCY-KEY`` the request was sent with,
            if any; repeat the call with it to learn the outcome safely.
        operation: the API method, e.g. ``"session/start/payment"``, when known.
        attempts: how many HTTP attempts the library made, when known.
        document: the whole parsed error document returned by the library.

    """

    default_status = STATUS_INTERNAL
    default_code = "internal"
    advice = ""

    def __init__(
        self,
        description: str = "",
        *,
        status: Optional[int] = None,
        code: Optional[str] = None,
        http_status: Optional[int] = None,
        idempotency_key: Optional[str] = None,
        operation: Optional[str] = None,
        attempts: Optional[int] = None,
        document: Optional[dict[str, Any]] = None,
    ) -> None:
        self.status: int = self.default_status if status is None else status
        self.code: str = code or self.default_code
        self.description: str = description
        self.http_status: Optional[int] = http_status
        self.idempotency_key: Optional[str] = idempotency_key
        self.operation: Optional[str] = operation
        self.attempts: Optional[int] = attempts
        self.document: dict[str, Any] = document if document is not None else {}
        super().__init__(self._message())

    def _message(self) -> str:
        parts = [f"{self.code}: {self.description}" if self.description else self.code]
        context = []
        if self.operation:
            context.append(f"operation {self.operation}")
        if self.http_status is not None:
            context.append(f"HTTP {self.http_status}")
        if self.idempotency_key:
            context.append(f"idempotency key {self.idempotency_key}")
        if context:
            parts.append(f"({', '.join(context)})")
        advice = self._advice_text()
        if advice:
            parts.append(advice)
        return " ".join(parts)

    def _advice_text(self) -> str:
        return self.advice

    def __reduce__(self) -> Any:
        return (_rebuild_error, (type(self), dict(self.__dict__)))


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

    default_status = STATUS_INVALID_ARGUMENT
    default_code = "invalid_argument"


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

    default_status = STATUS_CONFIG
    default_code = "config"


class NotSentError(Error):
    """The request never reached the server: it is safe to send it again.

    DNS failure, connection refused, TLS handshake failure: nothing was processed.
    """

    default_status = STATUS_NOT_SENT
    default_code = "not_sent"
    advice = "The request never reached the server: it is safe to send it again."

    def _advice_text(self) -> str:
        return "" if "safe to send" in self.description else self.advice


class OutcomeUnknownError(Error):
    """The request may or may not have been processed by the server.

    A timeout, or the connection was lost after sending. Repeat the call with the same
    ``idempotency_key`` (the server then replays its first answer instead of acting
    twice), or ask ``session/status``, before doing anything else.
    """

    default_status = STATUS_OUTCOME_UNKNOWN
    default_code = "outcome_unknown"
    advice = (
        "The server may have processed it: repeat the call with the same idempotency key, "
        "or check the session with session/status, before doing anything else."
    )

    def _advice_text(self) -> str:
        if not self.idempotency_key:
            return self.advice
        return (
            "The server may have processed it: repeat the call with "
            f"idempotency_key={self.idempotency_key!r}, or check the session with "
            "session/status, before doing anything else."
        )


class ApiError(Error):
    """The API answered ``"status": "error"``.

    :attr:`code` and :attr:`description` are the server's own, :attr:`http_status` the
    reply's HTTP status.
    """

    default_status = STATUS_API
    default_code = "api_error"


class ProtocolError(Error):
    """The server answered something that is not the API's JSON.

    An unexpected HTTP status, an HTML page, an empty or truncated body.
    """

    default_status = STATUS_PROTOCOL
    default_code = "protocol"


class SignatureError(Error):
    """A webhook's ``X-PARTNER-SIGN`` did not verify over its raw body: do not trust it."""

    default_status = STATUS_SIGNATURE
    default_code = "signature"


_CLASS_BY_STATUS: dict[int, type[Error]] = {
    STATUS_INVALID_ARGUMENT: InvalidArgumentError,
    STATUS_CONFIG: ConfigError,
    STATUS_NOT_SENT: NotSentError,
    STATUS_OUTCOME_UNKNOWN: OutcomeUnknownError,
    STATUS_API: ApiError,
    STATUS_PROTOCOL: ProtocolError,
    STATUS_SIGNATURE: SignatureError,
}


def _optional_int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _optional_str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def error_from_document(status: int, document: Optional[Mapping[str, Any]]) -> Error:
    """Build the exception for a non-zero C ABI ``status`` and its error document.

    The class is chosen by ``status`` alone (unknown codes, panics and internal errors
    give the base :class:`Error`); the attributes come from the document, which may be
    missing or partial.
    """
    document = dict(document) if isinstance(document, Mapping) else {}
    error = document.get("error")
    error = error if isinstance(error, Mapping) else {}
    details = document.get("sgpay")
    details = details if isinstance(details, Mapping) else {}
    cls = _CLASS_BY_STATUS.get(status, Error)
    code = error.get("code")
    description = error.get("description")
    return cls(
        description if isinstance(description, str) else "",
        status=status,
        code=code if isinstance(code, str) and code else None,
        http_status=_optional_int(details.get("http_status")),
        idempotency_key=_optional_str(details.get("idempotency_key")),
        operation=_optional_str(details.get("operation")),
        attempts=_optional_int(details.get("attempts")),
        document=document,
    )
