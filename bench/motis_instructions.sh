#!/usr/bin/env bash
# Instructions per request (callgrind) of /api/v1/plan and /api/v6/plan for the same journeys (the queries
# of bench/serve_plan.lua; v6 as CARAVAN_BENCH_API=v6 sends them): the server runs under callgrind, each
# query is sent REPEAT times per API, and the server's counts (all its threads) are read between the
# phases with callgrind_control. Does not move with the host's load, unlike bench/motis.sh.
#   bench/motis_instructions.sh [repeat, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${1:-5}"
scripts/build.sh release >/dev/null
caravan=build/release/apps/caravan/caravan
snap=build/bench-snapshots/silkroad.bin
mkdir -p build/bench-snapshots
if [ ! -f "$snap" ] || [ "$caravan" -nt "$snap" ]; then "$caravan" import data/silkroad -o "$snap" -q; fi
out=$(mktemp -d)
port=18$((RANDOM % 900 + 100))
valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" "$caravan" serve --timetable "$snap" --port "$port" -q \
  >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
queries=$(sed -n '/\["silkroad"\]/,/},/p' bench/serve_plan.lua | grep -o '"/api/v1/plan[^"]*"' | tr -d '"')
v6_of() {
  local q="${1/\/api\/v1\/plan/\/api\/v6\/plan}"
  if [[ $q == *searchWindow=* ]]; then echo "$q&numItineraries=1"; else echo "$q&timetableView=false"; fi
}
phase() {  # name, then the targets
  local name="$1"
  shift
  callgrind_control --zero "$pid" >/dev/null 2>&1
  for _ in $(seq "$repeat"); do
    for t in "$@"; do curl -sf -o /dev/null "http://127.0.0.1:$port$t"; done
  done
  callgrind_control --dump="$name" "$pid" >/dev/null 2>&1
  local total=0
  for f in "$out"/cg.*; do
    grep -q "^desc: Trigger: dump $name$" "$f" 2>/dev/null || continue
    total=$((total + $(awk '/^summary:|^totals:/ {print $2; exit}' "$f")))
  done
  echo $((total / (repeat * $#)))
}
mapfile -t v1 <<<"$queries"
v6=()
for q in "${v1[@]}"; do v6+=("$(v6_of "$q")"); done
phase warm "${v1[@]}" "${v6[@]}" >/dev/null
a=$(phase v1 "${v1[@]}")
b=$(phase v6 "${v6[@]}")
echo "instructions per request: /api/v1/plan $a, /api/v6/plan $b (same journeys, ${#v1[@]} queries x $repeat); v6 / v1 = $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')"
