"""The NuGet package opens with a standard zip reader and has a valid manifest and layout."""

from __future__ import annotations

import re
import unittest
import xml.etree.ElementTree as ET

from artifacts import ARCHES, PE_MACHINE, VERSION, elf_machine, nupkg, pe_machine, zip_members

NUSPEC = "{http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd}"
MSBUILD = "{http://schemas.microsoft.com/developer/msbuild/2003}"


class NuGetPackage(unittest.TestCase):
    def setUp(self):
        self.files = zip_members(nupkg())

    def metadata(self):
        root = ET.fromstring(self.files["SgPay.nuspec"])
        self.assertEqual(root.tag, f"{NUSPEC}package")
        return root.find(f"{NUSPEC}metadata")

    def test_layout(self):
        expected = {
            "SgPay.nuspec", "README.md", "[Content_Types].xml", "_rels/.rels",
            "lib/netstandard2.0/SgPay.dll", "lib/netstandard2.0/SgPay.xml",
            "build/SgPay.targets", "buildTransitive/SgPay.targets",
            "runtimes/linux-x64/native/libsgpay.so",
            "tools/linux-x64/sgpay-sandbox",
        } | {f"runtimes/win-{arch}/native/sgpay.dll" for arch in ARCHES} | {
            f"tools/win-{arch}/sgpay.exe" for arch in ARCHES
        }
        self.assertEqual(set(self.files), expected)

    def test_manifest_has_the_required_fields(self):
        metadata = self.metadata()
        field = {child.tag.removeprefix(NUSPEC): child for child in metadata}
        self.assertEqual(field["id"].text, "SgPay")
        self.assertEqual(field["version"].text, VERSION)
        self.assertTrue(field["authors"].text.strip())
        self.assertGreater(len(field["description"].text), 40)
        self.assertEqual(field["license"].get("type"), "expression")
        self.assertEqual(field["license"].text, "MIT OR Apache-2.0")
        self.assertIn(field["readme"].text, self.files)
        group = metadata.find(f"{NUSPEC}dependencies/{NUSPEC}group")
        self.assertEqual(group.get("targetFramework"), ".NETStandard2.0")

    def test_managed_assembly_and_its_documentation(self):
        self.assertEqual(pe_machine(self.files["lib/netstandard2.0/SgPay.dll"]), 0x014C)  # AnyCPU IL
        docs = ET.fromstring(self.files["lib/netstandard2.0/SgPay.xml"])
        self.assertEqual(docs.findtext("assembly/name"), "SgPay")
        members = {m.get("name") for m in docs.iter("member")}
        self.assertIn("T:SgPay.SgPayClient", members)

    def test_native_libraries_have_their_architecture(self):
        self.assertEqual(elf_machine(self.files["runtimes/linux-x64/native/libsgpay.so"]), 62)
        for arch in ARCHES:
            with self.subTest(arch=arch):
                dll = self.files[f"runtimes/win-{arch}/native/sgpay.dll"]
                self.assertEqual(pe_machine(dll), PE_MACHINE[arch])

    def test_build_targets_copy_package_files_for_dotnet_framework(self):
        project = ET.fromstring(self.files["build/SgPay.targets"])
        group = project.find(f"{MSBUILD}ItemGroup")
        self.assertIn(".NETFramework", group.get("Condition"))
        links = {}
        for item in group.findall(f"{MSBUILD}None"):
            source = item.get("Include").replace("$(MSBuildThisFileDirectory)..\\", "").replace("\\", "/")
            self.assertEqual(item.findtext(f"{MSBUILD}CopyToOutputDirectory"), "PreserveNewest")
            links[item.findtext(f"{MSBUILD}Link")] = source
        self.assertEqual(links, {"x64\\sgpay.dll": "runtimes/win-x64/native/sgpay.dll",
                                 "x86\\sgpay.dll": "runtimes/win-x86/native/sgpay.dll"})
        packaged = {source for source in links.values() if source in self.files}
        self.assertEqual(packaged, {f"runtimes/win-{arch}/native/sgpay.dll" for arch in ARCHES})
        transitive = ET.fromstring(self.files["buildTransitive/SgPay.targets"])
        imported = transitive.find(f"{MSBUILD}Import").get("Project")
        self.assertTrue(re.fullmatch(r"\$\(MSBuildThisFileDirectory\)\.\.\\build\\SgPay\.targets", imported))

    def test_opc_parts_point_at_the_manifest(self):
        rels = ET.fromstring(self.files["_rels/.rels"])
        targets = {r.get("Target") for r in rels}
        self.assertEqual(targets, {"/SgPay.nuspec"})
        types = ET.fromstring(self.files["[Content_Types].xml"])
        extensions = {t.get("Extension") for t in types}
        for name in self.files:
            if "." in name.rsplit("/", 1)[-1] and not name.startswith("[Content_Types]"):
                self.assertIn(name.rsplit(".", 1)[-1], extensions, name)


if __name__ == "__main__":
    unittest.main()
