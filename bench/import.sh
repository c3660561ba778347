#!/usr/bin/env bash
# Import benchmark: GTFS zip -> snapshot, against the floor of just inflating stop_times.txt.
#   bench/import.sh [FEED.zip]   (default: ../shared/gtfs/feeds/nyc-mta-merged-subway-bus.zip)
# Prints wall time, peak memory, snapshot size, bytes per stop_time and snapshot load time.
set -euo pipefail
cd "$(dirname "$0")/.."
feed="${1:-../shared/gtfs/feeds/nyc-mta-merged-subway-bus.zip}"
scripts/build.sh release >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "feed: $feed"
floor_start=$(date +%s.%N)
unzip -p "$feed" stop_times.txt >/dev/null
floor=$(awk -v a="$floor_start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b - a}')
echo "floor (unzip -p stop_times.txt > /dev/null): ${floor} s"

/usr/bin/time -f "%e %M" -o "$out/time" build/release/apps/caravan/caravan import "$feed" -o "$out/tt.bin" >"$out/report" 2>"$out/progress"
read -r wall rss_kb <"$out/time"
stop_times=$(awk '/^timetable:/{t=1} t && $1=="stop" && $2=="times"{print $3; exit}' "$out/report")
size=$(stat -c %s "$out/tt.bin")
echo "import wall time: ${wall} s ($(awk -v w="$wall" -v f="$floor" 'BEGIN{printf "%.2f", w / f}')x the floor)"
echo "peak memory: $((rss_kb / 1024)) MiB"
echo "snapshot: $size bytes, $stop_times stop times, $(awk -v s="$size" -v n="$stop_times" 'BEGIN{printf "%.2f", s / n}') bytes per stop time"
CARAVAN_TIMETABLE="$out/tt.bin" build/release/bench/caravan-load-bench --benchmark_min_time=1 2>/dev/null | grep -E '^load_snapshot'
