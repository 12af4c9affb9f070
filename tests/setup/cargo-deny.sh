#!/usr/bin/env bash
# Installs cargo-deny at a pinned version if it is missing (idempotent; ~4 min to build once).
set -euo pipefail
version=0.20.2
if cargo deny --version 2>/dev/null | grep -q " ${version}\$"; then
  exit 0
fi
cargo install cargo-deny --locked --version "$version"
