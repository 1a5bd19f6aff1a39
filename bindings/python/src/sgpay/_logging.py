"""Forwarding of the native library's log lines to the :mod:`logging` logger ``"sgpay"``.

Native levels map to Python levels: 1 error -> ``ERROR``, 2 warning -> ``WARNING``,
3 info -> ``INFO``, 4 debug -> ``DEBUG``, 5 trace -> :data:`TRACE` (5, below ``DEBUG``).

The callback is installed when :mod:`sgpay` is imported. The native library is only
asked for the lines the logger would keep: the maximum native level follows the
logger's effective level, re-read before every call, so ``logging.basicConfig(...)`` or
``logging.getLogger("sgpay").setLevel(...)`` take effect at the next call with no
extra step. Nothing is formatted natively while the logger is quieter than ``ERROR``.
As the logging guide advises for libraries, the logger only has a ``NullHandler``: the
application decides where the lines go (``logging.basicConfig()`` shows warnings).
"""

from __future__ import annotations

import atexit
import logging
import threading
from typing import Optional

from . import _native

TRACE = 5
"""The :mod:`logging` level of the native library's trace lines (below ``DEBUG``)."""

logger = logging.getLogger("sgpay")
logger.addHandler(logging.NullHandler())

_PYTHON_LEVEL_BY_NATIVE = {
    1: logging.ERROR,
    2: logging.WARNING,
    3: logging.INFO,
    4: logging.DEBUG,
    5: TRACE,
}
_NATIVE_OFF = 0


def _forward(_userdata: Optional[int], level: int, message: Optional[bytes]) -> None:
    try:
        text = message.decode("utf-8", errors="replace") if message else ""
        logger.log(_PYTHON_LEVEL_BY_NATIVE.get(level, logging.DEBUG), "%s", text)
    except BaseException:  # noqa: BLE001 - nothing may propagate into native code
        pass


_CALLBACK = _native.LOG_FUNCTION(_forward)
"""Kept alive for the life of the process: the library holds a pointer to it."""

_lock = threading.Lock()
_installed_level: Optional[int] = None


def native_level_for(python_level: int) -> int:
    """The highest native level whose lines a logger at ``python_level`` keeps (0: none)."""
    kept = [native for native, python in _PYTHON_LEVEL_BY_NATIVE.items() if python >= python_level]
    return max(kept, default=_NATIVE_OFF)


def _wanted_level() -> int:
    if logger.disabled:
        return _NATIVE_OFF
    return native_level_for(logger.getEffectiveLevel())


def sync_log_level() -> None:
    """Install or adjust the native callback to match the logger's effective level."""
    global _installed_level
    wanted = _wanted_level()
    if wanted == _installed_level:
        return
    with _lock:
        if wanted == _installed_level:
            return
        if wanted == _NATIVE_OFF:
            _native.lib.sgpay_set_log_callback(_native.LOG_FUNCTION(), None, 0)
        else:
            _native.lib.sgpay_set_log_callback(_CALLBACK, None, wanted)
        _installed_level = wanted


def _uninstall() -> None:
    global _installed_level
    with _lock:
        _native.lib.sgpay_set_log_callback(_native.LOG_FUNCTION(), None, 0)
        _installed_level = _NATIVE_OFF


sync_log_level()
atexit.register(_uninstall)
