"""Each Windows wheel's package looks for the library file that the wheel bundles.

The DLL cannot be loaded here, so the package is imported from the unpacked wheel with
SGPAY_LIBRARY naming the Linux library, and then asked, as on Windows, which file it loads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

from artifacts import ARCHES, ROOT, windows_wheel

PROBE = """
import sys
from pathlib import Path
from unittest import mock
from sgpay import _native
with mock.patch.object(sys, "platform", "win32"):
    print(Path(_native.__file__).parent / _native.library_file_name())
"""


class WindowsWheelLookup(unittest.TestCase):
    def test_package_finds_the_bundled_dll(self):
        for arch in ARCHES:
            with self.subTest(arch=arch), tempfile.TemporaryDirectory() as folder:
                zipfile.ZipFile(windows_wheel(arch)).extractall(folder)
                environment = dict(os.environ, PYTHONPATH=folder,
                                   SGPAY_LIBRARY=str(ROOT / "target" / "release" / "libsgpay.so"))
                looked_for = subprocess.run([sys.executable, "-c", PROBE], env=environment, cwd=folder,
                                            capture_output=True, text=True, check=True).stdout.strip()
                self.assertEqual(looked_for, os.path.join(folder, "sgpay", "sgpay.dll"))
                self.assertTrue(os.path.isfile(looked_for))


if __name__ == "__main__":
    unittest.main()
