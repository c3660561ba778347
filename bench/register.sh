#!/usr/bin/env bash
# The register's writes per second and latency on both stores, 1 and 4 concurrent clients (issue 16,
# BENCHMARKS.md "The register"). Starts its own PostgreSQL (scripts/postgres.sh) in a temporary folder.
#   bench/register.sh [seconds]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-5}"
bench=build/release/bench/caravan-register-bench
scratch="$(mktemp -d)"
chmod 755 "$scratch"
trap 'scripts/postgres.sh stop "$scratch/pg"; rm -rf "$scratch"' EXIT
conninfo="$(scripts/postgres.sh start "$scratch/pg")"
lscpu | grep -m1 'Model name' || true
for threads in 1 4; do
  "$bench" --sqlite "$scratch/register.db" --threads "$threads" --seconds "$seconds"
  "$bench" --postgres "$conninfo" --threads "$threads" --seconds "$seconds"
done
# A 25-person tour's check and a 25-row manifest import (SQLite file).
build/release/bench/caravan-tour-bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
