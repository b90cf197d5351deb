#!/usr/bin/env bash
# Installs everything the examples need on a fresh Debian 12 machine of this
# project's kind (see STACKS.md): the servers the tests start on loopback, the
# API fuzzer, and each stack's toolchain and libraries
# (scripts/stacks/<stack>/bootstrap.sh). Idempotent: a second run only checks.
#
#   scripts/bootstrap.sh            every stack
#   scripts/bootstrap.sh go python  only these stacks (plus the shared tools)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib/bootstrap.sh"
. "$here/lib/tools.sh"

# Servers the tests and `verify` start on loopback, and the clients that
# inspect them. Debian's redis-server and postgresql start system services on
# install; the tests run their own throwaway servers on free ports instead.
ensure_debian_packages curl sqlite3 redis-server postgresql wrk

# Schemathesis, the API fuzzer users run against /openapi.json, in its own
# virtual environment so its dependencies never touch the system's.
SCHEMATHESIS_VERSION=4.32.5
venv="$(tools_dir)/schemathesis"
if [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $SCHEMATHESIS_VERSION" ]; then
  bootstrap_log "installing Schemathesis $SCHEMATHESIS_VERSION (PyPI) into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
else
  bootstrap_log "Schemathesis $SCHEMATHESIS_VERSION present"
fi

if [ $# -gt 0 ]; then stacks=("$@"); else
  stacks=()
  for recipe in "$here"/stacks/*/bootstrap.sh; do stacks+=("$(basename "$(dirname "$recipe")")"); done
fi
for stack in "${stacks[@]}"; do
  recipe="$here/stacks/$stack/bootstrap.sh"
  [ -x "$recipe" ] || { bootstrap_log "no recipe for the '$stack' stack ($recipe)"; exit 2; }
  bootstrap_log "stack $stack"
  "$recipe"
done
