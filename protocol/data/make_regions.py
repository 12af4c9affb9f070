#!/usr/bin/env python3
"""Makes protocol/data/regions.bin, the table of Indonesia's administrative region names.

Source: the npm package idn-area-data 4.0.1 (data under the Open Database License, taken from
Keputusan Menteri Dalam Negeri No. 300.2.2-2138 Tahun 2025). The package is fetched with
`npm pack` and checked against its pinned SHA-512 before anything is read.

Usage: python3 protocol/data/make_regions.py [--package DIR]   (DIR: an unpacked package)

The format is written down in protocol/data/README.md and read by protocol/src/regions.rs.
Only provinces, regencies/cities, districts and villages are kept (no islands): the codes on a
KTP and a KK. Re-running it on the same package gives the same bytes.
"""
import argparse
import base64
import csv
import hashlib
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import zlib

PACKAGE = "idn-area-data@4.0.1"
INTEGRITY = "sha512-PhNSIl5T7swVwwWxJOFMtCaeHAF9TUu0HLDf+36EIWZro9j7au83AFIJiBQGL+iRsBDA2OlpJ5fjiqxNYndzOQ=="
LEVEL_FILES = ["provinces.csv", "regencies.csv", "districts.csv", "villages.csv"]
# Digits of the last code segment at each level: 11 / 11.01 / 11.01.01 / 11.01.01.2001.
SEGMENT_DIGITS = [2, 2, 2, 4]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regions.bin")


def fetch_package(workdir):
    subprocess.run(["npm", "pack", "--silent", PACKAGE], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    (tgz,) = [f for f in os.listdir(workdir) if f.endswith(".tgz")]
    data = open(os.path.join(workdir, tgz), "rb").read()
    got = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if got != INTEGRITY:
        sys.exit(f"{tgz}: integrity {got} is not the pinned {INTEGRITY}")
    with tarfile.open(os.path.join(workdir, tgz)) as tar:
        tar.extractall(workdir, filter="data")
    return os.path.join(workdir, "package")


def read_rows(package_dir):
    rows = []
    for level, name in enumerate(LEVEL_FILES):
        with open(os.path.join(package_dir, "data", name), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                segments = [int(s) for s in row["code"].split(".")]
                if len(segments) != level + 1:
                    sys.exit(f"{name}: code {row['code']} has the wrong number of parts")
                text = row["name"].strip()
                if not text or "\n" in text or len(text.encode()) > 255:
                    sys.exit(f"{name}: bad name for {row['code']}")
                rows.append((segments, text))
    rows.sort(key=lambda r: r[0])
    return rows


def encode(rows):
    """One byte per entry (level in the top 2 bits, delta to the previous sibling in the low 6;
    delta 0 means the segment follows as 2 bytes big-endian), then the names, one per line."""
    codes = bytearray()
    last = [0, 0, 0, 0]
    for segments, _ in rows:
        level = len(segments) - 1
        segment = segments[-1]
        if segment >= 10 ** SEGMENT_DIGITS[level]:
            sys.exit(f"segment {segment} too long at level {level}")
        delta = segment - last[level]
        if 1 <= delta < 64:
            codes.append((level << 6) | delta)
        else:
            codes.append(level << 6)
            codes += struct.pack(">H", segment)
        last[level] = segment
        for deeper in range(level + 1, 4):
            last[deeper] = 0
    names = "\n".join(text for _, text in rows).encode("utf-8")
    body = zlib.compress(bytes(codes) + names, 9)
    return b"IKDR" + struct.pack("<BII", 1, len(rows), len(codes)) + body


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", help="an unpacked idn-area-data package (default: npm pack)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        package_dir = args.package or fetch_package(workdir)
        rows = read_rows(package_dir)
        table = encode(rows)
    with open(OUT, "wb") as f:
        f.write(table)
    counts = [sum(1 for s, _ in rows if len(s) == n) for n in range(1, 5)]
    print(f"{OUT}: {len(table)} bytes; provinces {counts[0]}, regencies {counts[1]}, "
          f"districts {counts[2]}, villages {counts[3]}")


if __name__ == "__main__":
    main()
