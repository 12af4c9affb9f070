#!/usr/bin/env bash
# The Android app's screens, tested offline on the real framework: builds the native library and
# generates the Kotlin bindings from it (as Gradle does), compiles the app's resources with aapt2
# and its Kotlin with kotlinc against Android 15's framework classes (android-all), then runs the
# JUnit tests under Robolectric with the real libikd_ffi.so (JNA) and the real issuer on loopback.
# Everything it needs comes from tests/setup/android.sh and tests/setup/kotlin.sh (cached).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-$root/target}"
app=android/app/src
package=id.go.ikd.wallet
cache=$(bash tests/setup/android.sh)
kotlinc_home=$(bash tests/setup/kotlin.sh)
kotlinc="$kotlinc_home/bin/kotlinc"
# IKD_ANDROID_BUILD=DIR keeps the build there (to rerun one test by hand); a temporary folder
# otherwise.
build="${IKD_ANDROID_BUILD:-}"
keep=1
if [ -z "$build" ]; then build=$(mktemp -d); keep=0; else rm -rf "$build"; mkdir -p "$build"; fi
issuer_pid=""
cleanup() {
  [ -n "$issuer_pid" ] && kill "$issuer_pid" 2>/dev/null || true
  [ "$keep" = 1 ] || rm -rf "$build"
}
trap cleanup EXIT
started=$(date +%s)
step() { printf -- '-- [%3ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

step "native library, ikd and uniffi-bindgen (debug)"
cargo build --locked -q -p ikd-ffi --features cli -p ikd-cli
"$target/debug/uniffi-bindgen" generate --no-format --library "$target/debug/libikd_ffi.so" \
  --language kotlin --out-dir "$build/generated"

step "resources (aapt2 against framework-res.apk) and the merged manifest"
# What AGP's manifest merger adds: the package (namespace), versions and uses-sdk. aapt2 from
# Debian links against API 29's framework-res.apk, which does not know android:dataExtractionRules
# (API 31): that one attribute is left out of the test manifest only (its rules file is compiled).
python3 - "$app/main/AndroidManifest.xml" "$build/AndroidManifest.xml" "$package" <<'PY'
import re, sys
source, out, package = sys.argv[1:]
text = open(source).read()
head = '<manifest xmlns:android="http://schemas.android.com/apk/res/android">'
assert head in text, "unexpected manifest header"
text = text.replace(head, head[:-1] + f' package="{package}" android:versionCode="1" '
                    'android:versionName="test">\n    <uses-sdk android:minSdkVersion="26" '
                    'android:targetSdkVersion="35" />', 1)
text = re.sub(r'\s+android:dataExtractionRules="[^"]*"', '', text)
open(out, "w").write(text)
PY
aapt2 compile --dir "$app/main/res" -o "$build/res.zip"
mkdir -p "$build/r"
aapt2 link -I /usr/share/android-framework-res/framework-res.apk --manifest "$build/AndroidManifest.xml" \
  --java "$build/r" --auto-add-overlay -o "$build/resources.apk" "$build/res.zip"

android_jar=$(ls "$cache"/compile/android-all-*.jar)
lib=$(ls "$cache"/lib/*.jar | tr '\n' ':')
stdlib="$kotlinc_home/lib/kotlin-stdlib.jar"

step "R class and the androidx.test shim (javac)"
javac -nowarn -d "$build/java" -cp "$android_jar" $(find "$build/r" tests/android/shim -name '*.java')

step "the app: generated bindings and app sources (kotlinc -Werror, against android-all)"
"$kotlinc" -Werror -jvm-target 17 -classpath "$android_jar:$build/java:$cache/lib/jna-5.17.0.jar" \
  -d "$build/app.jar" $(find "$build/generated" "$app/main/kotlin" -name '*.kt') 2> "$build/kotlinc-app.log" || {
  cat "$build/kotlinc-app.log" >&2; exit 1; }

step "the tests (kotlinc -Werror)"
"$kotlinc" -Werror -jvm-target 17 -classpath "$android_jar:$build/java:$build/app.jar:$lib" \
  -d "$build/tests.jar" $(find "$app/test/kotlin" -name '*.kt') 2> "$build/kotlinc-tests.log" || {
  cat "$build/kotlinc-tests.log" >&2; exit 1; }

# Robolectric finds the app's resources and manifest through this file on the classpath.
mkdir -p "$build/config/com/android/tools"
cat > "$build/config/com/android/tools/test_config.properties" <<PROPS
android_merged_manifest=$build/AndroidManifest.xml
android_resource_apk=$build/resources.apk
android_custom_package=$package
PROPS

# The real issuer on a free loopback port; the desk's lists for `ikd verify` saved beside it.
source tests/setup/test-issuer.sh
start_issuer_and_desk "$target/debug/ikd" "android-test-officer" "$build"

# android-all at the end of the class path stands where AGP puts its android.jar: JUnit reads
# @Config's defaults (android.app.Application) outside the sandbox; inside it, Robolectric loads
# the framework from the instrumented jar.
step "JUnit under Robolectric (offline, API 35)"
opens=()
for p in java.lang java.lang.reflect java.io java.net java.nio java.security java.text java.util \
  java.util.concurrent jdk.internal.access; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
java -Xmx2g "${opens[@]}" \
  -Drobolectric.offline=true -Drobolectric.dependency.dir="$cache/sdk" -Drobolectric.enabledSdks=35 \
  -Djna.library.path="$target/debug" -Djna.nosys=true \
  -cp "$build/config:$build/tests.jar:$build/app.jar:$build/java:$lib$stdlib:$android_jar" \
  org.junit.runner.JUnitCore ${IKD_ANDROID_TESTS:-$package.ScreensTest $package.JourneyTest}
