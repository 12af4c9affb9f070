#!/usr/bin/env bash
# The iOS shell's model layer over the app flow (IkdApp), with XCTest on Linux: builds the native
# library, generates the Swift bindings into the ios/ package (the same places
# scripts/build-xcframework.sh fills on a Mac; not in git), builds ios/Package.swift as it is and
# runs its tests inside the Debian trixie chroot against the real issuer on loopback. The desk
# (made with `ikd desk`) then reads the answer picture the app model showed, once. Exits non-zero if anything fails; leaves no
# mounts behind.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-$root/target}"
cache="${IKD_CACHE:-$HOME/.cache/ikd}"
chroot_root=$(bash tests/setup/swift-chroot.sh)
mkdir -p "$cache"
build=$(mktemp -d "$cache/ios-run.XXXXXX")
# SwiftPM's build folder lives in the cache, not in the work tree; kept between runs.
scratch="$cache/ios-build"
issuer_pid=""
cleanup() {
  [ -n "$issuer_pid" ] && kill "$issuer_pid" 2>/dev/null || true
  rm -rf "$build"
}
trap cleanup EXIT

cargo build --locked -q -p ikd-ffi --features cli -p ikd-cli
lib="$target/debug"

# Bindings: the C module IkdFFI (header + module map, as in the XCFramework) and the Swift file.
"$lib/uniffi-bindgen" generate --no-format --library "$lib/libikd_ffi.so" --language swift \
  --config ios/uniffi.toml --out-dir "$build/generated"
install_if_changed() { cmp -s "$1" "$2" || { mkdir -p "$(dirname "$2")"; cp "$1" "$2"; }; }
install_if_changed "$build/generated/IkdFFI.h" ios/Sources/IkdFFI/IkdFFI.h
install_if_changed "$build/generated/IkdFFI.modulemap" ios/Sources/IkdFFI/module.modulemap
install_if_changed "$build/generated/ikd_ffi.swift" ios/Sources/IkdWalletKit/Generated/ikd_ffi.swift

# The privacy manifest declares exactly the required-reason APIs the linked code uses.
python3 tests/ios/privacy_manifest.py

# Every key of the pages' Localizable.strings (the few static texts: the view brings all others)
# exists in both languages, and every key a page uses exists.
python3 - ios <<'PY'
import re, sys, pathlib
ios = pathlib.Path(sys.argv[1])
def strings(lang):
    text = (ios / "App/Resources" / f"{lang}.lproj/Localizable.strings").read_text(encoding="utf-8")
    return dict(re.findall(r'^"([^"]+)"\s*=\s*"((?:[^"\\]|\\.)*)";', text, re.M))
id_strings, en_strings = strings("id"), strings("en")
ind, en = set(id_strings), set(en_strings)
problems = [f"only in id.lproj: {k}" for k in sorted(ind - en)] + [f"only in en.lproj: {k}" for k in sorted(en - ind)]
problems += [f"placeholders differ: {k}" for k in sorted(ind & en) if id_strings[k].count("%@") != en_strings[k].count("%@")]
used = set()
for f in (ios / "Sources/IkdWalletUI").glob("*.swift"):
    text = f.read_text(encoding="utf-8")
    used |= set(re.findall(r'\bL\("([^"]+)"', text))           # store.L("key")
problems += [f"used by a view but missing: {k}" for k in sorted(used - ind)]
if problems:
    sys.exit("Localizable.strings:\n  " + "\n  ".join(problems))
print(f"Localizable.strings: {len(ind)} keys in id and en, {len(used)} used by the views")
PY

# VoiceOver: every control of the screens has a label (an explicit accessibilityLabel, or a text
# title VoiceOver reads as it is). SwiftUI cannot run here, so this reads the sources.
python3 - ios <<'PY'
import re, sys, pathlib
ios = pathlib.Path(sys.argv[1])
control = re.compile(r'\b(Button\s*\{|Button\(|TextField\(|Picker\(|Menu\s*\{|QrScannerView\s*\{)')
problems, count = [], 0
for f in sorted((ios / "Sources/IkdWalletUI").glob("*.swift")):
    text = f.read_text(encoding="utf-8")
    starts = [m.start() for m in control.finditer(text)]
    for i, start in enumerate(starts):
        count += 1
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        head = text[start:start + 200]
        # A button titled with text is read by VoiceOver as it is.
        titled = re.match(r'Button\((store\.L\(|")', head) or re.search(r'label:\s*\{\s*Text\(', head)
        if not titled and ".accessibilityLabel(" not in text[start:end]:
            line = text.count("\n", 0, start) + 1
            problems.append(f"{f.name}:{line}: {head.splitlines()[0].strip()}")
if problems:
    sys.exit("controls without an accessibilityLabel:\n  " + "\n  ".join(problems))
print(f"VoiceOver: {count} controls, each labelled")
PY

# Dynamic Type: text styles only, no fixed font sizes.
if grep -n 'system(size:\|\.font(\.custom(\|Font\.custom(' ios/Sources/IkdWalletUI/*.swift; then
  echo "fixed font sizes above: use text styles (Dynamic Type)" >&2
  exit 1
fi

source tests/setup/test-issuer.sh
token="ios-test-officer"
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

dirs="$root:$cache"
case "$lib" in "$root"/*) ;; *) dirs="$dirs:$lib" ;; esac
bash tests/setup/in-chroot.sh "$chroot_root" "$dirs" -- /usr/bin/env \
  IKD_FFI_LIB_DIR="$lib" IKD_ISSUER_URL="$issuer_url" IKD_OFFICER_TOKEN="$token" \
  IKD_ISSUER_DATA="$desk/issuer" IKD_FRAMES_OUT="$build/frames.txt" IKD_DESK_CARD_HEX="$build/card.hex" \
  sh -c "cd '$root/ios' && swift build --scratch-path '$scratch' --build-tests -q \
    && swift test --scratch-path '$scratch' --skip-build --disable-swift-testing"

# The desk reads the answer the answer screen showed, from its picture at the instant it was
# shown: accepted once, refused the second time.
checked=0
while read -r at png; do
  "$lib/ikd" verify --image "$png" --at "$at" --home "$desk"
  if "$lib/ikd" verify --image "$png" --at "$at" --home "$desk" >/dev/null 2>&1; then
    echo "the desk accepted the same answer twice: $png" >&2
    exit 1
  fi
  checked=$((checked + 1))
done < "$build/frames.txt"
[ "$checked" -eq 1 ] || { echo "expected 1 answer picture from the answer screen, got $checked" >&2; exit 1; }
echo "the desk accepted the answer the answer screen showed, once"
