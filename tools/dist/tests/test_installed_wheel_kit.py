"""The Linux wheel's test kit, used as a customer would: ``pip install sgpay pytest``, then ``pytest``.

A fresh virtual environment gets the wheel from dist/ (nothing else of sgpay) and pytest; a
project of its own, in a folder outside the repository, has tests that use the fixture
``sgpay_sandbox`` with no conftest. They run with PATH holding only the environment's
bin/ (no cargo, no rustc, no sandbox on PATH) and no SGPAY_* variable, so the sandbox can
only be the one the wheel bundles. Run by tools/dist/test after tools/dist/build, with the
other tests of this folder. SGPAY_DIST_WHEEL names another wheel to check.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
import zipfile
from pathlib import Path

from artifacts import linux_wheel

PROJECT_TESTS = '''
import datetime
import os
import shutil
import sysconfig
from pathlib import Path

import pytest

import sgpay
from sgpay import testing


def card_payment(number):
    year = f"{(datetime.date.today().year + 3) % 100:02d}"
    card = {"number": number, "expiration_month": "12", "expiration_year": year, "security_code": "123"}
    return {"payment_details": {"type": "card", "card": {"type": "bank_card", "bank_card": card}},
            "amount_details": {"amount": 4990, "currency": "rub"}, "customer": {"reference": "shop"}}


def test_the_sandbox_is_the_one_in_the_wheel():
    site_packages = Path(sysconfig.get_paths()["platlib"]).resolve()
    command = testing.find_sandbox()
    assert site_packages / "sgpay" == Path(command[0]).parent, command
    assert shutil.which("cargo") is None and shutil.which("rustc") is None
    assert not [name for name in os.environ if name.startswith("SGPAY_")]


def test_a_sale_survives_a_lost_answer(sgpay_sandbox, tmp_path):
    sgpay_sandbox.fault("session/confirm", "drop_after")
    with sgpay_sandbox.client(journal_path=str(tmp_path / "journal.db")) as client:
        result = client.pay(card_payment("4242424242424242"), reference="order-1")
        [entry] = client.journal_entries({"reference": "order-1"})
        assert client.acknowledge(entry).acknowledged_at.tzinfo is not None
    assert result.outcome is sgpay.Outcome.SUCCEEDED
    assert sgpay_sandbox.stats()["payments_created"] == 1
    webhook = sgpay_sandbox.wait_for_webhook("payment_finished", session_id=result.session_id)
    assert webhook.session["status"] == "accepted"


def test_an_unconfirmed_payment_expires_when_the_clock_moves(sgpay_sandbox):
    with sgpay_sandbox.client() as client:
        waiting = client.pay(card_payment("4242424242424242"), confirm="manual")
        assert waiting.outcome is sgpay.Outcome.AWAITING_CONFIRMATION
        assert sgpay_sandbox.advance_clock(minutes=241) == 1
        assert client.status(waiting.session_id)["session"]["status"] == "cancelled"
'''


def wheel() -> Path:
    return Path(os.environ.get("SGPAY_DIST_WHEEL") or linux_wheel())


class InstalledWheelKit(unittest.TestCase):
    def test_the_wheel_carries_an_executable_sandbox_and_the_pytest_plugin(self):
        with zipfile.ZipFile(wheel()) as archive:
            names = archive.namelist()
            sandboxes = [name for name in ("sgpay/sgpay", "sgpay/sgpay-sandbox") if name in names]
            self.assertTrue(sandboxes, f"{wheel().name} bundles no sandbox binary")
            mode = archive.getinfo(sandboxes[0]).external_attr >> 16
            self.assertTrue(mode & 0o111, f"{sandboxes[0]} is not executable in the wheel")
            entry_points = archive.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))
        self.assertIn(b"[pytest11]", entry_points)
        self.assertIn(b"sgpay = sgpay.pytest_plugin", entry_points)

    def test_pytest_uses_the_kit_from_the_wheel_alone(self):
        with tempfile.TemporaryDirectory(prefix="sgpay-wheel-kit-") as folder:
            work = Path(folder)
            venv = work / "venv"
            subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
            python = venv / "bin" / "python"
            pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input",
                   "--python", str(python), "install", "--quiet"]
            subprocess.run([*pip, "--no-index", "--no-deps", str(wheel())], check=True)
            subprocess.run([*pip, "pytest>=7"], check=True)
            project = work / "shop"
            project.mkdir()
            (project / "test_shop.py").write_text(textwrap.dedent(PROJECT_TESTS))
            environment = {name: value for name, value in os.environ.items()
                           if not name.startswith(("SGPAY_", "PYTEST", "PYTHON", "CARGO", "RUST"))}
            environment["PATH"] = str(venv / "bin")
            result = subprocess.run(
                [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_shop.py"],
                cwd=project, env=environment, capture_output=True, text=True, timeout=300,
            )
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("3 passed", result.stdout)
            print(f"\nwheel kit: {wheel().name}: {result.stdout.strip().splitlines()[-1]}", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
