"""verify_webhook: X-PARTNER-SIGN over the raw body, RSA and HMAC."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

import sgpay
from sgpay.testing import Sandbox

from conftest import FIXTURES, PROJECT

EVENT = {
    "type": "ready_to_confirm",
    "session": {"id": "ps_1", "status": "in_progress", "next_action": "confirm"},
}
BODY = json.dumps(EVENT).encode("utf-8")
WEBHOOK_SECRET = "pytest-webhook-secret"


def rsa_signature(body: bytes, key_file: str = "partner_key.pem") -> str:
    """X-PARTNER-SIGN of ``body``: RSASSA-PKCS1-v1_5 / SHA-256, Base64."""
    key = serialization.load_pem_private_key((FIXTURES / key_file).read_bytes(), password=None)
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def hmac_signature(body: bytes, secret: str = WEBHOOK_SECRET) -> str:
    """X-PARTNER-SIGN of ``body`` in HMAC mode: Base64(HMAC-SHA256)."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode("ascii")


def test_good_rsa_signature_returns_the_event(client: sgpay.Client) -> None:
    assert client.verify_webhook(BODY, rsa_signature(BODY)) == EVENT


def test_body_may_be_text(client: sgpay.Client) -> None:
    assert client.verify_webhook(BODY.decode("utf-8"), rsa_signature(BODY)) == EVENT


def test_tampered_body_is_a_signature_error(client: sgpay.Client) -> None:
    tampered = BODY.replace(b"ps_1", b"ps_2")
    with pytest.raises(sgpay.SignatureError) as caught:
        client.verify_webhook(tampered, rsa_signature(BODY))
    assert caught.value.status == 30
    assert caught.value.code == "signature"


def test_signature_by_another_key_is_refused(client: sgpay.Client) -> None:
    with pytest.raises(sgpay.SignatureError):
        client.verify_webhook(BODY, rsa_signature(BODY, "other_key.pem"))


def test_garbage_signature_is_refused(client: sgpay.Client) -> None:
    with pytest.raises(sgpay.SignatureError):
        client.verify_webhook(BODY, "not base64 at all!")


def test_hmac_webhook_secret(sandbox: Sandbox) -> None:
    with sgpay.Client(
        base_url=sandbox.url, project=PROJECT, hmac_secret="s", webhook_hmac_secret=WEBHOOK_SECRET
    ) as client:
        assert client.verify_webhook(BODY, hmac_signature(BODY)) == EVENT
        with pytest.raises(sgpay.SignatureError):
            client.verify_webhook(BODY, hmac_signature(BODY, "another-secret"))


def test_verifying_without_a_webhook_key_is_a_config_error(sandbox: Sandbox) -> None:
    with sgpay.Client(base_url=sandbox.url, project=PROJECT, hmac_secret="s") as client:
        with pytest.raises(sgpay.ConfigError, match="webhook"):
            client.verify_webhook(BODY, hmac_signature(BODY))
