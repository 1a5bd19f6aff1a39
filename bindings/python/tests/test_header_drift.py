"""The package's tables checked against ``include/sgpay.h``: a new status or function
in the header fails here until the Python side knows it."""

from __future__ import annotations

import re

import sgpay
from sgpay import _native
from sgpay._operations import OPERATIONS
from sgpay.async_client import ASYNC_METHODS
from sgpay.errors import STATUS_OK, STATUSES

from conftest import REPOSITORY_ROOT

HEADER = REPOSITORY_ROOT / "include" / "sgpay.h"
STATUS_LINE = re.compile(r"^\s*(?:#define\s+)?SGPAY_(OK|ERR_[A-Z0-9_]+)\s*=?\s*\(?\s*(-?\d+)", re.MULTILINE)
FUNCTION = re.compile(r"\b(sgpay_[a-z0-9_]+)\s*\(")
JOURNAL_METHODS = {
    "sgpay_pay": "pay",
    "sgpay_journal_entries": "journal_entries",
    "sgpay_journal_recover": "recover",
    "sgpay_journal_acknowledge": "acknowledge",
}


def header_statuses() -> dict[str, int]:
    """``{"ok": 0, "invalid_argument": 1, ...}`` from the header's status definitions."""
    found = {
        name.lower().replace("err_", "", 1): int(value)
        for name, value in STATUS_LINE.findall(HEADER.read_text())
    }
    assert found, f"no SGPAY_OK / SGPAY_ERR_* definitions found in {HEADER}"
    return found


def header_functions() -> set[str]:
    """Every ``sgpay_*`` function the header declares."""
    return set(FUNCTION.findall(HEADER.read_text()))


def test_every_status_of_the_header_has_its_kind_and_class() -> None:
    statuses = header_statuses()
    assert statuses.pop("ok") == STATUS_OK
    python = {row.kind: number for number, row in STATUSES.items()}
    assert python == statuses


def test_each_status_has_its_own_exception_class_except_panic_and_internal() -> None:
    by_class: dict[type, set[str]] = {}
    for row in STATUSES.values():
        by_class.setdefault(row.error, set()).add(row.kind)
    assert by_class.pop(sgpay.Error) == {"panic", "internal"}
    assert all(len(kinds) == 1 for kinds in by_class.values())
    assert all(cls.__name__ in sgpay.__all__ for cls in by_class)


def test_the_operation_table_matches_the_named_session_functions() -> None:
    named = {name for name in header_functions() if name.startswith("sgpay_session_")}
    assert named, f"no sgpay_session_* functions found in {HEADER}"
    from_header = {name[len("sgpay_") :].replace("_", "/") for name in named}
    assert {operation.path for operation in OPERATIONS} == from_header


def test_every_other_function_of_the_header_is_declared_to_ctypes() -> None:
    others = {name for name in header_functions() if not name.startswith("sgpay_session_")}
    assert others == set(_native._SIGNATURES)


def test_every_journal_function_of_the_header_has_its_method() -> None:
    journal = {
        name for name in header_functions() if name == "sgpay_pay" or name.startswith("sgpay_journal_")
    }
    assert journal == set(JOURNAL_METHODS)
    for method in JOURNAL_METHODS.values():
        assert callable(getattr(sgpay.Client, method))


def test_every_method_has_its_coroutine_in_the_async_client() -> None:
    blocking = {
        name
        for name in dir(sgpay.Client)
        if not name.startswith("_") and callable(getattr(sgpay.Client, name))
    }
    assert blocking - {"close"} == set(ASYNC_METHODS)
    for name in ASYNC_METHODS:
        assert getattr(sgpay.AsyncClient, name).__doc__
