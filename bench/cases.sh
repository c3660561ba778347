#!/usr/bin/env bash
# The cases' figures (issue 17, BENCHMARKS.md "Cases"): case writes per second and latency through
# cases::case_service with 1 and 4 threads, and the queue view's p50 / p99 per role with 100,000 cases,
# on a SQLite file (WAL) and on PostgreSQL (scripts/postgres.sh, in a temporary folder). Builds nothing:
# run `cmake --build build/release --target caravan-case-bench` first.
#   bench/cases.sh [seconds] [cases]   (defaults 5 and 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
cases="${2:-100000}"
bench=build/release/bench/caravan-case-bench
scratch="$(mktemp -d)"
chmod 755 "$scratch"
trap 'scripts/postgres.sh stop "$scratch/pg"; rm -rf "$scratch"' EXIT
conninfo="$(scripts/postgres.sh start "$scratch/pg")"
lscpu | grep -m1 'Model name' || true
for threads in 1 4; do
  "$bench" --sqlite "$scratch/cases.db" --threads "$threads" --seconds "$seconds" --travellers 64
  "$bench" --postgres "$conninfo" --threads "$threads" --seconds "$seconds" --travellers 64
done
# The queue view at scale: no writes timed, the cases inserted in bulk first.
"$bench" --sqlite "$scratch/cases.db" --seconds 0 --cases "$cases"
"$bench" --postgres "$conninfo" --seconds 0 --cases "$cases"
