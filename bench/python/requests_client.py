"""The peer in Python: what a user writes with requests.Session and hmac or cryptography.

The body is serialised and signed per call (Base64 HMAC-SHA256, or RSASSA-PKCS1-v1_5 over
SHA-256 with cryptography), POSTed on a keep-alive session, and the reply parsed and checked.
"""

import base64
import hashlib
import hmac
import json
import sys
import uuid

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from workload import bodies, measure, parse_args


class Peer:
    """A hand-written client of the API."""

    def __init__(self, args):
        self.base_url = args.base_url
        self.project = args.project
        self.session = requests.Session()
        if args.rsa:
            with open(args.credential, "rb") as key_file:
                key = serialization.load_pem_private_key(key_file.read(), password=None)
            self.sign = lambda body: key.sign(body, padding.PKCS1v15(), hashes.SHA256())
        else:
            secret = args.credential.encode()
            self.sign = lambda body: hmac.new(secret, body, hashlib.sha256).digest()

    def call(self, operation, payload):
        """POSTs a signed request; returns the reply as a dict."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-PARTNER-PROJECT": self.project,
            "X-PARTNER-SIGN": base64.b64encode(self.sign(body)).decode(),
        }
        if operation != "session/status":
            headers["X-PARTNER-IDEMPOTENCY-KEY"] = str(uuid.uuid4())
        response = self.session.post(f"{self.base_url}/api/v1/{operation}", data=body, headers=headers)
        reply = response.json()
        if response.status_code != 200 or reply.get("status") != "ok":
            raise RuntimeError(f"{operation}: HTTP {response.status_code}: {reply}")
        return reply


def main():
    """Runs the calls and prints their durations."""
    args = parse_args(sys.argv[1:])
    peer = Peer(args)

    def create():
        return peer.call("session/create", {})["session"]["id"]

    def start(body):
        return peer.call("session/start/payment", body)

    request_bodies = bodies(args, create, start)
    operation = args.operation
    measure(args, lambda body: peer.call(operation, body), request_bodies)


if __name__ == "__main__":
    main()
