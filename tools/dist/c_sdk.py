"""Writes the C SDK archives into dist/.

sgpay-<version>-linux-x64.tar.gz    include/, lib/libsgpay.{so,a}, lib/pkgconfig/sgpay.pc,
                                    bin/sgpay (the command-line tool, docs/cli.md)
sgpay-<version>-windows-<arch>.zip  include/, sgpay.dll, sgpay.lib, libsgpay.dll.a, sgpay.def,
                                    sgpay.exe (the command-line tool)

Both carry the C example, README.md and the licences under one top folder named like the
archive. Usage: c_sdk.py linux | c_sdk.py windows
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from distlib import DIST, RELEASE, ROOT, WINDOWS, WINDOWS_ARCHES, Entry, crate_version, file_entry
from distlib import require, write_tar_gz, write_zip

HERE = Path(__file__).resolve().parent
WINDOWS_FILES = ("sgpay.dll", "sgpay.lib", "libsgpay.dll.a", "sgpay.def", "sgpay.exe")


def common_entries(top: str) -> list[Entry]:
    """Header, example, README and licences, under the archive's top folder."""
    files = {
        "include/sgpay.h": ROOT / "include" / "sgpay.h",
        "examples/c/start_payment.c": ROOT / "examples" / "c" / "start_payment.c",
        "examples/c/json_scan.h": ROOT / "examples" / "c" / "json_scan.h",
        "examples/c/example_settings.h": ROOT / "examples" / "c" / "example_settings.h",
        "README.md": HERE / "sdk-README.md",
        "LICENSE-MIT": ROOT / "LICENSE-MIT",
        "LICENSE-APACHE": ROOT / "LICENSE-APACHE",
    }
    require(*files.values())
    return [file_entry(f"{top}/{name}", path) for name, path in files.items()]


def without_debug_info(library: Path) -> bytes:
    """The static library with its debug sections removed (Rust's std brings them: 41 -> 29 MB)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / library.name
        shutil.copyfile(library, copy)
        subprocess.run(["strip", "--strip-debug", str(copy)], check=True)
        return copy.read_bytes()


def stripped(binary: Path) -> bytes:
    """An executable without its symbol table and debug sections."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / binary.name
        shutil.copyfile(binary, copy)
        subprocess.run(["strip", str(copy)], check=True)
        return copy.read_bytes()


def pkg_config(version: str) -> bytes:
    """sgpay.pc with a prefix relative to the file, so the unpacked SDK works from anywhere."""
    text = (ROOT / "sgpay.pc.in").read_text(encoding="utf-8")
    text = text.replace("@PREFIX@", "${pcfiledir}/../..").replace("@VERSION@", version)
    return text.encode("utf-8")


def linux(version: str) -> Path:
    """The Linux x86-64 SDK."""
    top = f"sgpay-{version}-linux-x64"
    require(RELEASE / "libsgpay.so", RELEASE / "libsgpay.a", RELEASE / "sgpay")
    entries = common_entries(top) + [
        (f"{top}/bin/sgpay", stripped(RELEASE / "sgpay"), 0o755),
        (f"{top}/lib/libsgpay.so", (RELEASE / "libsgpay.so").read_bytes(), 0o755),
        (f"{top}/lib/libsgpay.a", without_debug_info(RELEASE / "libsgpay.a"), 0o644),
        (f"{top}/lib/pkgconfig/sgpay.pc", pkg_config(version), 0o644),
    ]
    target = DIST / f"{top}.tar.gz"
    write_tar_gz(target, entries)
    return target


def windows(version: str, arch: str) -> Path:
    """The Windows SDK of one architecture (x64 or x86)."""
    top = f"sgpay-{version}-windows-{arch}"
    built = [WINDOWS / arch / name for name in WINDOWS_FILES]
    require(*built)
    entries = common_entries(top) + [file_entry(f"{top}/{path.name}", path) for path in built]
    target = DIST / f"{top}.zip"
    write_zip(target, entries)
    return target


def main(which: str) -> None:
    """Writes the archives of one platform and prints their names."""
    DIST.mkdir(exist_ok=True)
    version = crate_version()
    written = [linux(version)] if which == "linux" else [windows(version, a) for a in WINDOWS_ARCHES]
    for path in written:
        print(f"dist/{path.name}")


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("linux", "windows"):
        sys.exit("usage: c_sdk.py linux|windows")
    main(sys.argv[1])
