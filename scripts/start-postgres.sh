#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for tests and benchmarks and prints its URL.
#
#   eval "$(scripts/start-postgres.sh)"   # exports ARAGENT_TEST_POSTGRES_URL
#
# Installs PostgreSQL from Debian's packages when it is missing. initdb and pg_ctl refuse to
# run as root, so the server runs as the 'postgres' user, with its data in a temporary folder,
# listening on 127.0.0.1 only, fsync off (test data is disposable). PGPORT picks the port.
set -euo pipefail

port="${PGPORT:-}"
if [ -z "$port" ]; then
    # The first free port from 54329 up, so that a server left running elsewhere is no obstacle.
    port=54329
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
fi
bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/pg_ctl" ] && bindir="$candidate"
done
if [ -z "$bindir" ]; then
    echo "installing PostgreSQL from Debian packages..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    for candidate in /usr/lib/postgresql/*/bin; do
        [ -x "$candidate/pg_ctl" ] && bindir="$candidate"
    done
fi
[ -n "$bindir" ] || { echo "PostgreSQL's pg_ctl was not found after installing" >&2; exit 1; }

run_as_postgres() {
    if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

datadir="$(mktemp -d /tmp/aragent-pg.XXXXXX)"
[ "$(id -u)" = "0" ] && chown postgres:postgres "$datadir"
run_as_postgres "$bindir/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
if ! run_as_postgres "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    echo "PostgreSQL did not start; its log says:" >&2
    cat "$datadir/server.log" >&2
    exit 1
fi
echo "export ARAGENT_TEST_POSTGRES_URL='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
echo "export ARAGENT_PG_DATADIR='$datadir'"
