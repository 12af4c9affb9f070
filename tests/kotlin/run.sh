#!/usr/bin/env bash
# Builds the native library, generates the Kotlin bindings from it (library mode), compiles them
# with the tests using kotlinc -Werror, starts the real issuer on a loopback port, and runs the
# JUnit suite on the JVM with JNA. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-$root/target}"
kotlinc_home=$(bash tests/setup/kotlin.sh)
bash tests/setup/debian-tools.sh >/dev/null # zbarimg reads the desk card's picture
build=$(mktemp -d)
issuer_pid=""
cleanup() {
  [ -n "$issuer_pid" ] && kill "$issuer_pid" 2>/dev/null || true
  rm -rf "$build"
}
trap cleanup EXIT

cargo build --locked -q -p ikd-ffi --features cli -p ikd-cli
"$target/debug/uniffi-bindgen" generate --no-format --library "$target/debug/libikd_ffi.so" \
  --language kotlin --out-dir "$build/generated"

cp=/usr/share/java/jna.jar:/usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar
"$kotlinc_home/bin/kotlinc" -Werror -nowarn -jvm-target 17 -classpath "$cp" -d "$build/tests.jar" \
  $(find "$build/generated" -name '*.kt') tests/kotlin/WalletJourneysTest.kt 2> "$build/kotlinc.log" || {
  cat "$build/kotlinc.log" >&2; exit 1; }

# The real issuer on a free loopback port; the desk's lists for `ikd verify` saved beside it.
source tests/setup/test-issuer.sh
start_issuer_and_desk "$target/debug/ikd" "kotlin-test-officer" "$build"

java -Djna.library.path="$target/debug" \
  -cp "$build/tests.jar:$cp:$kotlinc_home/lib/kotlin-stdlib.jar" \
  org.junit.runner.JUnitCore ikd.WalletJourneysTest
