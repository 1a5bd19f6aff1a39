"""Build hooks: compile the native library with cargo and ship it inside a platform wheel.

``pip install ./bindings/python`` runs ``cargo build --release -p sgpay`` on the Cargo
workspace two levels above this file, or on the crate copied into ``native/`` of the
source distribution (``SGPAY_SOURCE_DIR`` names another workspace root,
``CARGO`` another cargo) and copies the resulting ``libsgpay.so`` / ``libsgpay.dylib`` /
``sgpay.dll`` into the ``sgpay`` package. The wheel is tagged ``py3-none-<platform>``:
any Python 3, this platform only, as it carries no Python extension module.

``SGPAY_NATIVE_LIBRARY`` names an already built library to bundle instead (no cargo run);
the release wheels are made that way by ``tools/dist/wheels``.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1 ships it in the wheel package
    from wheel.bdist_wheel import bdist_wheel

PACKAGE_DIR = Path(__file__).resolve().parent
NATIVE_SUFFIXES = (".so", ".dylib", ".dll")


def workspace_root() -> Path:
    """The Cargo workspace that holds the sgpay crate: the sdist's native/ or the checkout."""
    bundled = PACKAGE_DIR / "native"
    default = bundled if (bundled / "Cargo.toml").is_file() else PACKAGE_DIR.parent.parent
    root = Path(os.environ.get("SGPAY_SOURCE_DIR") or default)
    if not (root / "Cargo.toml").is_file():
        sys.exit(
            f"sgpay: no Cargo.toml in {root}; build from a checkout of the sgpay repository "
            "(pip install ./bindings/python) or set SGPAY_SOURCE_DIR to its root"
        )
    return root


def cargo_command() -> str:
    """The cargo to run: $CARGO, cargo on PATH, or rustup's default location."""
    found = os.environ.get("CARGO") or shutil.which("cargo")
    rustup_default = Path.home() / ".cargo" / "bin" / "cargo"
    if not found and rustup_default.is_file():
        found = str(rustup_default)
    if not found:
        sys.exit("sgpay: cargo was not found; install the Rust toolchain (rustup) to build sgpay")
    return found


def native_artifact(cargo_messages: str) -> Path:
    """The cdylib file of the sgpay crate named in cargo's JSON messages."""
    for line in cargo_messages.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("reason") != "compiler-artifact":
            continue
        target = message.get("target", {})
        if target.get("name") != "sgpay" or "cdylib" not in target.get("kind", []):
            continue
        for file_name in message.get("filenames", []):
            if file_name.endswith(NATIVE_SUFFIXES):
                return Path(file_name)
    sys.exit("sgpay: cargo finished but reported no sgpay shared library")


def build_native_library() -> Path:
    """The library to bundle: ``SGPAY_NATIVE_LIBRARY``, else what cargo builds."""
    prebuilt = os.environ.get("SGPAY_NATIVE_LIBRARY")
    if prebuilt:
        return Path(prebuilt)
    root = workspace_root()
    command = [
        cargo_command(),
        "build",
        "--release",
        "-p",
        "sgpay",
        "--manifest-path",
        str(root / "Cargo.toml"),
        "--message-format=json-render-diagnostics",
    ]
    print("sgpay: running " + " ".join(command), file=sys.stderr)
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"sgpay: cargo build failed with exit code {result.returncode}")
    return native_artifact(result.stdout)


class BuildPyWithNativeLibrary(build_py):
    """build_py that also builds the native library and puts it in the package."""

    def run(self) -> None:
        """Copy the Python files, then build and add the native library."""
        super().run()
        library = build_native_library()
        if getattr(self, "editable_mode", False):
            destination = PACKAGE_DIR / "src" / "sgpay"
        else:
            destination = Path(self.build_lib) / "sgpay"
        destination.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(library, destination / library.name)


class PlatformWheel(bdist_wheel):
    """A wheel for this platform that any Python 3 can use (no extension module)."""

    def finalize_options(self) -> None:
        """Mark the wheel as platform-specific."""
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        """Tag ``py3-none-<platform>``: any Python 3, no ABI, this platform."""
        _python, _abi, platform = super().get_tag()
        return "py3", "none", platform


class BinaryDistribution(Distribution):
    """Marks the distribution as platform-specific so it installs into platlib."""

    def has_ext_modules(self) -> bool:
        """Always true: the package carries a native library."""
        return True


setup(
    distclass=BinaryDistribution,
    cmdclass={"build_py": BuildPyWithNativeLibrary, "bdist_wheel": PlatformWheel},
)
