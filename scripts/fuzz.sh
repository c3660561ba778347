#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time (default 20 s):
#   scripts/fuzz.sh [seconds]
# Crashes, leaks and hangs (over 5 s for one input) fail the run; the input is left in build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
scripts/install-deps.sh
scripts/build.sh fuzz
corpus_src="$PWD/fuzz/corpus"
for target in csv_fuzz gtfs_fuzz query_fuzz snapshot_fuzz calendar_fuzz tour_fuzz stats_fuzz; do
  work="build/fuzz/run-$target"
  mkdir -p "$work/corpus"
  cp -n "$corpus_src/$target"/* "$work/corpus/" 2>/dev/null || true
  echo "fuzzing $target for ${seconds}s"
  (cd "$work" && "../fuzz/$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
      -print_final_stats=1 corpus 2>&1 | tail -n 12)
done
echo "fuzzing passed"
