#!/usr/bin/env bash
# Runs a command inside the Swift chroot with /proc, /dev and the given folders bind-mounted at
# the same paths; unmounts exactly what it mounted, even on failure.
# Usage: in-chroot.sh ROOT DIR[:DIR...] -- command args...
set -euo pipefail
root=$1; shift
IFS=: read -r -a dirs <<< "$1"; shift
[ "$1" = "--" ] && shift
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$root/proc"; mounted=("$root/proc" "${mounted[@]}")
mount --bind /dev "$root/dev"; mounted=("$root/dev" "${mounted[@]}")
for d in "${dirs[@]}"; do
  mkdir -p "$root$d"
  mount --bind "$d" "$root$d"; mounted=("$root$d" "${mounted[@]}")
done
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin "$@"
