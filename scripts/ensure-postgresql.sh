#!/usr/bin/env bash
# The server's PostgreSQL tests start a throw-away cluster (server/testing/pg-cluster.ts) and need
# PostgreSQL's server binaries (initdb, pg_ctl): install Debian's postgresql when they are missing.
# Skipped when DATABASE_URL names a server to test against instead.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then exit 0; fi
if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then exit 0; fi
for bin in /usr/lib/postgresql/*/bin /usr/local/bin $(echo "${PATH:-}" | tr ':' ' '); do
  if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; then exit 0; fi
done
echo "Installing Debian's postgresql package (needed by the sync server's PostgreSQL tests)…"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
ls -d /usr/lib/postgresql/*/bin/initdb
