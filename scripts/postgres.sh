#!/usr/bin/env bash
# A real PostgreSQL for the register's tests (docs/register.md): `scripts/postgres.sh start DIR` makes a
# cluster in DIR (which must be empty or missing), owned by an unprivileged user (`postgres` when run as
# root: PostgreSQL refuses root), listening only on a Unix socket in DIR on a free port, with a database
# `caravan_test`; it prints the libpq connection string. As root, DIR's parent must be open to others
# (mode 755): the postgres user reaches its folder through it. `scripts/postgres.sh stop DIR` stops it
# (the caller removes DIR). `scripts/postgres.sh standby PRIMARY_DIR DIR` makes a streaming hot standby of
# the cluster started in PRIMARY_DIR (pg_basebackup -R: a copy that follows the primary's WAL, read-only)
# in DIR, on a Unix socket in DIR, and prints its connection string; `stop DIR` stops it too. Needs
# Debian's postgresql (scripts/install-deps.sh).
set -euo pipefail
usage="usage: postgres.sh start|stop DIR, or postgres.sh standby PRIMARY_DIR DIR"
cmd="${1:?$usage}"
dir="${2:?$usage}"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U caravan --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Only a Unix socket (no TCP); fsync stays on: the durability tests kill writers and count commits.
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -p $port -c max_connections=50" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    "${as_owner[@]}" "$bin/createdb" -h "$dir" -p "$port" -U caravan caravan_test
    echo "host=$dir port=$port dbname=caravan_test user=caravan"
    ;;
  standby)
    primary="$dir"
    dir="${3:?$usage}"
    primary_port=$(sed -n 4p "$primary/data/postmaster.pid")   # its port, as the server wrote it
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # initdb's defaults allow it: wal_level replica, 10 WAL senders, `local replication all trust`.
    # --checkpoint=fast: the copy starts now, not at the primary's next checkpoint.
    "${as_owner[@]}" "$bin/pg_basebackup" -h "$primary" -p "$primary_port" -U caravan -D "$dir/data" -R \
      --checkpoint=fast -X stream >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -p $port -c max_connections=50" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir port=$port dbname=caravan_test user=caravan"
    ;;
  stop)
    [ -d "$dir/data" ] && "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
