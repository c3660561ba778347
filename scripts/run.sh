#!/usr/bin/env bash
# The main job: installs what is missing, builds (Release), imports the bundled Silk Road data set
# (data/silkroad) when it or the program changed, and answers sample journeys on it. The HTTP server
# comes with issue 6; until then this prints what the planner answers.
#   scripts/run.sh            CARAVAN_FEED=other.zip scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release >/dev/null
caravan=build/release/apps/caravan/caravan
feed="${CARAVAN_FEED:-data/silkroad}"
snapshot=var/timetable.bin
mkdir -p var
stale=0
if [ ! -f "$snapshot" ] || [ "$caravan" -nt "$snapshot" ]; then
  stale=1
elif [ -d "$feed" ]; then
  [ -n "$(find "$feed" -maxdepth 1 -newer "$snapshot" -print -quit)" ] && stale=1
elif [ "$feed" -nt "$snapshot" ]; then
  stale=1
fi
if [ "$stale" -eq 1 ]; then
  "$caravan" import "$feed" -o "$snapshot" -q
fi
"$caravan" info "$snapshot"
if [ -n "${CARAVAN_FEED:-}" ]; then
  exit 0
fi
# Sample journeys a week from today (local time at the origin).
day=$(date -d "+7 days" +%Y-%m-%d)
for q in "Xi'an|Almaty|${day}T08:00" "Kashgar|Osh|${day}T08:00" "Urumqi|Samarkand|${day}T08:00" "Almaty|Tashkent|${day}T08:00"; do
  IFS='|' read -r from to at <<<"$q"
  echo
  "$caravan" route --timetable "$snapshot" --from "$from" --to "$to" --at "$at" || true
done
