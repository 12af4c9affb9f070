#!/usr/bin/env bash
# Sourced by the binding test runners: a real issuer on a free loopback port, and the desk's
# signed lists saved beside it for `ikd verify --home`. The issuer's registry holds the fictional
# sample population (tests/fixtures/sample-registry.jsonl, imported like a real extract).
#   start_test_issuer IKD_BIN DATA_DIR TOKEN LOG   sets issuer_pid and issuer_url
#   save_desk_lists URL HOME                        writes trust-list.cbor and revocation-list.cbor
#   start_issuer_and_desk IKD_BIN TOKEN DIR         both, for a JVM suite: exports IKD_OFFICER_TOKEN,
#                                                   IKD_DESK_HOME, IKD_ISSUER_DATA, IKD_BIN, IKD_ISSUER_URL

start_test_issuer() {
  local bin=$1 data=$2 token=$3 log=$4 port
  "$bin" issuer import-registry --data "$data" \
    --file "$(dirname "${BASH_SOURCE[0]}")/../fixtures/sample-registry.jsonl" > "$log" 2>&1 || {
    echo "the sample registry was not imported:" >&2
    cat "$log" >&2
    return 1
  }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  IKD_OFFICER_TOKEN=$token "$bin" issuer serve --data "$data" --bind "127.0.0.1:$port" >> "$log" 2>&1 &
  issuer_pid=$!
  issuer_url="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
      "$issuer_url/v1/trust-list" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "the test issuer did not start:" >&2
  cat "$log" >&2
  return 1
}

save_desk_lists() {
  python3 - "$1" "$2" <<'PY'
import base64, json, sys, urllib.request
url, home = sys.argv[1], sys.argv[2]
for path, name in (("/v1/trust-list", "trust-list.cbor"), ("/v1/revocation-list", "revocation-list.cbor")):
    body = json.load(urllib.request.urlopen(url + path))["list"]
    open(f"{home}/{name}", "wb").write(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
PY
}

start_issuer_and_desk() {
  export IKD_BIN=$1 IKD_OFFICER_TOKEN=$2 IKD_DESK_HOME="$3/desk"
  export IKD_ISSUER_DATA="$IKD_DESK_HOME/issuer"
  mkdir -p "$IKD_DESK_HOME"
  start_test_issuer "$IKD_BIN" "$IKD_ISSUER_DATA" "$IKD_OFFICER_TOKEN" "$3/issuer.log" || return 1
  export IKD_ISSUER_URL="$issuer_url"
  save_desk_lists "$IKD_ISSUER_URL" "$IKD_DESK_HOME"
}
