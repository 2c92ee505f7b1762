#!/usr/bin/env bash
# The whole suite on SQLite, then every test that touches the database again on PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/pytest -n 2 -p no:cacheprovider"

echo "== Test suite on SQLite =="
DATABASE_URL="sqlite:///:memory:" $PYTEST
sqlite_status=$?

echo "== Test suite on PostgreSQL =="
if ! PG_URL=$(scripts/ensure-postgres.sh); then
  echo "Could not provide a PostgreSQL server for the tests." >&2
  exit 1
fi
SCHAKEL_TESTS_DATABASE_ONLY=1 DATABASE_URL="$PG_URL" $PYTEST
pg_status=$?

if [ $sqlite_status -ne 0 ] || [ $pg_status -ne 0 ]; then
  echo "Test suite failed (SQLite: exit $sqlite_status, PostgreSQL: exit $pg_status)." >&2
  exit 1
fi
