#!/usr/bin/env bash
# The fixed (public!) test keys and the fictional population of `ikd_protocol::fixtures`, and the
# issuer's `testkit` that imports them, must never be compiled into a crate that ships: only
# dev-dependencies and the `ikd` command (for `ikd demo`) may enable them. Fails if a shipping
# crate's normal or build dependencies turn either feature on.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for package in ikd-protocol ikd-core ikd-app ikd-ffi ikd-verifier ikd-desk ikd-issuer; do
  features=$(cargo tree --locked -q -p "$package" -e normal,build -f '{p} [{f}]' |
    grep -oE '(ikd-protocol|ikd-issuer) v[^ ]* \([^)]*\) \[[^]]*\]' | sort -u)
  if grep -qE 'ikd-protocol .*\[[^]]*fixtures|ikd-issuer .*\[[^]]*testkit' <<<"$features"; then
    echo "FAIL: $package ships with test fixtures: $features"
    status=1
  fi
done
[ "$status" = 0 ] && echo "fixtures stay out of every shipping crate (checked: protocol, core, app, ffi, verifier, desk, issuer)"
exit "$status"
