"""Writes the NuGet package dist/SgPay.<version>.nupkg.

A .nupkg is a zip (an Open Packaging Conventions package) holding:
  SgPay.nuspec                          the manifest (tools/dist/nuget/SgPay.nuspec.in)
  README.md                             bindings/csharp/README.md
  lib/netstandard2.0/SgPay.dll, .xml    the managed binding and its XML documentation
  runtimes/<rid>/native/                the native library for win-x64, win-x86, linux-x64
  tools/linux-x64/sgpay-sandbox         the sandbox the test kit (SgPay.Testing.Sandbox) runs;
  tools/win-x64/sgpay.exe, win-x86/     on Windows the sgpay command (its `sandbox` runs it);
                                        build/SgPay.targets copies them into test projects' output
  build/SgPay.targets                   copies the Windows DLLs beside a .NET Framework output
  buildTransitive/SgPay.targets         the same for projects that get SgPay transitively
  [Content_Types].xml, _rels/.rels      the OPC parts NuGet writes too
Usage: nupkg.py [--no-windows]   (--no-windows: only linux-x64 in runtimes/)
"""

from __future__ import annotations

import sys
from pathlib import Path

from distlib import DIST, RELEASE, ROOT, WINDOWS, Entry, crate_version, file_entry, require, write_zip

HERE = Path(__file__).resolve().parent / "nuget"
CSHARP_BUILD = ROOT / "bindings" / "csharp" / "build"
NATIVE = {
    "runtimes/linux-x64/native/libsgpay.so": RELEASE / "libsgpay.so",
    "runtimes/win-x64/native/sgpay.dll": WINDOWS / "x64" / "sgpay.dll",
    "runtimes/win-x86/native/sgpay.dll": WINDOWS / "x86" / "sgpay.dll",
}

# The sandbox binaries of the test kit, executable: the sandbox itself on Linux, the sgpay
# command (whose `sandbox` subcommand runs it) on Windows.
SANDBOX = {
    "tools/linux-x64/sgpay-sandbox": RELEASE / "sgpay-sandbox",
    "tools/win-x64/sgpay.exe": WINDOWS / "x64" / "sgpay.exe",
    "tools/win-x86/sgpay.exe": WINDOWS / "x86" / "sgpay.exe",
}


def nuspec(version: str) -> bytes:
    """The manifest with the crate's version."""
    text = (HERE / "SgPay.nuspec.in").read_text(encoding="utf-8")
    return text.replace("@VERSION@", version).encode("utf-8")


def package_entries(version: str, with_windows: bool) -> list[Entry]:
    """Every part of the package, the manifest first (as nuget pack writes it)."""
    files = {
        "README.md": ROOT / "bindings" / "csharp" / "README.md",
        "lib/netstandard2.0/SgPay.dll": CSHARP_BUILD / "SgPay.dll",
        "lib/netstandard2.0/SgPay.xml": CSHARP_BUILD / "SgPay.xml",
        "build/SgPay.targets": HERE / "SgPay.targets",
        "buildTransitive/SgPay.targets": HERE / "SgPay.transitive.targets",
        "[Content_Types].xml": HERE / "Content_Types.xml",
        "_rels/.rels": HERE / "rels.xml",
    }
    files.update({name: path for name, path in NATIVE.items() if with_windows or "win-" not in name})
    sandboxes = {name: path for name, path in SANDBOX.items() if with_windows or "win-" not in name}
    require(*files.values(), *sandboxes.values())
    parts = [file_entry(name, path)[:2] + (0o644,) for name, path in files.items()]
    parts += [file_entry(name, path)[:2] + (0o755,) for name, path in sandboxes.items()]
    parts.sort()
    return [("SgPay.nuspec", nuspec(version), 0o644)] + parts


def main(with_windows: bool) -> None:
    """Writes the package and prints its name."""
    DIST.mkdir(exist_ok=True)
    version = crate_version()
    target = DIST / f"SgPay.{version}.nupkg"
    write_zip(target, package_entries(version, with_windows), sort=False)
    print(f"dist/{target.name}")


if __name__ == "__main__":
    if sys.argv[1:] not in ([], ["--no-windows"]):
        sys.exit("usage: nupkg.py [--no-windows]")
    main(with_windows=sys.argv[1:] == [])
