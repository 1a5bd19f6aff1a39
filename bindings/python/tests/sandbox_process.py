"""Starting, controlling and stopping an ``sgpay-sandbox`` process for the tests."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import tempfile
import threading
import urllib.request
from pathlib import Path
from typing import Any, Optional

REPOSITORY_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPOSITORY_ROOT / "tests" / "fixtures"
TARGET_DIR = Path(os.environ.get("CARGO_TARGET_DIR") or REPOSITORY_ROOT / "target")
LISTENING = re.compile(r"sgpay-sandbox listening on (http://127\.0\.0\.1:\d+)")
STARTUP_TIMEOUT_S = 30


class SandboxError(RuntimeError):
    """The sandbox could not be started or answered a control request badly."""


def sandbox_binary() -> Path:
    """The sandbox executable: ``$SGPAY_SANDBOX`` or ``target/release/sgpay-sandbox``."""
    binary = Path(os.environ.get("SGPAY_SANDBOX") or TARGET_DIR / "release" / "sgpay-sandbox")
    if not binary.is_file():
        raise SandboxError(
            f"the sandbox binary {binary} does not exist: build it with "
            "'cargo build --release -p sgpay-sandbox' at the repository root "
            "(or set SGPAY_SANDBOX to its path)"
        )
    return binary


class Sandbox:
    """A running sandbox on 127.0.0.1, on a port chosen by the system."""

    def __init__(self, arguments: list[str]) -> None:
        self._stderr = tempfile.TemporaryFile()
        command = [str(sandbox_binary()), "--listen", "127.0.0.1:0", *arguments]
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self._stderr, stdin=subprocess.DEVNULL
        )
        self._lines: queue.Queue[Optional[str]] = queue.Queue()
        threading.Thread(target=self._drain_stdout, daemon=True).start()
        self.url = self._read_url()

    def _drain_stdout(self) -> None:
        assert self._process.stdout is not None
        for raw in self._process.stdout:
            self._lines.put(raw.decode("utf-8", errors="replace"))
        self._lines.put(None)

    def _read_url(self) -> str:
        try:
            first = self._lines.get(timeout=STARTUP_TIMEOUT_S)
        except queue.Empty:
            first = None
        match = LISTENING.search(first or "")
        if match is None:
            stderr = self.stderr_text()
            self.stop()
            raise SandboxError(
                f"the sandbox did not announce its address (first line {first!r}); "
                f"its stderr: {stderr[-2000:]!r}"
            )
        return match.group(1)

    def stderr_text(self) -> str:
        """What the sandbox wrote on stderr so far."""
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", errors="replace")

    def stop(self) -> None:
        """Terminate the process and wait for it."""
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._stderr.close()

    def _control(self, method: str, path: str, body: Optional[dict[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            text = reply.read().decode("utf-8")
        return json.loads(text) if text.strip() else None

    def fault(self, operation: str, kind: str, count: int = 1, **extra: Any) -> None:
        """Queue a fault for the next ``count`` requests of ``operation``."""
        self._control(
            "POST", "/_sandbox/faults", {"operation": operation, "count": count, "kind": kind, **extra}
        )

    def stats(self) -> dict[str, Any]:
        """The sandbox's counters (requests per operation, payments created, replays)."""
        return self._control("GET", "/_sandbox/stats")

    def requests_of(self, operation: str) -> int:
        """How many requests of ``operation`` reached the sandbox since the last reset."""
        return int(self.stats().get("requests", {}).get(operation, 0))

    def reset(self) -> None:
        """Forget sessions, faults and counters."""
        self._control("POST", "/_sandbox/reset", {})
