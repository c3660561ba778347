#!/usr/bin/env bash
# Journey-planner benchmark over the feeds named in BENCHMARKS.md:
#   bench/route.sh [feed ...]     (default: sacrt nyc-mta-subway nyc-mta-bus_bk nyc-mta-merged-subway-bus)
# Imports each feed once into build/bench-snapshots/, then runs caravan-route-bench for earliest arrival
# (without footpaths: 7-day horizon and --same-day, the scope of a one-day engine; with footpaths),
# range (2 h) and arrive-by queries.
set -euo pipefail
cd "$(dirname "$0")/.."
feeds=("$@")
[ ${#feeds[@]} -eq 0 ] && feeds=(sacrt nyc-mta-subway nyc-mta-bus_bk nyc-mta-merged-subway-bus)
scripts/build.sh release >/dev/null
bin=build/release
. bench/snapshot.sh
for f in "${feeds[@]}"; do
  snap=$(snapshot "$f")
  n=2000; rn=300
  if [ "$f" = nyc-mta-merged-subway-bus ]; then n=500; rn=100; fi
  "$bin/bench/caravan-route-bench" "$snap" --queries "$n"
  "$bin/bench/caravan-route-bench" "$snap" --queries "$n" --same-day
  "$bin/bench/caravan-route-bench" "$snap" --queries "$n" --footpaths --min-change 120
  "$bin/bench/caravan-route-bench" "$snap" --queries "$rn" --kind range --window 7200
  "$bin/bench/caravan-route-bench" "$snap" --queries "$n" --kind arrive-by
done
