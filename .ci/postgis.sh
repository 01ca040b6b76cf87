#!/usr/bin/env bash
# Start a PostgreSQL server with PostGIS on loopback for the store's server tests.
#
#   bash .ci/postgis.sh > dsn.sh && . ./dsn.sh
#
# (Under `eval "$(...)"` the shell waits for every holder of the pipe to close it, so
# nothing started here may keep fd 3: the server is started with it closed.)
#
# Installs Debian's postgresql and postgis packages when missing, creates (once)
# a cluster named "geoevents" owned by the postgres user on a free port of
# 127.0.0.1, starts it, creates a role and a database with the postgis
# extension, and prints one line on stdout:
#   export GEOEVENTS_TEST_POSTGIS_DSN=postgresql://...
# Everything else goes to stderr. Safe to run again: it reuses the cluster.
set -euo pipefail
exec 3>&1 1>&2   # keep stdout for the export line only

CLUSTER=geoevents
DB=geoevents_test
ROLE=geoevents
PASS=geoevents-test
export DEBIAN_FRONTEND=noninteractive

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root apt-get install -y -qq postgresql postgresql-contrib >/dev/null 3>&-
  ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  as_root apt-get install -y -qq "postgresql-${ver}-postgis-3" postgis >/dev/null 3>&-
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)

free_port() {
  python3 - <<'PY'
import socket
for port in range(54329, 54429):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
PY
}

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "${ver} ${CLUSTER}"; then
  port=$(free_port)
  as_root pg_createcluster -p "$port" "$ver" "$CLUSTER" -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  # loopback only
  as_root sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "/etc/postgresql/${ver}/${CLUSTER}/postgresql.conf"
fi
port=$(pg_lsclusters -h | awk -v v="$ver" -v c="$CLUSTER" '$1==v && $2==c {print $3}')
status=$(pg_lsclusters -h | awk -v v="$ver" -v c="$CLUSTER" '$1==v && $2==c {print $4}')
if [ "$status" != "online" ]; then
  as_root pg_ctlcluster "$ver" "$CLUSTER" start 3>&-
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done

psql_su() { as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" "$@"; }
psql_su -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='${ROLE}'" | grep -q 1 \
  || psql_su -d postgres -c "CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASS}'"
psql_su -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${DB}'" | grep -q 1 \
  || psql_su -d postgres -c "CREATE DATABASE ${DB} OWNER ${ROLE}"
psql_su -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS postgis"
psql_su -d "$DB" -c "GRANT CREATE ON DATABASE ${DB} TO ${ROLE}"

echo "export GEOEVENTS_TEST_POSTGIS_DSN=postgresql://${ROLE}:${PASS}@127.0.0.1:${port}/${DB}" >&3
