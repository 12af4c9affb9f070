"""Reads the criterion medians, times the reference C tools in the same run, and prints the table
of ratios for docs/performance.md."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

target = sys.argv[1]


def median_ns(group):
    path = os.path.join(target, "criterion", group, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"]


def time_process(args, stdin=b"", runs=15):
    """Median wall time of a whole process, in ns."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        subprocess.run(args, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples)


def ms(ns):
    return f"{ns / 1e6:.2f} ms"


def us(ns):
    return f"{ns / 1e3:.1f} µs"


rows = []

# 1. Unlock vs Argon2id alone, and our Argon2id vs the reference C implementation.
for name, kib in (("floor-19MiB-t2", 19456), ("ceiling-64MiB-t2", 65536)):
    kdf = median_ns(f"unlock_{name}/argon2id-only")
    unlock = median_ns(f"unlock_{name}/full-unlock")
    rows.append((f"unlock {name}: full unlock / Argon2id alone", f"{ms(unlock)} / {ms(kdf)}", f"{unlock / kdf:.3f}"))
    # The C CLI's cost minus its own start-up cost (the same CLI at 8 KiB, t=1).
    ref = time_process(["argon2", "saltsaltsaltsalt", "-id", "-t", "2", "-k", str(kib), "-p", "1", "-l", "32", "-r"], b"246813")
    start = time_process(["argon2", "saltsaltsaltsalt", "-id", "-t", "1", "-k", "8", "-p", "1", "-l", "32", "-r"], b"246813")
    c_kdf = max(ref - start, 1)
    rows.append((f"Argon2id {name}: ours (Rust argon2) / reference C CLI (start-up subtracted)", f"{ms(kdf)} / {ms(c_kdf)}", f"{kdf / c_kdf:.2f}"))

# 2. Desk answer, and the matrix step vs libqrencode.
frame = median_ns("desk-answer_full-ktp")
matrix = median_ns("desk-answer_matrix-only")
payload = os.path.join(tempfile.gettempdir(), "ikd-bench-payload.bin")
ref = time_process(["qrencode", "-8", "-l", "M", "-o", os.devnull, "-r", payload])
with tempfile.NamedTemporaryFile(delete=False) as tiny:
    tiny.write(b"x")
start = time_process(["qrencode", "-8", "-l", "M", "-o", os.devnull, "-r", tiny.name])
rows.append(("desk answer (sign+2 X25519+encrypt+encode+matrix), KTP full", us(frame), f"{frame / 1e6:.3f} of 1 ms"))
rows.append(("QR matrix: ours / qrencode CLI (start-up subtracted; PNG writing included on its side)", f"{us(matrix)} / {us(max(ref - start, 1))}", f"{matrix / max(ref - start, 1):.2f}"))

# 3. Desk throughput vs the sum of its primitives (the desk also checks the request's rules and
# commits the answer to its SQLite replay store, synchronous=FULL: that write is most of the gap).
verify = median_ns("verifier_verify-answer")
parts = ["x25519", "x25519", "hkdf-sha256", "chacha20poly1305-open-250B", "ed25519-verify-strict", "ed25519-verify-strict", "credential-decode"]
total = sum(median_ns(f"verifier_primitives/{p}") for p in parts)
rows.append(("desk: one answer verified and recorded / sum of primitives", f"{us(verify)} / {us(total)}", f"{verify / total:.2f}"))
rows.append(("desk: answers verified per second per core", f"{1e9 / verify:,.0f}", ""))

# 4. Cold open.
rows.append(("cold open: open vault + list 7 documents (no KDF)", us(median_ns("cold-open_open-and-list-7-documents")), ""))

# 6. Size.
lib = os.path.join(target, "release", "libikd_ffi.so")
rows.append(("release libikd_ffi.so (stripped, opt-level s, LTO, 1 CGU), x86_64", f"{os.path.getsize(lib) / 1e6:.2f} MB", ""))

print("| measure | median | ratio |")
print("|---|---|---|")
for name, value, ratio in rows:
    print(f"| {name} | {value} | {ratio} |")

# 5. QR density.
print()
print("QR density (docs/qr-format.md compares: EU DCC median V15, SMART Health Cards V21, Aadhaar secure QR V30):")
with open(os.path.join(target, "qr-density.txt")) as f:
    for line in f:
        if line.startswith("| SITI") or line.startswith("| citizen") or line.startswith("|---") or "family of four" in line:
            print(line.rstrip())
