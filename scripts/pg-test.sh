#!/usr/bin/env bash
# Starts (or stops and deletes) a throwaway PostgreSQL server for the store's tests: its
# own data folder, listening on loopback only, trust authentication, no fsync. Prints the URL to export as
# DOSSIER_TEST_POSTGRES_URL. PostgreSQL itself comes from Debian's packages (setup.sh).
#
#   bash scripts/pg-test.sh start   # prints postgres://…
#   bash scripts/pg-test.sh stop
set -euo pipefail

PORT="${DOSSIER_TEST_PG_PORT:-54329}"
DATA="${DOSSIER_TEST_PG_DIR:-/tmp/dossier-test-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [[ -z "$BIN" ]]; then
  echo "pg-test: PostgreSQL is not installed (bash scripts/setup.sh installs it)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run its tools as the `postgres` user then.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    if [[ ! -f "$DATA/PG_VERSION" ]]; then
      mkdir -p "$DATA"
      if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DATA"; fi
      as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA -c max_connections=200 -c fsync=off" \
        >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [[ -f "$DATA/PG_VERSION" ]]; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
      rm -rf "$DATA"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
