"""One client shared by threads; close, double close and use after close."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest

import sgpay
from sgpay.testing import Sandbox

from conftest import rsa_config
from payments import payment_body, wait_for_next_action

THREADS = 4
PAYMENTS_PER_THREAD = 3
LONG_DELAY_MS = 3000


def wait_until_received(sandbox: Sandbox, operation: str, worker: threading.Thread) -> None:
    """Wait until the sandbox has counted a request of ``operation`` (or the worker ended)."""
    while sandbox.requests_of(operation) == 0 and worker.is_alive():
        time.sleep(0.01)


def pay(client: sgpay.Client) -> list[str]:
    session_ids = []
    for _ in range(PAYMENTS_PER_THREAD):
        session_id = client.create_session({})["session"]["id"]
        client.start_payment(payment_body(session_id))
        wait_for_next_action(client, session_id, "confirm")
        session_ids.append(session_id)
    return session_ids


def test_four_threads_share_one_client(client: sgpay.Client, sandbox: Sandbox) -> None:
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(lambda _: pay(client), range(THREADS)))
    session_ids = [session_id for ids in results for session_id in ids]
    assert len(set(session_ids)) == THREADS * PAYMENTS_PER_THREAD
    assert sandbox.stats()["payments_created"] == THREADS * PAYMENTS_PER_THREAD


def delayed_status(
    client: sgpay.Client, sandbox: Sandbox, delay_ms: int
) -> tuple[threading.Thread, dict[str, Any], str]:
    """Starts a `status` call the sandbox holds for `delay_ms` on a thread of its own.

    Returns once the sandbox has received it: the thread, the dict it leaves its reply or
    error in, and the session asked about.
    """
    session_id = client.create_session({})["session"]["id"]
    sandbox.fault("session/status", "delay", delay_ms=delay_ms)
    outcome: dict[str, Any] = {}

    def slow_status() -> None:
        try:
            outcome["reply"] = client.status(session_id)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcome["error"] = error

    worker = threading.Thread(target=slow_status)
    worker.start()
    wait_until_received(sandbox, "session/status", worker)
    return worker, outcome, session_id


def test_another_thread_runs_while_a_call_waits_on_the_network(
    client: sgpay.Client, sandbox: Sandbox
) -> None:
    worker, outcome, session_id = delayed_status(client, sandbox, LONG_DELAY_MS)
    assert client.create_session({})["session"]["status"] == "created"
    assert worker.is_alive(), "the delayed call ended before the other call: was the GIL held?"
    worker.join()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["reply"]["session"]["id"] == session_id


def test_close_twice_and_context_manager(sandbox: Sandbox) -> None:
    client = sgpay.Client(**rsa_config(sandbox))
    assert not client.closed
    client.close()
    client.close()
    assert client.closed
    with sgpay.Client(**rsa_config(sandbox)) as managed:
        managed.create_session({})
    assert managed.closed


CALLS: dict[str, Callable[[sgpay.Client], Any]] = {
    "call": lambda c: c.call("session/create", {}),
    "create_session": lambda c: c.create_session({}),
    "init_payment": lambda c: c.init_payment(payment_body()),
    "start_payment": lambda c: c.start_payment(payment_body("ps_1")),
    "init_payout": lambda c: c.init_payout({}),
    "start_payout": lambda c: c.start_payout({"session_id": "ps_1"}),
    "confirm": lambda c: c.confirm("ps_1"),
    "cancel": lambda c: c.cancel("ps_1"),
    "capture": lambda c: c.capture("ps_1"),
    "refund": lambda c: c.refund("ps_1"),
    "status": lambda c: c.status("ps_1"),
    "verify_webhook": lambda c: c.verify_webhook(b"{}", "c2lnbmF0dXJl"),
}


@pytest.mark.parametrize("method", sorted(CALLS))
def test_every_method_after_close_raises_a_clear_error(sandbox: Sandbox, method: str) -> None:
    client = sgpay.Client(**rsa_config(sandbox))
    client.close()
    with pytest.raises(sgpay.ClientClosedError, match="closed") as caught:
        CALLS[method](client)
    assert isinstance(caught.value, sgpay.Error)
    assert isinstance(caught.value, ValueError)
    assert sum(sandbox.stats().get("requests", {}).values()) == 0


def test_close_waits_for_a_call_in_flight(sandbox: Sandbox) -> None:
    client = sgpay.Client(**rsa_config(sandbox))
    worker, outcome, session_id = delayed_status(client, sandbox, 300)
    client.close()
    worker.join()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["reply"]["session"]["id"] == session_id
    with pytest.raises(sgpay.ClientClosedError):
        client.status(session_id)
