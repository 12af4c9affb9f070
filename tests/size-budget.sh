#!/usr/bin/env bash
# Fails if the release native library grows past its budget (see docs/performance.md for the
# reasons behind the number). Our users pay for every megabyte.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$(pwd)/target}"
# Measured 4,378 KiB (4.48 MB) on 2026-11-22; the budget leaves about 20% headroom for growth
# that is worth its megabytes (see docs/performance.md).
BUDGET_KIB=5300
budget_bytes=$((BUDGET_KIB * 1024))
cargo build --locked -q --release -p ikd-ffi
size=$(stat -c %s "$target/release/libikd_ffi.so")
printf 'libikd_ffi.so (release, stripped, x86_64): %d KiB; budget %d KiB\n' $((size / 1024)) "$BUDGET_KIB"
if [ "$size" -gt "$budget_bytes" ]; then
  echo "the native library grew past its budget: find what was added (cargo bloat) or justify a new budget" >&2
  exit 1
fi
