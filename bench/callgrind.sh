#!/usr/bin/env bash
# Instructions per query (callgrind), the figure that does not move with the host:
#   bench/callgrind.sh FEED QUERIES BENCH [BENCH ...] [-- ROUTE-BENCH OPTIONS]
# For each caravan-route-bench binary given (e.g. an older build's and this one's), runs FEED's first
# QUERIES queries and a --queries 0 run (load and index only) under callgrind, and prints
# (total - baseline) / QUERIES. Same binary, queries and options: the same count on any machine load.
set -euo pipefail
cd "$(dirname "$0")/.."
feed="$1" n="$2"
shift 2
benches=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do benches+=("$1"); shift; done
[ $# -gt 0 ] && shift
. bench/snapshot.sh
snap=$(snapshot "$feed")
count() {  # bench, queries, options...
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$1" "$snap" --queries "$2" "${@:3}" >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
  rm -f "$out"
}
for b in "${benches[@]}"; do
  total=$(count "$b" "$n" "$@")
  base=$(count "$b" 0 "$@")
  echo "$feed $b $*: $(( (total - base) / n )) instructions per query ($n queries)"
done
