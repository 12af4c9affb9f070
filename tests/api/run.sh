#!/usr/bin/env bash
# The API contract: schemathesis sends generated requests (from docs/issuer-api.yaml, the coverage
# and fuzzing phases) to a real issuer on a loopback port and checks every answer against the
# document: no 5xx, only documented status codes and bodies. Exits non-zero on any failure.
#   bash tests/api/run.sh [max examples per operation, default 100]
set -euo pipefail
cd "$(dirname "$0")/../.."
examples=${1:-100}

# schemathesis in its own virtualenv, cached between runs (pinned: its checks change between
# versions).
venv="$HOME/.cache/ikd/schemathesis-4.32.5"
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi

cargo build -q -p ikd-cli
work=$(mktemp -d)
# shellcheck source=../setup/test-issuer.sh
source tests/setup/test-issuer.sh
token="schemathesis-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
start_test_issuer target/debug/ikd "$work/issuer" "$token" "$work/issuer.log"
trap 'kill "$issuer_pid" 2>/dev/null || true; wait "$issuer_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$venv/bin/st" --config-file tests/api/schemathesis.toml run docs/issuer-api.yaml \
  --url "$issuer_url" -H "Authorization: Bearer $token" \
  --phases examples,coverage,fuzzing -n "$examples" --no-color
