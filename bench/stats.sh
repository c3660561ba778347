#!/usr/bin/env bash
# A year of the network's figures (issue 19, BENCHMARKS.md "Statistics (issue 19)"): compute_network() on
# NYC's merged feed (8 M stop times; every table, no travel-time places) and on the bundled Silk Road data
# (with and without the capitals' fastest journeys by month), medians of 5 repetitions, and the
# instructions of one Silk Road year (callgrind: steadier than time on a shared machine).
# Builds nothing: run `cmake --build build/release --target caravan caravan-stats-bench` first.
#   bench/stats.sh [--no-callgrind]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/snapshot.sh
bench=build/release/bench/caravan-stats-bench
lscpu | grep -m1 'Model name' || true
nyc=$(snapshot nyc-mta-merged-subway-bus)
CARAVAN_TIMETABLE="$nyc" CARAVAN_FROM=2026-06-01 "$bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
# The same through the command line, snapshot loading included.
/usr/bin/time -f 'caravan stats network, NYC merged, a year: %e s wall, %M KiB max RSS' \
  build/release/apps/caravan/caravan stats network --timetable "$nyc" --from 2026-06-01 --to 2027-05-31 \
  --table network.totals >/dev/null
if [[ "${1:-}" != "--no-callgrind" ]] && command -v valgrind >/dev/null; then
  out="$(mktemp)"
  valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='caravan::stats::compute_network*' "$bench" \
    --benchmark_filter='network_year_silkroad/travel_times:1' --benchmark_min_time=0.000001 >/dev/null 2>"$out.log"
  echo "silkroad year with travel times: $(grep -Eo 'Collected : [0-9]+' "$out.log" | grep -Eo '[0-9]+') instructions in compute_network (callgrind)"
  rm -f "$out" "$out.log"
fi
