"""The NuGet package carries the test kit's sandbox (on Windows the sgpay command, whose
`sandbox` runs it), and the kit runs it from the layout a test project's output gets
(SgPay.dll, runtimes/linux-x64/native/libsgpay.so and tools/linux-x64/sgpay-sandbox), with no
SGPAY_SANDBOX and nothing on PATH."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from artifacts import ARCHES, PE_MACHINE, elf_machine, nupkg, pe_is_dll, pe_machine, zip_members

MSBUILD = "{http://schemas.microsoft.com/developer/msbuild/2003}"
SANDBOX = "tools/linux-x64/sgpay-sandbox"
WINDOWS_SANDBOXES = {arch: f"tools/win-{arch}/sgpay.exe" for arch in ARCHES}
KIT_PROGRAM = r"""
using System;
using SgPay;
using SgPay.Testing;

static class KitFromPackage
{
    static int Main()
    {
        using (var sandbox = new Sandbox())
        using (var client = sandbox.Client())
        {
            string year = ((DateTime.UtcNow.Year + 3) % 100).ToString("D2");
            PayResult paid = client.Pay("{\"payment_details\":{\"type\":\"card\",\"card\":{\"type\":\"bank_card\","
                + "\"bank_card\":{\"number\":\"4242424242424242\",\"expiration_month\":\"12\",\"expiration_year\":\""
                + year + "\",\"security_code\":\"123\"}}},\"amount_details\":{\"amount\":100,\"currency\":\"rub\"},"
                + "\"customer\":{\"reference\":\"dist\"}}");
            SandboxWebhook hook = sandbox.WaitForWebhook(w => w.Type == "payment_finished");
            client.VerifyWebhook(hook.Body, hook.Signature);
            Console.WriteLine("kit: " + paid.Outcome + " from " + sandbox.BinaryPath);
            return paid.Outcome == Outcome.Succeeded && sandbox.Stats().PaymentsCreated == 1 ? 0 : 1;
        }
    }
}
"""


class SandboxInTheNuGetPackage(unittest.TestCase):
    def setUp(self):
        self.package = nupkg()
        self.files = zip_members(self.package)

    def test_sandbox_is_an_executable_linux_binary(self):
        self.assertEqual(elf_machine(self.files[SANDBOX]), 62)
        with zipfile.ZipFile(self.package) as archive:
            mode = archive.getinfo(SANDBOX).external_attr >> 16
        self.assertTrue(mode & stat.S_IXUSR, oct(mode))

    def test_windows_sandboxes_are_the_command_of_their_architecture(self):
        for arch, name in WINDOWS_SANDBOXES.items():
            with self.subTest(arch=arch):
                self.assertEqual(pe_machine(self.files[name]), PE_MACHINE[arch])
                self.assertFalse(pe_is_dll(self.files[name]))

    def test_targets_copy_it_into_test_projects_only(self):
        project = ET.fromstring(self.files["build/SgPay.targets"])
        groups = [g for g in project.findall(f"{MSBUILD}ItemGroup") if "IsTestProject" in (g.get("Condition") or "")]
        self.assertEqual(len(groups), 1)
        self.assertIn("SgPayCopySandbox", groups[0].get("Condition"))
        items = groups[0].findall(f"{MSBUILD}None")
        sources = {i.get("Include").replace("$(MSBuildThisFileDirectory)..\\", "").replace("\\", "/") for i in items}
        expected = {SANDBOX, *(f"tools/win-{arch}/sgpay.exe" for arch in ("x64", "x86"))}
        self.assertEqual(sources, expected)
        self.assertEqual({i.findtext(f"{MSBUILD}Link").replace("\\", "/") for i in items}, expected)

    def test_content_types_cover_the_extensionless_binary(self):
        types = ET.fromstring(self.files["[Content_Types].xml"])
        overrides = {t.get("PartName") for t in types if t.tag.endswith("Override")}
        self.assertIn("/" + SANDBOX, overrides)

    @unittest.skipUnless(shutil.which("mcs") and shutil.which("mono"), "needs Mono (mcs, mono)")
    def test_kit_runs_the_packaged_sandbox(self):
        with tempfile.TemporaryDirectory() as work:
            out = Path(work) / "out"
            parts = {
                "lib/netstandard2.0/SgPay.dll": "SgPay.dll",
                "runtimes/linux-x64/native/libsgpay.so": "runtimes/linux-x64/native/libsgpay.so",
                SANDBOX: SANDBOX,  # where build/SgPay.targets puts it in a test project's output
            }
            for part, target in parts.items():
                (out / target).parent.mkdir(parents=True, exist_ok=True)
                (out / target).write_bytes(self.files[part])  # no executable bit, as NuGet extracts it
            (Path(work) / "Kit.cs").write_text(KIT_PROGRAM, encoding="utf-8")
            subprocess.run(["mcs", "-langversion:7", "-nologo", "-target:exe", f"-r:{out / 'SgPay.dll'}",
                            f"-out:{out / 'Kit.exe'}", str(Path(work) / "Kit.cs")], check=True)
            env = {k: v for k, v in os.environ.items() if k not in ("SGPAY_SANDBOX", "LD_LIBRARY_PATH")}
            env["PATH"] = str(Path(shutil.which("mono")).parent)
            run = subprocess.run([shutil.which("mono"), str(out / "Kit.exe")], cwd=work, env=env,
                                 capture_output=True, text=True, timeout=120)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            self.assertIn("kit: Succeeded", run.stdout)


if __name__ == "__main__":
    unittest.main()
