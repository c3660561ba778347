#!/usr/bin/env bash
# Batch mode and its scaling with threads: the route benchmark's seeded queries written as a batch file,
# answered by `caravan route --batch` with 1 and 2 threads (no footpaths, change 0), answers compared.
#   bench/batch.sh [feed ...]     (default: sacrt nyc-mta-subway nyc-mta-merged-subway-bus)
set -euo pipefail
cd "$(dirname "$0")/.."
feeds=("$@")
[ ${#feeds[@]} -eq 0 ] && feeds=(sacrt nyc-mta-subway nyc-mta-merged-subway-bus)
scripts/build.sh release >/dev/null
bin=build/release
out=build/bench-batch
mkdir -p "$out"
. bench/snapshot.sh
for f in "${feeds[@]}"; do
  snap=$(snapshot "$f")
  n=4000
  [ "$f" = nyc-mta-merged-subway-bus ] && n=1000
  date=$("$bin/bench/caravan-route-bench" "$snap" --queries "$n" --emit-batch "$out/$f.csv" | tr -d -)
  for threads in 1 2; do
    echo "$f, $n queries, $threads thread(s):"
    "$bin/apps/caravan/caravan" route --timetable "$snap" --batch "$out/$f.csv" --date "$date" \
      --min-change 0 --no-footpaths --threads "$threads" -o "$out/$f.$threads.csv"
  done
  cmp -s "$out/$f.1.csv" "$out/$f.2.csv" && echo "  answers identical with 1 and 2 threads" || { echo "  answers differ" >&2; exit 1; }
done
