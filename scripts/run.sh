#!/usr/bin/env bash
# The main job: installs what is missing, builds (Release), imports the feed when the feed or the
# program changed, and prints a sample query's answer. The Silk Road feed and the HTTP server are
# still to come (issues 4 and 6); until then the sample is China's cross-border high-speed rail
# (Hong Kong - Shenzhen - Guangzhou) from ../shared.
#   scripts/run.sh            CARAVAN_FEED=other.zip scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release >/dev/null
caravan=build/release/apps/caravan/caravan
feed="${CARAVAN_FEED:-../shared/gtfs/feeds/hk-mtr-highspeedrail.zip}"
snapshot=var/timetable.bin
mkdir -p var
if [ ! -f "$snapshot" ] || [ "$feed" -nt "$snapshot" ] || [ "$caravan" -nt "$snapshot" ]; then
  "$caravan" import "$feed" -o "$snapshot"
fi
"$caravan" info "$snapshot"
echo
"$caravan" departures --timetable "$snapshot" --stop "${CARAVAN_STOP:-WEK}" --limit 12
