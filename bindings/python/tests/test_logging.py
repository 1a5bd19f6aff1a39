"""Native log lines reach the "sgpay" logger, without card data, and never break a call."""

from __future__ import annotations

import logging
import re
import sys

import pytest

import sgpay
from sgpay import _logging

from payments import CARD_BAD_LUHN, CARD_OK, TEST_CVC, paid_session, payment_body

NATIVE_LEVELS = {logging.ERROR, logging.WARNING, logging.INFO, logging.DEBUG, sgpay.TRACE}


def sgpay_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "sgpay"]


def test_log_lines_reach_the_logger_without_card_number_or_cvc(
    client: sgpay.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(sgpay.TRACE, logger="sgpay")
    session_id = paid_session(client)["id"]
    client.confirm(session_id)
    with pytest.raises(sgpay.InvalidArgumentError):
        client.start_payment(payment_body(session_id, CARD_BAD_LUHN))
    messages = sgpay_messages(caplog)
    assert any("session/start/payment" in message for message in messages), messages
    assert {record.levelno for record in caplog.records if record.name == "sgpay"} <= NATIVE_LEVELS
    cvc = re.compile(rf"(?<!\d){TEST_CVC}(?!\d)")
    for message in messages:
        assert CARD_OK not in message and CARD_BAD_LUHN not in message, message
        assert not cvc.search(message), message


def test_quieter_logger_asks_the_library_for_fewer_lines(
    client: sgpay.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="sgpay")
    client.create_session({})
    assert _logging._installed_level == 1
    caplog.set_level(logging.DEBUG, logger="sgpay")
    client.create_session({})
    assert _logging._installed_level == 4
    assert any(record.levelno <= logging.INFO for record in caplog.records if record.name == "sgpay")


@pytest.mark.parametrize(
    ("python_level", "native_level"),
    [
        (logging.CRITICAL, 0),
        (logging.ERROR, 1),
        (logging.WARNING, 2),
        (logging.INFO, 3),
        (logging.DEBUG, 4),
        (sgpay.TRACE, 5),
        (1, 5),
    ],
)
def test_native_level_follows_the_python_level(python_level: int, native_level: int) -> None:
    assert _logging.native_level_for(python_level) == native_level


class FailingHandler(logging.Handler):
    """A handler that counts the records it is given, then raises."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.calls += 1
        raise RuntimeError("a broken log handler")


def test_a_failing_log_handler_never_breaks_a_call(
    client: sgpay.Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    unraisable: list = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    caplog.set_level(logging.DEBUG, logger="sgpay")
    handler = FailingHandler()
    logging.getLogger("sgpay").addHandler(handler)
    try:
        assert client.create_session({})["status"] == "ok"
    finally:
        logging.getLogger("sgpay").removeHandler(handler)
    assert handler.calls > 0, "the library logged nothing, so the handler was never called"
    assert unraisable == []
