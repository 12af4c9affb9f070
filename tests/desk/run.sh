#!/usr/bin/env bash
# The desk station in Debian's Chromium: camera path (fake capture device playing a Y4M of a
# real wallet answer), scanner path (typed text), refusals, headers; screenshots to docs/desk/.
# Closes with "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/setup/debian-tools.sh >&2
python="$(bash tests/setup/browser.sh)"
cargo build --locked -q -p ikd-cli
target="${CARGO_TARGET_DIR:-$(pwd)/target}"
"$python" tests/desk/test_desk.py "$target/debug/ikd"
