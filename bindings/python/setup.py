"""Build hooks: build the native library and the sandbox with cargo, ship both in a platform wheel.

``pip install ./bindings/python`` runs ``cargo build --release -p sgpay -p sgpay-sandbox
-p sgpay-cli`` (what ``make build`` builds) on the Cargo workspace two levels above this
file, or ``-p sgpay`` alone on the crate copied into ``native/`` of the source distribution
(``SGPAY_SOURCE_DIR`` names another workspace root, ``CARGO`` another cargo), and copies
the resulting ``libsgpay.so`` / ``libsgpay.dylib`` / ``sgpay.dll`` and the executable that
runs the sandbox for ``sgpay.testing`` (the ``sgpay`` command, else ``sgpay-sandbox``) into
the ``sgpay`` package. The wheel is tagged
``py3-none-<platform>``: any Python 3, this platform only, as it carries no Python
extension module.

``SGPAY_NATIVE_LIBRARY`` names an already built library to bundle instead (no cargo run);
the release wheels are made that way by ``tools/dist/wheels``. The sandbox bundled with it
is ``SGPAY_SANDBOX_BINARY`` when set, else the ``sgpay`` command (its ``sandbox``
subcommand) or ``sgpay-sandbox`` found beside that library; with neither, the wheel
carries no sandbox and says so.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1 ships it in the wheel package
    from wheel.bdist_wheel import bdist_wheel

PACKAGE_DIR = Path(__file__).resolve().parent
NATIVE_SUFFIXES = (".so", ".dylib", ".dll")
EXE = ".exe" if sys.platform == "win32" else ""
SANDBOX_NAMES = ("sgpay" + EXE, "sgpay-sandbox" + EXE)
"""The executables that run the sandbox, in the order they are preferred: the command's
``sgpay sandbox``, then the sandbox's own binary (the names sgpay.testing looks for)."""
WORKSPACE_EXECUTABLES = (("sandbox", "sgpay-sandbox"), ("cli", "sgpay-cli"))
"""The workspace folders and Cargo packages of the executables that can run the sandbox."""


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


def cargo_artifacts(cargo_messages: str) -> tuple[Path, Optional[Path]]:
    """The cdylib of the sgpay crate and the executable that runs the sandbox, from cargo's messages.

    The executable is the ``sgpay`` command when it was built, else ``sgpay-sandbox``.
    """
    library = None
    executables: dict[str, Path] = {}
    for line in cargo_messages.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("reason") != "compiler-artifact":
            continue
        target = message.get("target", {})
        if "bin" in target.get("kind", []) and message.get("executable"):
            executables[target.get("name")] = Path(message["executable"])
        if target.get("name") != "sgpay" or "cdylib" not in target.get("kind", []):
            continue
        for file_name in message.get("filenames", []):
            if file_name.endswith(NATIVE_SUFFIXES):
                library = Path(file_name)
    if library is None:
        sys.exit("sgpay: cargo finished but reported no sgpay shared library")
    return library, executables.get("sgpay") or executables.get("sgpay-sandbox")


def named_sandbox() -> Optional[Path]:
    """The sandbox named by ``SGPAY_SANDBOX_BINARY``, if set."""
    named = os.environ.get("SGPAY_SANDBOX_BINARY")
    if not named:
        return None
    if not Path(named).is_file():
        sys.exit(f"sgpay: SGPAY_SANDBOX_BINARY is set to {named!r}, but there is no file there")
    return Path(named)


def prebuilt_sandbox(library: Path) -> Optional[Path]:
    """The sandbox to bundle with a prebuilt library: ``SGPAY_SANDBOX_BINARY``, else one beside it."""
    named = named_sandbox()
    if named:
        return named
    for name in SANDBOX_NAMES:
        if (library.parent / name).is_file():
            return library.parent / name
    return None


def build_native() -> tuple[Path, Optional[Path]]:
    """The library and the sandbox to bundle: prebuilt ones, else what cargo builds."""
    prebuilt = os.environ.get("SGPAY_NATIVE_LIBRARY")
    if prebuilt:
        return Path(prebuilt), prebuilt_sandbox(Path(prebuilt))
    root = workspace_root()
    # The packages `make build` builds, those the workspace has: the same set, so that cargo
    # has nothing to do after it (another set unifies features differently and builds the
    # library again). The sdist's workspace holds the library alone.
    packages = ["-p", "sgpay"]
    for folder, package in WORKSPACE_EXECUTABLES:
        if (root / folder / "Cargo.toml").is_file():
            packages += ["-p", package]
    command = [
        cargo_command(),
        "build",
        "--release",
        *packages,
        "--manifest-path",
        str(root / "Cargo.toml"),
        "--message-format=json-render-diagnostics",
    ]
    print("sgpay: running " + " ".join(command), file=sys.stderr)
    result = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"sgpay: cargo build failed with exit code {result.returncode}")
    library, sandbox = cargo_artifacts(result.stdout)
    return library, named_sandbox() or sandbox


class BuildPyWithNativeLibrary(build_py):
    """build_py that also builds the native library and the sandbox and puts them in the package."""

    def run(self) -> None:
        """Copy the Python files, then build and add the native library and the sandbox."""
        super().run()
        library, sandbox = build_native()
        if getattr(self, "editable_mode", False):
            destination = PACKAGE_DIR / "src" / "sgpay"
        else:
            destination = Path(self.build_lib) / "sgpay"
        destination.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(library, destination / library.name)
        for name in SANDBOX_NAMES:  # a sandbox of an earlier build must not stay beside this one
            (destination / name).unlink(missing_ok=True)
        if sandbox is None:
            print(
                "sgpay: no sandbox binary to bundle (sgpay.testing will look beside the library, "
                "in SGPAY_SANDBOX and on PATH)",
                file=sys.stderr,
            )
            return
        bundled = destination / sandbox.name
        shutil.copyfile(sandbox, bundled)
        bundled.chmod(0o755)


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
