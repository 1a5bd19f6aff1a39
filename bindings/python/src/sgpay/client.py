"""The :class:`Client`: one configured, thread-safe connection to the Smart Glocal API."""

from __future__ import annotations

import ctypes
import json
import os
import threading
from typing import Any, Mapping, NoReturn, Optional, Union

from . import _logging, _native
from .errors import ClientClosedError, Error, InvalidArgumentError, ProtocolError, error_from_document

__all__ = ["Client", "Request"]

Request = Union[Mapping[str, Any], str, bytes]
"""A request body: a mapping (serialised to JSON) or JSON text passed through as it is."""

_OK = 0


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
    except (TypeError, ValueError) as error:
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
    try:
        parsed = json.loads(text)
    except ValueError as error:
        raise InvalidArgumentError(f"the configuration is not valid JSON: {error}") from None
    if not isinstance(parsed, dict):
        raise InvalidArgumentError("the configuration must be a JSON object")
    return parsed


def _encode_options(idempotency_key: Optional[str], submerchant: Optional[str]) -> Optional[bytes]:
    options = {"idempotency_key": idempotency_key, "submerchant": submerchant}
    present = {key: value for key, value in options.items() if value is not None}
    return _encode_json(present, "the options") if present else None


def _parse_reply(text: Optional[str]) -> dict[str, Any]:
    if text is None:
        raise ProtocolError("the library returned no document for a successful call")
    try:
        document = json.loads(text)
    except ValueError:
        raise ProtocolError("the reply is not valid JSON") from None
    if not isinstance(document, dict):
        raise ProtocolError("the reply is not a JSON object")
    return document


def _raise_for(status: int, text: Optional[str]) -> NoReturn:
    try:
        document = json.loads(text) if text else None
    except ValueError:
        document = None
    raise error_from_document(status, document)


def _status_request(session: Request) -> Request:
    if isinstance(session, str) and not session.lstrip().startswith("{"):
        return {"session_id": session}
    return session


class Client:
    """A client of the Smart Glocal partner API, backed by the native sgpay library.

    Keyword arguments are the configuration keys of the library (``base_url``,
    ``project``, ``private_key_pem`` or ``private_key_path`` or ``hmac_secret``,
    ``webhook_public_key_path``, ``submerchant``, ``request_timeout_ms``, ...); keys
    whose value is ``None`` are left out, and an unknown key raises :class:`ConfigError`
    naming it. A dict or JSON text may also be given as the only positional argument;
    keyword arguments then override its keys.

    Request bodies are dicts (or JSON text, passed through unchanged); replies are
    dicts. Every method also takes the per-call options ``idempotency_key=`` and
    ``submerchant=``. One client may be shared by many threads: the native call runs
    without the GIL. Use it as a context manager, or call :meth:`close`.

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
        if status != _OK:
            if handle.value:
                _native.lib.sgpay_client_free(handle)
            _raise_for(status, text)
        if not handle.value:
            raise Error("the library returned no client", status=99, code="internal")
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
        if status != _OK:
            _raise_for(status, text)
        return _parse_reply(text)

    def _session_call(
        self,
        operation: str,
        request: Request,
        idempotency_key: Optional[str],
        submerchant: Optional[str],
    ) -> dict[str, Any]:
        function = getattr(_native.lib, _native.SESSION_FUNCTIONS[operation])
        body = _encode_json(request, "the request")
        return self._invoke(function, body, _encode_options(idempotency_key, submerchant))

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
        options = _encode_options(idempotency_key, submerchant)
        return self._invoke(_native.lib.sgpay_call, name, body, options)

    def create_session(
        self,
        request: Optional[Request] = None,
        *,
        idempotency_key: Optional[str] = None,
        submerchant: Optional[str] = None,
    ) -> dict[str, Any]:
        """``session/create``: a new session in status ``created`` (all fields optional)."""
        return self._session_call(
            "session/create", {} if request is None else request, idempotency_key, submerchant
        )

    def init_payment(
        self, request: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/init/payment``: create a session and start a payment in one call."""
        return self._session_call("session/init/payment", request, idempotency_key, submerchant)

    def start_payment(
        self, request: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/start/payment``: start a payment in an existing session."""
        return self._session_call("session/start/payment", request, idempotency_key, submerchant)

    def init_payout(
        self, request: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/init/payout``: create a session and start a payout in one call."""
        return self._session_call("session/init/payout", request, idempotency_key, submerchant)

    def start_payout(
        self, request: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/start/payout``: start a payout in an existing session."""
        return self._session_call("session/start/payout", request, idempotency_key, submerchant)

    def confirm(
        self, request: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/confirm``: confirm an operation waiting with ``next_action: confirm``.

        Like every session method that needs only ``session_id``, it also accepts the
        session id alone: ``confirm("ps_1")``.
        """
        return self._session_call("session/confirm", _status_request(request), idempotency_key, submerchant)

    def cancel(
        self, request: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/cancel``: cancel a pending operation or release a hold."""
        return self._session_call("session/cancel", _status_request(request), idempotency_key, submerchant)

    def capture(
        self, request: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/capture``: debit a hold (optional ``amount_details`` for part of it)."""
        return self._session_call("session/capture", _status_request(request), idempotency_key, submerchant)

    def refund(
        self, request: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/refund``: refund a succeeded payment, fully or by ``amount_details``."""
        return self._session_call("session/refund", _status_request(request), idempotency_key, submerchant)

    def status(
        self, session: Request, *, idempotency_key: Optional[str] = None, submerchant: Optional[str] = None
    ) -> dict[str, Any]:
        """``session/status``: the whole session.

        ``session`` is a request body or just the session id, e.g. ``status("ps_1")``.
        """
        return self._session_call("session/status", _status_request(session), idempotency_key, submerchant)

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
        if status != _OK:
            _raise_for(status, text)
        return _parse_reply(text)
