#!/usr/bin/env bash
# Installs what the Kotlin binding tests need, cached outside the work tree (idempotent):
#   kotlinc 2.4.20 (the npm package kotlin-compiler is a full distribution), JNA and JUnit 4.
# Prints the cache folder.
set -euo pipefail
cache="${IKD_CACHE:-$HOME/.cache/ikd}/kotlin"
version=2.4.20
mkdir -p "$cache"
if [ ! -x "$cache/kotlinc-$version/bin/kotlinc" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "kotlin-compiler@$version" >/dev/null && tar xzf "kotlin-compiler-$version.tgz")
  rm -rf "$cache/kotlinc-$version"
  mv "$tmp/package" "$cache/kotlinc-$version"
  chmod +x "$cache/kotlinc-$version/bin/"*
  rm -rf "$tmp"
fi
if [ ! -f /usr/share/java/jna.jar ] || [ ! -f /usr/share/java/junit4.jar ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends libjna-java junit4 >&2
fi
echo "$cache/kotlinc-$version"
