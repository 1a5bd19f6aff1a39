"""What every measured Python client shares: arguments, request bodies, clock and output.

Arguments: BASE_URL PROJECT hmac|rsa SECRET|KEY_PATH status|start WARMUP CALLS. The bodies
are dicts that serialise (compact separators, key order kept) to the bytes of
bench/src/workload.rs. Output: one duration in nanoseconds per timed call.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, List


@dataclass
class Args:
    """The positional arguments of a measured client."""

    base_url: str
    project: str
    rsa: bool
    credential: str
    start: bool
    warmup: int
    calls: int

    @property
    def operation(self) -> str:
        """The API method path measured."""
        return "session/start/payment" if self.start else "session/status"


def parse_args(argv: List[str]) -> Args:
    """Reads the seven positional arguments."""
    if len(argv) != 7:
        sys.exit("usage: BASE_URL PROJECT hmac|rsa SECRET|KEY_PATH status|start WARMUP CALLS")
    base_url, project, auth, credential, op, warmup, calls = argv
    return Args(base_url, project, auth == "rsa", credential, op == "start", int(warmup), int(calls))


def status_body(session_id: str) -> Dict[str, Any]:
    """Body of session/status."""
    return {"session_id": session_id}


def start_body(session_id: str) -> Dict[str, Any]:
    """Body of session/start/payment: a test card that succeeds."""
    return {
        "session_id": session_id,
        "payment_details": {
            "type": "card",
            "card": {
                "type": "bank_card",
                "bank_card": {
                    "number": "4242424242424242",
                    "expiration_month": "12",
                    "expiration_year": "30",
                    "security_code": "123",
                },
            },
        },
        "amount_details": {"amount": 10000, "currency": "rub"},
        "customer": {"reference": "bench"},
    }


def bodies(args: Args, create: Callable[[], str], start: Callable[[Dict[str, Any]], Any]) -> List[Dict[str, Any]]:
    """The body of every call, warm-up first; sessions are made here, untimed."""
    total = args.warmup + args.calls
    if args.start:
        return [start_body(create()) for _ in range(total)]
    session_id = create()
    start(start_body(session_id))
    return [status_body(session_id)] * total


def measure(args: Args, call: Callable[[Dict[str, Any]], Any], request_bodies: List[Dict[str, Any]]) -> None:
    """Times each call and prints the durations of the timed ones."""
    clock = time.perf_counter_ns
    samples = []
    for body in request_bodies:
        started = clock()
        call(body)
        samples.append(clock() - started)
    sys.stdout.write("".join(f"{s}\n" for s in samples[args.warmup :]))
