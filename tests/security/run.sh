#!/usr/bin/env bash
# The security and reliability suite (issue 8) in one command. It runs what `cargo test
# --workspace` does not: the fault-injection program in its extended mode (SIGKILL and power cuts
# at every sync of change-PIN, document write, refresh and activation; EIO, ENOSPC, read-only),
# and a bounded fuzz run of every target in fuzz/; then it prints
# the figures: vectors passed per suite, trials per fault point and losses, fuzz executions and
# crashes.
#
#   bash tests/security/run.sh                          standalone: also runs the known-answer tests
#   bash tests/security/run.sh --after-workspace-tests  (tests/run-all.sh) the known-answer tests
#                                                       already ran in `cargo test --workspace`;
#                                                       their figures are read, not re-run
#   IKD_FUZZ_SECONDS=N   seconds per fuzz target (default 20)
#   IKD_CRASH_TRIALS=N   random-instant kills per operation (default 10 here)
#
# Needs strace (tests/setup/debian-tools.sh installs it). Counting: cargo's own "test result"
# lines, one "N passed, 0 failed" from the fault-injection program, and one for the fuzz run
# (each target that ran its time without a crash counts as one passed check).
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
target_root=${CARGO_TARGET_DIR:-$PWD/target}
figures=$target_root/tmp/security-figures
kat_suites="wycheproof-xchacha20-poly1305 wycheproof-chacha20-poly1305 wycheproof-x25519
  wycheproof-ed25519 wycheproof-hkdf-sha256 rfc8032-ed25519-sign rfc8032-ed25519 rfc7748-x25519
  rfc9106-argon2id argon2id-reference-cli"

section() { printf -- '-- %s\n' "$*"; }

# 1. Known-answer tests: their figure files are written by the tests themselves, only when every
# vector passed. After the workspace run they must be fresh (written in the last 3 hours).
fresh=yes
for suite in $kat_suites; do
  [ -n "$(find "$figures/kat-$suite.txt" -mmin -180 2>/dev/null)" ] || fresh=no
done
if [ "${1:-}" != "--after-workspace-tests" ] || [ "$fresh" = no ]; then
  section "known-answer tests"
  rm -f "$figures"/kat-*.txt
  cargo test --locked -q -p ikd-core --test known_answers
  cargo test --locked -q -p ikd-protocol --test known_answers
fi

# 2. Fault injection at every sync point of every write.
section "fault injection (strace)"
fault_log=$(mktemp)
IKD_CRASH_EXTENDED=1 IKD_CRASH_TRIALS=${IKD_CRASH_TRIALS:-10} \
  cargo test --locked -q -p ikd-core --test crash_safety | tee "$fault_log"

# 3. Bounded fuzzing.
section "fuzzing (${IKD_FUZZ_SECONDS:-20} s per target)"
fuzz_log=$(mktemp)
bash tests/security/fuzz.sh | tee "$fuzz_log"

section "security figures"
for suite in $kat_suites; do
  cat "$figures/kat-$suite.txt"
done
vectors=$(awk '{ sum += $2 } END { print sum }' "$figures"/kat-*.txt)
echo "known answers: $vectors vectors passed in $(echo $kat_suites | wc -w) suites"
grep -E ' / ' "$fault_log" | sed 's/^ */fault /'
grep -E '^fault injection:' "$fault_log"
grep -E '^fuzz' "$fuzz_log"
targets=$(grep -c '^fuzz .*0 crashes$' "$fuzz_log")
echo "fuzz targets without a crash:"
echo "$targets passed, 0 failed"
echo "security suite took $(( $(date +%s) - started ))s"
rm -f "$fault_log" "$fuzz_log"
