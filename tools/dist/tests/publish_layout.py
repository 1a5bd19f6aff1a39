"""Lays out a published .NET application from the NuGet package, as `dotnet publish` does.

Usage: publish_layout.py PACKAGE.nupkg FOLDER
  FOLDER/SgPay.dll                                  from lib/netstandard2.0/
  FOLDER/runtimes/linux-x64/native/libsgpay.so      from the package's runtimes/
"""

import sys
import zipfile
from pathlib import Path

PARTS = {
    "lib/netstandard2.0/SgPay.dll": "SgPay.dll",
    "runtimes/linux-x64/native/libsgpay.so": "runtimes/linux-x64/native/libsgpay.so",
}

if __name__ == "__main__":
    package, folder = sys.argv[1], Path(sys.argv[2])
    with zipfile.ZipFile(package) as archive:
        for part, target in PARTS.items():
            (folder / target).parent.mkdir(parents=True, exist_ok=True)
            (folder / target).write_bytes(archive.read(part))
