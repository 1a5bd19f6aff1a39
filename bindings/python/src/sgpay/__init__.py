"""sgpay: a client for the Smart Glocal partner API over the native sgpay library.

Quick start::

    import sgpay
    with sgpay.Client(base_url="https://demo.smart-glocal.com", project="my-project",
                      private_key_path="partner.pem") as client:
        session = client.create_session({})["session"]
        print(client.status(session["id"])["session"]["status"])
        paid = client.pay(payment_request, reference="receipt-42")   # with journal_path set
        if paid.outcome is sgpay.Outcome.SUCCEEDED:
            print("charged in session", paid.session_id)

The server's replies are dicts; what sgpay itself defines is typed: :class:`PayResult`,
:class:`JournalEntry`, :class:`Outcome`, :class:`EntryState`. :mod:`sgpay.testing` runs
the bundled sandbox for your tests (``Sandbox``, and the pytest fixture ``sgpay_sandbox``).

:class:`AsyncClient` offers the same methods as coroutines.

Importing the package loads the native library bundled inside it (``SGPAY_LIBRARY``
overrides its path) and raises :class:`ImportError` when it is missing or of another
ABI version. Library log lines go to the :mod:`logging` logger ``"sgpay"``.
"""

from __future__ import annotations

from . import _native
from ._logging import TRACE
from ._results import EntryState, JournalEntry, Outcome, PayResult
from ._version import __version__
from .async_client import AsyncClient
from .client import Client, Request
from .errors import (
    ApiError,
    ClientClosedError,
    ConfigError,
    Error,
    InvalidArgumentError,
    JournalError,
    NotSentError,
    OutcomeUnknownError,
    ProtocolError,
    SignatureError,
)

__all__ = [
    "ApiError",
    "AsyncClient",
    "Client",
    "ClientClosedError",
    "ConfigError",
    "EntryState",
    "Error",
    "InvalidArgumentError",
    "JournalEntry",
    "JournalError",
    "NotSentError",
    "Outcome",
    "OutcomeUnknownError",
    "PayResult",
    "ProtocolError",
    "Request",
    "SignatureError",
    "TRACE",
    "__version__",
    "library_path",
    "native_version",
]


def native_version() -> str:
    """The version of the loaded native library, e.g. ``"0.1.0"``."""
    version: bytes = _native.lib.sgpay_version()
    return version.decode("utf-8", errors="replace")


def library_path() -> str:
    """The path of the native library that was loaded."""
    return _native.library_path
