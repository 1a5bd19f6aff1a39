"""The declarations type checkers read match the methods made at import time.

The session methods of ``Client`` and the session coroutines of ``AsyncClient`` are made
from the operation table when the package is imported; ``if TYPE_CHECKING:`` blocks in the
classes declare them for mypy, each with the protocol of its kind of request. The other
coroutines are made from the ``Client`` methods by one typed wrapper. These tests keep the
two in step (``make test`` also runs ``mypy --strict`` over the package and ``examples/``).
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import sgpay
from sgpay import async_client, client
from sgpay._operations import OPERATIONS, OPTIONAL
from sgpay.async_client import ASYNC_METHODS


def parsed(module: object) -> ast.Module:
    return ast.parse(Path(inspect.getfile(module)).read_text())  # type: ignore[arg-type]


def declared(module: object, class_name: str) -> dict[str, str]:
    """What ``if TYPE_CHECKING:`` inside class ``class_name`` of ``module`` annotates, by name."""
    found: dict[str, str] = {}
    for node in ast.walk(parsed(module)):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for statement in node.body:
                if isinstance(statement, ast.If) and ast.unparse(statement.test) == "TYPE_CHECKING":
                    for annotated in statement.body:
                        if isinstance(annotated, ast.AnnAssign) and isinstance(annotated.target, ast.Name):
                            found[annotated.target.id] = ast.unparse(annotated.annotation)
    return found


def protocols() -> dict[str, ast.FunctionDef]:
    """The ``__call__`` of each protocol of a session method that ``sgpay.client`` declares."""
    found: dict[str, ast.FunctionDef] = {}
    for node in ast.walk(parsed(client)):
        if isinstance(node, ast.ClassDef) and node.name.endswith("RequestMethod"):
            for function in node.body:
                if isinstance(function, ast.FunctionDef) and function.name == "__call__":
                    found[node.name] = function
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


def protocol_of(annotation: str) -> str:
    return annotation.split("[", 1)[0]


def test_the_client_declares_every_method_of_the_operation_table() -> None:
    declarations = declared(client, "Client")
    calls = protocols()
    assert set(declarations) == {operation.method for operation in OPERATIONS}
    for operation in OPERATIONS:
        annotation = declarations[operation.method]
        expected = "OptionalRequestMethod" if operation.request == OPTIONAL else "RequestMethod"
        assert protocol_of(annotation) == expected, operation.method
        assert annotation == f"{expected}[Reply]", operation.method
        # The protocol's ``self`` stands for the client the method is bound to.
        assert shape_of_declaration(calls[expected]) == shape_of_method(
            getattr(sgpay.Client, operation.method)
        ), operation.method


def test_the_async_client_declares_every_coroutine() -> None:
    declarations = declared(async_client, "AsyncClient")
    assert set(declarations) == {operation.method for operation in OPERATIONS}
    client_declarations = declared(client, "Client")
    for name, annotation in declarations.items():
        assert protocol_of(annotation) == protocol_of(client_declarations[name]), name
        assert annotation.endswith("[Coroutine[Any, Any, Reply]]"), name
    for name in ASYNC_METHODS:
        coroutine = getattr(sgpay.AsyncClient, name)
        assert inspect.iscoroutinefunction(coroutine), name
        assert shape_of_method(coroutine) == shape_of_method(getattr(sgpay.Client, name)), name


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
