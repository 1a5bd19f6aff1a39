"""The installed package: its bundled native library, versions, and import-time checks."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sgpay

PACKAGE_DIR = Path(sgpay.__file__).resolve().parent
SOURCE_DIR = Path(__file__).resolve().parents[1] / "src"

STUB_LIBRARY_C = """
unsigned int sgpay_abi_version(void) { return STUB_ABI; }
"""


def import_error_of(library: str) -> str:
    """Import sgpay in a fresh interpreter with SGPAY_LIBRARY set; return its ImportError text."""
    environment = dict(os.environ, SGPAY_LIBRARY=library)
    code = "import sgpay"
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0, "importing sgpay should have failed"
    assert "ImportError" in result.stderr, result.stderr
    return result.stderr


def stub_library(directory: Path, abi: int) -> str:
    """Compile a shared library that exports only sgpay_abi_version returning ``abi``."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.fail("these tests need a C compiler (cc or gcc) to build a stub library", pytrace=False)
    source = directory / "stub.c"
    source.write_text(STUB_LIBRARY_C)
    output = directory / f"libstub{abi}.so"
    subprocess.run(
        [compiler, "-shared", "-fPIC", f"-DSTUB_ABI={abi}", "-o", str(output), str(source)], check=True
    )
    return str(output)


def test_the_tested_package_is_the_installed_one_not_the_source_tree() -> None:
    assert SOURCE_DIR not in PACKAGE_DIR.parents, f"sgpay was imported from the source tree: {PACKAGE_DIR}"


def test_the_package_finds_its_bundled_library_without_environment_variables() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "SGPAY_LIBRARY"}
    result = subprocess.run(
        [sys.executable, "-c", "import sgpay; print(sgpay.library_path())"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = Path(result.stdout.strip())
    assert loaded.parent == PACKAGE_DIR
    assert loaded.name in {"libsgpay.so", "libsgpay.dylib", "sgpay.dll"}


def test_the_wheel_is_a_platform_wheel_for_any_python3() -> None:
    wheel = importlib.metadata.distribution("sgpay").read_text("WHEEL") or ""
    assert "Root-Is-Purelib: false" in wheel
    assert "Tag: py3-none-" in wheel
    assert "Tag: py3-none-any" not in wheel


def test_versions() -> None:
    assert sgpay.__version__ == importlib.metadata.version("sgpay")
    assert sgpay.native_version() == sgpay.__version__


def test_missing_library_named_by_environment_is_a_plain_import_error(tmp_path: Path) -> None:
    message = import_error_of(str(tmp_path / "nothing-here.so"))
    assert "SGPAY_LIBRARY" in message
    assert "nothing-here.so" in message


def test_library_of_another_abi_version_is_refused(tmp_path: Path) -> None:
    message = import_error_of(stub_library(tmp_path, abi=2))
    assert "ABI version 2" in message
    assert "needs version 1" in message


def test_library_lacking_the_functions_is_refused(tmp_path: Path) -> None:
    message = import_error_of(stub_library(tmp_path, abi=1))
    assert "does not export sgpay_" in message


def test_a_file_that_is_no_library_is_refused(tmp_path: Path) -> None:
    not_a_library = tmp_path / "libsgpay.so"
    not_a_library.write_text("this is text")
    message = import_error_of(str(not_a_library))
    assert "could not load the native library" in message


def test_public_names_have_docstrings() -> None:
    undocumented = [
        name
        for name in sgpay.__all__
        if name not in {"__version__", "TRACE", "Request"} and not getattr(sgpay, name).__doc__
    ]
    methods = [name for name in dir(sgpay.Client) if not name.startswith("_")]
    undocumented += [f"Client.{name}" for name in methods if not getattr(sgpay.Client, name).__doc__]
    assert undocumented == []


def test_py_typed_marker_is_installed() -> None:
    assert (PACKAGE_DIR / "py.typed").is_file()
