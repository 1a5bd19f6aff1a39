"""Each exception class, chosen by status code, with the fields of the error document."""

from __future__ import annotations

import pickle
import socket

import pytest

import sgpay
from sgpay.errors import error_from_document
from sgpay.testing import Sandbox

from conftest import PROJECT, rsa_config
from payments import CARD_BAD_LUHN, payment_body

START = "session/start/payment"


def free_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (1, sgpay.InvalidArgumentError),
        (2, sgpay.ConfigError),
        (10, sgpay.NotSentError),
        (11, sgpay.OutcomeUnknownError),
        (20, sgpay.ApiError),
        (21, sgpay.ProtocolError),
        (30, sgpay.SignatureError),
        (40, sgpay.JournalError),
        (98, sgpay.Error),
        (99, sgpay.Error),
        (42, sgpay.Error),
    ],
)
def test_class_is_chosen_by_status_code(status: int, cls: type) -> None:
    document = {
        "status": "error",
        "error": {"code": "some_code", "description": "some words"},
        "sgpay": {
            "status": status,
            "operation": START,
            "http_status": 502,
            "idempotency_key": "k-1",
            "attempts": 2,
        },
    }
    error = error_from_document(status, document)
    assert type(error) is cls
    assert (error.status, error.code, error.description) == (status, "some_code", "some words")
    assert (error.http_status, error.idempotency_key, error.operation, error.attempts) == (
        502,
        "k-1",
        START,
        2,
    )
    assert error.document == document


def test_error_without_a_document_still_has_its_fields() -> None:
    error = error_from_document(98, None)
    assert type(error) is sgpay.Error
    assert error.status == 98 and error.code == "internal" and error.document == {}


def test_errors_survive_pickling() -> None:
    error = error_from_document(
        11, {"error": {"code": "outcome_unknown", "description": "lost"}, "sgpay": {"idempotency_key": "k-2"}}
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is sgpay.OutcomeUnknownError
    assert copy.idempotency_key == "k-2" and str(copy) == str(error)


def test_missing_field_is_refused_locally_and_nothing_is_sent(client: sgpay.Client, sandbox: Sandbox) -> None:
    body = payment_body("ps_unused")
    del body["session_id"]
    with pytest.raises(sgpay.InvalidArgumentError) as caught:
        client.start_payment(body)
    error = caught.value
    assert error.status == 1 and error.code == "invalid_argument"
    assert "session_id" in error.description
    assert error.document["sgpay"]["status"] == 1
    assert sandbox.requests_of(START) == 0


def test_card_failing_luhn_is_refused_and_not_echoed(client: sgpay.Client, sandbox: Sandbox) -> None:
    session_id = client.create_session({})["session"]["id"]
    with pytest.raises(sgpay.InvalidArgumentError) as caught:
        client.start_payment(payment_body(session_id, CARD_BAD_LUHN))
    assert "number" in caught.value.description
    assert CARD_BAD_LUHN not in str(caught.value)
    assert CARD_BAD_LUHN not in str(caught.value.document)
    assert sandbox.requests_of(START) == 0


def test_malformed_json_and_unknown_operation_are_invalid_arguments(client: sgpay.Client) -> None:
    with pytest.raises(sgpay.InvalidArgumentError):
        client.status('{"session_id": ')
    with pytest.raises(sgpay.InvalidArgumentError):
        client.call("session/teleport", {})
    with pytest.raises(sgpay.InvalidArgumentError):
        client.create_session(["not", "an", "object"])  # type: ignore[arg-type]
    with pytest.raises(sgpay.InvalidArgumentError, match="NUL"):
        client.call("session/status\0", {"session_id": "ps_1"})
    with pytest.raises(sgpay.InvalidArgumentError, match="JSON"):
        client.create_session({"metadata": float("nan")})


def test_api_error_from_the_sandbox_carries_code_http_status_and_key(client: sgpay.Client) -> None:
    session_id = client.create_session({})["session"]["id"]
    client.start_payment(payment_body(session_id), idempotency_key="pytest-conflict")
    with pytest.raises(sgpay.ApiError) as caught:
        client.start_payment(payment_body(session_id, amount=20000), idempotency_key="pytest-conflict")
    error = caught.value
    assert error.status == 20
    assert error.code == "idempotency_key_already_exists"
    assert error.http_status == 400
    assert error.idempotency_key == "pytest-conflict"
    assert error.operation == START
    assert error.document["error"]["code"] == "idempotency_key_already_exists"


def test_injected_http_error_body_becomes_an_api_error(client: sgpay.Client, sandbox: Sandbox) -> None:
    body = {"status": "error", "error": {"code": "request_body_validation_error", "description": "injected"}}
    sandbox.fault("session/create", "status", http_status=400, body=body)
    with pytest.raises(sgpay.ApiError) as caught:
        client.create_session({})
    assert caught.value.code == "request_body_validation_error"
    assert caught.value.description == "injected"
    assert caught.value.http_status == 400


def test_malformed_reply_is_a_protocol_error(sandbox: Sandbox) -> None:
    # A read: a malformed answer to a money-moving request proves nothing, so it would be
    # an unknown outcome (issue 10), not a protocol error.
    sandbox.fault("session/status", "malformed_json", count=5)
    with sgpay.Client(**rsa_config(sandbox, max_attempts=1)) as client:
        with pytest.raises(sgpay.ProtocolError) as caught:
            client.status("ps_1")
    assert caught.value.status == 21 and caught.value.code == "protocol"


def test_unreachable_server_is_not_sent_and_says_it_is_safe_to_retry() -> None:
    base_url = f"http://127.0.0.1:{free_port()}"
    with sgpay.Client(base_url=base_url, project=PROJECT, hmac_secret="s", max_attempts=1) as client:
        with pytest.raises(sgpay.NotSentError) as caught:
            client.create_session({})
    error = caught.value
    assert error.status == 10 and error.code == "not_sent"
    assert error.operation == "session/create"
    assert "safe to send" in str(error)


def test_connection_dropped_after_processing_is_outcome_unknown(
    client: sgpay.Client, sandbox: Sandbox
) -> None:
    session_id = client.create_session({})["session"]["id"]
    sandbox.fault(START, "drop_after", count=1)
    with sgpay.Client(**rsa_config(sandbox, max_attempts=1)) as single_try:
        with pytest.raises(sgpay.OutcomeUnknownError) as caught:
            single_try.start_payment(payment_body(session_id), idempotency_key="pytest-dropped-1")
    error = caught.value
    assert error.status == 11 and error.code == "outcome_unknown"
    assert error.idempotency_key == "pytest-dropped-1"
    assert "pytest-dropped-1" in str(error) and "session/status" in str(error)
    assert sandbox.stats()["payments_created"] == 1
    replayed = client.start_payment(payment_body(session_id), idempotency_key="pytest-dropped-1")
    assert replayed["session"]["id"] == session_id
    assert sandbox.stats()["payments_created"] == 1


def test_generated_idempotency_key_is_reported_when_the_outcome_is_unknown(sandbox: Sandbox) -> None:
    with sgpay.Client(**rsa_config(sandbox, max_attempts=1)) as client:
        session_id = client.create_session({})["session"]["id"]
        sandbox.fault(START, "drop_after", count=1)
        with pytest.raises(sgpay.OutcomeUnknownError) as caught:
            client.start_payment(payment_body(session_id))
        key = caught.value.idempotency_key
        assert key
        assert client.start_payment(payment_body(session_id), idempotency_key=key)["status"] == "ok"
    assert sandbox.stats()["payments_created"] == 1


API_DOCUMENT = {
    "status": "error",
    "error": {
        "code": "invalid_sign",
        "description": "Signature mismatch \u2014 \U0001f389",
        "extra": [1, {"x": None}],
    },
    "sgpay": {
        "status": 20,
        "operation": "session/confirm",
        "http_status": 401,
        "idempotency_key": "key-1",
        "attempts": 2,
        "session_id": "ps_7",
    },
}


def test_message_format_is_the_one_of_the_csharp_binding() -> None:
    error = error_from_document(20, API_DOCUMENT)
    assert (
        str(error)
        == "session/confirm failed (Api, HTTP 401): invalid_sign: Signature mismatch \u2014 \U0001f389"
    )
    assert (error.kind, error.session_id, error.advice, error.last_reply) == ("api", "ps_7", "", None)


def test_structured_fields_of_the_document_are_read_not_the_prose() -> None:
    document = {
        "error": {"code": "outcome_unknown", "description": "safe to send"},
        "sgpay": {
            "status": 11,
            "kind": "outcome_unknown",
            "advice": "Ask session/status.",
            "operation": START,
            "idempotency_key": "k-3",
            "last_reply": {"http_status": 502, "code": "bad_gateway", "description": "html page"},
        },
    }
    error = error_from_document(11, document)
    assert error.advice == "Ask session/status."
    assert error.last_reply == {"http_status": 502, "code": "bad_gateway", "description": "html page"}
    assert str(error) == (
        "session/start/payment failed (OutcomeUnknown): outcome_unknown: safe to send "
        "(idempotency key k-3) Ask session/status."
    )


def test_an_empty_advice_of_the_document_means_no_advice() -> None:
    error = error_from_document(
        10, {"error": {"code": "not_sent", "description": "refused"}, "sgpay": {"advice": ""}}
    )
    assert error.advice == "" and str(error) == "sgpay failed (NotSent): not_sent: refused"


def test_without_an_advice_field_there_is_no_advice_of_the_bindings_own() -> None:
    error = error_from_document(10, {"error": {"code": "not_sent", "description": "refused"}})
    assert error.advice == ""
    assert str(error) == "sgpay failed (NotSent): not_sent: refused"


def test_journal_status_is_a_journal_error() -> None:
    error = error_from_document(40, {"error": {"code": "journal", "description": "read-only"}})
    assert type(error) is sgpay.JournalError and error.kind == "journal" and error.status == 40
