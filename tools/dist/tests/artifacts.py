"""What dist/ must hold, and readers for the binary formats the tests look into."""

from __future__ import annotations

import os
import struct
import sys
import tarfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from distlib import DIST, ROOT, WINDOWS_ARCHES, crate_version, manylinux_tag  # noqa: E402

VERSION = crate_version()
WITH_WINDOWS = os.environ.get("SGPAY_DIST_WINDOWS", "1") != "0"
"""False only while the Windows build is not part of `make dist` (tools/dist/build --no-windows)."""

PE_MACHINE = {"x64": 0x8664, "x86": 0x014C}
WHEEL_PLATFORM = {"x64": "win_amd64", "x86": "win32"}
ARCHES = WINDOWS_ARCHES if WITH_WINDOWS else ()


def linux_sdk() -> Path:
    return DIST / f"sgpay-{VERSION}-linux-x64.tar.gz"


def windows_sdk(arch: str) -> Path:
    return DIST / f"sgpay-{VERSION}-windows-{arch}.zip"


def linux_wheel() -> Path:
    tag = manylinux_tag(ROOT / "target" / "release" / "libsgpay.so")
    return DIST / f"sgpay-{VERSION}-py3-none-{tag}.whl"


def windows_wheel(arch: str) -> Path:
    return DIST / f"sgpay-{VERSION}-py3-none-{WHEEL_PLATFORM[arch]}.whl"


def sdist() -> Path:
    return DIST / f"sgpay-{VERSION}.tar.gz"


def nupkg() -> Path:
    return DIST / f"SgPay.{VERSION}.nupkg"


def expected_files() -> set[Path]:
    """Every file make dist writes."""
    files = {linux_sdk(), linux_wheel(), sdist(), nupkg(), DIST / "SHA256SUMS"}
    for arch in ARCHES:
        files |= {windows_sdk(arch), windows_wheel(arch)}
    return files


def tar_members(path: Path) -> dict[str, bytes]:
    """Regular files of a tar.gz by name, with their bytes."""
    with tarfile.open(path) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def zip_members(path: Path) -> dict[str, bytes]:
    """Files of a zip by name, with their bytes; fails on a corrupt member."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None, f"{path.name} has a corrupt member"
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def pe_coff_header(image: bytes) -> int:
    """The offset of a PE image's COFF file header (just after the PE signature)."""
    assert image[:2] == b"MZ", "not a PE image (no MZ header)"
    offset = struct.unpack_from("<I", image, 0x3C)[0]
    assert image[offset:offset + 4] == b"PE\0\0", "not a PE image (no PE signature)"
    return offset + 4


def pe_machine(image: bytes) -> int:
    """The COFF machine field of a PE image (0x8664 x64, 0x14c x86)."""
    return struct.unpack_from("<H", image, pe_coff_header(image))[0]


def pe_is_dll(image: bytes) -> bool:
    """Whether a PE image is a DLL (IMAGE_FILE_DLL in the COFF characteristics), not a program."""
    return bool(struct.unpack_from("<H", image, pe_coff_header(image) + 18)[0] & 0x2000)


def pe_file_version(image: bytes) -> str:
    """The file version of a PE image's version resource (VS_FIXEDFILEINFO), as a.b.c.d."""
    at = image.find(struct.pack("<I", 0xFEEF04BD))
    assert at >= 0, "no version resource"
    most, least = struct.unpack_from("<II", image, at + 8)
    return f"{most >> 16}.{most & 0xFFFF}.{least >> 16}.{least & 0xFFFF}"


def elf_machine(image: bytes) -> int:
    """The e_machine field of an ELF image (62 is x86-64)."""
    assert image[:4] == b"\x7fELF", "not an ELF image"
    return struct.unpack_from("<H", image, 18)[0]
