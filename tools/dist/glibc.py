"""Prints the manylinux tag for a library: python3 tools/dist/glibc.py target/release/libsgpay.so"""

import sys
from pathlib import Path

from distlib import manylinux_tag

if __name__ == "__main__":
    print(manylinux_tag(Path(sys.argv[1])))
