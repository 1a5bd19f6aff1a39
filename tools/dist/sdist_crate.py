"""Copies the sgpay crate into a folder as a Cargo workspace of its own, for the sdist.

The repository's Cargo.toml is a workspace (the crate, the sandbox, the benchmarks) whose
members inherit edition, licence and rust-version. The copy keeps the crate alone: those
fields written out, no [dev-dependencies] (the tests stay in the repository), an empty
[workspace] table, the same profiles and the same Cargo.lock (cargo drops the unused entries).
Usage: sdist_crate.py DESTINATION
"""

from __future__ import annotations

import re
import shutil
import sys
import tomllib
from pathlib import Path

from distlib import ROOT

CRATE_FILES = (
    "Cargo.lock",
    "build.rs",
    "tools/windows/version_resource.rs",
    "LICENSE-MIT",
    "LICENSE-APACHE",
)


def tables(text: str) -> list[tuple[str, str]]:
    """The manifest split into (table header, body) pairs, in order."""
    parts = re.split(r"^(\[[^\]\n]+\])\s*$", text, flags=re.MULTILINE)
    return [("", parts[0])] + list(zip(parts[1::2], parts[2::2]))


def standalone_manifest(text: str) -> str:
    """The crate's manifest without the workspace around it."""
    inherited = tomllib.loads(text)["workspace"]["package"]
    kept = []
    for header, body in tables(text):
        if header in ("[workspace]", "[workspace.package]", "[dev-dependencies]"):
            continue
        for key, value in inherited.items():
            body = re.sub(rf"^{key}\.workspace = true$", f'{key} = "{value}"', body, flags=re.MULTILINE)
        kept.append(header + body)
    return "[workspace]\n\n" + "".join(kept).lstrip()


def main(destination: Path) -> None:
    """Writes Cargo.toml, Cargo.lock, src/ (and build.rs with what it includes, licences when
    present)."""
    destination.mkdir(parents=True, exist_ok=True)
    manifest = standalone_manifest((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    (destination / "Cargo.toml").write_text(manifest, encoding="utf-8")
    for name in CRATE_FILES:
        if (ROOT / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, destination / name)
    shutil.copytree(ROOT / "src", destination / "src", dirs_exist_ok=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sdist_crate.py DESTINATION")
    main(Path(sys.argv[1]))
