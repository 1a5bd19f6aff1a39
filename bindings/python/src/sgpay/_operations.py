"""The API operations of :class:`sgpay.Client`: one table, method name <-> operation path.

Every method of the table calls ``sgpay_call`` with its operation path; the test suite
checks the table against the ``sgpay_session_*`` functions of ``include/sgpay.h``.
"""

from __future__ import annotations

from typing import NamedTuple

OPTIONAL = "optional"
BODY = "body"
SESSION = "session"


class Operation(NamedTuple):
    """One API method reachable through ``sgpay_call``."""

    method: str
    """The name of the :class:`sgpay.Client` method."""
    path: str
    """The API method path, e.g. ``"session/start/payment"``."""
    request: str
    """What the request may be: ``OPTIONAL`` (defaults to ``{}``), ``BODY`` (a request
    body), or ``SESSION`` (a body, or the session id alone: ``status("ps_1")``)."""
    summary: str
    """What the method does (its docstring follows the operation path)."""


def _group(request: str, *rows: tuple[str, str, str]) -> tuple[Operation, ...]:
    """The operations whose request may be ``request``, from rows of (method, path, summary)."""
    return tuple(Operation(method, path, request, summary) for method, path, summary in rows)


# fmt: off
OPERATIONS: tuple[Operation, ...] = (
    *_group(OPTIONAL,
        ("create_session", "session/create", "a new session in status ``created`` (all fields optional)."),
    ),
    *_group(BODY,
        ("init_payment", "session/init/payment", "create a session and start a payment in one call."),
        ("start_payment", "session/start/payment", "start a payment in an existing session."),
        ("init_payout", "session/init/payout", "create a session and start a payout in one call."),
        ("start_payout", "session/start/payout", "start a payout in an existing session."),
    ),
    *_group(SESSION,
        ("confirm", "session/confirm", "confirm an operation waiting with ``next_action: confirm``."),
        ("cancel", "session/cancel", "cancel a pending operation or release a hold."),
        ("capture", "session/capture", "debit a hold (optional ``amount_details`` for part of it)."),
        ("refund", "session/refund", "refund a succeeded payment, fully or by ``amount_details``."),
        ("status", "session/status", "the whole session."),
    ),
)
# fmt: on
"""Every session operation, in the order of the API reference."""

SESSION_ID_NOTE = (
    'The request may also be the session id alone, e.g. ``{method}("ps_1")``: any text '
    'that does not start with ``{{`` is taken as ``{{"session_id": ...}}``.'
)
