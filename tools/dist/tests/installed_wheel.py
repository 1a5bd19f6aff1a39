"""Run by tools/dist/test inside a fresh virtual environment where only the wheel is installed.

Checks that the package uses the library bundled in it, then makes a card payment against
the sandbox named by SGPAY_BASE_URL / SGPAY_PROJECT / SGPAY_PRIVATE_KEY_PATH.
"""

import os
import shutil
import sys
import sysconfig
from pathlib import Path

import sgpay
from sgpay import _native

site_packages = Path(sysconfig.get_paths()["platlib"]).resolve()
library = Path(_native.library_path).resolve()
assert site_packages in library.parents, f"library {library} is not the bundled one in {site_packages}"
assert shutil.which("cargo") is None and shutil.which("rustc") is None, "Rust is on PATH"
assert "SGPAY_LIBRARY" not in os.environ

card = {"type": "card", "card": {"type": "bank_card", "bank_card": {
    "number": "4242424242424242", "expiration_month": "12", "expiration_year": "30", "security_code": "123"}}}
with sgpay.Client(base_url=os.environ["SGPAY_BASE_URL"], project=os.environ["SGPAY_PROJECT"],
                  private_key_path=os.environ["SGPAY_PRIVATE_KEY_PATH"]) as client:
    session_id = client.create_session({})["session"]["id"]
    started = client.start_payment({
        "session_id": session_id, "payment_details": card,
        "amount_details": {"amount": 10000, "currency": "rub"}, "customer": {"reference": "dist-test"}})
    status = client.status(session_id)["session"]["status"]
print(f"wheel sgpay {sgpay.__version__} from {library.name}: session {session_id} {status}")
sys.exit(0 if started["session"]["id"] == session_id else 1)
