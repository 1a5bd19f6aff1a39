"""One version everywhere: the crate's (Cargo.toml) is the reference for every artifact."""

from __future__ import annotations

import ctypes
import email.parser
import re
import unittest
import xml.etree.ElementTree as ET

from artifacts import (
    ARCHES, ROOT, VERSION, linux_sdk, linux_wheel, nupkg, pe_file_version, sdist, tar_members,
    windows_sdk, windows_wheel, zip_members,
)

FOUR_PART = re.sub(r"[-+].*", "", VERSION) + ".0"


def wheel_version(wheel) -> str:
    metadata = zip_members(wheel)[f"sgpay-{VERSION}.dist-info/METADATA"].decode()
    return email.parser.Parser().parsestr(metadata)["Version"]


class Versions(unittest.TestCase):
    def test_header_version_string(self):
        header = (ROOT / "include" / "sgpay.h").read_text()
        self.assertEqual(re.findall(r'#define SGPAY_VERSION "([^"]+)"', header), [VERSION])

    def test_native_library_reports_it(self):
        library = ctypes.CDLL(str(ROOT / "target" / "release" / "libsgpay.so"))
        library.sgpay_version.restype = ctypes.c_char_p
        self.assertEqual(library.sgpay_version().decode(), VERSION)

    def test_python_package(self):
        source = (ROOT / "bindings" / "python" / "src" / "sgpay" / "_version.py").read_text()
        self.assertEqual(re.findall(r'__version__ = "([^"]+)"', source), [VERSION])
        self.assertEqual(wheel_version(linux_wheel()), VERSION)
        for arch in ARCHES:
            self.assertEqual(wheel_version(windows_wheel(arch)), VERSION)
        pkg_info = tar_members(sdist())[f"sgpay-{VERSION}/PKG-INFO"].decode()
        self.assertEqual(email.parser.Parser().parsestr(pkg_info)["Version"], VERSION)

    def test_pkg_config(self):
        pc = tar_members(linux_sdk())[f"sgpay-{VERSION}-linux-x64/lib/pkgconfig/sgpay.pc"].decode()
        self.assertEqual(re.findall(r"^Version: (.+)$", pc, re.MULTILINE), [VERSION])

    def test_nuget_package_and_managed_assembly(self):
        files = zip_members(nupkg())
        ns = "{http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd}"
        self.assertEqual(ET.fromstring(files["SgPay.nuspec"]).findtext(f"{ns}metadata/{ns}version"), VERSION)
        self.assertEqual(pe_file_version(files["lib/netstandard2.0/SgPay.dll"]), FOUR_PART)

    def test_csharp_sources(self):
        project = (ROOT / "bindings" / "csharp" / "SgPay" / "SgPay.csproj").read_text()
        self.assertEqual(re.findall(r"<Version>([^<]+)</Version>", project), [VERSION])
        info = (ROOT / "bindings" / "csharp" / "SgPay" / "AssemblyInfo.cs").read_text()
        self.assertEqual(re.findall(r'AssemblyInformationalVersion\("([^"]+)"\)', info), [VERSION])
        self.assertEqual(re.findall(r'AssemblyFileVersion\("([^"]+)"\)', info), [FOUR_PART])

    def test_windows_dll_and_exe_version_resources(self):
        for arch in ARCHES:
            files = zip_members(windows_sdk(arch))
            for name in ("sgpay.dll", "sgpay.exe"):
                with self.subTest(arch=arch, file=name):
                    image = files[f"sgpay-{VERSION}-windows-{arch}/{name}"]
                    self.assertEqual(pe_file_version(image), FOUR_PART)
                    self.assertIn(VERSION.encode("utf-16-le"), image)
                    self.assertIn(name.encode("utf-16-le"), image)


if __name__ == "__main__":
    unittest.main()
