#!/usr/bin/env bash
# Heritage tours' planning time (issue 18, BENCHMARKS.md "Heritage tours"): plan_tour() over the bundled
# Silk Road data for 5, 8, 12 (exact) and 16 (heuristic) sites from Almaty, medians of 5 repetitions,
# and the instructions one 12-site plan takes (callgrind: steadier than time on a shared machine).
# Builds nothing: run `cmake --build build/release --target caravan-heritage-bench` first.
#   bench/tours.sh [--no-callgrind]
set -euo pipefail
cd "$(dirname "$0")/.."
bench=build/release/bench/caravan-heritage-bench
lscpu | grep -m1 'Model name' || true
"$bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true --benchmark_min_time=1
if [[ "${1:-}" != "--no-callgrind" ]] && command -v valgrind >/dev/null; then
  # Instructions inside plan_tour() only (not the data's loading), one plan each.
  for n in 5 8 12 16; do
    out="$(mktemp)"
    valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect='caravan::tours::plan_tour*' "$bench" \
      --benchmark_filter="plan/$n\$" --benchmark_min_time=0.000001 >/dev/null 2>"$out.log"
    echo "plan/$n: $(grep -Eo 'Collected : [0-9]+' "$out.log" | grep -Eo '[0-9]+') instructions in one plan (callgrind)"
    rm -f "$out" "$out.log"
  done
fi
