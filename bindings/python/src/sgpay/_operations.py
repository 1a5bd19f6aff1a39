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


# fmt: off
OPERATIONS: tuple[Operation, ...] = (
    Operation("create_session", "session/create", OPTIONAL,
              "a new session in status ``created`` (all fields optional)."),
    Operation("init_payment", "session/init/payment", BODY,
              "create a session and start a payment in one call."),
    Operation("start_payment", "session/start/payment", BODY,
              "start a payment in an existing session."),
    Operation("init_payout", "session/init/payout", BODY,
              "create a session and start a payout in one call."),
    Operation("start_payout", "session/start/payout", BODY,
              "start a payout in an existing session."),
    Operation("confirm", "session/confirm", SESSION,
              "confirm an operation waiting with ``next_action: confirm``."),
    Operation("cancel", "session/cancel", SESSION,
              "cancel a pending operation or release a hold."),
    Operation("capture", "session/capture", SESSION,
              "debit a hold (optional ``amount_details`` for part of it)."),
    Operation("refund", "session/refund", SESSION,
              "refund a succeeded payment, fully or by ``amount_details``."),
    Operation("status", "session/status", SESSION,
              "the whole session."),
)
# fmt: on
"""Every session operation, in the order of the API reference."""

SESSION_ID_NOTE = (
    'The request may also be the session id alone, e.g. ``{method}("ps_1")``: any text '
    'that does not start with ``{{`` is taken as ``{{"session_id": ...}}``.'
)
