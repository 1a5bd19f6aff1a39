"""``sgpay.testing``: the sandbox kit the package ships, and its pytest fixture.

Each test starts what it needs and the kit stops it; nothing listens outside 127.0.0.1.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import urllib.parse
from pathlib import Path
from typing import Iterator

import pytest

import sgpay
from sgpay import _native, testing
from sgpay.testing import Sandbox, SandboxError, SandboxNotFoundError

from conftest import REPOSITORY_ROOT
from payments import CARD_DECLINED, CARD_OK, payment_body

BUNDLED = Path(testing.__file__).resolve().parent


def refuses_connections(url: str) -> bool:
    address = urllib.parse.urlsplit(url)
    try:
        socket.create_connection((address.hostname, address.port), timeout=2).close()
    except OSError:
        return True
    return False


@pytest.fixture(scope="module")
def kit() -> Iterator[Sandbox]:
    """One kit sandbox (HMAC, the kit's defaults) for the tests of this module that share it."""
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def fresh(kit: Sandbox) -> Sandbox:
    kit.reset()
    return kit


def test_the_package_bundles_a_sandbox_and_the_kit_finds_it_there() -> None:
    command = testing.find_sandbox()
    assert Path(command[0]).parent == BUNDLED
    assert Path(command[0]).name in {"sgpay", "sgpay-sandbox", "sgpay.exe", "sgpay-sandbox.exe"}


def test_a_sandbox_runs_on_loopback_and_everything_stops_with_the_block() -> None:
    with Sandbox() as sandbox:
        assert sandbox.url.startswith("http://127.0.0.1:") and sandbox.running
        assert sandbox.webhook_url is not None and sandbox.webhook_url.startswith("http://127.0.0.1:")
        client = sandbox.client()
        assert client.create_session()["session"]["status"] == "created"
        url, webhook_url = sandbox.url, sandbox.webhook_url
        key = Path(sandbox.webhook_public_key_path)
        assert key.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    assert not sandbox.running and client.closed
    assert refuses_connections(url) and refuses_connections(webhook_url)
    assert not key.exists()
    with pytest.raises(SandboxError, match="not running"):
        _ = sandbox.url


def test_an_exception_in_the_block_stops_the_sandbox_too() -> None:
    with pytest.raises(RuntimeError, match="boom"), Sandbox() as sandbox:
        url = sandbox.url
        raise RuntimeError("boom")
    assert not sandbox.running and refuses_connections(url)


def test_the_secret_stays_out_of_reprs_and_the_recorded_command() -> None:
    with Sandbox(hmac_secret="do-not-show-me") as sandbox:
        assert "do-not-show-me" not in repr(sandbox)
        assert "do-not-show-me" not in " ".join(sandbox.command)
        assert "--hmac-secret=<secret>" in sandbox.command
        assert "do-not-show-me" not in repr(sandbox.client())
        assert sandbox.config()["hmac_secret"] == "do-not-show-me"


def test_a_secret_that_begins_with_a_dash_is_passed_as_a_value_not_a_flag() -> None:
    with Sandbox(hmac_secret="-a-secret") as sandbox, sandbox.client() as client:
        assert client.create_session()["session"]["status"] == "created"


def test_a_fault_makes_the_next_call_fail_as_asked(fresh: Sandbox) -> None:
    assert fresh.fault("session/create", "status", http_status=400) == 1
    with fresh.client() as client:
        with pytest.raises(sgpay.ApiError) as caught:
            client.create_session()
        assert caught.value.http_status == 400 and caught.value.code == "sandbox_fault"
        assert client.create_session()["session"]["status"] == "created", "the fault was used up"


def test_a_dropped_answer_is_an_unknown_outcome_and_the_stats_count_it(fresh: Sandbox) -> None:
    fresh.fault("session/init/payment", "drop_after", count=5)
    with fresh.client(max_attempts=1) as client:
        with pytest.raises(sgpay.OutcomeUnknownError):
            client.init_payment(payment_body())
    stats = fresh.stats()
    assert stats["faults_applied"] == 1 and stats["payments_created"] == 1
    assert fresh.requests_of("session/init/payment") == 1
    fresh.clear_faults()
    with fresh.client() as client:
        client.init_payment(payment_body())
    assert fresh.requests_of("session/init/payment") == 2


def test_an_invalid_fault_is_refused_with_the_sandboxs_reason(fresh: Sandbox) -> None:
    with pytest.raises(SandboxError, match="invalid_fault"):
        fresh.fault("session/create", "no-such-kind")


def test_stats_count_requests_and_payments(fresh: Sandbox) -> None:
    with fresh.client() as client:
        result = client.pay(payment_body(), reference="kit-stats")
    assert result.outcome is sgpay.Outcome.SUCCEEDED
    stats = fresh.stats()
    assert stats["payments_created"] == 1 and stats["confirms_accepted"] == 1
    assert stats["requests"]["session/create"] == 1 and stats["requests"]["session/confirm"] == 1
    fresh.reset()
    assert fresh.stats()["requests"] == {} and fresh.webhooks == []


def test_advancing_the_clock_expires_a_payment_left_unconfirmed(fresh: Sandbox) -> None:
    with fresh.client() as client:
        waiting = client.pay(payment_body(), confirm="manual", reference="kit-clock")
        assert waiting.outcome is sgpay.Outcome.AWAITING_CONFIRMATION and waiting.session_id
        before = fresh.now()
        assert fresh.advance_clock(minutes=239) == 0, "not yet: the limit is 240 minutes"
        assert fresh.advance_clock(minutes=2) == 1
        assert (fresh.now() - before).total_seconds() >= 241 * 60
        session = client.status(waiting.session_id)["session"]
    assert session["status"] == "cancelled"
    finished = fresh.wait_for_webhook("payment_finished", session_id=waiting.session_id)
    assert finished.session["status"] == "cancelled"
    with pytest.raises(ValueError, match="forward"):
        fresh.advance_clock(minutes=0)


def test_webhooks_arrive_signed_and_the_kits_clients_verify_them(fresh: Sandbox) -> None:
    with fresh.client() as client:
        paid = client.pay(payment_body(), reference="kit-webhooks")
        declined = client.pay(payment_body(number=CARD_DECLINED), reference="kit-webhooks-2")
        ready = fresh.wait_for_webhook("ready_to_confirm", session_id=paid.session_id)
        finished = fresh.wait_for_webhook("payment_finished", session_id=paid.session_id)
        fresh.wait_for_webhook("payment_finished", session_id=declined.session_id)
        event = client.verify_webhook(finished.body, finished.signature)
        assert client.verify_webhook(ready.body, ready.signature)["type"] == "ready_to_confirm"
        with pytest.raises(sgpay.SignatureError):
            client.verify_webhook(finished.body + b" ", finished.signature)
    assert event["type"] == "payment_finished" and event["session"]["status"] == "accepted"
    assert finished.session_id == paid.session_id and finished.received_at.tzinfo is not None
    types = [webhook.type for webhook in fresh.webhooks]
    assert types.count("payment_finished") == 2 and "ready_to_confirm" in types
    assert CARD_OK not in repr(fresh.webhooks)
    fresh.clear_webhooks()
    with pytest.raises(SandboxError, match="no webhook of type 'payment_refunded'"):
        fresh.wait_for_webhook("payment_refunded", timeout_s=0.2)


def test_async_clients_of_the_kit(fresh: Sandbox) -> None:
    import asyncio

    async def scenario() -> sgpay.PayResult:
        async with fresh.async_client() as client:
            return await client.pay(payment_body(), reference="kit-async")

    assert asyncio.run(scenario()).outcome is sgpay.Outcome.SUCCEEDED


def test_an_rsa_sandbox_of_the_kit() -> None:
    fixtures = REPOSITORY_ROOT / "tests" / "fixtures"
    with Sandbox(
        partner_public_key_path=fixtures / "partner_pub.pem",
        private_key_path=fixtures / "partner_key.pem",
        webhooks=False,
    ) as sandbox:
        assert "hmac_secret" not in sandbox.config()
        with sandbox.client() as client:
            assert client.create_session()["session"]["status"] == "created"
        assert sandbox.webhooks == [] and sandbox.webhook_url is None
    with pytest.raises(ValueError, match="both"):
        Sandbox(partner_public_key_path=fixtures / "partner_pub.pem")


def test_a_sandbox_that_cannot_start_says_why_and_leaves_nothing_running() -> None:
    sandbox = Sandbox(arguments=["--max-sessions", "many"])
    with pytest.raises(SandboxError, match="did not announce its address") as caught:
        sandbox.start()
    assert "--max-sessions" in str(caught.value) and "many" in str(caught.value)
    assert not sandbox.running and sandbox.webhook_url is None


def test_the_sgpay_command_runs_the_sandbox_too() -> None:
    command = REPOSITORY_ROOT / "target" / "release" / ("sgpay.exe" if sys.platform == "win32" else "sgpay")
    if not command.is_file():
        pytest.skip(f"{command} is not built ('make build' builds it)")
    with Sandbox(binary=command) as sandbox:
        assert sandbox.command[:2] == [str(command), "sandbox"]
        with sandbox.client() as client:
            assert client.pay(payment_body()).outcome is sgpay.Outcome.SUCCEEDED


# Where the kit looks -------------------------------------------------------------------------


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The kit sees package and library folders without a sandbox, no SGPAY_SANDBOX, an empty PATH."""
    package, library, empty = tmp_path / "package", tmp_path / "lib", tmp_path / "empty"
    for folder in (package, library, empty):
        folder.mkdir()
    monkeypatch.setattr(testing, "__file__", str(package / "testing.py"))
    monkeypatch.setattr(_native, "library_path", str(library / "libsgpay.so"))
    monkeypatch.delenv("SGPAY_SANDBOX", raising=False)
    monkeypatch.setenv("PATH", str(empty))
    return tmp_path


def test_when_no_sandbox_is_found_the_error_lists_every_place_looked(
    nowhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SGPAY_SANDBOX", str(nowhere / "gone" / "sgpay-sandbox"))
    with pytest.raises(SandboxNotFoundError) as caught:
        Sandbox().start()
    message = str(caught.value)
    for place in (
        nowhere / "package" / "sgpay",
        nowhere / "package" / "sgpay-sandbox",
        nowhere / "lib" / "sgpay",
        nowhere / "lib" / "sgpay-sandbox",
    ):
        assert str(place) in message
    assert f"SGPAY_SANDBOX={nowhere / 'gone' / 'sgpay-sandbox'}: no file there" in message
    assert f"PATH ({nowhere / 'empty'})" in message
    assert "cargo build --release -p sgpay-sandbox" in message
    assert len(caught.value.places) == 6


def test_an_unset_variable_is_named_as_such(nowhere: Path) -> None:
    with pytest.raises(SandboxNotFoundError, match="SGPAY_SANDBOX: not set"):
        testing.find_sandbox()


def put(binary: Path, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(binary, folder / name)
    (folder / name).chmod(0o755)
    return folder / name


def test_the_places_in_their_order(nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Path(testing.find_sandbox.__globals__["__file__"]).parent  # the patched package folder
    assert real == nowhere / "package"
    bundled = BUNDLED / next(n for n in ("sgpay", "sgpay-sandbox") if (BUNDLED / n).is_file())
    on_path = put(bundled, nowhere / "empty", "sgpay-sandbox")
    assert testing.find_sandbox() == [str(on_path)]
    named = put(bundled, nowhere / "named", "sgpay")
    monkeypatch.setenv("SGPAY_SANDBOX", str(named))
    assert testing.find_sandbox() == [str(named), "sandbox"], "the variable comes before PATH"
    beside = put(bundled, nowhere / "lib", "sgpay-sandbox")
    assert testing.find_sandbox() == [str(beside)], "beside the library comes before the variable"
    put(bundled, nowhere / "package", "sgpay-sandbox")
    cli = put(bundled, nowhere / "package", "sgpay")
    assert testing.find_sandbox() == [str(cli), "sandbox"], (
        "the package first, and sgpay before sgpay-sandbox"
    )
    # The copies above only name a binary; one named as what it is also runs.
    runnable = put(bundled, nowhere / "run", bundled.name)
    with Sandbox(binary=runnable) as sandbox:
        assert sandbox.client().create_session()["session"]["id"]


# The pytest fixture ---------------------------------------------------------------------------

USES_THE_FIXTURE = """
import sgpay

def test_pay(sgpay_sandbox):
    card = {"number": "4242424242424242", "expiration_month": "12", "expiration_year": "%s",
            "security_code": "123"}
    request = {"payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": card}},
               "amount_details": {"amount": 100, "currency": "rub"}, "customer": {"reference": "c"}}
    with sgpay_sandbox.client() as client:
        assert client.pay(request).outcome is sgpay.Outcome.SUCCEEDED
    assert sgpay_sandbox.stats()["payments_created"] == 1
    print("SANDBOX_URL", sgpay_sandbox.url)
"""


def test_the_fixture_is_registered_through_the_pytest11_entry_point() -> None:
    plugins = importlib.metadata.entry_points(group="pytest11")
    assert [entry.value for entry in plugins if entry.name == "sgpay"] == ["sgpay.pytest_plugin"]


def test_a_project_of_its_own_uses_the_fixture_with_no_conftest(tmp_path: Path) -> None:
    from payments import expiry_year

    (tmp_path / "test_shop.py").write_text(textwrap.dedent(USES_THE_FIXTURE % expiry_year()))
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "test_shop.py"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    url = next(line.split()[1] for line in result.stdout.splitlines() if line.startswith("SANDBOX_URL"))
    assert refuses_connections(url), "the fixture stopped its sandbox"
