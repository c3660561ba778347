#!/usr/bin/env bash
# Issue 13's load test: `caravan serve` (2 workers) on a feed, expensive plans (7-day searchWindow,
# maxTransfers=15, a lat,lon origin) from 8 clients while /health is probed every 20 ms from another
# address; then the same with 32 threads reconnecting as fast as they are closed. bench/hostile.py
# checks: /health p99 under 50 ms, no truncated answer, every plan 200 within its deadline or 503.
#   bench/hostile.sh [seconds per run, default 60] [nyc-mta-subway | silkroad]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
feed="${2:-nyc-mta-subway}"
. bench/server.sh
start_server "$feed"
echo "caravan serve on $feed at $address, $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
status=0
echo "== 8 clients of expensive plans, ${seconds}s"
python3 bench/hostile.py "$address" --clients 8 --seconds "$seconds" --feed "$feed" || status=1
echo "== the same, with 32 threads reconnecting as fast as they are closed"
python3 bench/hostile.py "$address" --clients 8 --seconds "$seconds" --reconnect 32 --feed "$feed" || status=1
exit "$status"
