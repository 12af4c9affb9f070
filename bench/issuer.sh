#!/usr/bin/env bash
# Activation latency (challenge + activation, one wallet at a time) of `ikd issuer serve` on
# SQLite and on a throwaway PostgreSQL 15, on loopback. Prints one JSON line each.
#   bash bench/issuer.sh [runs, default 200]     IKD_BENCH_PROFILE=debug for an unoptimised build
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
profile=${IKD_BENCH_PROFILE:-release}
if [ "$profile" = release ]; then cargo build -q --release -p ikd-cli; else cargo build -q -p ikd-cli; fi
bin=target/$profile/ikd
work=$(mktemp -d)
# shellcheck source=../tests/setup/postgres.sh
source tests/setup/postgres.sh
start_test_postgres
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; stop_test_postgres; rm -rf "$work"' EXIT
psql -q "$IKD_TEST_POSTGRES/postgres" -c "CREATE DATABASE ikd_bench"
extract=tests/fixtures/sample-registry.jsonl
for backend in sqlite postgres; do
  data="$work/$backend"
  db_args=()
  [ "$backend" = postgres ] && db_args=(--database "$IKD_TEST_POSTGRES/ikd_bench")
  "$bin" issuer import-registry --data "$data" "${db_args[@]}" --file "$extract" > /dev/null
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  IKD_OFFICER_TOKEN=bench "$bin" issuer serve --data "$data" "${db_args[@]}" --bind "127.0.0.1:$port" \
    > "$work/$backend.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
      "http://127.0.0.1:$port/v1/trust-list" 2>/dev/null && break
    sleep 0.1
  done
  printf '%s ' "$backend"
  python3 bench/issuer_activation.py "http://127.0.0.1:$port" "$data" bench "$runs"
done
