"""Replies the wrappers must survive: every failure surfaces as an ``sgpay.Error``."""

from __future__ import annotations

import http.server
import threading
from typing import Iterator

import pytest

import sgpay
from sgpay.client import _raise_for

from conftest import PROJECT

DEPTH = 100_000
DEEP_REPLY = ('{"status":"ok","session":' + "[" * DEPTH + "]" * DEPTH + "}").encode("ascii")


class _DeepReplyHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - the http.server naming
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(DEEP_REPLY)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(DEEP_REPLY)

    def log_message(self, *_arguments: object) -> None:
        pass


@pytest.fixture
def deep_server() -> Iterator[str]:
    """A loopback server answering every request with a 100,000-level deep ``ok`` reply."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _DeepReplyHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_deeply_nested_reply_is_a_protocol_error(deep_server: str) -> None:
    with sgpay.Client(base_url=deep_server, project=PROJECT, hmac_secret="s", max_attempts=1) as client:
        with pytest.raises(sgpay.Error) as caught:
            client.status("ps_1")
    assert type(caught.value) is sgpay.ProtocolError
    assert caught.value.status == 21


def test_a_deeply_nested_request_is_an_invalid_argument_not_a_recursion_error(deep_server: str) -> None:
    nested: dict = {}
    for _ in range(DEPTH):
        nested = {"a": nested}
    with sgpay.Client(base_url=deep_server, project=PROJECT, hmac_secret="s") as client:
        with pytest.raises(sgpay.InvalidArgumentError):
            client.create_session({"metadata": nested})


def test_a_deeply_nested_error_document_still_gives_the_class_of_its_status() -> None:
    text = '{"status":"error","error":' + "[" * DEPTH + "]" * DEPTH + "}"
    with pytest.raises(sgpay.ApiError) as caught:
        _raise_for(20, text)
    assert caught.value.status == 20 and caught.value.document == {}


def test_deeply_nested_configuration_text_is_an_invalid_argument() -> None:
    deep = '{"project":' + "[" * DEPTH + "]" * DEPTH + "}"
    with pytest.raises(sgpay.InvalidArgumentError):
        sgpay.Client(deep, base_url="http://127.0.0.1:1")
