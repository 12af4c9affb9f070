#!/usr/bin/env bash
# Runs every test in the repository, installing what the tests need first (idempotent).
# This is the README's test command; .ci/run calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# Everything is also written to a log, from which the closing line counts the tests.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
exec > >(tee "$log") 2>&1

# The full run builds everything once; incremental caches would only double the target folder.
export CARGO_INCREMENTAL=0

step() { printf '\n== %s ==\n' "$*"; }
started=$(date +%s)
timed() { local t0; t0=$(date +%s); "$@"; printf '   (%ss)\n' "$(( $(date +%s) - t0 ))"; }

step "toolchain"
timed bash tests/setup/rust.sh
timed bash tests/setup/debian-tools.sh

step "dependency policy (licences, bans, sources)"
timed bash tests/setup/cargo-deny.sh
# Advisories need the RustSec database from GitHub, which these machines cannot reach; run
# `cargo deny check advisories` where the network allows it.
timed cargo deny check licenses bans sources
timed bash tests/fixtures-stay-out.sh

step "format"
timed cargo fmt --all -- --check

step "clippy"
timed cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust tests"
timed cargo test --workspace --locked

step "issuer API contract (schemathesis against a real issuer on loopback)"
timed bash tests/api/run.sh

step "desk station in Chromium (camera path with a fake capture device, scanner path, refusals)"
timed bash tests/desk/run.sh

step "issuer on PostgreSQL (store suite, two processes as one service) and the officer console in Chromium"
timed bash tests/issuer/run.sh

step "security suite (fault injection at every sync, bounded fuzzing, figures)"
timed bash tests/security/run.sh --after-workspace-tests

step "size budget of the native library (release build)"
timed bash tests/size-budget.sh

step "Kotlin bindings (kotlinc + JUnit on the JVM, real issuer on loopback)"
timed bash tests/kotlin/run.sh

step "Android app (aapt2 + kotlinc against android-all 35, Robolectric offline, real issuer on loopback)"
timed bash tests/android/run.sh

step "Swift bindings (SwiftPM + XCTest in a Debian trixie chroot, real issuer on loopback)"
timed bash tests/swift/run.sh

step "iOS app model (ios/ package: XCTest journeys through AppModel in the trixie chroot, real issuer on loopback)"
timed bash tests/ios/run.sh

printf '\nall test steps passed in %ss\n' "$(( $(date +%s) - started ))"
# One closing line over every runner: cargo test and the crash program, JUnit, XCTest.
python3 - "$log" <<'PY'
import re, sys
text = open(sys.argv[1], errors="replace").read()
passed = sum(int(n) for n in re.findall(r"test result: ok\. (\d+) passed", text))
passed += sum(int(n) for n in re.findall(r"^(\d+) passed, 0 failed$", text, re.M))
passed += sum(int(n) for n in re.findall(r"^OK \((\d+) tests?\)", text, re.M))
passed += sum(int(n) for n in re.findall(r"Test Suite 'All tests' passed.*\n\s+Executed (\d+) tests", text))
print(f"summary: {passed} passed, 0 failed")
PY
