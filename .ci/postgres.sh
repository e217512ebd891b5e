#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the test suite and prints its
# SQLAlchemy URL. Installs Debian's postgresql when it is missing (as root). Prints
# nothing when no server can be had; the PostgreSQL tests then skip with a reason.
set -uo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql \
        >/dev/null; } >&2 || { echo ".ci/postgres.sh: could not install postgresql" >&2; exit 0; }
  else
    echo ".ci/postgres.sh: postgresql is missing and this is not root" >&2; exit 0
  fi
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/pactwatch-pg.XXXXXX)
port=${PACTWATCH_PG_PORT:-54329}
chown postgres "$data" 2>/dev/null || true
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
as_postgres "$bin/initdb -D $data -A trust -U postgres >/dev/null" >&2 || exit 0
as_postgres "$bin/pg_ctl -D $data -o '-k $data -h 127.0.0.1 -p $port' -l $data/log -w start >/dev/null" >&2 || exit 0
as_postgres "$bin/createdb -h 127.0.0.1 -p $port -U postgres pactwatch_test" >&2 || exit 0
echo "postgresql+psycopg://postgres@127.0.0.1:$port/pactwatch_test"
