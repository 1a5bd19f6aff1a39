"""A test kit: the sandbox that ships with this package, run for your tests.

``Sandbox`` starts the local emulator of the Smart Glocal API bundled in the package (the
``sgpay`` command's ``sandbox`` subcommand, or ``sgpay-sandbox``) on 127.0.0.1, on a port
the system picks, together with a small HTTP receiver on 127.0.0.1 that collects the
webhooks the sandbox sends. Both stop when the ``with`` block ends, also on an exception::

    from sgpay.testing import Sandbox

    with Sandbox() as sandbox:
        with sandbox.client(journal_path="journal.db") as client:
            sandbox.fault("session/confirm", "drop_after")    # the answer to confirm is lost
            result = client.pay(request, reference="receipt-1")
        assert result.outcome is sgpay.Outcome.SUCCEEDED
        assert sandbox.stats()["payments_created"] == 1

With pytest, the fixture ``sgpay_sandbox`` (registered by this package through the
``pytest11`` entry point) gives each test a fresh one.

Where the sandbox binary comes from, in this order: the package's own folder (where
``pip install`` put it, beside the native library), the folder of the loaded native
library (``sgpay.library_path()``, e.g. ``target/release`` with ``SGPAY_LIBRARY``), the
environment variable ``SGPAY_SANDBOX`` (a path to either binary), then ``PATH``. In each
place ``sgpay`` (run as ``sgpay sandbox``) is preferred to ``sgpay-sandbox``. When none is
found, :class:`SandboxNotFoundError` lists every place looked at.
"""

from __future__ import annotations

import datetime
import http.server
import json
import os
import queue
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Optional, Sequence, Union

from . import _native
from ._results import _timestamp
from .async_client import AsyncClient
from .client import Client

__all__ = [
    "DEFAULT_PROJECT",
    "SANDBOX_ENV_VAR",
    "Sandbox",
    "SandboxError",
    "SandboxNotFoundError",
    "Webhook",
    "find_sandbox",
]

SANDBOX_ENV_VAR = "SGPAY_SANDBOX"
"""Names a sandbox binary (``sgpay`` or ``sgpay-sandbox``) when none is bundled."""
DEFAULT_PROJECT = "test-project"
"""The project the sandbox accepts unless told otherwise."""
STARTUP_TIMEOUT_S = 30.0
CONTROL_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
_LISTENING = re.compile(r"listening on (https?://\S+)")
_EXE = ".exe" if sys.platform == "win32" else ""
_CLI_NAME = "sgpay" + _EXE
_SANDBOX_NAME = "sgpay-sandbox" + _EXE


class SandboxError(RuntimeError):
    """The sandbox could not be started, or answered a control request badly."""


class SandboxNotFoundError(SandboxError):
    """No sandbox binary was found; ``places`` lists where the kit looked, in order."""

    def __init__(self, places: Sequence[str]) -> None:
        self.places = list(places)
        lines = "\n".join(f"  - {place}" for place in self.places)
        super().__init__(
            "sgpay.testing: no sandbox binary (sgpay or sgpay-sandbox) was found. Looked in:\n"
            f"{lines}\n"
            "Install sgpay from a wheel (it bundles the sandbox), or build it from a checkout "
            "with 'cargo build --release -p sgpay-sandbox' and set "
            f"{SANDBOX_ENV_VAR}=/path/to/target/release/sgpay-sandbox"
        )


def _command_for(binary: Path) -> list[str]:
    """The command line prefix that runs the sandbox with ``binary``."""
    stem = binary.name[: -len(".exe")] if binary.name.lower().endswith(".exe") else binary.name
    return [str(binary), "sandbox"] if stem == "sgpay" else [str(binary)]


def _runnable(path: Path) -> bool:
    return path.is_file() and (sys.platform == "win32" or os.access(path, os.X_OK))


def _search_folder(folder: Path, what: str, places: list[str]) -> Optional[list[str]]:
    for name in (_CLI_NAME, _SANDBOX_NAME):
        candidate = folder / name
        if _runnable(candidate):
            return _command_for(candidate)
        places.append(f"{candidate} ({what}): {'not executable' if candidate.is_file() else 'no file'}")
    return None


def find_sandbox() -> list[str]:
    """The command that starts the sandbox, e.g. ``[".../sgpay/sgpay", "sandbox"]``.

    Looks in the package's folder, the native library's folder, ``$SGPAY_SANDBOX`` and
    ``PATH``, in that order.

    Raises:
        SandboxNotFoundError: none of them has one; the error lists each place.
    """
    places: list[str] = []
    package = Path(__file__).resolve().parent
    found = _search_folder(package, "bundled in the package", places)
    if found:
        return found
    library_folder = Path(_native.library_path).resolve().parent
    if library_folder != package:
        found = _search_folder(library_folder, "beside the loaded native library", places)
        if found:
            return found
    else:
        places.append(f"{library_folder} (the loaded native library's folder): the package folder, above")
    named = os.environ.get(SANDBOX_ENV_VAR)
    if named:
        candidate = Path(named)
        if _runnable(candidate):
            return _command_for(candidate.resolve())
        state = "not executable" if candidate.is_file() else "no file there"
        places.append(f"{SANDBOX_ENV_VAR}={named}: {state}")
    else:
        places.append(f"{SANDBOX_ENV_VAR}: not set")
    for name in (_CLI_NAME, _SANDBOX_NAME):
        on_path = shutil.which(name)
        if on_path:
            return _command_for(Path(on_path))
    places.append(f"PATH ({os.environ.get('PATH', '')}): no {_CLI_NAME} and no {_SANDBOX_NAME}")
    raise SandboxNotFoundError(places)


@dataclass(frozen=True)
class Webhook:
    """One webhook the sandbox sent, as the kit's receiver got it."""

    type: str
    """The event type: ``ready_to_confirm``, ``payment_finished``, ..."""
    session: dict[str, Any] = field(repr=False)
    """The session the event is about, as the sandbox sent it."""
    body: bytes = field(repr=False)
    """The raw body, exactly as received: verify the signature over these bytes."""
    signature: str = field(repr=False)
    """The ``X-PARTNER-SIGN`` header."""
    received_at: datetime.datetime
    """When the receiver got it (aware, UTC)."""

    @property
    def session_id(self) -> Optional[str]:
        """The session's id."""
        value = self.session.get("id")
        return value if isinstance(value, str) else None


class _Receiver:
    """An HTTP server on 127.0.0.1 that answers 200 to every POST and keeps what it got."""

    def __init__(self) -> None:
        self.webhooks: list[Webhook] = []
        self.condition = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.add(body, self.headers.get("X-PARTNER-SIGN") or "")
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet: nothing of a request is printed."""

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        host, port = self.server.server_address[:2]
        self.url = f"http://{host!s}:{port}/webhooks"
        self.thread = threading.Thread(target=self.server.serve_forever, name="sgpay-webhooks", daemon=True)
        self.thread.start()

    def add(self, body: bytes, signature: str) -> None:
        try:
            event = json.loads(body)
        except ValueError:
            event = {}
        event = event if isinstance(event, dict) else {}
        session = event.get("session")
        webhook = Webhook(
            type=str(event.get("type", "")),
            session=session if isinstance(session, dict) else {},
            body=body,
            signature=signature,
            received_at=datetime.datetime.now(datetime.timezone.utc),
        )
        with self.condition:
            self.webhooks.append(webhook)
            self.condition.notify_all()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=STOP_TIMEOUT_S)


def _end_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate the sandbox and wait for it (kill it when it does not stop in time)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


class Sandbox:
    """The bundled sandbox, running on 127.0.0.1, and a receiver collecting its webhooks.

    By default the sandbox checks HMAC signatures with a secret made for it, and
    :meth:`client` configures clients accordingly; give ``partner_public_key_path`` and
    ``private_key_path`` (the two halves of an RSA key) to have requests RSA-signed as the
    live API wants. ``processing_delay_ms`` is the duration of each asynchronous step of a
    payment (the sandbox's own default is 100 ms; the kit uses 20 to keep tests quick).
    ``webhooks=False`` runs no receiver. ``binary`` names the sandbox binary instead of
    looking for it (see :func:`find_sandbox`); ``arguments`` are more flags for it.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`. A sandbox never
    stopped is stopped when it is garbage-collected or when the interpreter exits.

    Raises:
        SandboxNotFoundError: no sandbox binary was found (the error lists where).
        SandboxError: it did not start.
    """

    def __init__(
        self,
        *,
        project: str = DEFAULT_PROJECT,
        hmac_secret: Optional[str] = None,
        partner_public_key_path: Union[str, os.PathLike[str], None] = None,
        private_key_path: Union[str, os.PathLike[str], None] = None,
        processing_delay_ms: int = 20,
        webhooks: bool = True,
        binary: Union[str, os.PathLike[str], None] = None,
        arguments: Sequence[str] = (),
        startup_timeout_s: float = STARTUP_TIMEOUT_S,
    ) -> None:
        if (partner_public_key_path is None) != (private_key_path is None):
            raise ValueError("give both partner_public_key_path and private_key_path, or neither")
        if partner_public_key_path is not None and hmac_secret is not None:
            raise ValueError("give hmac_secret or an RSA key pair, not both")
        self.project = project
        self._hmac_secret = (
            None if partner_public_key_path is not None else hmac_secret or secrets.token_urlsafe(24)
        )
        self._public_key = None if partner_public_key_path is None else os.fspath(partner_public_key_path)
        self._private_key = None if private_key_path is None else os.fspath(private_key_path)
        self._processing_delay_ms = processing_delay_ms
        self._want_webhooks = webhooks
        self._binary = None if binary is None else Path(binary)
        self._arguments = list(arguments)
        self._startup_timeout_s = startup_timeout_s
        self._process: Optional[subprocess.Popen[bytes]] = None
        self._finalizer: Optional[weakref.finalize[Any, Any]] = None
        self._receiver: Optional[_Receiver] = None
        self._folder: Optional[tempfile.TemporaryDirectory[str]] = None
        self._stderr: Optional[IO[bytes]] = None
        self._clients: list[weakref.ReferenceType[Any]] = []
        self._url: Optional[str] = None
        self.command: list[str] = []
        """The command line that started the sandbox (no secret in it: see :meth:`start`)."""

    def __repr__(self) -> str:
        state = f"running at {self._url}" if self.running else "stopped"
        return f"<sgpay.testing.Sandbox project={self.project!r} {state}>"

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`, while the process lives."""
        return self._process is not None and self._process.poll() is None

    @property
    def url(self) -> str:
        """The sandbox's base URL, ``http://127.0.0.1:PORT``: the client's ``base_url``."""
        if self._url is None:
            raise SandboxError("the sandbox is not running: use it in a with block or call start()")
        return self._url

    @property
    def webhook_url(self) -> Optional[str]:
        """Where the sandbox sends webhooks (the kit's receiver), or None without one."""
        return None if self._receiver is None else self._receiver.url

    @property
    def webhook_public_key_path(self) -> str:
        """The PEM file of the public key that verifies the sandbox's webhooks."""
        if self._folder is None:
            raise SandboxError("the sandbox is not running")
        return os.path.join(self._folder.name, "webhook_public_key.pem")

    def start(self) -> None:
        """Start the webhook receiver and the sandbox; return once the sandbox listens.

        The HMAC secret is given to the sandbox in a flag of its command line, which other
        users of this computer can read while it runs: it is a test secret, made for this
        sandbox alone.
        """
        if self._process is not None:
            raise SandboxError("the sandbox was already started")
        prefix = _command_for(self._binary) if self._binary is not None else find_sandbox()
        try:
            self._folder = tempfile.TemporaryDirectory(prefix="sgpay-sandbox-")
            self._stderr = tempfile.TemporaryFile(dir=self._folder.name)
            if self._want_webhooks:
                self._receiver = _Receiver()
            # `--flag=value`: a secret may begin with "-" (token_urlsafe's alphabet has it).
            auth = (
                [f"--hmac-secret={self._hmac_secret}"]
                if self._hmac_secret is not None
                else ["--partner-public-key", str(self._public_key)]
            )
            flags = [
                "--listen", "127.0.0.1:0",
                "--project", self.project,
                "--processing-delay-ms", str(self._processing_delay_ms),
                "--webhook-key-out", self.webhook_public_key_path,
            ]  # fmt: skip
            if self._receiver is not None:
                flags += ["--webhook-url", self._receiver.url]
            command = [*prefix, *flags, *auth, *self._arguments]
            self.command = [("--hmac-secret=<secret>" if part.startswith("--hmac-secret=") else part)
                            for part in command]  # fmt: skip
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr
            )
            self._finalizer = weakref.finalize(self, _end_process, self._process)
            self._url = self._read_url(self._process)
        except BaseException:
            self.stop()
            raise

    def _read_url(self, process: subprocess.Popen[bytes]) -> str:
        lines: queue.Queue[Optional[bytes]] = queue.Queue()

        def drain() -> None:
            assert process.stdout is not None
            try:
                for line in process.stdout:
                    lines.put(line)
            except (OSError, ValueError):
                pass
            lines.put(None)

        threading.Thread(target=drain, name="sgpay-sandbox-stdout", daemon=True).start()
        try:
            first = lines.get(timeout=self._startup_timeout_s)
        except queue.Empty:
            first = None
        text = (first or b"").decode("utf-8", errors="replace")
        match = _LISTENING.search(text)
        if match is None:
            if process.poll() is None:
                _end_process(process)
            raise SandboxError(
                f"the sandbox ({' '.join(self.command)}) did not announce its address "
                f"(first line {text.strip()!r}, exit status {process.poll()}); "
                f"its stderr: {self.stderr_text()[-2000:]!r}"
            )
        return match.group(1)

    def stop(self) -> None:
        """Close the clients made by :meth:`client`, stop the sandbox and the receiver.

        Calling it again does nothing.
        """
        for reference in self._clients:
            made = reference()
            if isinstance(made, Client):
                made.close()
            elif isinstance(made, AsyncClient):
                made._client.close()
        self._clients = []
        if self._finalizer is not None:
            self._finalizer()  # ends the process, once
            self._finalizer = None
        self._process = None
        self._url = None
        if self._receiver is not None:
            self._receiver.stop()
            self._receiver = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def stderr_text(self) -> str:
        """What the sandbox wrote on stderr so far (its log)."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", errors="replace")

    # Clients -------------------------------------------------------------------------------

    def config(self, **overrides: Any) -> dict[str, Any]:
        """The keyword arguments of a :class:`sgpay.Client` for this sandbox, ``overrides`` merged in.

        ``base_url``, ``project``, the signing key (``hmac_secret``, or ``private_key_path``)
        and ``webhook_public_key_path`` (the sandbox's webhook key). A key given as None
        is left out.
        """
        config: dict[str, Any] = {"base_url": self.url, "project": self.project}
        if self._hmac_secret is not None:
            config["hmac_secret"] = self._hmac_secret
        else:
            config["private_key_path"] = self._private_key
        config["webhook_public_key_path"] = self.webhook_public_key_path
        config.update(overrides)
        return config

    def client(self, **config: Any) -> Client:
        """A :class:`sgpay.Client` configured for this sandbox (extra configuration keys merged in).

        It is closed by :meth:`stop` if it is still open then.
        """
        made = Client(**self.config(**config))
        self._clients.append(weakref.ref(made))
        return made

    def async_client(self, **config: Any) -> AsyncClient:
        """An :class:`sgpay.AsyncClient` configured for this sandbox, as :meth:`client`."""
        made = AsyncClient(**self.config(**config))
        self._clients.append(weakref.ref(made))
        return made

    # Control endpoints ---------------------------------------------------------------------

    def _control(self, method: str, path: str, body: Optional[dict[str, Any]] = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=CONTROL_TIMEOUT_S) as reply:
                text = reply.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", errors="replace")
            raise SandboxError(f"{method} {path} answered {error.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as error:
            raise SandboxError(f"{method} {path} failed: {error}") from None
        return json.loads(text) if text.strip() else None

    def fault(self, operation: str, kind: str, count: int = 1, **fields: Any) -> int:
        """Queue a fault for the next ``count`` requests of ``operation`` (an API method or ``*``).

        ``kind`` is ``delay`` (``delay_ms=``), ``status`` (``http_status=``, ``body=``,
        ``retry_after=``), ``malformed_json``, ``drop_before`` or ``drop_after``
        (docs/sandbox.md, "Faults"). Returns how many faults are queued.

        Raises:
            SandboxError: the sandbox refused the fault (``invalid_fault``, with the reason).
        """
        reply = self._control(
            "POST", "/_sandbox/faults", {"operation": operation, "count": count, "kind": kind, **fields}
        )
        return int(reply.get("queued", count)) if isinstance(reply, dict) else count

    def clear_faults(self) -> None:
        """Drop every fault still queued."""
        self._control("DELETE", "/_sandbox/faults")

    def stats(self) -> dict[str, Any]:
        """The sandbox's counters: ``requests`` per operation, ``payments_created``, ``replays``, ..."""
        reply = self._control("GET", "/_sandbox/stats")
        if not isinstance(reply, dict):
            raise SandboxError("GET /_sandbox/stats did not answer a JSON object")
        return reply

    def requests_of(self, operation: str) -> int:
        """How many requests of ``operation`` reached the sandbox since it started or was reset."""
        return int(self.stats().get("requests", {}).get(operation, 0))

    def advance_clock(
        self,
        *,
        minutes: float = 0,
        hours: float = 0,
        days: float = 0,
        seconds: float = 0,
    ) -> int:
        """Move the sandbox's clock forward and end whatever has run out; returns how many ended.

        A payment left waiting for ``session/confirm`` is cancelled after 240 minutes, a
        3-D Secure page after 60, a hold after 5 days (docs/api.md, "Time limits").
        """
        advance_ms = round((((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000)
        if advance_ms <= 0:
            raise ValueError("advance_clock moves the clock forward: give a positive duration")
        reply = self._control("POST", "/_sandbox/clock", {"advance_ms": advance_ms})
        return int(reply.get("expired", 0)) if isinstance(reply, dict) else 0

    def now(self) -> datetime.datetime:
        """The sandbox's time (aware, UTC): real time plus however far the clock was moved."""
        reply = self._control("GET", "/_sandbox/clock")
        moment = _timestamp(reply.get("now") if isinstance(reply, dict) else None, "the sandbox clock")
        if moment is None:
            raise SandboxError("GET /_sandbox/clock did not give the time")
        return moment

    def reset(self) -> None:
        """Forget sessions, faults, idempotency records and counters; the clock goes back to real time.

        The webhooks collected so far are forgotten too.
        """
        self._control("POST", "/_sandbox/reset", {})
        self.clear_webhooks()

    # Webhooks ------------------------------------------------------------------------------

    @property
    def webhooks(self) -> list[Webhook]:
        """The webhooks received so far, oldest first (a copy)."""
        if self._receiver is None:
            return []
        with self._receiver.condition:
            return list(self._receiver.webhooks)

    def clear_webhooks(self) -> None:
        """Forget the webhooks received so far."""
        if self._receiver is not None:
            with self._receiver.condition:
                self._receiver.webhooks.clear()

    def wait_for_webhook(
        self,
        type: Optional[str] = None,  # noqa: A002
        *,
        session_id: Optional[str] = None,
        timeout_s: float = 10.0,
    ) -> Webhook:
        """The first webhook received (or to come) of ``type`` and ``session_id`` (None: any).

        Raises:
            SandboxError: none came within ``timeout_s``, or the sandbox runs no receiver.
        """
        if self._receiver is None:
            raise SandboxError("this sandbox runs no webhook receiver (it was made with webhooks=False)")

        def matches(webhook: Webhook) -> bool:
            return (type is None or webhook.type == type) and (
                session_id is None or webhook.session_id == session_id
            )

        deadline = time.monotonic() + timeout_s
        condition = self._receiver.condition
        with condition:
            while True:
                found = next((webhook for webhook in self._receiver.webhooks if matches(webhook)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [webhook.type for webhook in self._receiver.webhooks]
                    raise SandboxError(
                        f"no webhook of type {type!r} for session {session_id!r} within {timeout_s} s; "
                        f"received: {seen}"
                    )
                condition.wait(left)
