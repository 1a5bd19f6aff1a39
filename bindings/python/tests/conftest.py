"""Fixtures: sandboxes of the test kit (RSA and HMAC) and clients configured for them.

The sandboxes are ``sgpay.testing.Sandbox``, the kit the package ships, running the
sandbox binary bundled in the installed package: the tests use the kit as its users do.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

import sgpay
from sgpay.testing import Sandbox, SandboxError

REPOSITORY_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPOSITORY_ROOT / "tests" / "fixtures"
HMAC_SECRET = "pytest-shared-secret"
PROJECT = "test-project"
PROCESSING_DELAY_MS = 20


def _started(sandbox: Sandbox) -> Sandbox:
    try:
        sandbox.start()
    except SandboxError as error:
        pytest.fail(str(error), pytrace=False)
    return sandbox


@pytest.fixture(scope="session")
def rsa_sandbox_process() -> Iterator[Sandbox]:
    """One sandbox for the whole run, checking RSA signatures with the fixtures key."""
    sandbox = Sandbox(
        project=PROJECT,
        partner_public_key_path=FIXTURES / "partner_pub.pem",
        private_key_path=FIXTURES / "partner_key.pem",
        processing_delay_ms=PROCESSING_DELAY_MS,
    )
    yield _started(sandbox)
    sandbox.stop()


@pytest.fixture(scope="session")
def hmac_sandbox_process() -> Iterator[Sandbox]:
    """One sandbox for the whole run, checking HMAC signatures."""
    sandbox = Sandbox(project=PROJECT, hmac_secret=HMAC_SECRET, processing_delay_ms=PROCESSING_DELAY_MS)
    yield _started(sandbox)
    sandbox.stop()


@pytest.fixture
def sandbox(rsa_sandbox_process: Sandbox) -> Sandbox:
    """The RSA sandbox, reset (no sessions, faults, counters or webhooks) for this test."""
    rsa_sandbox_process.reset()
    return rsa_sandbox_process


def rsa_config(sandbox: Sandbox, **overrides: Any) -> dict:
    """Client keyword arguments for the RSA sandbox (webhooks verified with the fixtures key)."""
    return sandbox.config(**{"webhook_public_key_path": str(FIXTURES / "partner_pub.pem"), **overrides})


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_config(request: pytest.FixtureRequest, tmp_path: Path) -> dict:
    """The configuration of a test's journal, once per backend: an SQLite file in a fresh
    directory, and a fresh schema of the PostgreSQL cluster that ``tools/with-postgres``
    starts for ``make test`` (it exports ``SGPAY_TEST_JOURNAL_URL``)."""
    if request.param == "sqlite":
        return {"journal_path": str(tmp_path / "journal.db")}
    url = os.environ.get("SGPAY_TEST_JOURNAL_URL")
    if not url:
        pytest.skip("no PostgreSQL: run under tools/with-postgres (make test does)")
    return {"journal_url": url, "journal_schema": f"py_{uuid.uuid4().hex}", "journal_owner": "py-tests"}


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[sgpay.Client]:
    """A client of the RSA sandbox, closed after the test."""
    with sgpay.Client(**rsa_config(sandbox)) as opened:
        yield opened
