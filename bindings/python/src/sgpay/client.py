"""The :class:`Client`: one configured, thread-safe connection to the Smart Glocal API."""

from __future__ import annotations

import ctypes
import json
import os
import threading
from typing import TYPE_CHECKING, Any, Callable, Mapping, NoReturn, Optional, Union

from . import _logging, _native
from ._operations import OPERATIONS, OPTIONAL, SESSION, SESSION_ID_NOTE, Operation
from ._results import JournalEntry, PayResult, entries_from_reply
from .errors import (
    STATUS_INTERNAL,
    STATUS_OK,
    ClientClosedError,
    Error,
    InvalidArgumentError,
    ProtocolError,
    error_from_document,
)

__all__ = ["Client", "Request"]

Request = Union[Mapping[str, Any], str, bytes]
"""A request body: a mapping (serialised to JSON) or JSON text passed through as it is."""


def _json_default(value: Any) -> Any:
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _to_c_text(value: Union[str, bytes], what: str) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if b"\0" in data:
        raise InvalidArgumentError(f"{what} contains a NUL character")
    return data


def _encode_json(value: Any, what: str) -> bytes:
    if isinstance(value, (str, bytes)):
        return _to_c_text(value, what)
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(
            f"{what} must be a dict or a JSON object as text, not {type(value).__name__}"
        )
    try:
        text = json.dumps(
            dict(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_json_default
        )
    except (TypeError, ValueError, RecursionError) as error:
        raise InvalidArgumentError(f"{what} cannot be written as JSON: {error}") from None
    return _to_c_text(text, what)


def _encode_config(config: Union[Mapping[str, Any], str, None], keys: Mapping[str, Any]) -> bytes:
    if config is None or isinstance(config, Mapping):
        merged = dict(config or {})
    elif isinstance(config, str):
        if not keys:
            return _to_c_text(config, "the configuration")
        merged = _parse_config_text(config)
    else:
        raise InvalidArgumentError(
            f"the configuration must be a dict or JSON text, not {type(config).__name__}"
        )
    merged.update(keys)
    without_none = {key: value for key, value in merged.items() if value is not None}
    return _encode_json(without_none, "the configuration")


def _parse_config_text(text: str) -> dict[str, Any]:
    return _parse_json_object(text, "the configuration", InvalidArgumentError)


def _encode_options(**options: Any) -> Optional[bytes]:
    present = {key: value for key, value in options.items() if value is not None}
    return _encode_json(present, "the options") if present else None


def _parse_json(text: str) -> Any:
    """``json.loads`` that fails with :class:`ValueError` only, whatever the nesting depth."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _parse_json_object(text: str, what: str, error: type[Error]) -> dict[str, Any]:
    """The JSON object in ``text``; anything else raises ``error`` naming ``what``."""
    try:
        parsed = _parse_json(text)
    except ValueError as problem:
        raise error(f"{what} is not valid JSON: {problem}") from None
    if not isinstance(parsed, dict):
        raise error(f"{what} is not a JSON object")
    return parsed


def _parse_reply(text: Optional[str]) -> dict[str, Any]:
    if text is None:
        raise ProtocolError("the library returned no document for a successful call")
    return _parse_json_object(text, "the reply", ProtocolError)


def _raise_for(status: int, text: Optional[str]) -> NoReturn:
    try:
        document = _parse_json(text) if text else None
    except ValueError:
        document = None
    raise error_from_document(status, document)


def _session_request(request: Request) -> Request:
    """A bare session id becomes ``{"session_id": ...}``; anything else is left as it is."""
    if isinstance(request, str) and not request.lstrip().startswith("{"):
        return {"session_id": request}
    return request


if TYPE_CHECKING:
    from typing import Protocol, TypeVar

    Reply = dict[str, Any]
    """What a session method returns: the server's reply."""

    _Result = TypeVar("_Result", covariant=True)

    class OptionalRequestMethod(Protocol[_Result]):
        """A session method whose request may be left out (``OPTIONAL`` in the operation table)."""

        def __call__(
            self,
            request: Optional[Request] = None,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> _Result: ...

    class RequestMethod(Protocol[_Result]):
        """A session method that takes a request (``BODY`` or ``SESSION`` in the operation table)."""

        def __call__(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> _Result: ...


class Client:
    """A client of the Smart Glocal partner API, backed by the native sgpay library.

    Keyword arguments are the configuration keys of the library (``base_url``,
    ``project``, ``private_key_pem`` or ``private_key_path`` or ``hmac_secret``,
    ``webhook_public_key_path``, ``submerchant``, ``request_timeout_ms``, ...); keys
    whose value is ``None`` are left out, and an unknown key raises :class:`ConfigError`
    naming it. A dict or JSON text may also be given as the only positional argument;
    keyword arguments then override its keys.

    Request bodies are dicts (or JSON text, passed through unchanged); the server's
    replies are dicts. What the library itself defines is typed: :meth:`pay` returns a
    :class:`PayResult`, :meth:`journal_entries` and :meth:`recover` lists of
    :class:`JournalEntry`. Every method also takes the per-call options ``idempotency_key=`` and
    ``submerchant=``. The session methods (``create_session`` ... ``status``) are made
    from the operation table of :mod:`sgpay._operations` and all go through
    ``sgpay_call``. With ``journal_path`` configured, :meth:`pay` takes a whole card
    payment crash-safe; :meth:`journal_entries`, :meth:`recover` and :meth:`acknowledge`
    work on the journal. One client may be shared by many threads: the native call runs
    without the GIL (:class:`sgpay.AsyncClient` builds on that). Use it as a context
    manager, or call :meth:`close`.

    Raises:
        ConfigError: the configuration was refused.
    """

    def __init__(self, config: Union[Mapping[str, Any], str, None] = None, /, **keys: Any) -> None:
        self._handle: Optional[int] = None
        self._in_flight = 0
        self._condition = threading.Condition()
        self._description = self._describe(config, keys)
        encoded = _encode_config(config, keys)
        _logging.sync_log_level()
        handle = ctypes.c_void_p()
        status, text = _native.native_call(_native.lib.sgpay_client_new, encoded, ctypes.byref(handle))
        if status != STATUS_OK:
            if handle.value:
                _native.lib.sgpay_client_free(handle)
            _raise_for(status, text)
        if not handle.value:
            raise Error("the library returned no client", status=STATUS_INTERNAL)
        self._handle = handle.value

    @staticmethod
    def _describe(config: Union[Mapping[str, Any], str, None], keys: Mapping[str, Any]) -> str:
        merged: dict[str, Any] = dict(config) if isinstance(config, Mapping) else {}
        merged.update(keys)
        return f"project={merged.get('project')!r} base_url={merged.get('base_url')!r}"

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<sgpay.Client {self._description} {state}>"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle and _native is not None:
            self._handle = None
            _native.lib.sgpay_client_free(handle)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has been called."""
        return self._handle is None

    def close(self) -> None:
        """Release the native client; calling it again does nothing.

        Waits for calls still running on other threads. Any later call raises
        :class:`ClientClosedError`.
        """
        with self._condition:
            handle, self._handle = self._handle, None
            while self._in_flight:
                self._condition.wait()
        if handle:
            _native.lib.sgpay_client_free(handle)

    def _enter_call(self) -> int:
        with self._condition:
            if self._handle is None:
                raise ClientClosedError()
            self._in_flight += 1
            return self._handle

    def _leave_call(self) -> None:
        with self._condition:
            self._in_flight -= 1
            if not self._in_flight:
                self._condition.notify_all()

    def _invoke(self, function: Any, *arguments: Optional[bytes]) -> dict[str, Any]:
        _logging.sync_log_level()
        handle = self._enter_call()
        try:
            status, text = _native.native_call(function, handle, *arguments)
        finally:
            self._leave_call()
        if status != STATUS_OK:
            _raise_for(status, text)
        return _parse_reply(text)

    def call(
        self,
        operation: str,
        request: Optional[Request] = None,
        *,
        idempotency_key: Optional[str] = None,
        submerchant: Optional[str] = None,
    ) -> dict[str, Any]:
        """Call any API method by its path, e.g. ``call("session/status", {...})``.

        ``request`` defaults to an empty object. Returns the server's reply.
        """
        body = _encode_json({} if request is None else request, "the request")
        name = _to_c_text(operation, "the operation")
        options = _encode_options(idempotency_key=idempotency_key, submerchant=submerchant)
        return self._invoke(_native.lib.sgpay_call, name, body, options)

    def pay(
        self,
        request: Request,
        *,
        reference: Optional[str] = None,
        confirm: Optional[str] = "auto",
        idempotency_key: Optional[str] = None,
        deadline_ms: Optional[int] = None,
        poll_interval_ms: Optional[int] = None,
        submerchant: Optional[str] = None,
    ) -> PayResult:
        """One whole card payment: create, start, wait, confirm, wait for a final status.

        ``request`` is a ``session/start/payment`` body; without ``session_id`` a session
        is created first, with it an interrupted sale is resumed. With ``journal_path``
        configured, every step is journaled before it is sent. ``reference`` is your id
        of the sale (e.g. the receipt number); ``confirm="manual"`` stops before
        ``session/confirm``; ``idempotency_key`` is the base each step's key derives
        from, so repeating ``pay`` with it replays instead of charging twice.

        Returns a :class:`PayResult`: ``outcome`` (an :class:`Outcome`: ``SUCCEEDED``,
        ``DECLINED``, ``ACTION_REQUIRED``, ``AWAITING_CONFIRMATION``, ``AWAITING_CAPTURE``,
        ``IN_PROGRESS`` or ``ERROR``), ``session_id``, ``session`` (the server's dict) and
        ``raw``. A decline is an outcome, not an exception.

        Raises:
            JournalError: the journal could not be written; nothing was sent.
        """
        options = _encode_options(
            reference=reference,
            confirm=confirm,
            idempotency_key=idempotency_key,
            deadline_ms=deadline_ms,
            poll_interval_ms=poll_interval_ms,
            submerchant=submerchant,
        )
        document = self._invoke(_native.lib.sgpay_pay, _encode_json(request, "the request"), options)
        return PayResult.from_document(document)

    def journal_entries(self, filter: Optional[Request] = None) -> list[JournalEntry]:  # noqa: A002
        """The journal's entries, oldest first, as :class:`JournalEntry` objects.

        ``filter`` is None (every unacknowledged entry) or a dict with ``reference``,
        ``state`` (``pending``, ``in_doubt``, ``done``, ``needs_attention``) or
        ``session_id``, optionally with ``"include_acknowledged": True``.
        """
        body = None if filter is None else _encode_json(filter, "the filter")
        return entries_from_reply(self._invoke(_native.lib.sgpay_journal_entries, body))

    def recover(self, *, deadline_ms: Optional[int] = None) -> list[JournalEntry]:
        """Resolve the entries a gone process left ``pending``, and those ``in_doubt``.

        Asks ``session/status`` or re-sends a stored body with its own key; never
        confirms a ``manual`` sale, cancels or starts a payment of its own. ``deadline_ms``
        bounds how long it waits for sessions still in progress. Returns every entry it
        looked at, each with its ``outcome``, or ``state`` ``NEEDS_ATTENTION`` with a
        ``note`` in plain words on what a person must check. Call it at start-up.
        """
        options = _encode_options(deadline_ms=deadline_ms)
        return entries_from_reply(self._invoke(_native.lib.sgpay_journal_recover, options))

    def acknowledge(self, entry: Union[JournalEntry, str]) -> JournalEntry:
        """Mark that the till has recorded the outcome of ``entry`` (a :class:`JournalEntry` or its id).

        Returns the entry as now stored, with ``acknowledged_at`` set. Acknowledged entries
        leave the default listing and are purged after ``journal_retention_days``.

        Raises:
            InvalidArgumentError: an unknown id, or an entry still ``pending``.
        """
        entry_id = entry.id if isinstance(entry, JournalEntry) else entry
        if not isinstance(entry_id, str):
            raise InvalidArgumentError(
                f"acknowledge takes a JournalEntry or its id, not {type(entry).__name__}"
            )
        reply = self._invoke(_native.lib.sgpay_journal_acknowledge, _to_c_text(entry_id, "the entry id"))
        return JournalEntry.from_document(reply.get("entry"))

    def verify_webhook(
        self, body: Union[bytes, bytearray, memoryview, str], signature: str
    ) -> dict[str, Any]:
        """Check a webhook's ``X-PARTNER-SIGN`` over its raw ``body``; return the event.

        The configured webhook key (``webhook_public_key_*`` or ``webhook_hmac_secret``)
        verifies the signature before the body is parsed. Pass the body exactly as
        received (bytes); text is encoded as UTF-8.

        Raises:
            SignatureError: the signature does not match the body.
            ConfigError: the client has no webhook key.
        """
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        header = _to_c_text(signature, "the signature")
        _logging.sync_log_level()
        handle = self._enter_call()
        try:
            status, text = _native.native_call(
                _native.lib.sgpay_webhook_verify, handle, data, len(data), header
            )
        finally:
            self._leave_call()
        if status != STATUS_OK:
            _raise_for(status, text)
        return _parse_reply(text)

    if TYPE_CHECKING:
        # The session methods are made at import time from the operation table (below);
        # these declarations give type checkers and editors their signatures, one per kind
        # of request. tests/test_typing.py checks that they match the methods made from the table.
        create_session: OptionalRequestMethod[Reply]
        init_payment: RequestMethod[Reply]
        start_payment: RequestMethod[Reply]
        init_payout: RequestMethod[Reply]
        start_payout: RequestMethod[Reply]
        confirm: RequestMethod[Reply]
        cancel: RequestMethod[Reply]
        capture: RequestMethod[Reply]
        refund: RequestMethod[Reply]
        status: RequestMethod[Reply]

def _operation_method(operation: Operation) -> Callable[..., dict[str, Any]]:
    """The :class:`Client` method of one row of the operation table."""
    if operation.request == OPTIONAL:

        def method(
            self: Client,
            request: Optional[Request] = None,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            return self.call(
                operation.path, request, idempotency_key=idempotency_key, submerchant=submerchant
            )

    else:

        def method(  # type: ignore[misc]
            self: Client,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            if operation.request == SESSION:
                request = _session_request(request)
            return self.call(
                operation.path, request, idempotency_key=idempotency_key, submerchant=submerchant
            )

    method.__name__ = operation.method
    method.__qualname__ = f"Client.{operation.method}"
    method.__doc__ = f"``{operation.path}``: {operation.summary}"
    if operation.request == SESSION:
        method.__doc__ += "\n\n" + SESSION_ID_NOTE.format(method=operation.method)
    return method


for _operation in OPERATIONS:
    setattr(Client, _operation.method, _operation_method(_operation))
