#!/usr/bin/env bash
# The test command: installs what is missing, builds (Release with tests) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/install-deps.sh chromium fonts-wqy-microhei   # the web app's end-to-end tests: Debian's chromium, a CJK font
scripts/build.sh release
scripts/build-web.sh
# A real PostgreSQL for the register's store tests (the same tests as on SQLite), in a temporary
# folder, stopped and removed on exit.
pg_parent="$(mktemp -d)"
chmod 755 "$pg_parent"   # the server runs as the unprivileged postgres user: it must reach its folder
pg_dir="$pg_parent/pg"
trap 'scripts/postgres.sh stop "$pg_parent/standby"; scripts/postgres.sh stop "$pg_dir"; rm -rf "$pg_parent"' EXIT
CARAVAN_TEST_POSTGRES="$(scripts/postgres.sh start "$pg_dir")"
# Its streaming standby, for the lookup served from a read replica (tests/cli/register_scale_out_test.cc).
CARAVAN_TEST_POSTGRES_REPLICA="$(scripts/postgres.sh standby "$pg_dir" "$pg_parent/standby")"
export CARAVAN_TEST_POSTGRES CARAVAN_TEST_POSTGRES_REPLICA
ctest --test-dir build/release --output-on-failure -j"$(nproc)" --timeout 600
# The web app (docs/web.md): unit tests under Node's test runner, then end to end in headless chromium
# against a real `caravan serve` (screenshots in build/web-screenshots).
# The OpenAPI spec through a linter others wrote (Redocly; redocly.yaml says which rules), then the
# web app's unit tests.
(cd web && npm run --silent lint:api)
(cd web && npm run --silent test:unit)
(cd web && npm run --silent test:e2e)
echo "tests took $(( $(date +%s) - start )) s"
