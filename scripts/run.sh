#!/usr/bin/env bash
# The main job: installs what is missing, builds (Release), imports the bundled Silk Road data set
# (data/silkroad) when it or the program changed, and serves it: the HTTP API (docs/server.md) on
# 127.0.0.1:8080 until Ctrl-C (CARAVAN_PORT, CARAVAN_BIND, CARAVAN_THREADS as for `caravan serve`), with
# the web app (web/, built here by scripts/build-web.sh) at / and the register of operators in
# var/register.db (SQLite; docs/register.md).
#   scripts/run.sh            CARAVAN_FEED=other.zip scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release >/dev/null
scripts/build-web.sh
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
day=$(date -d "+7 days" +%Y-%m-%d)
address="http://${CARAVAN_BIND:-127.0.0.1}:${CARAVAN_PORT:-8080}"
echo
echo "open: $address/  (the web app)"
echo "try:  curl '$address/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=${day}T08:00'"
echo "      curl '$address/api/v1/stops/almaty/departures?date=$day'   curl $address/health"
exec "$caravan" serve --timetable "$snapshot" --register var/register.db
