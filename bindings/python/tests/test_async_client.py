"""``sgpay.AsyncClient``: the same methods as coroutines, off the event loop."""

from __future__ import annotations

import asyncio
import inspect
import time
from pathlib import Path

import pytest

import sgpay
from sgpay.testing import Sandbox

from conftest import rsa_config
from payments import payment_body


def run(coroutine: object) -> object:
    return asyncio.run(coroutine)  # type: ignore[arg-type]


def test_methods_are_coroutines_with_the_signatures_of_the_client() -> None:
    for name in ("status", "pay", "journal_entries", "recover", "acknowledge", "call", "verify_webhook"):
        method = getattr(sgpay.AsyncClient, name)
        assert inspect.iscoroutinefunction(method), name
        assert inspect.signature(method) == inspect.signature(getattr(sgpay.Client, name))


def test_calls_run_off_the_event_loop_and_concurrently(sandbox: Sandbox) -> None:
    async def scenario() -> tuple:
        async with sgpay.AsyncClient(**rsa_config(sandbox)) as client:
            session_id = (await client.create_session())["session"]["id"]
            sandbox.fault("session/status", "delay", count=4, delay_ms=400)
            ticks = 0

            async def ticker() -> None:
                nonlocal ticks
                while True:
                    ticks += 1
                    await asyncio.sleep(0.005)

            ticking = asyncio.ensure_future(ticker())
            started = time.monotonic()
            replies = await asyncio.gather(*(client.status(session_id) for _ in range(4)))
            elapsed = time.monotonic() - started
            ticking.cancel()
            return ticks, elapsed, replies, client

    ticks, elapsed, replies, client = run(scenario())
    assert {reply["session"]["status"] for reply in replies} == {"created"}
    assert ticks >= 20, "the event loop was blocked while the calls waited"
    assert elapsed < 4 * 0.4, "the four delayed calls did not overlap"
    assert client.closed


def test_errors_are_raised_from_the_coroutine(sandbox: Sandbox) -> None:
    async def scenario() -> None:
        async with sgpay.AsyncClient(**rsa_config(sandbox)) as client:
            await client.start_payment({"amount_details": {"amount": 1, "currency": "rub"}})

    with pytest.raises(sgpay.InvalidArgumentError):
        run(scenario())


def test_pay_through_the_async_client(sandbox: Sandbox, journal_config: dict) -> None:
    async def scenario() -> dict:
        config = rsa_config(sandbox, **journal_config)
        async with sgpay.AsyncClient(**config) as client:
            paid = await client.pay(payment_body(), reference="py-async-1")
            listed = await client.journal_entries({"reference": "py-async-1"})
            acknowledged = await client.acknowledge(listed[0])
            recovered = await client.recover()
            return {"paid": paid, "listed": listed, "acknowledged": acknowledged, "recovered": recovered}

    result = run(scenario())
    assert isinstance(result, dict)
    assert isinstance(result["paid"], sgpay.PayResult) and result["paid"].outcome is sgpay.Outcome.SUCCEEDED
    assert [entry.id for entry in result["listed"]] == [result["paid"].journal_entry_id]
    assert isinstance(result["acknowledged"], sgpay.JournalEntry) and result["acknowledged"].acknowledged
    assert result["recovered"] == []
