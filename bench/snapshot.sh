# Sourced by the bench scripts: `snapshot FEED` imports ../shared/gtfs/feeds/FEED.zip once into
# build/bench-snapshots/FEED.bin (again when the feed is newer or the snapshot of another format) and
# prints the snapshot's path.
snapshot() {
  local snap="build/bench-snapshots/$1.bin" zip="../shared/gtfs/feeds/$1.zip"
  mkdir -p build/bench-snapshots
  if [ ! -f "$snap" ] || [ "$zip" -nt "$snap" ] || ! build/release/apps/caravan/caravan info "$snap" >/dev/null 2>&1; then
    echo "importing $1" >&2
    build/release/apps/caravan/caravan import "$zip" -o "$snap" -q
  fi
  echo "$snap"
}
