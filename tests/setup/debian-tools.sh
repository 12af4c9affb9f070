#!/usr/bin/env bash
# Debian packages the tests and benchmarks use as independent references (idempotent):
#   zbarimg (zbar-tools)  an independent QR decoder for the verifier's image tests
#   qrencode, argon2      reference implementations for the benchmarks
#   strace                fault injection (kill, EIO, ENOSPC, EROFS at a system call) for
#                         tests/security/run.sh
#   g++                   libfuzzer-sys builds libFuzzer from its C++ source (tests/security/fuzz.sh)
#   cmake                 zxing-cpp, the verifier's QR decoder, builds its bundled C++ source
#   python3-venv          the virtualenv that holds schemathesis (tests/api/run.sh)
set -euo pipefail
need=()
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
command -v qrencode >/dev/null 2>&1 || need+=(qrencode)
command -v argon2 >/dev/null 2>&1 || need+=(argon2)
command -v strace >/dev/null 2>&1 || need+=(strace)
command -v c++ >/dev/null 2>&1 || need+=(g++)
command -v cmake >/dev/null 2>&1 || need+=(cmake)
python3 -c 'import ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
