#!/usr/bin/env bash
# One command for the performance table: criterion benchmarks of our code, the reference C tools
# (argon2, qrencode) timed in the same run, the QR density table and the release library size.
# Prints medians and ratios (these machines are shared and noisy: read the ratios).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup/debian-tools.sh
target="${CARGO_TARGET_DIR:-$(pwd)/target}"
criterion_args=(--warm-up-time 1 --measurement-time 4 --noplot)
cargo bench --locked -q -p ikd-core --bench unlock --bench cold_open -- "${criterion_args[@]}" > /dev/null
cargo bench --locked -q -p ikd-protocol --bench desk_answer -- "${criterion_args[@]}" > /dev/null
cargo bench --locked -q -p ikd-verifier --bench verify -- "${criterion_args[@]}" > /dev/null
cargo test --locked -q -p ikd-protocol --test answer_size_budget -- --nocapture --test-threads 1 \
  > "$target/qr-density.txt" 2>&1
cargo build --locked -q --release -p ikd-ffi
python3 bench/compare.py "$target"
