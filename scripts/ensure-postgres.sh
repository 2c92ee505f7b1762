#!/usr/bin/env bash
# Print a DATABASE_URL for a PostgreSQL server the tests may use:
#   1. TEST_DATABASE_URL if set;
#   2. otherwise a server on 127.0.0.1:5432 if one answers (user postgres, trust or PGPASSWORD);
#   3. otherwise Debian's postgresql, installed if needed, in a throwaway cluster on port 55432.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

can_connect() {
  "$PY" - "$1" <<'PYEOF' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
PYEOF
}

if [ -n "${TEST_DATABASE_URL:-}" ]; then echo "$TEST_DATABASE_URL"; exit 0; fi

LOCAL_URL="postgres://postgres${PGPASSWORD:+:$PGPASSWORD}@127.0.0.1:5432/postgres"
if [ -z "${SCHAKEL_SKIP_LOCAL_PG:-}" ] && can_connect "$LOCAL_URL"; then echo "$LOCAL_URL"; exit 0; fi

PORT=55432
THROWAWAY_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
if can_connect "$THROWAWAY_URL"; then echo "$THROWAWAY_URL"; exit 0; fi

SUDO=""; if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$BINDIR" ]; then
  echo "Installing Debian's postgresql for the tests…" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BINDIR=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
DATA=/tmp/schakel-pgtest
RUN_AS=""
if [ "$(id -u)" = "0" ]; then RUN_AS="runuser -u postgres --"; fi
if [ ! -f "$DATA/PG_VERSION" ]; then
  $SUDO mkdir -p "$DATA"
  [ -n "$RUN_AS" ] && chown postgres:postgres "$DATA"
  $RUN_AS "$BINDIR/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 >&2
fi
$RUN_AS "$BINDIR/pg_ctl" -D "$DATA" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" \
  -l "$DATA/server.log" -w start >&2
echo "$THROWAWAY_URL"
