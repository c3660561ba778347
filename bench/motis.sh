#!/usr/bin/env bash
# What MOTIS's shape costs (issue 14): /api/v1/plan and /api/v6/plan for the same journeys
# (bench/serve_plan.lua with CARAVAN_BENCH_API=v1 | v6), alternated on one server so that both see the same
# machine, then /api/v6/plan as the Transitous web UI asks it (v6-default: 5 itineraries in several
# searches). Prints requests/s and p99 per run and the v6 / v1 throughput ratio.
#   bench/motis.sh [seconds per run, default 10] [rounds, default 3] [connections, default 16] [silkroad | nyc-mta-subway]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
rounds="${2:-3}"
connections="${3:-16}"
feed="${4:-silkroad}"
export CARAVAN_BENCH_FEED="$feed"
. bench/server.sh
start_server "$feed"
echo "caravan serve on $feed at $address ($(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')), ${seconds}s per run, $connections connections"
printf '%-12s %12s %10s %8s\n' api requests/s p99 errors
run() {
  local report
  report=$(CARAVAN_BENCH_API="$1" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/serve_plan.lua "$address")
  local rps p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$report")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
  errors=$(awk '/Non-2xx or 3xx responses/ {print $5} /Socket errors/ {print $0}' <<<"$report" | paste -sd' ')
  printf '%-12s %12s %10s %8s\n' "$1" "$rps" "$p99" "${errors:-0}" >&2
  echo "$rps"
}
v1=0 v6=0
for _ in $(seq "$rounds"); do
  v1=$(awk -v a="$v1" -v b="$(run v1)" 'BEGIN {print a + b}')
  v6=$(awk -v a="$v6" -v b="$(run v6)" 'BEGIN {print a + b}')
done
run v6-default >/dev/null
awk -v a="$v6" -v b="$v1" 'BEGIN {printf "v6 / v1 throughput, same journeys: %.3f\n", a / b}'
