#!/usr/bin/env bash
# Runs every test in the repository, installing what the tests need first (idempotent).
# This is the README's test command; .ci/run calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s ==\n' "$*"; }
started=$(date +%s)
timed() { local t0; t0=$(date +%s); "$@"; printf '   (%ss)\n' "$(( $(date +%s) - t0 ))"; }

step "toolchain"
timed bash tests/setup/rust.sh

step "format"
timed cargo fmt --all -- --check

step "clippy"
timed cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust tests"
timed cargo test --workspace --locked

printf '\nall test steps passed in %ss\n' "$(( $(date +%s) - started ))"
