#!/usr/bin/env bash
# Make PostgreSQL's server binaries (initdb, pg_ctl) available for the test suite.
# The tests start their own throwaway server on 127.0.0.1; nothing is configured system-wide.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null \
  && compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  exit 0
fi
if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "PostgreSQL absent : installez le paquet « postgresql » (sudo apt-get install -y postgresql)," \
    "sinon les tests PostgreSQL seront ignorés." >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq postgresql >/dev/null
