#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: `bash scripts/with-postgres.sh npx vitest run`.
#
# The cluster lives in a temp dir, listens on 127.0.0.1 on a free port (and a socket in the same dir), trusts local
# connections, and is stopped and deleted when the command ends, however it ends. The command sees its URL as
# QUICKMEET_TEST_PG_URL. PostgreSQL comes from Debian's packages: as root, a missing server is installed with apt-get.
# initdb refuses to run as root, so a root caller runs the cluster as the `postgres` user.
# When QUICKMEET_TEST_PG_URL is already set, the command runs against that server and nothing is started.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: bash scripts/with-postgres.sh COMMAND [ARGS...]" >&2
  exit 2
fi

if [[ -n "${QUICKMEET_TEST_PG_URL:-}" ]]; then
  exec "$@"
fi

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" ]] && { echo "$dir"; return 0; }
  done
  return 1
}

PG_BIN="$(find_bin || true)"
if [[ -z "$PG_BIN" && "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
  echo "with-postgres: installing PostgreSQL from Debian's packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  PG_BIN="$(find_bin || true)"
fi
if [[ -z "$PG_BIN" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "with-postgres: no PostgreSQL server found (install Debian's 'postgresql' package)" >&2
    exit 1
  fi
  echo "with-postgres: no PostgreSQL server found; tests that need one are skipped (install 'postgresql' to run them)" >&2
  exec "$@"
fi

DIR="$(mktemp -d /tmp/quickmeet-pg.XXXXXX)"
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [[ "$(id -u)" == "0" ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$DIR"
fi

stop_cluster() {
  as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop_cluster EXIT

as_owner "$PG_BIN/initdb" -D "$DIR/data" --auth=trust --username=postgres --encoding=UTF8 --no-sync >/dev/null
as_owner "$PG_BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null

export QUICKMEET_TEST_PG_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
