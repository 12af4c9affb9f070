#!/usr/bin/env bash
# Bounded fuzzing of every target in fuzz/ on the STABLE toolchain: libFuzzer (libfuzzer-sys builds
# it from source) driven by SanitizerCoverage, with the flags cargo-fuzz passes minus
# AddressSanitizer, which needs nightly. Our code forbids `unsafe`, so ASan would mostly watch
# SQLite's C; panics, overflow checks and debug assertions are on. Nothing to install.
#
#   IKD_FUZZ_SECONDS   seconds per target (default 20)
#   IKD_FUZZ_TARGETS   space-separated subset (default: every [[bin]] in fuzz/Cargo.toml, the
#                      desk-first decoders desk_request_decode, desk_answer_verify,
#                      desk_revocation_decode, base45_decode and qr_codewords_decode included)
#
# The working corpus persists in target/fuzz-corpus/<target> (seeded from fuzz/seeds/<target>),
# so repeated runs go deeper. A crash leaves its input in target/fuzz-artifacts/<target>/ and
# fails the script. Prints one line per target: executions, seconds, corpus size, crashes.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${IKD_FUZZ_SECONDS:-20}
target_root=${CARGO_TARGET_DIR:-$PWD/target}
build_dir=$target_root/fuzz-build
triple=$(rustc -vV | sed -n 's/^host: //p')
targets=${IKD_FUZZ_TARGETS:-$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^ikd-fuzz$')}

# The instrumentation flags of cargo-fuzz (v0.12, sanitizer "none"). --target keeps them off the
# build scripts and proc-macros.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
cargo build --quiet --locked --release --manifest-path fuzz/Cargo.toml --target "$triple" \
  --target-dir "$build_dir" --bins

total_execs=0
crashes=0
for target in $targets; do
  corpus=$target_root/fuzz-corpus/$target
  artifacts=$target_root/fuzz-artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  seeds=()
  [ -d "fuzz/seeds/$target" ] && seeds=("fuzz/seeds/$target")
  log=$(mktemp)
  status=0
  "$build_dir/$triple/release/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "${seeds[@]}" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$status" -ne 0 ]; then
    crashes=$((crashes + 1))
    echo "fuzz $target: CRASH (exit $status) after ${execs:-?} executions; input in $artifacts/"
    grep -E "panicked|ERROR|SUMMARY" "$log" | head -5
  else
    echo "fuzz $target: ${execs:-0} executions in ${seconds}s, corpus $units inputs, 0 crashes"
  fi
  total_execs=$((total_execs + ${execs:-0}))
  rm -f "$log"
done
echo "fuzzing: $total_execs executions, $crashes crashes"
[ "$crashes" -eq 0 ]
