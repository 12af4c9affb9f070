#!/usr/bin/env bash
# Makes a Debian trixie chroot with swiftlang 6 (Swift exists in trixie only; never install trixie
# packages into the bookworm host), cached outside the work tree (idempotent). Prints its path.
set -euo pipefail
root="${IKD_CACHE:-$HOME/.cache/ikd}/swift-trixie"
if [ -x "$root/usr/bin/swift" ] && [ -f "$root/.ikd-ready" ]; then
  echo "$root"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends debootstrap >&2
fi
mkdir -p "$root"
if [ ! -x "$root/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase trixie "$root" http://deb.debian.org/debian >&2
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$root/proc" && mounted=("$root/proc" "${mounted[@]}")
mount --bind /dev "$root/dev" && mounted=("$root/dev" "${mounted[@]}")
chroot "$root" apt-get update -qq >&2
chroot "$root" apt-get install -y -qq --no-install-recommends swiftlang libc6-dev >&2
chroot "$root" apt-get clean >&2
touch "$root/.ikd-ready"
echo "$root"
