"""The contents of every archive in dist/ and the checksums over them."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import unittest

from artifacts import (
    ARCHES, DIST, PE_MACHINE, ROOT, VERSION, elf_machine, expected_files, linux_sdk, linux_wheel,
    pe_is_dll, pe_machine, sdist, tar_members, windows_sdk, windows_wheel, zip_members,
)

HEADER = (ROOT / "include" / "sgpay.h").read_bytes()
COMMON = {"include/sgpay.h", "examples/c/start_payment.c", "examples/c/json_scan.h",
          "examples/c/example_settings.h",
          "README.md", "LICENSE-MIT", "LICENSE-APACHE"}


def exported_functions() -> set[str]:
    """Every function the header declares."""
    return {name.decode() for name in re.findall(rb"\b(sgpay_[a-z0-9_]+)\(", HEADER)}


class DistFolder(unittest.TestCase):
    def test_holds_exactly_the_release_files(self):
        self.assertEqual({p for p in DIST.iterdir()}, expected_files())

    def test_checksums_cover_every_file_and_match(self):
        lines = (DIST / "SHA256SUMS").read_text().splitlines()
        sums = dict(reversed(line.split("  ", 1)) for line in lines)
        self.assertEqual({DIST / name for name in sums}, expected_files() - {DIST / "SHA256SUMS"})
        for name, digest in sums.items():
            self.assertEqual(hashlib.sha256((DIST / name).read_bytes()).hexdigest(), digest, name)


class LinuxSdk(unittest.TestCase):
    def setUp(self):
        self.top = f"sgpay-{VERSION}-linux-x64/"
        self.files = {name.removeprefix(self.top): data for name, data in tar_members(linux_sdk()).items()}

    def test_members(self):
        self.assertEqual(
            set(self.files),
            COMMON | {"bin/sgpay", "lib/libsgpay.so", "lib/libsgpay.a", "lib/pkgconfig/sgpay.pc"},
        )

    def test_header_is_the_committed_one(self):
        self.assertEqual(self.files["include/sgpay.h"], HEADER)

    def test_libraries_are_x86_64(self):
        self.assertEqual(elf_machine(self.files["lib/libsgpay.so"]), 62)
        self.assertTrue(self.files["lib/libsgpay.a"].startswith(b"!<arch>\n"))
        self.assertEqual(elf_machine(self.files["bin/sgpay"]), 62)

    def test_pkg_config_is_relocatable(self):
        pc = self.files["lib/pkgconfig/sgpay.pc"].decode()
        self.assertIn("prefix=${pcfiledir}/../..", pc)
        self.assertIn(f"Version: {VERSION}", pc)


class WindowsSdk(unittest.TestCase):
    def test_members_and_architecture(self):
        for arch in ARCHES:
            with self.subTest(arch=arch):
                top = f"sgpay-{VERSION}-windows-{arch}/"
                files = {n.removeprefix(top): d for n, d in zip_members(windows_sdk(arch)).items()}
                self.assertEqual(set(files), COMMON | {"sgpay.dll", "sgpay.lib", "libsgpay.dll.a", "sgpay.def",
                                                       "sgpay.exe"})
                self.assertEqual(files["include/sgpay.h"], HEADER)
                self.assertEqual(pe_machine(files["sgpay.dll"]), PE_MACHINE[arch])
                self.assertTrue(pe_is_dll(files["sgpay.dll"]))
                self.assertEqual(pe_machine(files["sgpay.exe"]), PE_MACHINE[arch])
                self.assertFalse(pe_is_dll(files["sgpay.exe"]))
                self.assertTrue(files["sgpay.lib"].startswith(b"!<arch>\n"))
                self.assertTrue(files["libsgpay.dll.a"].startswith(b"!<arch>\n"))
                exports = set(re.findall(r"\b(sgpay_[a-z0-9_]+)\b", files["sgpay.def"].decode()))
                self.assertEqual(exports, exported_functions())


class Wheels(unittest.TestCase):
    def test_linux_wheel_bundles_the_shared_library(self):
        files = zip_members(linux_wheel())
        self.assertEqual(elf_machine(files["sgpay/libsgpay.so"]), 62)
        self.assertFalse([n for n in files if n.endswith(".dll")])
        self.assertIn("sgpay/_native.py", files)

    def test_auditwheel_accepts_the_manylinux_tag(self):
        tag = linux_wheel().name.split("-")[-1].removesuffix(".whl")
        shown = subprocess.run([sys.executable, "-m", "auditwheel", "show", str(linux_wheel())],
                               capture_output=True, text=True, check=True).stdout
        self.assertIn(f'"{tag}"', " ".join(shown.split()))

    def test_windows_wheels_bundle_the_dll_of_their_architecture(self):
        for arch in ARCHES:
            with self.subTest(arch=arch):
                files = zip_members(windows_wheel(arch))
                self.assertEqual(pe_machine(files["sgpay/sgpay.dll"]), PE_MACHINE[arch])
                self.assertEqual(pe_machine(files["sgpay/sgpay.exe"]), PE_MACHINE[arch])
                self.assertFalse(pe_is_dll(files["sgpay/sgpay.exe"]), "the kit's sandbox is the sgpay command")
                self.assertFalse([n for n in files if n.endswith(".so")])
                wheel_meta = files[f"sgpay-{VERSION}.dist-info/WHEEL"].decode()
                self.assertIn(f"Tag: py3-none-{windows_wheel(arch).name.split('-')[-1][:-4]}", wheel_meta)

    def test_sdist_carries_the_crate(self):
        top = f"sgpay-{VERSION}/"
        files = {n.removeprefix(top) for n in tar_members(sdist())}
        for name in ("setup.py", "pyproject.toml", "PKG-INFO", "src/sgpay/_native.py",
                     "native/Cargo.toml", "native/Cargo.lock", "native/src/lib.rs", "native/src/ffi/mod.rs"):
            self.assertIn(name, files)
        self.assertFalse([n for n in files if n.endswith((".so", ".dll"))])


if __name__ == "__main__":
    unittest.main()
