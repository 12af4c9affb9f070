#!/usr/bin/env bash
# Builds the native library, generates the Swift bindings from it (library mode), assembles a
# SwiftPM package (system library target + bindings + XCTest tests), and runs `swift test` inside
# the Debian trixie chroot against the real issuer on loopback. The desk (made with `ikd desk`)
# then checks the answer the Swift test drew: accepted once, refused the second time. Exits
# non-zero if anything fails; leaves no mounts behind.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-$root/target}"
chroot_root=$(bash tests/setup/swift-chroot.sh)
build=$(mktemp -d "${IKD_CACHE:-$HOME/.cache/ikd}/swift-run.XXXXXX")
issuer_pid=""
cleanup() {
  [ -n "$issuer_pid" ] && kill "$issuer_pid" 2>/dev/null || true
  rm -rf "$build"
}
trap cleanup EXIT

cargo build --locked -q -p ikd-ffi --features cli -p ikd-cli
lib="$target/debug"
pkg="$build/pkg"
mkdir -p "$pkg/Sources/ikd_ffiFFI" "$pkg/Sources/IkdWallet" "$build/generated"
"$lib/uniffi-bindgen" generate --no-format --library "$lib/libikd_ffi.so" --language swift --out-dir "$build/generated"
cp "$build/generated/ikd_ffiFFI.h" "$pkg/Sources/ikd_ffiFFI/"
cp "$build/generated/ikd_ffiFFI.modulemap" "$pkg/Sources/ikd_ffiFFI/module.modulemap"
cp "$build/generated/ikd_ffi.swift" "$pkg/Sources/IkdWallet/"
cp -r tests/swift/Tests "$pkg/"
sed "s|@LIB_DIR@|$lib|" tests/swift/Package.swift.in > "$pkg/Package.swift"

source tests/setup/test-issuer.sh
token="swift-test-officer"
desk="$build/desk"
mkdir -p "$desk"
start_test_issuer "$lib/ikd" "$desk/issuer" "$token" "$build/issuer.log"
save_desk_lists "$issuer_url" "$desk"

# A bank's desk as `ikd desk` makes one (its own key, certified by the issuer's verifier
# authority) and its printed card asking for KTP basic, read from the card's picture by zbarimg.
bash tests/setup/debian-tools.sh >/dev/null
"$lib/ikd" desk init --home "$desk" >/dev/null
"$lib/ikd" desk certify --institution "BANK CONTOH" --desk "LOKET 1" --sector finance \
  --allow ktp-basic --allow age17 --home "$desk" >/dev/null
"$lib/ikd" desk card --doc ktp-basic --home "$desk" >/dev/null
zbarimg --quiet --raw -Sbinary "$desk/desk/request.png" 2>/dev/null | od -An -v -tx1 | tr -d ' \n' > "$build/card.hex"

bash tests/setup/in-chroot.sh "$chroot_root" "$build:$lib" -- /usr/bin/env \
  IKD_ISSUER_URL="$issuer_url" IKD_OFFICER_TOKEN="$token" \
  IKD_ISSUER_DATA="$desk/issuer" IKD_DESK_CARD_HEX="$build/card.hex" IKD_ANSWER_OUT="$build/answer.pbm" \
  sh -c "cd '$pkg' && swift build --build-tests -q && swift test --skip-build --disable-swift-testing"

# The desk reads the answer the Swift wallet drew, from its picture: accepted once, then refused.
answer=$(zbarimg --quiet --raw -Sbinary "$build/answer.pbm" 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
"$lib/ikd" verify --payload-hex "$answer" --home "$desk"
if "$lib/ikd" verify --payload-hex "$answer" --home "$desk"; then
  echo "the desk accepted the same answer twice" >&2
  exit 1
fi
echo "the desk accepted the Swift wallet's answer once and refused it the second time"
