# Sourced by bench/serve.sh and bench/soak.sh: builds, imports the data when it or the program changed
# (`start_server` or `start_server silkroad`: the bundled Silk Road data; `start_server FEED`: a feed of
# ../shared/gtfs/feeds), and starts `caravan serve` on a free loopback port; sets `pid` and `address` and
# stops the server when the script exits.
start_server() {
  scripts/build.sh release >/dev/null
  local caravan=build/release/apps/caravan/caravan
  local feed="${1:-silkroad}" snap
  mkdir -p build/bench-snapshots
  if [ "$feed" = silkroad ]; then
    snap=build/bench-snapshots/silkroad.bin
    if [ ! -f "$snap" ] || [ "$caravan" -nt "$snap" ] || [ -n "$(find data/silkroad -maxdepth 1 -newer "$snap" -print -quit)" ]; then
      "$caravan" import data/silkroad -o "$snap" -q
    fi
  else
    . bench/snapshot.sh
    snap=$(snapshot "$feed")
  fi
  server_out=$(mktemp)
  "$caravan" serve --timetable "$snap" --bind 127.0.0.1 --port 0 -q >"$server_out" 2>/dev/null &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$server_out"' EXIT
  for _ in $(seq 100); do
    grep -q "ready on" "$server_out" && break
    sleep 0.1
  done
  address=$(sed -n 's/.*ready on \(http:[^:]*:[0-9]*\).*/\1/p' "$server_out")
  [ -n "$address" ] || { echo "the server did not start" >&2; exit 1; }
}
