#!/usr/bin/env bash
# The issuer step: the store suite and the two-process tests on a throwaway PostgreSQL 15
# (tests/setup/postgres.sh), then the officer console in Chromium. Fails if PostgreSQL cannot
# start: the PostgreSQL cases are never skipped here.
#   bash tests/issuer/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

# The SQLite cases already ran in `cargo test --workspace` (tests/run-all.sh); standalone, run
# them first: IKD_ISSUER_WITH_SQLITE=1 bash tests/issuer/run.sh
if [ "${IKD_ISSUER_WITH_SQLITE:-}" = 1 ]; then
  cargo test -q -p ikd-issuer
  cargo test -q -p ikd-cli --test issuer_processes
fi

# shellcheck source=../setup/postgres.sh
source tests/setup/postgres.sh
start_test_postgres
trap stop_test_postgres EXIT
echo "PostgreSQL on ${IKD_TEST_POSTGRES}"
# --ignored runs exactly the cases that need the server.
cargo test -q -p ikd-issuer --test store_suite -- --ignored
cargo test -q -p ikd-cli --test issuer_processes -- --ignored --test-threads 1

# The officer console in headless Chromium (tests/setup/browser.sh installs it and Selenium).
python=$(bash tests/setup/browser.sh)
cargo build --locked -q -p ikd-cli
"$python" tests/issuer/console_browser.py "${CARGO_TARGET_DIR:-$(pwd)/target}/debug/ikd"
