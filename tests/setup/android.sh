#!/usr/bin/env bash
# Installs what the offline Android tests need, pinned and cached outside the work tree
# (idempotent; prints the cache folder):
#   Debian: maven, aapt (aapt2), android-framework-res (framework-res.apk, API 29, for aapt2 -I),
#           a JDK 17 (javac for the androidx.test shim);
#   Maven Central (tests/android/pom.xml): Robolectric 4.16.1 and its dependencies without the
#           androidx.test ones (Google Maven only; tests/android/shim replaces them), JUnit 4.13.2,
#           JNA 5.17.0, zxing core 3.5.3 (an independent QR decoder, tests only);
#   the Android 15 (API 35) framework: android-all (compile) and android-all-instrumented (the
#           runtime Robolectric loads offline).
# Layout of the cache:  lib/*.jar  compile/android-all-*.jar  sdk/android-all-instrumented-*.jar
set -euo pipefail
here="$(cd "$(dirname "$0")/../android" && pwd)"
cache="${IKD_CACHE:-$HOME/.cache/ikd}/android"
sdk_version=15-robolectric-13954326
instrumented_version="$sdk_version-i7"
stamp="robolectric-4.16.1 junit-4.13.2 jna-5.17.0 zxing-3.5.3 android-all-$instrumented_version $(sha256sum "$here/pom.xml" | cut -c1-16)"

need=()
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v aapt2 >/dev/null 2>&1 || need+=(aapt)
[ -f /usr/share/android-framework-res/framework-res.apk ] || need+=(android-framework-res)
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

if [ "$(cat "$cache/.ready" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$cache/lib" "$cache/compile" "$cache/sdk"
  mkdir -p "$cache"
  mvn=(mvn -q -B -Dmaven.repo.local="$cache/m2" -f "$here/pom.xml")
  "${mvn[@]}" dependency:copy-dependencies -DoutputDirectory="$cache/lib" >&2
  "${mvn[@]}" dependency:copy -Dartifact="org.robolectric:android-all:$sdk_version" \
    -DoutputDirectory="$cache/compile" >&2
  "${mvn[@]}" dependency:copy -Dartifact="org.robolectric:android-all-instrumented:$instrumented_version" \
    -DoutputDirectory="$cache/sdk" >&2
  # The two framework jars (390 MB) are kept once, in compile/ and sdk/, not twice.
  rm -rf "$cache/m2/org/robolectric/android-all" "$cache/m2/org/robolectric/android-all-instrumented"
  echo "$stamp" > "$cache/.ready"
fi
echo "$cache"
