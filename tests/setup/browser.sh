#!/usr/bin/env bash
# Debian's Chromium and chromium-driver, and Selenium in a cached virtualenv, for the browser
# tests of the desk station and the officer console (idempotent). Prints the virtualenv's python.
# Selenium talks to Debian's chromedriver (same version as the browser); it never downloads one.
set -euo pipefail
SELENIUM_VERSION=4.27.1
venv="${HOME}/.cache/ikd/browser-venv"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
if ! "$venv/bin/python" -c "import sys, selenium; sys.exit(selenium.__version__ != '$SELENIUM_VERSION')" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q "selenium==$SELENIUM_VERSION" >&2
fi
echo "$venv/bin/python"
