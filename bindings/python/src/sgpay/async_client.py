"""The :class:`AsyncClient`: the :class:`~sgpay.Client` API as coroutines for :mod:`asyncio`."""

from __future__ import annotations

import asyncio
import functools
import inspect
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, Callable, Coroutine, Mapping, Optional, Union

from ._operations import OPERATIONS
from .client import Client, Request

if TYPE_CHECKING:
    from ._results import JournalEntry, PayResult

__all__ = ["AsyncClient"]

ASYNC_METHODS = (
    "call",
    *(operation.method for operation in OPERATIONS),
    "verify_webhook",
    "pay",
    "journal_entries",
    "recover",
    "acknowledge",
)
"""The :class:`Client` methods that :class:`AsyncClient` offers as coroutines."""


class AsyncClient:
    """A :class:`~sgpay.Client` whose methods are coroutines.

    Takes the same arguments as :class:`~sgpay.Client` and has the same methods
    (``call``, ``create_session`` ... ``status``, ``verify_webhook``, ``pay``,
    ``journal_entries``, ``recover``, ``acknowledge``), each ``async def`` with the same
    parameters, result and exceptions. The native call runs in a thread of ``executor``
    (the event loop's default executor when None), without the GIL, so the event loop
    keeps running while a payment waits on the network::

        async with sgpay.AsyncClient(base_url=..., project=..., hmac_secret=...) as client:
            result = await client.pay(request, reference="receipt-42")

    Raises:
        ConfigError: the configuration was refused.
    """

    def __init__(
        self,
        config: Union[Mapping[str, Any], str, None] = None,
        /,
        *,
        executor: Optional[Executor] = None,
        **keys: Any,
    ) -> None:
        self._client = Client(config, **keys)
        self._executor = executor

    def __repr__(self) -> str:
        return "<sgpay.AsyncClient " + repr(self._client)[len("<sgpay.Client ") :]

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *_exc_info: object) -> None:
        await self.close()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` has been called."""
        return self._client.closed

    async def close(self) -> None:
        """Release the native client, after the calls still running (see :meth:`Client.close`)."""
        await self._run(self._client.close)

    async def _run(self, function: Callable[..., Any], *arguments: Any, **keywords: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *arguments, **keywords))

    if TYPE_CHECKING:
        # The coroutines are made at import time from the Client's methods (below); these
        # declarations give type checkers and editors their signatures
        # (tests/test_typing.py checks them).
        async def call(
            self,
            operation: str,
            request: Optional[Request] = None,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.call`."""

        async def create_session(
            self,
            request: Optional[Request] = None,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.create_session`."""

        async def init_payment(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.init_payment`."""

        async def start_payment(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.start_payment`."""

        async def init_payout(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.init_payout`."""

        async def start_payout(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.start_payout`."""

        async def confirm(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.confirm`."""

        async def cancel(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.cancel`."""

        async def capture(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.capture`."""

        async def refund(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.refund`."""

        async def status(
            self,
            request: Request,
            *,
            idempotency_key: Optional[str] = None,
            submerchant: Optional[str] = None,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.status`."""

        async def verify_webhook(
            self,
            body: Union[bytes, bytearray, memoryview, str],
            signature: str,
        ) -> dict[str, Any]:
            """Coroutine version of :meth:`Client.verify_webhook`."""

        async def pay(
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
            """Coroutine version of :meth:`Client.pay`."""

        async def journal_entries(
            self,
            filter: Optional[Request] = None,  # noqa: A002
        ) -> list[JournalEntry]:
            """Coroutine version of :meth:`Client.journal_entries`."""

        async def recover(
            self,
            *,
            deadline_ms: Optional[int] = None,
        ) -> list[JournalEntry]:
            """Coroutine version of :meth:`Client.recover`."""

        async def acknowledge(
            self,
            entry: Union[JournalEntry, str],
        ) -> JournalEntry:
            """Coroutine version of :meth:`Client.acknowledge`."""


def _async_method(name: str) -> Callable[..., Coroutine[Any, Any, Any]]:
    """The coroutine version of :class:`Client` method ``name``."""
    blocking = getattr(Client, name)

    async def method(self: AsyncClient, *arguments: Any, **keywords: Any) -> Any:
        return await self._run(getattr(self._client, name), *arguments, **keywords)

    method.__name__ = name
    method.__qualname__ = f"AsyncClient.{name}"
    method.__doc__ = f"Coroutine version of :meth:`Client.{name}`.\n\n{blocking.__doc__}"
    method.__signature__ = inspect.signature(blocking)  # type: ignore[attr-defined]
    return method


for _name in ASYNC_METHODS:
    setattr(AsyncClient, _name, _async_method(_name))
