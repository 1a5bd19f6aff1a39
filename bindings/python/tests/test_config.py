"""Client construction: keyword configuration, its checks, and ConfigError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sgpay
from sgpay.testing import Sandbox

from conftest import FIXTURES, HMAC_SECRET, PROJECT, rsa_config


def config_error(**keys: object) -> sgpay.ConfigError:
    with pytest.raises(sgpay.ConfigError) as caught:
        sgpay.Client(**keys)
    return caught.value


def test_config_error_attributes_for_a_missing_base_url() -> None:
    error = config_error(project=PROJECT, hmac_secret=HMAC_SECRET)
    assert error.status == 2
    assert error.code == "config"
    assert "base_url" in error.description
    assert error.http_status is None
    assert error.document["status"] == "error"
    assert error.document["sgpay"]["status"] == 2
    assert isinstance(error, sgpay.Error)
    assert isinstance(error, ValueError)


def test_unknown_config_keyword_reaches_the_native_check_and_is_named(sandbox: Sandbox) -> None:
    error = config_error(**rsa_config(sandbox, request_timout_ms=5000))
    assert "request_timout_ms" in str(error)
    assert "request_timout_ms" in error.description


def test_none_values_are_left_out(sandbox: Sandbox) -> None:
    with sgpay.Client(**rsa_config(sandbox, submerchant=None, proxy=None, user_agent=None)) as client:
        assert client.create_session({})["session"]["status"] == "created"


def test_unreadable_key_file_is_a_config_error(sandbox: Sandbox, tmp_path: Path) -> None:
    error = config_error(**rsa_config(sandbox, private_key_path=str(tmp_path / "missing.pem")))
    assert error.status == 2


def test_a_public_key_is_not_accepted_as_the_private_key(sandbox: Sandbox) -> None:
    config_error(**rsa_config(sandbox, private_key_path=str(FIXTURES / "partner_pub.pem")))


def test_two_signing_modes_at_once_are_refused(sandbox: Sandbox) -> None:
    config_error(**rsa_config(sandbox, hmac_secret=HMAC_SECRET))


def test_plain_http_is_refused_for_a_remote_host() -> None:
    error = config_error(base_url="http://example.com", project=PROJECT, hmac_secret=HMAC_SECRET)
    assert "http" in error.description


def test_secrets_do_not_appear_in_config_errors() -> None:
    secret = "do-not-print-this-secret"
    error = config_error(base_url="http://example.com", project=PROJECT, hmac_secret=secret)
    assert secret not in str(error)
    assert secret not in json.dumps(error.document)


def test_pkcs1_key_path_as_a_path_object(sandbox: Sandbox) -> None:
    with sgpay.Client(**rsa_config(sandbox, private_key_path=FIXTURES / "partner_key_pkcs1.pem")) as client:
        assert client.create_session({})["status"] == "ok"


def test_key_given_as_pem_text(sandbox: Sandbox) -> None:
    pem = (FIXTURES / "partner_key.pem").read_text()
    config = rsa_config(sandbox, private_key_path=None, private_key_pem=pem)
    with sgpay.Client(**config) as client:
        assert client.create_session({})["status"] == "ok"


def test_positional_dict_and_json_text_with_keyword_overrides(sandbox: Sandbox) -> None:
    base = rsa_config(sandbox, project="wrong-project")
    with sgpay.Client(base, project=PROJECT) as client:
        assert client.create_session({})["status"] == "ok"
    with sgpay.Client(json.dumps(rsa_config(sandbox))) as client:
        assert client.create_session({})["status"] == "ok"


def test_wrong_key_is_refused_by_the_server(sandbox: Sandbox) -> None:
    with sgpay.Client(**rsa_config(sandbox, private_key_path=str(FIXTURES / "other_key.pem"))) as client:
        with pytest.raises(sgpay.ApiError) as caught:
            client.create_session({})
    assert caught.value.code == "invalid_sign"
    assert caught.value.http_status == 401


def test_hmac_signing(hmac_sandbox_process: Sandbox) -> None:
    hmac_sandbox_process.reset()
    with sgpay.Client(base_url=hmac_sandbox_process.url, project=PROJECT, hmac_secret=HMAC_SECRET) as client:
        session = client.create_session({})["session"]
        assert client.status(session["id"])["session"]["id"] == session["id"]


def test_repr_shows_no_secret(sandbox: Sandbox) -> None:
    with sgpay.Client(base_url=sandbox.url, project=PROJECT, hmac_secret="top-secret-value") as client:
        text = repr(client)
        assert "top-secret-value" not in text
        assert PROJECT in text and "open" in text
    assert "closed" in repr(client)
