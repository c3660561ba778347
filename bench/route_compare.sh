#!/usr/bin/env bash
# Two builds of the journey planner side by side, on the same seeded queries:
#   bench/route_compare.sh [--base REV | --native] [--runs N] [--counts] [feed ...]
# (default feeds: carta sacrt nyc-mta-bus_bk nyc-mta-merged-subway-bus; REV default below: main as it
# was before issue 20).
#
# Builds caravan-route-bench from REV in its own worktree (build/bench-base/, kept between runs), or with
# --native this checkout with -march=native (the `native` preset, build/native/), beside this checkout's
# portable release build. Then per feed, for the same-day and the 7-day scope, runs the two alternately N
# times (default 5) and prints each one's median mean and the median of the per-pair ratios (B / A): run
# in one go, the host's drift hits both alike. With --counts, also per query under cachegrind (first
# 300 queries, 100 on the merged feed, minus a --queries 0 run): instructions, D1 and last-level data
# misses, figures that do not move with the host's load.
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=3afd271  # main at the start of issue 20
mode=base runs=5 counts=0
feeds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base_rev="$2"; shift 2 ;;
    --native) mode=native; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --counts) counts=1; shift ;;
    -*) echo "route_compare.sh: unknown option $1" >&2; exit 2 ;;
    *) feeds+=("$1"); shift ;;
  esac
done
[ ${#feeds[@]} -eq 0 ] && feeds=(carta sacrt nyc-mta-bus_bk nyc-mta-merged-subway-bus)

echo "building this checkout (portable release)" >&2
scripts/build.sh release >/dev/null
new=build/release/bench/caravan-route-bench
if [ "$mode" = native ]; then
  echo "building this checkout with -march=native (build/native)" >&2
  [ -f build/native/build.ninja ] || cmake --preset native >/dev/null
  cmake --build build/native --target caravan-route-bench -- -j"$(nproc)" >/dev/null
  a=$new b=build/native/bench/caravan-route-bench
  a_name=portable b_name=native
else
  src=build/bench-base/src
  if [ ! -d "$src" ]; then
    git worktree add --detach "$src" "$base_rev" >/dev/null 2>&1
  fi
  git -C "$src" checkout -q --detach "$base_rev"
  echo "building $base_rev (build/bench-base)" >&2
  [ -f build/bench-base/build/build.ninja ] ||
    cmake -S "$src" -B build/bench-base/build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCARAVAN_BUILD_TESTS=OFF >/dev/null
  cmake --build build/bench-base/build --target caravan-route-bench -- -j"$(nproc)" >/dev/null
  a=build/bench-base/build/bench/caravan-route-bench b=$new
  a_name="$base_rev" b_name=new
fi
. bench/snapshot.sh

mean_of() { sed -nE '1s/.* mean ([0-9.]+) us.*/\1/p'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# cachegrind's totals for a run: instructions, D1 misses, LL data misses.
totals() {
  local log
  log=$(mktemp)
  valgrind --tool=cachegrind --cache-sim=yes --cachegrind-out-file=/dev/null "$@" >/dev/null 2>"$log"
  awk '/ I +refs:/ { gsub(",", "", $4); i = $4 } / D1 +misses:/ { gsub(",", "", $4); d = $4 }
       / LLd misses:/ { gsub(",", "", $4); l = $4 } END { print i, d, l }' "$log"
  rm -f "$log"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; A = $a_name, B = $b_name; $runs alternated runs each"
for f in "${feeds[@]}"; do
  snap=$(snapshot "$f")
  n=1000
  [ "$f" = nyc-mta-merged-subway-bus ] && n=300
  for scope in same-day 7-days; do
    opts=()
    [ "$scope" = same-day ] && opts+=(--same-day)
    ta=() tb=() ratios=()
    for _ in $(seq "$runs"); do
      x=$("$a" "$snap" --queries "$n" "${opts[@]}" | mean_of)
      y=$("$b" "$snap" --queries "$n" "${opts[@]}" | mean_of)
      ta+=("$x") tb+=("$y") ratios+=("$(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.4f", y / x }')")
    done
    printf '%-28s %-8s A %8.1f us  B %8.1f us  B/A %.2f\n' "$f" "$scope" "$(printf '%s\n' "${ta[@]}" | median)" \
      "$(printf '%s\n' "${tb[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | median)"
    if [ "$counts" = 1 ]; then
      c=300
      [ "$f" = nyc-mta-merged-subway-bus ] && c=100
      for side in A B; do
        bin=$a
        [ "$side" = B ] && bin=$b
        read -r i1 d1 l1 < <(totals "$bin" "$snap" "${opts[@]}" --queries "$c")
        read -r i0 d0 l0 < <(totals "$bin" "$snap" --queries 0)
        printf '%-28s %-8s %s per query: %12d instructions %10d D1 misses %9d LL data misses\n' "$f" "$scope" "$side" \
          $(((i1 - i0) / c)) $(((d1 - d0) / c)) $(((l1 - l0) / c))
      done
    fi
  done
done
