"""The declarations type checkers read match the methods made at import time.

The session methods of ``Client`` and every coroutine of ``AsyncClient`` are made from
tables when the package is imported; ``if TYPE_CHECKING:`` blocks in the classes declare
them for mypy. These tests keep the two in step (``make test`` also runs ``mypy --strict``
over the package and ``examples/``).
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import sgpay
from sgpay import async_client, client
from sgpay._operations import OPERATIONS
from sgpay.async_client import ASYNC_METHODS


def declared(module: object, class_name: str) -> dict[str, ast.AST]:
    """The functions declared in ``if TYPE_CHECKING:`` inside class ``class_name`` of ``module``."""
    tree = ast.parse(Path(inspect.getfile(module)).read_text())  # type: ignore[arg-type]
    found: dict[str, ast.AST] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for statement in node.body:
                if isinstance(statement, ast.If) and ast.unparse(statement.test) == "TYPE_CHECKING":
                    for function in statement.body:
                        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                            found[function.name] = function
    return found


def shape_of_declaration(function: ast.AST) -> list[tuple[str, str, str]]:
    assert isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
    arguments = function.args
    positional = arguments.posonlyargs + arguments.args
    defaults = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    shape = [(a.arg, "positional", ast.unparse(d) if d else "-") for a, d in zip(positional, defaults)]
    shape += [
        (a.arg, "keyword", ast.unparse(d) if d else "-")
        for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults)
    ]
    return [(name, kind, default) for name, kind, default in shape]


def shape_of_method(method: object) -> list[tuple[str, str, str]]:
    shape = []
    for parameter in inspect.signature(method).parameters.values():  # type: ignore[arg-type]
        kind = "keyword" if parameter.kind is inspect.Parameter.KEYWORD_ONLY else "positional"
        default = "-" if parameter.default is inspect.Parameter.empty else repr(parameter.default)
        shape.append((parameter.name, kind, default))
    return shape


def test_the_client_declares_every_method_of_the_operation_table() -> None:
    declarations = declared(client, "Client")
    assert set(declarations) == {operation.method for operation in OPERATIONS}
    for name, function in declarations.items():
        assert shape_of_declaration(function) == shape_of_method(getattr(sgpay.Client, name)), name


def test_the_async_client_declares_every_coroutine() -> None:
    declarations = declared(async_client, "AsyncClient")
    assert set(declarations) == set(ASYNC_METHODS)
    for name, function in declarations.items():
        assert isinstance(function, ast.AsyncFunctionDef), name
        assert shape_of_declaration(function) == shape_of_method(getattr(sgpay.Client, name)), name


def test_the_typed_methods_return_the_typed_results() -> None:
    hints = {
        name: inspect.signature(getattr(sgpay.Client, name)).return_annotation
        for name in ("pay", "journal_entries", "recover", "acknowledge", "status")
    }
    assert hints == {
        "pay": "PayResult",
        "journal_entries": "list[JournalEntry]",
        "recover": "list[JournalEntry]",
        "acknowledge": "JournalEntry",
        "status": "dict[str, Any]",
    }
