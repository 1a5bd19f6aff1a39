"""Shared helpers of the release scripts in tools/dist: paths, the version, archives.

Archives are reproducible: entries are sorted, owned by root, and stamped with the time of
the last commit (or SOURCE_DATE_EPOCH when set), so the same tree gives the same bytes.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import subprocess
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
RELEASE = ROOT / "target" / "release"
WINDOWS = ROOT / "target" / "windows"
WINDOWS_ARCHES = ("x64", "x86")

Entry = tuple[str, bytes, int]
"""An archive member: its path inside the archive, its bytes and its Unix mode."""


def crate_version() -> str:
    """The version of the sgpay crate, from the [package] table of Cargo.toml."""
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    package = text.split("[package]", 1)[1].split("\n[", 1)[0]
    match = re.search(r'^version\s*=\s*"([^"]+)"', package, re.MULTILINE)
    if not match:
        raise SystemExit("tools/dist: no version in the [package] table of Cargo.toml")
    return match.group(1)


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH, else the time of the last commit, else 1980-01-01 (zip's epoch)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return max(int(out), 315532800)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 315532800


def file_entry(name: str, path: Path) -> Entry:
    """An archive member with a file's bytes; executable files keep 0755."""
    mode = 0o755 if os.access(path, os.X_OK) else 0o644
    return name, path.read_bytes(), mode


def require(*paths: Path) -> None:
    """Stops with the missing file's name and the command that makes it."""
    for path in paths:
        if not path.is_file():
            raise SystemExit(f"tools/dist: missing {path.relative_to(ROOT)}: run 'make dist' (it builds it)")


def write_tar_gz(target: Path, entries: list[Entry]) -> None:
    """Writes a gzip-compressed tar of the entries, reproducibly."""
    stamp = source_date_epoch()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data, mode in sorted(entries):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, stamp
            info.uname = info.gname = "root"
            tar.addfile(info, io.BytesIO(data))
    with open(target, "wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=stamp, compresslevel=9
    ) as out:
        out.write(buffer.getvalue())


def write_zip(target: Path, entries: list[Entry], sort: bool = True) -> None:
    """Writes a deflated zip of the entries, reproducibly (in the given order when sort=False)."""
    stamp = time.gmtime(source_date_epoch())[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data, mode in sorted(entries) if sort else entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | mode) << 16
            info.create_system = 3
            archive.writestr(info, data)


def required_glibc(library: Path) -> tuple[int, int]:
    """The newest GLIBC_x.y symbol version a shared library imports (objdump -T)."""
    table = subprocess.run(["objdump", "-T", str(library)], capture_output=True, text=True, check=True)
    found = {tuple(int(p) for p in m) for m in re.findall(r"\bGLIBC_(\d+)\.(\d+)\b", table.stdout)}
    if not found:
        raise SystemExit(f"tools/dist: {library} imports no versioned glibc symbol")
    return max(found)


def manylinux_tag(library: Path) -> str:
    """The manylinux platform tag (PEP 600) for the glibc that the library needs on x86-64."""
    major, minor = required_glibc(library)
    return f"manylinux_{major}_{minor}_x86_64"
