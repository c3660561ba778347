#!/usr/bin/env bash
# Two builds of the journey planner side by side, on the same seeded queries:
#   bench/route_compare.sh [--base REV | --native | --same] [--runs N] [--copies K] [--counts] [feed ...]
# (default feeds: carta sacrt nyc-mta-bus_bk nyc-mta-merged-subway-bus; REV default below: main as it
# was before issue 20).
#
# Builds caravan-route-bench from REV in its own worktree (build/bench-base/, kept between runs), or with
# --native this checkout with -march=native (the `native` preset, build/native/), beside this checkout's
# portable release build. Then per feed, for the same-day and the 7-day scope, runs the two in N pairs
# (default 40) and prints each one's median mean and the geometric mean of the per-pair ratios (B / A)
# with two standard errors: run in one go, the host's drift hits both alike. A binary's speed also
# depends on where it happens to lie (which physical pages its code got, how its stack is aligned):
# one build ran carta 5 % faster from its build directory than from a copy in /tmp, the size of the
# differences measured here. So each build is run from several fresh copies of equal-length names,
# in turn, with environment padding of random length (0-4 KiB, the same for both runs of a pair), in
# A-B / B-A order alternately, pinned to one CPU when taskset is there; the same build against itself
# then gives 1.00 within the printed error (BENCHMARKS.md, issue 20, fifth series). With --counts, also
# per query under cachegrind (first 300 queries, 100 on the merged feed, minus a --queries 0 run):
# instructions, D1 and last-level data misses, figures that do not move with the host's load.
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=3afd271  # main at the start of issue 20
mode=base runs=40 counts=0 copies=6
feeds=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base_rev="$2"; shift 2 ;;
    --native) mode=native; shift ;;
    --same) mode=same; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --copies) copies="$2"; shift 2 ;;
    --counts) counts=1; shift ;;
    -*) echo "route_compare.sh: unknown option $1" >&2; exit 2 ;;
    *) feeds+=("$1"); shift ;;
  esac
done
[ ${#feeds[@]} -eq 0 ] && feeds=(carta sacrt nyc-mta-bus_bk nyc-mta-merged-subway-bus)

echo "building this checkout (portable release)" >&2
scripts/build.sh release >/dev/null
new=build/release/bench/caravan-route-bench
if [ "$mode" = same ]; then
  a=$new b=$new
  a_name=this b_name="this again"
elif [ "$mode" = native ]; then
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
# The geometric mean of ratios (one a line) and two standard errors of it.
geomean() {
  awk '{ l = log($1); s += l; q += l * l; n++ }
       END { m = s / n; v = n > 1 ? (q - n * m * m) / (n - 1) : 0; if (v < 0) v = 0; g = exp(m); printf "%.3f +- %.3f", g, 2 * g * sqrt(v / n) }'
}
copies_dir=$(mktemp -d)
trap 'rm -rf "$copies_dir"' EXIT
for j in $(seq "$copies"); do
  cp "$a" "$copies_dir/A$j"
  cp "$b" "$copies_dir/B$j"
done
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(($(nproc) - 1))")
# One timed run: side (A or B), copy, padding, snapshot, options.
timed() {
  local side=$1 copy=$2 pad=$3
  shift 3
  env CARAVAN_BENCH_PAD="$pad" "${pin[@]}" "$copies_dir/$side$copy" "$@" | mean_of
}
# cachegrind's totals for a run: instructions, D1 misses, LL data misses.
totals() {
  local log
  log=$(mktemp)
  valgrind --tool=cachegrind --cache-sim=yes --cachegrind-out-file=/dev/null "$@" >/dev/null 2>"$log"
  awk '/ I +refs:/ { gsub(",", "", $4); i = $4 } / D1 +misses:/ { gsub(",", "", $4); d = $4 }
       / LLd misses:/ { gsub(",", "", $4); l = $4 } END { print i, d, l }' "$log"
  rm -f "$log"
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; A = $a_name, B = $b_name; $runs pairs over $copies copies each"
for f in "${feeds[@]}"; do
  snap=$(snapshot "$f")
  n=1000
  [ "$f" = nyc-mta-merged-subway-bus ] && n=300
  for scope in same-day 7-days; do
    opts=()
    [ "$scope" = same-day ] && opts+=(--same-day)
    ta=() tb=() ratios=()
    for i in $(seq "$runs"); do
      copy=$((i % copies + 1))
      pad=$(printf "%$((RANDOM % 4096))s" "")
      if [ $((i % 2)) = 0 ]; then
        x=$(timed A "$copy" "$pad" "$snap" --queries "$n" "${opts[@]}")
        y=$(timed B "$copy" "$pad" "$snap" --queries "$n" "${opts[@]}")
      else
        y=$(timed B "$copy" "$pad" "$snap" --queries "$n" "${opts[@]}")
        x=$(timed A "$copy" "$pad" "$snap" --queries "$n" "${opts[@]}")
      fi
      ta+=("$x") tb+=("$y") ratios+=("$(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.5f", y / x }')")
    done
    printf '%-28s %-8s A %8.1f us  B %8.1f us  B/A %s\n' "$f" "$scope" "$(printf '%s\n' "${ta[@]}" | median)" \
      "$(printf '%s\n' "${tb[@]}" | median)" "$(printf '%s\n' "${ratios[@]}" | geomean)"
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
