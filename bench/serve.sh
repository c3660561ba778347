#!/usr/bin/env bash
# HTTP server benchmark: `caravan serve` on the Silk Road data, on loopback, driven by wrk with plan
# requests rotating over a few journeys (bench/serve_plan.lua), for a bounded time at 1, 16 and 64
# connections. Prints requests/s and the p50 and p99 latency of each setting.
#   bench/serve.sh [seconds per setting, default 10] [silkroad | nyc-mta-subway]
# With CARAVAN_BENCH_TRAVELLERS=CN (or CN,DE) every plan request also checks entries for those travellers
# and searches the journeys that need no visa.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
feed="${2:-silkroad}"
export CARAVAN_BENCH_FEED="$feed"  # which journeys bench/serve_plan.lua asks for
. bench/server.sh
start_server "$feed"
echo "caravan serve on $feed at $address ($(nproc) cores), ${seconds}s per setting${CARAVAN_BENCH_TRAVELLERS:+, travellers $CARAVAN_BENCH_TRAVELLERS}"
printf '%-12s %12s %10s %10s %8s\n' connections requests/s p50 p99 errors
for c in 1 16 64; do
  t=$(( c < 2 ? 1 : 2 ))
  report=$(wrk -t"$t" -c"$c" -d"${seconds}s" --latency -s bench/serve_plan.lua "$address")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$report")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$report")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
  errors=$(awk '/Non-2xx or 3xx responses/ {print $5} /Socket errors/ {print $0}' <<<"$report" | paste -sd' ')
  printf '%-12s %12s %10s %10s %8s\n' "$c" "$rps" "$p50" "$p99" "${errors:-0}"
done
