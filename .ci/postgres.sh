#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the kms store's contract tests and prints its JDBC URL.
#   source .ci/postgres.sh; pg_start; ...; pg_stop
# PostgreSQL refuses to run as root (CI runs as root): the server runs as the 'postgres' user in a
# temporary data directory, listening on loopback only, trusting local connections (nothing else
# can reach it, and it is deleted afterwards).
set -euo pipefail

pg_bindir() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

pg_install() {
  if [ -n "$(pg_bindir)" ]; then return; fi
  echo "postgresql: not installed; installing from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
}

pg_start() {
  pg_install
  local bin; bin="$(pg_bindir)"
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  PG_DIR="$(mktemp -d /tmp/teepol-pg.XXXXXX)"
  chown postgres "$PG_DIR"
  local as_pg=(runuser -u postgres --)
  [ "$(id -u)" -eq 0 ] || as_pg=()
  "${as_pg[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >/dev/null
  # A random high port; another one if it is taken (a few tries).
  local try
  for try in 1 2 3 4 5; do
    PG_PORT="$(( 20000 + RANDOM % 20000 ))"
    if "${as_pg[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null; then
      break
    fi
    if [ "$try" -eq 5 ]; then
      echo "postgresql: could not start; its log:" >&2
      cat "$PG_DIR/log" >&2
      return 1
    fi
  done
  "${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres teepol
  export TEEPOL_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/teepol?user=postgres"
  export TEEPOL_REQUIRE_PG=1
  export PG_DIR PG_BIN="$bin"
  echo "postgresql: $("$bin/postgres" --version) on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  local as_pg=(runuser -u postgres --)
  [ "$(id -u)" -eq 0 ] || as_pg=()
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}
