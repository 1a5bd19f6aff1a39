"""Fixtures: sandbox processes (RSA and HMAC) and clients configured for them."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

import sgpay

from sandbox_process import FIXTURES, Sandbox, SandboxError

HMAC_SECRET = "pytest-shared-secret"
PROJECT = "test-project"
PROCESSING_DELAY = ["--processing-delay-ms", "20"]


def _start(arguments: list) -> Sandbox:
    try:
        return Sandbox(arguments + PROCESSING_DELAY)
    except SandboxError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def rsa_sandbox_process() -> Iterator[Sandbox]:
    """One sandbox for the whole run, checking RSA signatures with the fixtures key."""
    sandbox = _start(["--partner-public-key", str(FIXTURES / "partner_pub.pem")])
    yield sandbox
    sandbox.stop()


@pytest.fixture(scope="session")
def hmac_sandbox_process() -> Iterator[Sandbox]:
    """One sandbox for the whole run, checking HMAC signatures."""
    sandbox = _start(["--hmac-secret", HMAC_SECRET])
    yield sandbox
    sandbox.stop()


@pytest.fixture
def sandbox(rsa_sandbox_process: Sandbox) -> Sandbox:
    """The RSA sandbox, reset (no sessions, faults or counters) for this test."""
    rsa_sandbox_process.reset()
    return rsa_sandbox_process


def rsa_config(sandbox: Sandbox, **overrides: Any) -> dict:
    """Client keyword arguments for the RSA sandbox."""
    config = {
        "base_url": sandbox.url,
        "project": PROJECT,
        "private_key_path": str(FIXTURES / "partner_key.pem"),
        "webhook_public_key_path": str(FIXTURES / "partner_pub.pem"),
    }
    config.update(overrides)
    return config


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[sgpay.Client]:
    """A client of the RSA sandbox, closed after the test."""
    with sgpay.Client(**rsa_config(sandbox)) as opened:
        yield opened
