#!/usr/bin/env bash
# The decoder comparison of docs/desk.md: rqrr, rxing and zxing-cpp (its Rust wrapper, C++ built
# from the crate's bundled source with cmake) and zbarimg as the reference, on the 20
# phone-screen-like pictures of a real answer; then the per-frame decode benchmark of the
# desk's chosen decoder at 640x480 and 1280x720 (criterion, medians).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup/debian-tools.sh
target="${CARGO_TARGET_DIR:-$(pwd)/target}"
cargo run --locked -q --release --manifest-path bench/decoders/Cargo.toml \
  --target-dir "$target/decoders" -- "$target/phone-images"
cargo bench --locked -q -p ikd-verifier --bench decode_frame -- \
  --warm-up-time 1 --measurement-time 4 --noplot 2>&1 | grep -E "^decode_frame|time:"
