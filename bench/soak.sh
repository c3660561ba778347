#!/usr/bin/env bash
# Soak: `caravan serve` on the Silk Road data under wrk (16 connections, plan requests as bench/serve.sh)
# for a bounded time, the server's resident memory sampled every 10 s. Memory must stay flat: prints the
# samples, the first and last, and the growth after the first minute (warm-up).
#   bench/soak.sh [seconds, default 300] [reconnect]
# With `reconnect`, 32 threads also connect, send a request and close, as fast as they can, while /health
# is probed from another address (bench/hostile.py --clients 0 --reconnect 32): its summary follows.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
mode="${2:-}"
. bench/server.sh
start_server
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "soak: $address, 16 connections, ${seconds}s; server RSS in KiB every 10 s"
report=$(mktemp)
wrk -t2 -c16 -d"${seconds}s" --latency -s bench/serve_plan.lua "$address" >"$report" &
wrk_pid=$!
if [ "$mode" = reconnect ]; then
  python3 bench/hostile.py "$address" --clients 0 --reconnect 32 --seconds "$seconds" --feed silkroad &
  storm_pid=$!
fi
samples=()
elapsed=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  samples+=("$(rss)")
  echo "  ${elapsed}s ${samples[-1]}"
  sleep 10
  elapsed=$((elapsed + 10))
done
wait "$wrk_pid"
[ -z "${storm_pid:-}" ] || wait "$storm_pid" || true
grep -E "Requests/sec|requests in|Non-2xx|Socket errors|    99%|    50%" "$report" || true
rm -f "$report"
first=${samples[0]}
warm=${samples[$(( ${#samples[@]} > 6 ? 6 : ${#samples[@]} - 1 ))]}
last=${samples[-1]}
echo "RSS: first ${first} KiB, after 1 min ${warm} KiB, last ${last} KiB, growth after warm-up $((last - warm)) KiB"
