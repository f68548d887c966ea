#!/usr/bin/env bash
# Starts Debian's packaged PostgreSQL (a second major beside the embedded one) for CI, so the
# harness and the migration gate run on two Postgres majors through PG_URL.
#
#   tools/debian-postgres.sh start   -> prints "PG_URL DIR" (installs the package if missing)
#   tools/debian-postgres.sh stop DIR
#
# The server runs as the `postgres` system user in a fresh temp dir, on a free loopback port,
# trust auth on loopback only, durability off (not what is under test), as the harness's own
# embedded server does.
set -euo pipefail

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

case "${1:-}" in
start)
  if [ -z "$(bindir)" ]; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
  bin=$(bindir)
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  dir=$(mktemp -d /tmp/cutover-debian-pg-XXXXXX)
  chown postgres:postgres "$dir"
  port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync >&2
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >&2
  echo "postgres://postgres@127.0.0.1:$port/postgres $dir"
  ;;
stop)
  dir=${2:?usage: $0 stop DIR}
  runuser -u postgres -- "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start | stop DIR" >&2
  exit 2
  ;;
esac
