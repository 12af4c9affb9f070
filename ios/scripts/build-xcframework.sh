#!/usr/bin/env bash
# Builds ios/IkdFFI.xcframework from the Rust core (static libraries: iPhone; the simulator for
# Apple silicon and Intel Macs in one lipo'd slice; macOS likewise, so `swift build` and
# `swift test` of the package work on the Mac itself) and generates the Swift side of the
# bindings into ios/Sources/IkdWalletKit/Generated. Runs on macOS with Xcode and rustup.
#   bash ios/scripts/build-xcframework.sh            release build (what the app ships)
#   IKD_PROFILE=dev bash ios/scripts/build-xcframework.sh   debug build (faster, for development)
# Nothing it makes is in git: run it again after every change to core/ or bindings/.
set -euo pipefail

if [ "$(uname -s)" != "Darwin" ]; then
  echo "build-xcframework.sh needs macOS with Xcode (xcodebuild, lipo); see docs/ios.md" >&2
  exit 1
fi
for tool in cargo rustup xcodebuild lipo xcrun; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing: $tool (see docs/ios.md)" >&2; exit 1; }
done

cd "$(dirname "$0")/../.."
root=$(pwd)
ios="$root/ios"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
profile="${IKD_PROFILE:-release}"
case "$profile" in
  dev) profile_dir=debug ;;
  *) profile_dir=$profile ;;
esac

device=aarch64-apple-ios
simulators=(aarch64-apple-ios-sim x86_64-apple-ios)
macs=(aarch64-apple-darwin x86_64-apple-darwin)
installed=$(rustup target list --installed)
for t in "$device" "${simulators[@]}" "${macs[@]}"; do
  grep -qx "$t" <<<"$installed" || rustup target add "$t"
done

# The app's deployment target: the Rust objects must not need anything newer.
export IPHONEOS_DEPLOYMENT_TARGET=16.0
export MACOSX_DEPLOYMENT_TARGET=13.0
for t in "$device" "${simulators[@]}" "${macs[@]}"; do
  echo "== cargo build ($profile) for $t" >&2
  cargo build --locked -p ikd-ffi --lib --profile "$profile" --target "$t"
done
# The binding generator runs on the Mac itself.
cargo build --locked -p ikd-ffi --features cli --bin uniffi-bindgen

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Bindings, from the device library's metadata (library mode): IkdFFI.h, IkdFFI.modulemap
# (module IkdFFI, as set in ios/uniffi.toml) and ikd_ffi.swift.
"$target_dir/debug/uniffi-bindgen" generate --no-format --language swift --config "$ios/uniffi.toml" \
  --library "$target_dir/$device/$profile_dir/libikd_ffi.a" --out-dir "$work/generated"
mkdir -p "$work/headers"
cp "$work/generated/IkdFFI.h" "$work/headers/"
cp "$work/generated/IkdFFI.modulemap" "$work/headers/module.modulemap"

# One simulator slice and one macOS slice, each with both architectures.
mkdir -p "$work/simulator" "$work/macos"
lipo -create \
  "$target_dir/${simulators[0]}/$profile_dir/libikd_ffi.a" \
  "$target_dir/${simulators[1]}/$profile_dir/libikd_ffi.a" \
  -output "$work/simulator/libikd_ffi.a"
lipo -create \
  "$target_dir/${macs[0]}/$profile_dir/libikd_ffi.a" \
  "$target_dir/${macs[1]}/$profile_dir/libikd_ffi.a" \
  -output "$work/macos/libikd_ffi.a"

rm -rf "$ios/IkdFFI.xcframework"
xcodebuild -create-xcframework \
  -library "$target_dir/$device/$profile_dir/libikd_ffi.a" -headers "$work/headers" \
  -library "$work/simulator/libikd_ffi.a" -headers "$work/headers" \
  -library "$work/macos/libikd_ffi.a" -headers "$work/headers" \
  -output "$ios/IkdFFI.xcframework"

mkdir -p "$ios/Sources/IkdWalletKit/Generated"
cp "$work/generated/ikd_ffi.swift" "$ios/Sources/IkdWalletKit/Generated/ikd_ffi.swift"

echo "made $ios/IkdFFI.xcframework and $ios/Sources/IkdWalletKit/Generated/ikd_ffi.swift" >&2
du -sh "$ios/IkdFFI.xcframework" >&2
