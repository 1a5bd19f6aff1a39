"""Loading of the native library and the ctypes declarations of its C ABI.

The library is looked for next to this file (where ``pip install`` puts it); the
environment variable ``SGPAY_LIBRARY`` overrides that with a full path. Importing this
module raises :class:`ImportError` in plain words when the library is missing, is not
sgpay, or speaks another ABI version.
"""

from __future__ import annotations

import ctypes
import os
import sys
from ctypes import POINTER, c_char_p, c_int32, c_size_t, c_uint32, c_void_p
from pathlib import Path
from typing import Any, Callable, Optional

ABI_VERSION = 1
LIBRARY_ENV_VAR = "SGPAY_LIBRARY"

LOG_FUNCTION = ctypes.CFUNCTYPE(None, c_void_p, c_int32, c_char_p)
"""C type of ``sgpay_log_fn``: ``void (*)(void *userdata, int32_t level, const char *message)``."""

_OUT_STRING = POINTER(c_void_p)

_SIGNATURES = {
    "sgpay_abi_version": (c_uint32, []),
    "sgpay_version": (c_char_p, []),
    "sgpay_client_new": (c_int32, [c_char_p, POINTER(c_void_p), _OUT_STRING]),
    "sgpay_client_free": (None, [c_void_p]),
    "sgpay_call": (c_int32, [c_void_p, c_char_p, c_char_p, c_char_p, _OUT_STRING]),
    "sgpay_webhook_verify": (
        c_int32,
        [c_void_p, c_char_p, c_size_t, c_char_p, _OUT_STRING],
    ),
    "sgpay_string_free": (None, [c_void_p]),
    "sgpay_set_log_callback": (c_int32, [LOG_FUNCTION, c_void_p, c_int32]),
    "sgpay_pay": (c_int32, [c_void_p, c_char_p, c_char_p, _OUT_STRING]),
    "sgpay_journal_entries": (c_int32, [c_void_p, c_char_p, _OUT_STRING]),
    "sgpay_journal_recover": (c_int32, [c_void_p, c_char_p, _OUT_STRING]),
    "sgpay_journal_acknowledge": (c_int32, [c_void_p, c_char_p, _OUT_STRING]),
}
"""Every C function the package calls, with its ctypes result and parameter types.

The named ``sgpay_session_*`` functions are not among them: the session methods go
through ``sgpay_call`` with the operation path (see :mod:`sgpay._operations`).
"""


def library_file_name() -> str:
    """The native library's file name on this platform."""
    if sys.platform == "win32":
        return "sgpay.dll"
    if sys.platform == "darwin":
        return "libsgpay.dylib"
    return "libsgpay.so"


def _library_path() -> str:
    override = os.environ.get(LIBRARY_ENV_VAR)
    if override:
        return override
    return str(Path(__file__).resolve().parent / library_file_name())


def _open(path: str) -> ctypes.CDLL:
    if not os.path.isfile(path):
        if os.environ.get(LIBRARY_ENV_VAR):
            raise ImportError(
                f"sgpay: {LIBRARY_ENV_VAR} is set to {path!r}, but there is no file there; "
                f"point it at the built {library_file_name()} (cargo build --release -p sgpay "
                "puts it in target/release/) or unset it to use the bundled library"
            )
        raise ImportError(
            f"sgpay: the native library {library_file_name()} is missing from the installed "
            f"package (looked for {path!r}); reinstall with 'pip install ./bindings/python' "
            f"from the sgpay repository, or set {LIBRARY_ENV_VAR} to the library's full path"
        )
    try:
        return ctypes.CDLL(path)
    except OSError as error:
        raise ImportError(f"sgpay: could not load the native library {path!r}: {error}") from error


def _function(library: ctypes.CDLL, path: str, name: str) -> Any:
    try:
        function = getattr(library, name)
    except AttributeError:
        raise ImportError(
            f"sgpay: {path!r} is not a usable sgpay library: it does not export {name}"
        ) from None
    restype, argtypes = _SIGNATURES[name]
    function.restype = restype
    function.argtypes = argtypes
    return function


def _check_abi(library: ctypes.CDLL, path: str) -> None:
    found = _function(library, path, "sgpay_abi_version")()
    if found != ABI_VERSION:
        raise ImportError(
            f"sgpay: the native library {path!r} speaks ABI version {found}, but this Python "
            f"package needs version {ABI_VERSION}; install the package and the library from "
            "the same sgpay release"
        )


def _declare(library: ctypes.CDLL, path: str) -> None:
    for name in _SIGNATURES:
        _function(library, path, name)


def load() -> tuple[ctypes.CDLL, str]:
    """Open, declare and check the native library; returns it and its path."""
    path = _library_path()
    library = _open(path)
    _check_abi(library, path)
    _declare(library, path)
    return library, path


lib, library_path = load()


def take_string(pointer: Optional[int]) -> Optional[str]:
    """Decode an owned ``char *`` returned by the library and free it (NULL gives None)."""
    if not pointer:
        return None
    try:
        return ctypes.string_at(pointer).decode("utf-8", errors="replace")
    finally:
        lib.sgpay_string_free(pointer)


def native_call(function: Callable[..., int], *arguments: object) -> tuple[int, Optional[str]]:
    """Call a C function whose last parameter is ``char **out_json``.

    Returns the status and the decoded document (None when the library gave none).
    The owned string is always freed, whatever the status.
    """
    out = c_void_p()
    try:
        status = function(*arguments, ctypes.byref(out))
    finally:
        document = take_string(out.value)
    return int(status), document
