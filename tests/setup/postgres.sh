#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests: Debian's server (installed if missing), initdb in
# a temporary folder owned by an unprivileged user, listening on a free loopback port only.
# Sourced:
#   start_test_postgres     sets pg_dir, pg_port and exports IKD_TEST_POSTGRES=postgres://ikd@127.0.0.1:PORT
#   stop_test_postgres      stops the cluster and removes its folder
# Both fail loudly (non-zero, log printed) if the server cannot start.

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /x/x)")"; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && { echo "$dir"; return 0; }
  done
  return 1
}

install_test_postgres() {
  pg_bin > /dev/null && return 0
  apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 > /dev/null
  pg_bin > /dev/null
}

start_test_postgres() {
  install_test_postgres || { echo "PostgreSQL 15 is not installed and could not be" >&2; return 1; }
  local bin user
  bin=$(pg_bin)
  # initdb refuses root: run the cluster as an unprivileged user.
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    id -u "$user" > /dev/null 2>&1 || useradd --system --no-create-home "$user"
  fi
  pg_dir=$(mktemp -d /tmp/ikd-pg.XXXXXX)
  chown "$user" "$pg_dir"
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
  as_pg "$bin/initdb" -D "$pg_dir/data" -U ikd --auth=trust -E UTF8 --no-locale > "$pg_dir/initdb.log" 2>&1 || {
    echo "initdb failed:" >&2; cat "$pg_dir/initdb.log" >&2; return 1
  }
  as_pg "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c max_connections=200" \
    start > /dev/null || {
    echo "PostgreSQL did not start:" >&2; cat "$pg_dir/server.log" >&2; return 1
  }
  pg_user=$user
  export IKD_TEST_POSTGRES="postgres://ikd@127.0.0.1:$pg_port"
}

stop_test_postgres() {
  [ -n "${pg_dir:-}" ] || return 0
  local bin
  bin=$(pg_bin)
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$pg_user" -- "$bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
  else
    "$bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
  fi
  rm -rf "$pg_dir"
  pg_dir=
}
