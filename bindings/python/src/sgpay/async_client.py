"""The :class:`AsyncClient`: the :class:`~sgpay.Client` API as coroutines for :mod:`asyncio`."""

from __future__ import annotations

import asyncio
import functools
import inspect
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, Callable, Coroutine, Mapping, Optional, Union

from ._operations import OPERATIONS
from .client import Client

if TYPE_CHECKING:
    from typing import Concatenate, ParamSpec, TypeVar

    from .client import OptionalRequestMethod, Reply, RequestMethod

    _Parameters = ParamSpec("_Parameters")
    _Result = TypeVar("_Result")

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


def _coroutine(
    blocking: Callable[Concatenate[Client, _Parameters], _Result],
) -> Callable[Concatenate[AsyncClient, _Parameters], Coroutine[Any, Any, _Result]]:
    """The coroutine version of the :class:`Client` method ``blocking``, with its parameters and result."""
    name = blocking.__name__

    async def method(
        self: AsyncClient, /, *arguments: _Parameters.args, **keywords: _Parameters.kwargs
    ) -> _Result:
        result: _Result = await self._run(getattr(self._client, name), *arguments, **keywords)
        return result

    method.__name__ = name
    method.__qualname__ = f"AsyncClient.{name}"
    method.__doc__ = f"Coroutine version of :meth:`Client.{name}`.\n\n{blocking.__doc__}"
    method.__signature__ = inspect.signature(blocking)  # type: ignore[attr-defined]
    return method


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
        # The session coroutines are made at import time from the operation table (below);
        # these declarations give type checkers and editors their signatures
        # (tests/test_typing.py checks them).
        create_session: OptionalRequestMethod[Coroutine[Any, Any, Reply]]
        init_payment: RequestMethod[Coroutine[Any, Any, Reply]]
        start_payment: RequestMethod[Coroutine[Any, Any, Reply]]
        init_payout: RequestMethod[Coroutine[Any, Any, Reply]]
        start_payout: RequestMethod[Coroutine[Any, Any, Reply]]
        confirm: RequestMethod[Coroutine[Any, Any, Reply]]
        cancel: RequestMethod[Coroutine[Any, Any, Reply]]
        capture: RequestMethod[Coroutine[Any, Any, Reply]]
        refund: RequestMethod[Coroutine[Any, Any, Reply]]
        status: RequestMethod[Coroutine[Any, Any, Reply]]

    # The other coroutines: each made from its Client method, whose signature it keeps.
    call = _coroutine(Client.call)
    verify_webhook = _coroutine(Client.verify_webhook)
    pay = _coroutine(Client.pay)
    journal_entries = _coroutine(Client.journal_entries)
    recover = _coroutine(Client.recover)
    acknowledge = _coroutine(Client.acknowledge)


for _operation in OPERATIONS:
    setattr(AsyncClient, _operation.method, _coroutine(getattr(Client, _operation.method)))
